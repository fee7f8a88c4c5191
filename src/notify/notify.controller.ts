import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentApp, CurrentUser } from '../auth/access.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { AppPrincipal, UserPrincipal } from '../common/http/request-principal';
import { PageQueryDto } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import {
  NotificationItemDto,
  NotificationPage,
  NotificationPageDto,
  NotificationPushDto,
  NotificationsMarkedDto,
} from './dto/notification.dto';
import { PushNotificationDto } from './dto/push-notification.dto';
import { NotifyService } from './notify.service';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

const badInput = ApiBadRequestResponse({
  description: '`validation_failed`, naming the field',
  type: ErrorEnvelopeDto,
});

@ApiTags('notifications')
@Controller('notifications')
export class NotifyController {
  constructor(private readonly notifications: NotifyService) {}

  @Post()
  @Access({ scopes: ['party_notify'], token: 'app' })
  @Idempotent()
  @ApiOperation({
    summary: 'Push a notification to users or to a group (app tokens)',
    description:
      "`receiver` `users`: lands in each user's notification center (`user_ids`, up to 10,000). " +
      '`receiver` `group`: posted into the group as a `notification` message (`group_id`). ' +
      'Markdown is rendered to sanitized HTML (`content_html`) and kept raw; every url must be http(s). ' +
      'All or nothing: a bad field (400) or an unknown user or group (422) sends nothing to anyone.',
  })
  @ApiCreatedResponse({ type: NotificationPushDto })
  @ApiBadRequestResponse({
    description:
      '`validation_failed`: a missing or malformed field, the receiver’s ids missing, or the other receiver’s ids given',
    type: ErrorEnvelopeDto,
  })
  @ApiUnprocessableEntityResponse({
    description: '`unknown_reference`, naming the user ids or the group id that do not exist',
    type: ErrorEnvelopeDto,
  })
  pushNotification(
    @CurrentApp() app: AppPrincipal,
    @Body() body: PushNotificationDto,
  ): Promise<NotificationPushDto> {
    return this.notifications.push(app, body);
  }

  @Get()
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: 'Your notification center: unread first, then newest',
    description: 'The list body adds `unread_count` (over all pages).',
  })
  @ApiOkResponse({
    type: NotificationPageDto,
    headers: {
      Link: { description: 'RFC 8288 links: first, prev, next, last', schema: { type: 'string' } },
      'X-Total-Count': { description: 'Items in the whole list', schema: { type: 'integer' } },
    },
  })
  @badInput
  listNotifications(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<NotificationPage> {
    return this.notifications.listMine(caller.userId, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'Mark all your notifications read; answers how many were unread' })
  @ApiOkResponse({ type: NotificationsMarkedDto })
  markAllNotificationsRead(@CurrentUser() caller: UserPrincipal): Promise<NotificationsMarkedDto> {
    return this.notifications.markAllRead(caller.userId);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: 'Mark one of your notifications read',
    description: 'A repeat keeps the first `read_at`.',
  })
  @ApiOkResponse({ type: NotificationItemDto })
  @ApiNotFoundResponse({
    description: 'No such notification in your center (`not_found`)',
    type: ErrorEnvelopeDto,
  })
  markNotificationRead(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('notification')) id: string,
  ): Promise<NotificationItemDto> {
    return this.notifications.markRead(caller.userId, id);
  }
}
