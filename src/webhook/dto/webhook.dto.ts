import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  IsOptional,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';
import { Label } from '../../common/i18n/label';
import { IsOptionalNotNull } from '../../common/validation/optional-not-null';
import { ToNumber } from '../../common/validation/to-number';
import { STORED_EVENT_TYPES } from '../../events/event-catalogue';

export const BEFORE_SEND_EVENT = 'message.before_send';
export const WEBHOOK_EVENT_TYPES: readonly string[] = [...STORED_EVENT_TYPES, BEFORE_SEND_EVENT];
export const MAX_OVERLAP_SECONDS = 7 * 24 * 3600;

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;

function toBoolean(value: unknown): unknown {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}

const HTTP_URL = /^https?:\/\/[^\s/?#]+([/?#]\S*)?$/i;

export class CreateWebhookDto {
  @ApiProperty({
    maxLength: 2048,
    description:
      'http(s) URL; refused (400) when its host resolves to a private, loopback, link-local, CGNAT, multicast or metadata address',
    example: 'https://bot.example.com/party/webhook',
  })
  @IsString()
  @MaxLength(2048)
  @Matches(HTTP_URL, { message: '$property must be an http or https URL' })
  url!: string;

  @ApiProperty({
    type: [String],
    enum: WEBHOOK_EVENT_TYPES,
    description:
      'Event types of the realtime catalogue, or exactly `["message.before_send"]` for a synchronous before-send hook',
    example: ['message.created', 'friend_request.created'],
  })
  @Transform(toList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events!: string[];

  @ApiPropertyOptional({
    minLength: 16,
    maxLength: 128,
    description: 'Signing secret; Party generates one when absent (shown once, in this answer)',
    example: 'whsec_8f2b1c9d7e6a5f4b3c2d1e0f9a8b7c6d',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(16, 128)
  secret?: string;

  @ApiPropertyOptional({
    enum: ['allow', 'reject'],
    default: 'allow',
    description: 'Before-send hooks: what a timeout or a bad answer means',
    example: 'allow',
  })
  @IsOptionalNotNull()
  @IsIn(['allow', 'reject'])
  on_failure?: 'allow' | 'reject';

  @ApiPropertyOptional({
    minimum: 100,
    maximum: 5000,
    default: 1500,
    description: 'Before-send hooks: how long Party waits for the answer (ms)',
    example: 1500,
  })
  @IsOptionalNotNull()
  @ToNumber()
  @IsInt()
  @Min(100)
  @Max(5000)
  timeout_ms?: number;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2048, example: 'https://bot.example.com/party/webhook' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2048)
  @Matches(HTTP_URL, { message: '$property must be an http or https URL' })
  url?: string;

  @ApiPropertyOptional({ type: [String], enum: WEBHOOK_EVENT_TYPES, example: ['message.created'] })
  @IsOptionalNotNull()
  @Transform(toList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: string[];

  @ApiPropertyOptional({
    minLength: 16,
    maxLength: 128,
    description:
      'A new signing secret of your choice; the old one keeps signing for a day (as `rotate-secret` with its default overlap)',
    example: 'whsec_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(16, 128)
  secret?: string;

  @ApiPropertyOptional({ enum: ['allow', 'reject'], example: 'reject' })
  @IsOptionalNotNull()
  @IsIn(['allow', 'reject'])
  on_failure?: 'allow' | 'reject';

  @ApiPropertyOptional({ minimum: 100, maximum: 5000, example: 2000 })
  @IsOptionalNotNull()
  @ToNumber()
  @IsInt()
  @Min(100)
  @Max(5000)
  timeout_ms?: number;

  @ApiPropertyOptional({
    description: '`true` re-enables an endpoint (its pending deliveries resume); `false` pauses it',
    example: true,
  })
  @IsOptionalNotNull()
  @Transform(({ value }: { value: unknown }) => toBoolean(value))
  @IsBoolean()
  enabled?: boolean;
}

export class RotateWebhookSecretDto {
  @ApiPropertyOptional({
    minLength: 16,
    maxLength: 128,
    description: 'The new secret; Party generates one when absent',
    example: 'whsec_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(16, 128)
  secret?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_OVERLAP_SECONDS,
    default: 86400,
    description: 'How long the old secret keeps signing too (a second `v1=`)',
    example: 86400,
  })
  @IsOptionalNotNull()
  @ToNumber()
  @IsInt()
  @Min(0)
  @Max(MAX_OVERLAP_SECONDS)
  overlap_seconds?: number;
}

export class WebhookDto {
  @ApiProperty({ example: '5b0d7c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e' })
  id!: string;

  @ApiProperty({ example: '0b9a4a53-4c55-4f6f-9b35-2d8c8f0d3c11' })
  app_id!: string;

  @ApiProperty({ example: 'https://bot.example.com/party/webhook' })
  url!: string;

  @ApiProperty({ type: [String], example: ['message.created'] })
  events!: string[];

  @ApiProperty({ enum: ['allow', 'reject'], example: 'allow' })
  on_failure!: string;

  @ApiProperty({ example: 1500 })
  timeout_ms!: number;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: '`retries_exhausted` when Party disabled it; null otherwise',
    example: null,
  })
  disabled_reason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  disabled_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  disabled_at_string!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until then the previous secret signs too',
    example: '2026-12-08T08:10:30Z',
  })
  previous_secret_expires_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: '2026年12月8日 16:10:30 [GMT+8]' })
  previous_secret_expires_at_string!: string | null;

  @ApiProperty({ example: '2026-12-07T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年12月7日 16:10:30 [GMT+8]' })
  created_at_string!: string;

  @ApiProperty({ example: '2026-12-07T08:10:30Z' })
  updated_at!: Date;

  @ApiProperty({ example: '2026年12月7日 16:10:30 [GMT+8]' })
  updated_at_string!: string;
}

