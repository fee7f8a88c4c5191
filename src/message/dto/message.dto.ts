import { Label } from '../../common/i18n/label';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ToNumber } from '../../common/validation/to-number';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsId } from '../../common/validation/is-id';
import { PersonDto } from '../../common/people/person.dto';
import { MAX_INT4 } from '../../common/validation/limits';
import { IsOptionalNotNull } from '../../common/validation/optional-not-null';

export const USER_MESSAGE_TYPES = ['text', 'image', 'video', 'audio', 'file', 'location'] as const;
export type UserMessageType = (typeof USER_MESSAGE_TYPES)[number];
/** What Party itself writes into conversations (each has its `message.type.*` label). */
export const SYSTEM_MESSAGE_TYPES = [
  'notification',
  'screenshot',
  'friend_request',
  'friend_accepted',
  'group_created',
  'group_renamed',
  'member_added',
  'member_removed',
  'member_left',
  'member_role_changed',
  'ownership_transferred',
  'group_dissolved',
  'group_restored',
  'groups_merged',
  'announcement_updated',
] as const;
export type SystemMessageType = (typeof SYSTEM_MESSAGE_TYPES)[number];
export const MESSAGE_TYPES = [...USER_MESSAGE_TYPES, ...SYSTEM_MESSAGE_TYPES];
export const MAX_CONTENT_LENGTH = 5000;
export const MAX_ATTACHMENTS = 9;

/** Form bodies send lists as repeated keys or one comma-separated value. */
export function toList(value: unknown): unknown {
  if (typeof value === 'string') return value.split(',').map((item) => item.trim());
  return value;
}

/** The message fields shared by sends and broadcasts. */
export class MessageFieldsDto {
  @ApiPropertyOptional({
    enum: USER_MESSAGE_TYPES,
    enumName: 'UserMessageType',
    default: 'text',
    example: 'text',
  })
  @IsOptionalNotNull()
  @IsIn(USER_MESSAGE_TYPES)
  message_type: UserMessageType = 'text';

  @ApiPropertyOptional({
    maxLength: MAX_CONTENT_LENGTH,
    description: 'Required (non-empty) for text messages; a caption otherwise',
    example: 'This is a test!',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(MAX_CONTENT_LENGTH)
  content?: string;

  @ApiPropertyOptional({
    description: 'The message replied to (same conversation)',
    example: '3d0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b',
  })
  @IsOptionalNotNull()
  @IsId()
  parent_id?: string;

  @ApiPropertyOptional({ format: 'double', minimum: -180, maximum: 180, example: 122.692612 })
  @IsOptionalNotNull()
  @ToNumber()
  @IsNumber()
  @Min(-180)
  @Max(180)
  longitude?: number;

  @ApiPropertyOptional({ format: 'double', minimum: -90, maximum: 90, example: 30.19902 })
  @IsOptionalNotNull()
  @ToNumber()
  @IsNumber()
  @Min(-90)
  @Max(90)
  latitude?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 50, example: 70 })
  @IsOptionalNotNull()
  @ToNumber()
  @IsInt()
  @Min(0)
  @Max(100)
  battery_level?: number;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_ATTACHMENTS,
    description: 'Ids of your own uploads (`POST files`)',
    example: ['5e0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b'],
  })
  @IsOptionalNotNull()
  @Transform(({ value }) => toList(value))
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @ArrayUnique()
  @IsId({ each: true })
  attachment_ids?: string[];
}

export class SendMessageDto extends MessageFieldsDto {
  @ApiPropertyOptional({
    description: 'Private message to this user (with to_group: group-private)',
    example: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  })
  @IsOptionalNotNull()
  @IsId()
  to_user?: string;

  @ApiPropertyOptional({
    description: 'Group message to this group (alone: to every member)',
    example: '0b6a3c2e-5d4f-4e8a-9c1b-2d3e4f5a6b7c',
  })
  @IsOptionalNotNull()
  @IsId()
  to_group?: string;

