import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsString,
  IsUrl,
  Length,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { IsId } from '../../common/validation/is-id';
import { ACTION_TYPES } from '../entities/notification.entity';
import { IsOptionalNotNull } from '../../common/validation/optional-not-null';

export const NOTIFICATION_TITLE_MAX = 100;
export const NOTIFICATION_SUBTITLE_MAX = 200;
export const NOTIFICATION_CONTENT_MAX = 10_000;
export const NOTIFICATION_MAX_USERS = 10_000;
export const NOTIFICATION_MAX_ACTIONS = 5;
const URL_MAX = 2048;

/** http(s) only, with a host; intranet names without a TLD are fine (self-hosted apps). */
const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** An icon is a name (`check`) or an http(s) URL; any other scheme (`javascript:`) is refused. */
function IsIconNameOrHttpUrl(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'notification_icon_scheme',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(value);
          return scheme === null || /^https?:\/\/[^/\s]+/i.test(value);
        },
        defaultMessage: () => '$property must be an icon name or an http(s) URL',
      },
    },
    options,
  );
}

/** The seed allows a string or a number; it is kept as a string. */
function IsSenderId(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'notification_sender_id',
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && value.trim().length > 0 && [...value].length <= 100) ||
          (typeof value === 'number' && Number.isFinite(value)),
        defaultMessage: () => '$property must be a string or a number',
      },
    },
    options,
  );
}

/** Form bodies send several ids as a repeated field or a comma list. */
function splitIdList({ value }: { value: unknown }): unknown {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '')
    : value;
}

export class NotificationActionInputDto {
  @ApiProperty({ minLength: 1, maxLength: 50, example: '更新日志' })
  @IsDefined()
  @IsString()
  @Length(1, 50)
  label!: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'An icon name or an http(s) URL of an icon image',
    example: 'check',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  @IsIconNameOrHttpUrl()
  icon?: string;

  @ApiProperty({ maxLength: URL_MAX, example: 'https://xuan.im/page/changelogs.html' })
  @IsDefined()
  @IsString()
  @IsUrl(HTTP_URL)
  @MaxLength(URL_MAX)
  url!: string;

  @ApiPropertyOptional({
    enum: ACTION_TYPES,
    description: "The button's look; omitted means the default look",
    example: 'danger',
  })
  @IsOptionalNotNull()
  @IsIn(ACTION_TYPES)
  type?: (typeof ACTION_TYPES)[number];
}

export class NotificationSenderInputDto {
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'number' }],
    description: 'Who sends it, in your own terms (a string or a number; answered as a string)',
    example: 'catouse',
  })
  @IsDefined()
  @IsSenderId()
  id!: string | number;

  @ApiPropertyOptional({ maxLength: 100, example: 'Catouse' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiProperty({
    maxLength: URL_MAX,
    example: 'https://avatars2.githubusercontent.com/u/472425?s=460&v=4',
  })
  @IsDefined()
  @IsString()
  @IsUrl(HTTP_URL)
  @MaxLength(URL_MAX)
  avatar!: string;
}

export class PushNotificationDto {
  @ApiProperty({
    enum: ['users', 'group'],
    description: "`users`: each user's notification center; `group`: a message in the group",
    example: 'users',
  })
  @IsDefined()
  @IsIn(['users', 'group'])
  receiver!: 'users' | 'group';

  @ApiPropertyOptional({
    type: [String],
    description: `With receiver \`users\` (required there): 1 to ${NOTIFICATION_MAX_USERS} user ids; repeats count once`,
    example: ['5b6cea82-e4b0-4df0-9b3e-fc2b5bee6706', '5b50428c-e4b0-4913-89c3-b3777e4b05df'],
  })
  @ValidateIf(
    (body: PushNotificationDto) => body.receiver === 'users' || body.user_ids !== undefined,
  )
  @Transform(splitIdList)
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_MAX_USERS)
  @IsId({ each: true })
  user_ids?: string[];

  @ApiPropertyOptional({
    description: 'With receiver `group` (required there): the group to post into',
    example: 'f3de9ff9-dcb4-49de-915b-377ee9143418',
  })
  @ValidateIf(
    (body: PushNotificationDto) => body.receiver === 'group' || body.group_id !== undefined,
  )
  @IsDefined()
  @IsId()
  group_id?: string;

  @ApiProperty({ minLength: 1, maxLength: NOTIFICATION_TITLE_MAX, example: '测试通知消息' })
  @IsDefined()
  @IsString()
  @Length(1, NOTIFICATION_TITLE_MAX)
  title!: string;

  @ApiPropertyOptional({ maxLength: NOTIFICATION_SUBTITLE_MAX, example: '测试通知消息副标题' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(NOTIFICATION_SUBTITLE_MAX)
  subtitle?: string;

  @ApiPropertyOptional({ maxLength: NOTIFICATION_CONTENT_MAX, example: '**测试消息**内容' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(NOTIFICATION_CONTENT_MAX)
  content?: string;

  @ApiProperty({
    enum: ['plain', 'markdown'],
    description: '`markdown` is rendered to sanitized HTML (`content_html`); the raw text is kept',
    example: 'markdown',
  })
  @IsDefined()
  @IsIn(['plain', 'markdown'])
  content_type!: 'plain' | 'markdown';

  @ApiPropertyOptional({ maxLength: URL_MAX, example: 'http://xuan.im' })
  @IsOptionalNotNull()
  @IsString()
  @IsUrl(HTTP_URL)
  @MaxLength(URL_MAX)
  url?: string;

  @ApiPropertyOptional({ type: [NotificationActionInputDto], maxItems: NOTIFICATION_MAX_ACTIONS })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_MAX_ACTIONS)
  @ValidateNested({ each: true })
  @Type(() => NotificationActionInputDto)
  actions?: NotificationActionInputDto[];

  @ApiPropertyOptional({ type: NotificationSenderInputDto })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => NotificationSenderInputDto)
  sender?: NotificationSenderInputDto;
}