export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({
    description: 'The signing secret, shown only in this answer',
    example: 'whsec_8f2b1c9d7e6a5f4b3c2d1e0f9a8b7c6d',
  })
  secret!: string;
}

export class WebhookDeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['pending', 'delivered', 'failed'],
    description: 'Only the deliveries in this state',
    example: 'failed',
  })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: WebhookDeliveryStatus;
}

export class WebhookDeliveryDto {
  @ApiProperty({
    description: 'Also the `Party-Webhook-Id` header of every attempt',
    example: '7c1e2f3a-4b5c-4d9e-8f1a-2b3c4d5e6f70',
  })
  id!: string;

  @ApiProperty({ description: 'The event `id` (cursor) in the body', example: '1043-77' })
  event_id!: string;

  @ApiProperty({ example: 'message.created' })
  event_type!: string;

  @ApiProperty({ example: '3f1a2b3c-4d5e-4f60-8718-293a4b5c6d7e' })
  user_id!: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], example: 'delivered' })
  status!: string;

  @ApiProperty({ type: String, example: 'delivered' })
  status_string!: Label;

  @ApiProperty({ example: 1 })
  attempts!: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 200 })
  last_status_code!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: '`timeout`, `network`, `http_503`, `forbidden_address`, ...',
    example: null,
  })
  last_error!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-12-07T08:10:31Z',
  })
  last_attempt_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: '2026年12月7日 16:10:31 [GMT+8]' })
  last_attempt_at_string!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  next_attempt_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  next_attempt_at_string!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-12-07T08:10:31Z',
  })
  delivered_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: '2026年12月7日 16:10:31 [GMT+8]' })
  delivered_at_string!: string | null;

  @ApiProperty({ example: '2026-12-07T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年12月7日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}

export class WebhookPingDto {
  @ApiProperty({ description: 'The receiver answered 2xx', example: true })
  delivered!: boolean;

  @ApiProperty({ type: 'integer', nullable: true, example: 200 })
  status_code!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: '`timeout`, `network`, `http_500`, `forbidden_address`, ...',
    example: null,
  })
  error!: string | null;

  @ApiProperty({ example: 42 })
  duration_ms!: number;
}