  @ApiPropertyOptional({
    maxLength: 64,
    description: 'Your own id for this send: repeating it returns the original message (200)',
    example: 'c-2026-11-22-0001',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 64)
  client_msg_id?: string;
}

export class AttachmentDto {
  @ApiProperty({ example: '0b7c3f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'photo.png' })
  file_name!: string | null;

  @ApiProperty({ example: 'image/png' })
  mime!: string;

  @ApiProperty({ enum: ['image', 'video', 'audio', 'file'], example: 'image' })
  kind!: string;

  @ApiProperty({ example: 52311 })
  size!: number;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256!: string;

  @ApiProperty({ example: '/api/party/files/0b7c3f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  url!: string;
}

export class MessageDto {
  @ApiProperty({ example: '3d0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  id!: string;

  @ApiProperty({ example: '9a0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  conversation_id!: string;

  @ApiProperty({ description: 'Position in its conversation', example: 42 })
  seq!: number;

  @ApiProperty({
    enum: MESSAGE_TYPES,
    enumName: 'MessageType',
    description: 'What the sender sent (`text` ... `location`), or a system message Party wrote',
    example: 'text',
  })
  message_type!: string;

  @ApiProperty({ type: String, description: 'Localized by `Accept-Language`', example: '一段文字' })
  message_type_string!: Label;

  @ApiProperty({ type: String, nullable: true, example: 'This is a test!' })
  content!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null for messages of the app itself',
    example: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b',
  })
  sender_id!: string | null;

  @ApiProperty({ type: PersonDto, nullable: true })
  sender!: PersonDto | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Private: the other user; group-private: the member it is for',
    example: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  })
  to_user!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  to_group!: string | null;

  @ApiProperty({ enum: ['private', 'group', 'group_private'], example: 'private' })
  recipient_type!: 'private' | 'group' | 'group_private';

  @ApiProperty({ type: String, nullable: true, example: null })
  parent_id!: string | null;

  @ApiProperty({ type: Number, format: 'double', nullable: true, example: 122.692612 })
  longitude!: number | null;

  @ApiProperty({ type: Number, format: 'double', nullable: true, example: 30.19902 })
  latitude!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 50 })
  battery_level!: number | null;

  @ApiProperty({ type: [AttachmentDto] })
  attachments!: AttachmentDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Structured fields of system messages (actor_id, user_ids, old_name, ...)',
    example: { actor_id: '6f1c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b', new_name: 'Hikers' },
  })
  details!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true, example: 'c-2026-11-22-0001' })
  client_msg_id!: string | null;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({
    maximum: MAX_INT4,
    description: 'Messages older than this seq',
    example: 120,
  })
  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  before_seq?: number;

  @ApiPropertyOptional({
    maximum: MAX_INT4,
    description: 'Messages newer than this seq (the oldest of them first in the range)',
    example: 100,
  })
  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(0)
  @Max(MAX_INT4)
  after_seq?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 30 })
  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 30;
}

export class HistoryDto {
  @ApiProperty({ type: [MessageDto], description: 'Newest first' })
  data!: MessageDto[];

  @ApiProperty({ example: true })
  has_more!: boolean;

  @ApiProperty({ type: Number, nullable: true, example: 12 })
  next_before_seq!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 57 })
  next_after_seq!: number | null;
}

export class ReadCursorDto {
  @ApiProperty({ example: '9a0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b', nullable: true, type: String })
  conversation_id!: string | null;

  @ApiProperty({ example: 42 })
  last_read_seq!: number;

  @ApiProperty({ example: 42 })
  last_delivered_seq!: number;

  @ApiProperty({ example: 0 })
  unread_count!: number;
}

export class ReceiptsDto {
  @ApiProperty({ type: [PersonDto], description: 'Members whose read cursor is past it' })
  read_by!: PersonDto[];

  @ApiProperty({
    type: [PersonDto],
    description: 'Members who received it (read implies received)',
  })
  delivered_to!: PersonDto[];
}

export class ReportMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'spam' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class MessageReportDto {
  @ApiProperty({ example: '5e0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  id!: string;

  @ApiProperty({ example: '3d0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b' })
  message_id!: string;

  @ApiProperty({ example: 'spam' })
  reason!: string;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}
