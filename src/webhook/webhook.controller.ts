import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentUser } from '../auth/access.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import {
  CreateWebhookDto,
  RotateWebhookSecretDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryQueryDto,
  WebhookDto,
  WebhookPingDto,
  WebhookWithSecretDto,
} from './dto/webhook.dto';
import { WebhookService } from './webhook.service';

const NOT_FOUND = {
  description: '`not_found` (no such app of yours, or no such webhook of it)',
  type: ErrorEnvelopeDto,
};

@ApiTags('webhooks')
@Controller('apps/:id/webhooks')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post()
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: 'Register a webhook endpoint for one of your apps',
    description:
      'Events of the realtime catalogue are POSTed signed to `url` (see docs/webhooks.md), or `["message.before_send"]` makes it the synchronous before-send hook (one per app). The secret is shown only in this answer.',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiBadRequestResponse({
    description: '`validation_failed` (`url` internal or unresolvable, `events`, ...)',
    type: ErrorEnvelopeDto,
  })
  @ApiConflictResponse({ description: '`webhook_before_send_exists`', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  createWebhook(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) appId: string,
    @Body() body: CreateWebhookDto,
  ): Promise<WebhookWithSecretDto> {
    return this.webhooks.create(caller, appId, body);
  }

  @Get()
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: "Your app's webhook endpoints (newest first, no secrets)" })
  @ApiPaginatedResponse(WebhookDto)
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  listWebhooks(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) appId: string,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<WebhookDto>> {
    return this.webhooks.list(caller, appId, query);
  }

  @Get(':webhookId')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'One webhook endpoint of your app' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse(NOT_FOUND)
  getWebhook(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) appId: string,
    @Param('webhookId', new ParseIdPipe('webhook')) webhookId: string,
  ): Promise<WebhookDto> {
    return this.webhooks.get(caller, appId, webhookId);
  }

  @Patch(':webhookId')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: 'Change a webhook endpoint; `enabled: true` resumes one Party disabled',
  })
  @ApiOkResponse({ type: WebhookDto })
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  @ApiConflictResponse({ description: '`webhook_before_send_exists`', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  updateWebhook(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) appId: string,
    @Param('webhookId', new ParseIdPipe('webhook')) webhookId: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return this.webhooks.update(caller, appId, webhookId, body);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'Delete a webhook endpoint and its delivery log' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse(NOT_FOUND)
  deleteWebhook(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) appId: string,
    @Param('webhookId', new ParseIdPipe('webhook')) webhookId: string,
  ): Promise<void> {
    return this.webhooks.remove(caller, appId, webhookId);
  }

  @Post(':webhookId/rotate-secret')
  @HttpCode(200)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: 'Rotate the signing secret',
    description:
      'The new secret is shown only in this answer; the old one keeps signing for `overlap_seconds` (default one day), so `Party-Signature` carries two `v1=` meanwhile.',
  })
  @ApiOkResponse({ type: WebhookWithSecretDto })
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  rotateWebhookSecret(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) appId: string,
    @Param('webhookId', new ParseIdPipe('webhook')) webhookId: string,
    @Body() body: RotateWebhookSecretDto,
  ): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(caller, appId, webhookId, body);
  }

  @Get(':webhookId/deliveries')
  @Access({ scopes: ['party_user'] })
  @ApiOperation({ summary: 'The delivery log of an endpoint (newest first, optionally by status)' })
  @ApiPaginatedResponse(WebhookDeliveryDto)
  @ApiBadRequestResponse({ description: '`validation_failed`', type: ErrorEnvelopeDto })
  @ApiNotFoundResponse(NOT_FOUND)
  listWebhookDeliveries(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) appId: string,
    @Param('webhookId', new ParseIdPipe('webhook')) webhookId: string,
    @Query() query: WebhookDeliveryQueryDto,
  ): Promise<Paginated<WebhookDeliveryDto>> {
    return this.webhooks.listDeliveries(caller, appId, webhookId, query);
  }

  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: 'Send a delivery again',
    description:
      'Same `Party-Webhook-Id`, the next `Party-Webhook-Attempt`, a fresh 3-day retry window; it goes out in its place in the endpoint+user queue.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiNotFoundResponse({
    description: '`not_found` (no such app, webhook or delivery of yours)',
    type: ErrorEnvelopeDto,
  })
  redeliverWebhookDelivery(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) appId: string,
    @Param('webhookId', new ParseIdPipe('webhook')) webhookId: string,
    @Param('deliveryId', new ParseIdPipe('webhook_delivery')) deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return this.webhooks.redeliver(caller, appId, webhookId, deliveryId);
  }

  @Post(':webhookId/ping')
  @HttpCode(200)
  @Access({ scopes: ['party_user'] })
  @ApiOperation({
    summary: 'Send a signed `webhook.ping` now and report the answer',
    description: 'Not queued nor retried: the result of the one attempt.',
  })
  @ApiOkResponse({ type: WebhookPingDto })
  @ApiNotFoundResponse(NOT_FOUND)
  pingWebhook(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('app')) appId: string,
    @Param('webhookId', new ParseIdPipe('webhook')) webhookId: string,
  ): Promise<WebhookPingDto> {
    return this.webhooks.ping(caller, appId, webhookId);
  }
}
