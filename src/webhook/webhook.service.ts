import { Inject, Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppService } from '../auth/app.service';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error';
import { UserPrincipal } from '../common/http/request-principal';
import { label } from '../common/i18n/label';
import { Paginated } from '../common/pagination/pagination';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { encodeCursor } from '../events/event-position';
import { Clock } from '../message/clock';
import {
  BEFORE_SEND_EVENT,
  CreateWebhookDto,
  RotateWebhookSecretDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDto,
  WebhookPingDto,
  WebhookWithSecretDto,
} from './dto/webhook.dto';
import { WebhookEntity } from './entities/webhook.entity';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from './entities/webhook-delivery.entity';
import { checkWebhookUrl, eventProblems, generateSecret } from './webhook-rules';
import { WebhookDeliveryService } from './webhook-delivery.service';
import './webhook.messages';
import { WebhookRepository } from './webhook.repository';

const DEFAULT_OVERLAP_SECONDS = 86400;

export function toWebhookDto(hook: WebhookEntity): WebhookDto {
  return {
    id: hook.id,
    app_id: hook.appId,
    url: hook.url,
    events: hook.events,
    on_failure: hook.onFailure,
    timeout_ms: hook.timeoutMs,
    enabled: hook.enabled,
    disabled_reason: hook.disabledReason,
    disabled_at: hook.disabledAt,
    previous_secret_expires_at: hook.previousSecretExpiresAt,
    created_at: hook.createdAt,
    updated_at: hook.updatedAt,
  } as WebhookDto;
}

function toDeliveryDto(delivery: WebhookDeliveryEntity): WebhookDeliveryDto {
  return {
    id: delivery.id,
    event_id: encodeCursor({ xid: BigInt(delivery.eventXid), id: BigInt(delivery.eventId) }),
    event_type: delivery.eventType,
    user_id: delivery.userId,
    status: delivery.status,
    status_string: label('webhook_delivery.status.', delivery.status),
    attempts: delivery.attempts,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    last_attempt_at: delivery.lastAttemptAt,
    next_attempt_at: delivery.status === 'pending' ? delivery.nextAttemptAt : null,
    delivered_at: delivery.deliveredAt,
    created_at: delivery.createdAt,
  } as WebhookDeliveryDto;
}

function isBeforeSendClash(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { constraint?: string }).constraint === 'webhooks_app_before_send_key'
  );
}

