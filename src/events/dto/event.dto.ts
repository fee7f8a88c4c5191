import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ToNumber } from '../../common/validation/to-number';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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
  @ToNumber()
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

export class EventPageDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Oldest first: `Event` objects',
  })
  data!: unknown[];

  @ApiProperty({ description: 'Send it as `cursor` next time.', example: '1043-77' })
  next_cursor!: string;

  @ApiProperty({ description: 'More events are waiting: ask again at once.', example: false })
  has_more!: boolean;
}
