import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { Label } from '../../../common/i18n/label';
import { IsOptionalNotNull } from '../../../common/validation/optional-not-null';
import { ToNumber } from '../../../common/validation/to-number';
import { MAX_CONTENT_LENGTH } from '../../../message/dto/message.dto';
import { idText } from './catchchat-contact.dto';
import { CATCHCHAT_AVATAR } from './catchchat-user.dto';

export const CATCHCHAT_RECIPIENT_TYPES = ['User', 'Group'] as const;

export class CreateCatchChatMessageDto {
  @ApiProperty({ description: 'User id or group id (integer)', example: 2 })
  @Transform(idText)
  @IsString()
  @Length(1, 36)
  recipient_id!: string;

  @ApiProperty({
    enum: CATCHCHAT_RECIPIENT_TYPES,
    description: '`Circle` (Park Server only) is not served',
    example: 'User',
  })
  @IsIn(CATCHCHAT_RECIPIENT_TYPES)
  recipient_type!: (typeof CATCHCHAT_RECIPIENT_TYPES)[number];

  @ApiPropertyOptional({
    enum: [0, 1, 2],
    description:
      '0 text (default); 1 image and 2 video are stored as drafts (state 1) until their file ' +
      'is uploaded (`upload_token`)',
    example: 0,
  })
  @IsOptionalNotNull()
  @ToNumber()
  @IsIn([0, 1, 2])
  media_type?: number;

  @ApiPropertyOptional({ maxLength: MAX_CONTENT_LENGTH, example: 'This is a test!' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(MAX_CONTENT_LENGTH)
  text_content?: string;

  @ApiPropertyOptional({ description: 'The message this replies to (integer id)', example: 1 })
  @IsOptionalNotNull()
  @Transform(idText)
  @IsString()
  @Length(1, 36)
  parent_id?: string;

  @ApiPropertyOptional({ minimum: -180, maximum: 180, example: 122.692612 })
  @IsOptionalNotNull()
  @ToNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number;

  @ApiPropertyOptional({ minimum: -90, maximum: 90, example: 30.19902 })
  @IsOptionalNotNull()
  @ToNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
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
}

export class CatchChatSenderDto {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ type: String, nullable: true, example: CATCHCHAT_AVATAR })
  avatar_url!: string | null;

  @ApiProperty({ example: 'ruanwztest' })
  name!: string;
}

export class CatchChatFileDto {
  @ApiProperty({ description: 'Always `party`: the file is on this server', example: 'party' })
  storage!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Party file addresses do not expire (they need the token)',
    example: null,
  })
  expires_in!: number | null;

  @ApiProperty({
    example: 'https://party.example.com/api/party/files/5e0c2f0e-8f1e-4a0e-9a51-0c3e1d1f2a3b',
  })
  url!: string;
}

export class CatchChatAttachmentDto {
  @ApiProperty({ type: CatchChatFileDto })
  file!: CatchChatFileDto;

  @ApiProperty({
    type: CatchChatFileDto,
    nullable: true,
    description: 'No second store: null',
    example: null,
  })
  fallback_file!: CatchChatFileDto | null;
}

export class CatchChatMessageDto {
  @ApiProperty({ example: 4 })
  id!: number;

  @ApiProperty({ example: 2 })
  recipient_id!: number;

  @ApiProperty({ enum: CATCHCHAT_RECIPIENT_TYPES, example: 'User' })
  recipient_type!: string;

  @ApiProperty({ type: String, nullable: true, example: 'This is a test!' })
  text_content!: string | null;

  @ApiProperty({ description: '0 when it replies to nothing', example: 0 })
  parent_id!: number;

  @ApiProperty({ type: Number, nullable: true, example: 122.692612 })
  longitude!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 30.19902 })
  latitude!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 50 })
  battery_level!: number | null;

  @ApiProperty({ description: "Party's message type (text, image, video, ...)", example: 'video' })
  media_type!: string;

  @ApiProperty({ type: String, example: '一段视频' })
  media_type_string!: Label;

  @ApiProperty({ description: '2 unread, 3 read (by you, or for your own by someone)', example: 2 })
  state!: number;

  @ApiProperty({ type: String, example: '未读' })
  state_string!: Label;

  @ApiProperty({ example: '2014-12-08T13:57:26Z' })
  created_at!: Date;

  @ApiProperty({ example: '2014年12月08日 13:57:26' })
  created_at_string!: string;

  @ApiProperty({
    description: 'Messages do not change: their creation time',
    example: '2014-12-08T13:57:26Z',
  })
  updated_at!: Date;

  @ApiProperty({ example: '2014年12月08日 13:57:26' })
  updated_at_string!: string;

  @ApiProperty({ type: CatchChatSenderDto, nullable: true })
  sender!: CatchChatSenderDto | null;

  @ApiProperty({ type: [CatchChatAttachmentDto] })
  attachments!: CatchChatAttachmentDto[];
}

export class CatchChatMessageListDto {
  @ApiProperty({ type: [CatchChatMessageDto] })
  messages!: CatchChatMessageDto[];

  @ApiProperty({ example: 1 })
  current_page!: number;

  @ApiProperty({ example: 30 })
  per_page!: number;

  @ApiProperty({ description: 'Items in the whole list', example: 4 })
  count!: number;
}

/** The seed's answer to a send: what it needs to show the message at once. */
export class CatchChatMessageCreatedDto {
  @ApiProperty({ example: 3 })
  id!: number;

  @ApiProperty({ type: Number, nullable: true, example: 70 })
  battery_level!: number | null;

  @ApiProperty({
    description: '2 unread; 1 drafted (an image or video awaiting its file)',
    example: 2,
  })
  state!: number;

  @ApiProperty({ type: String, example: '未读' })
  state_string!: Label;

  @ApiProperty({ example: 'text' })
  media_type!: string;

  @ApiProperty({ type: String, example: '一段文字' })
  media_type_string!: Label;
}

export class CatchChatReportDto {
  @ApiProperty({ description: 'The message to report (integer id)', example: 1 })
  @Transform(idText)
  @IsString()
  @Length(1, 36)
  message_id!: string;
}

export class CatchChatUploadOptionsDto {
  @ApiProperty({
    description: 'Where the file goes (a path on this server)',
    example: '/api/v4/messages/5/attachment',
  })
  url!: string;

  @ApiProperty({ example: 'POST' })
  method!: string;

  @ApiProperty({ description: 'The multipart field of the file', example: 'file' })
  field!: string;

  @ApiProperty({
    description:
      'Single-use upload token of this draft, sent as the `X-Upload-Token` header with your ' +
      'own token; a new request replaces it',
    example: 'q8Vb0mJ3l6dWn2Yx5sTz1aKc4eRh7uPo',
  })
  token!: string;

  @ApiProperty({
    description: "The draft's file name",
    example: 'a97b1d2570fc4823aec57522b618e779',
  })
  key!: string;
}

/** The seed's `{provider, options}`, with Party as the provider. */
export class CatchChatUploadTokenDto {
  @ApiProperty({ example: 'party' })
  provider!: string;

  @ApiProperty({ type: CatchChatUploadOptionsDto })
  options!: CatchChatUploadOptionsDto;
}