/** Webhook endpoints of apps, managed by each app's owner (system apps: the operator CLI). */
@Injectable()
export class WebhookService {
  constructor(
    private readonly repository: WebhookRepository,
    private readonly apps: AppService,
    private readonly deliveries: WebhookDeliveryService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The caller's app; someone else's (or a system app) is a 404 like an unknown one. */
  private async requireOwnedApp(caller: UserPrincipal, appId: string) {
    const app = await this.apps.describe(appId);
    if (!app || app.ownerId !== caller.userId) throw new NotFoundError('app');
    return app;
  }

  private async requireWebhook(caller: UserPrincipal, appId: string, id: string) {
    await this.requireOwnedApp(caller, appId);
    const hook = await this.repository.find(appId, id);
    if (!hook) throw new NotFoundError('webhook');
    return hook;
  }

  async create(
    caller: UserPrincipal,
    appId: string,
    dto: CreateWebhookDto,
  ): Promise<WebhookWithSecretDto> {
    const app = await this.requireOwnedApp(caller, appId);
    const problems = eventProblems(dto.events, app.scopes);
    if (problems.length > 0) throw new ValidationFailedError(problems);
    await checkWebhookUrl(dto.url, this.config.webhooks.allowPrivate);
    const secret = dto.secret ?? generateSecret();
    try {
      const hook = await this.repository.insert({
        appId,
        url: dto.url,
        events: dto.events,
        beforeSend: dto.events.includes(BEFORE_SEND_EVENT),
        secret,
        onFailure: dto.on_failure ?? 'allow',
        timeoutMs: dto.timeout_ms ?? 1500,
      });
      return { ...toWebhookDto(hook), secret };
    } catch (error) {
      if (isBeforeSendClash(error)) throw new ConflictError('webhook_before_send_exists');
      throw error;
    }
  }

  async list(
    caller: UserPrincipal,
    appId: string,
    page: { page: number; per_page: number },
  ): Promise<Paginated<WebhookDto>> {
    await this.requireOwnedApp(caller, appId);
    const [hooks, total] = await this.repository.list(
      appId,
      (page.page - 1) * page.per_page,
      page.per_page,
    );
    return Paginated.of(hooks.map(toWebhookDto), page, total);
  }

  async get(caller: UserPrincipal, appId: string, id: string): Promise<WebhookDto> {
    return toWebhookDto(await this.requireWebhook(caller, appId, id));
  }

  async update(
    caller: UserPrincipal,
    appId: string,
    id: string,
    dto: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    const app = await this.requireOwnedApp(caller, appId);
    const hook = await this.repository.find(appId, id);
    if (!hook) throw new NotFoundError('webhook');
    if (dto.events) {
      const problems = eventProblems(dto.events, app.scopes);
      if (problems.length > 0) throw new ValidationFailedError(problems);
      hook.events = dto.events;
      hook.beforeSend = dto.events.includes(BEFORE_SEND_EVENT);
    }
    if (dto.url !== undefined) {
      await checkWebhookUrl(dto.url, this.config.webhooks.allowPrivate);
      hook.url = dto.url;
    }
    if (dto.secret !== undefined && dto.secret !== hook.secret)
      this.rotate(hook, dto.secret, DEFAULT_OVERLAP_SECONDS);
    if (dto.on_failure !== undefined) hook.onFailure = dto.on_failure;
    if (dto.timeout_ms !== undefined) hook.timeoutMs = dto.timeout_ms;
    const resumed = dto.enabled === true && !hook.enabled;
    if (dto.enabled !== undefined && dto.enabled !== hook.enabled) {
      hook.enabled = dto.enabled;
      hook.disabledReason = null;
      hook.disabledAt = dto.enabled ? null : this.clock.now();
    }
    let saved: WebhookEntity;
    try {
      saved = await this.repository.save(hook);
    } catch (error) {
      if (isBeforeSendClash(error)) throw new ConflictError('webhook_before_send_exists');
      throw error;
    }
    if (resumed) await this.repository.requeueWebhook(id);
    return toWebhookDto(saved);
  }

  async remove(caller: UserPrincipal, appId: string, id: string): Promise<void> {
    await this.requireOwnedApp(caller, appId);
    if (!(await this.repository.remove(appId, id))) throw new NotFoundError('webhook');
  }

  /** A new secret; the old one keeps signing (a second `v1=`) for `overlap_seconds`. */
  async rotateSecret(
    caller: UserPrincipal,
    appId: string,
    id: string,
    dto: RotateWebhookSecretDto,
  ): Promise<WebhookWithSecretDto> {
    const hook = await this.requireWebhook(caller, appId, id);
    const secret = dto.secret ?? generateSecret();
    this.rotate(hook, secret, dto.overlap_seconds ?? DEFAULT_OVERLAP_SECONDS);
    return { ...toWebhookDto(await this.repository.save(hook)), secret };
  }

  /** The new secret signs from now on; the old one too, for `overlapSeconds`. */
  private rotate(hook: WebhookEntity, secret: string, overlapSeconds: number): void {
    hook.previousSecret = overlapSeconds > 0 ? hook.secret : null;
    hook.previousSecretExpiresAt =
      overlapSeconds > 0 ? new Date(this.clock.now().getTime() + overlapSeconds * 1000) : null;
    hook.secret = secret;
  }

  async listDeliveries(
    caller: UserPrincipal,
    appId: string,
    id: string,
    page: { page: number; per_page: number; status?: WebhookDeliveryStatus },
  ): Promise<Paginated<WebhookDeliveryDto>> {
    await this.requireWebhook(caller, appId, id);
    const [rows, total] = await this.repository.listDeliveries(
      id,
      page.status ?? null,
      (page.page - 1) * page.per_page,
      page.per_page,
    );
    return Paginated.of(rows.map(toDeliveryDto), page, total);
  }

  /** Sends the delivery again (same `Party-Webhook-Id`, next attempt number), after the queue. */
  async redeliver(
    caller: UserPrincipal,
    appId: string,
    id: string,
    deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    await this.requireWebhook(caller, appId, id);
    const delivery = await this.repository.redeliver(id, deliveryId);
    if (!delivery) throw new NotFoundError('webhook_delivery');
    return toDeliveryDto(delivery);
  }

  async ping(caller: UserPrincipal, appId: string, id: string): Promise<WebhookPingDto> {
    const hook = await this.requireWebhook(caller, appId, id);
    return this.deliveries.ping({
      id: hook.id,
      appId: hook.appId,
      url: hook.url,
      secret: hook.secret,
      previous_secret: hook.previousSecret,
      previous_secret_expires_at: hook.previousSecretExpiresAt,
    });
  }
}
