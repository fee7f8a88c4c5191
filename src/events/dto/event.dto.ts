import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { STORED_EVENT_TYPES } from '../event-catalogue';

export const MAX_POLL_SECONDS = 60;

export class EventQueryDto {
  @ApiPropertyOptional({
    description:
      'Where to resume: the `next_cursor` of the last page, or the `id` of the last event handled. Without it the answer is immediate, with the current `next_cursor` (the starting point).',
    example: '1043-77',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;

  @ApiPropertyOptional({
    description: 'Seconds to wait for an event when there is none yet (long-poll).',
    minimum: 0,
    maximum: MAX_POLL_SECONDS,
    default: 0,
    type: 'integer',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_POLL_SECONDS)
  timeout: number = 0;
}

export class StreamQueryDto {
  @ApiPropertyOptional({
    description: 'Where to resume when no `Last-Event-ID` header is sent.',
    example: '1043-77',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;
}

export class EventDto {
  @ApiProperty({
    description: 'Opaque, ordered cursor: resume after this event with it. Drop repeats by it.',
    example: '1043-77',
  })
  id!: string;

  @ApiProperty({ enum: STORED_EVENT_TYPES, example: 'message.created' })
  type!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-04T08:10:30Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-12-04 16:10:30 CST' })
  created_at_string!: string;

  @ApiProperty({
    description:
      'The resource as the REST API returns it to this user (see the `EventPayload` schemas and docs/realtime.md).',
    type: 'object',
    additionalProperties: true,
  })
  data!: Record<string, unknown>;
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] })
  data!: unknown[];

  @ApiProperty({ description: 'Send it as `cursor` next time.', example: '1043-77' })
  next_cursor!: string;

  @ApiProperty({ description: 'More events are waiting: ask again at once.', example: false })
  has_more!: boolean;
}
