import { ApiProperty } from '@nestjs/swagger';
import { Paginated } from '../../common/pagination/pagination';
import { ACTION_TYPES } from '../entities/notification.entity';

export class NotificationActionDto {
  @ApiProperty({ example: '更新日志' })
  label!: string;

  @ApiProperty({ type: String, nullable: true, example: 'check' })
  icon!: string | null;

  @ApiProperty({ example: 'https://xuan.im/page/changelogs.html' })
  url!: string;

  @ApiProperty({ type: String, enum: ACTION_TYPES, nullable: true, example: 'danger' })
  type!: string | null;
}

export class NotificationSenderDto {
  @ApiProperty({ description: 'As the app sent it, as a string', example: 'catouse' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Catouse' })
  name!: string | null;

  @ApiProperty({ example: 'https://avatars2.githubusercontent.com/u/472425?s=460&v=4' })
  avatar!: string;
}

export class NotificationAppDto {
  @ApiProperty({ example: '0b8f3c52-6a49-4f0e-b7f5-3f1a4a3c2d10' })
  id!: string;

  @ApiProperty({ description: "The app's name when it pushed", example: '喧喧机器人' })
  name!: string;
}

/** What a notification says, as stored once for all its recipients. */
export class NotificationContentDto {
  @ApiProperty({ example: '7d2f1a8e-3c4b-4e5f-9a6b-1c2d3e4f5a6b' })
  id!: string;

  @ApiProperty({ example: '测试通知消息' })
  title!: string;

  @ApiProperty({ type: String, nullable: true, example: '测试通知消息副标题' })
  subtitle!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'As sent: plain text or raw markdown',
    example: '**测试消息**内容',
  })
  content!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Sanitized HTML of `content` (markdown rendered; plain text escaped, line breaks kept); null without content',
    example: '<p><strong>测试消息</strong>内容</p>',
  })
  content_html!: string | null;

  @ApiProperty({ enum: ['plain', 'markdown'], example: 'markdown' })
  content_type!: string;

  @ApiProperty({ type: String, nullable: true, example: 'http://xuan.im' })
  url!: string | null;

  @ApiProperty({ type: [NotificationActionDto] })
  actions!: NotificationActionDto[];

  @ApiProperty({ type: NotificationSenderDto, nullable: true })
  sender!: NotificationSenderDto | null;

  @ApiProperty({ type: NotificationAppDto, description: 'The app that pushed it' })
  app!: NotificationAppDto;

  @ApiProperty({ example: '2026-11-22T08:10:30Z' })
  created_at!: Date;

  @ApiProperty({ example: '2026年11月22日 16:10:30 [GMT+8]' })
  created_at_string!: string;
}

/** One entry of the signed-in user's notification center. */
export class NotificationItemDto extends NotificationContentDto {
  @ApiProperty({ type: String, nullable: true, description: 'Null while unread', example: null })
  read_at!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  read_at_string!: string | null;
}

/** What a push did. */
export class NotificationPushDto extends NotificationContentDto {
  @ApiProperty({ enum: ['users', 'group'], example: 'users' })
  receiver!: string;

  @ApiProperty({
    description: 'Users it reached: distinct user ids, or the group’s current members',
    example: 2,
  })
  recipient_count!: number;

  @ApiProperty({ type: String, nullable: true, example: null })
  group_id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `notification` message posted in the group',
    example: null,
  })
  message_id!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: "The message's seq", example: null })
  message_seq!: number | null;
}

/** The notification center: a page plus the caller's unread count. */
export class NotificationPage extends Paginated<NotificationItemDto> {
  constructor(
    data: NotificationItemDto[],
    page: number,
    perPage: number,
    totalCount: number,
    readonly unread_count: number,
  ) {
    super(data, page, perPage, totalCount);
  }
}

/** The spec's view of `NotificationPage`. */
export class NotificationPageDto {
  @ApiProperty({ type: [NotificationItemDto] })
  data!: NotificationItemDto[];

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 30 })
  per_page!: number;

  @ApiProperty({ example: 42 })
  total_count!: number;

  @ApiProperty({ description: 'Your unread notifications (all pages)', example: 3 })
  unread_count!: number;
}

export class NotificationsMarkedDto {
  @ApiProperty({ description: 'Notifications that were unread and now are read', example: 3 })
  marked_count!: number;
}
