import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppService } from '../auth/app.service';
import { DEFAULT_LOCALE, isSupportedLocale } from '../common/i18n/locale';
import { loggableError } from '../common/logging/logging';
import { toIsoUtc } from '../common/time/time-format';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { EVENT_SCOPES } from '../events/event-catalogue';
import { EventHub } from '../events/event-hub.service';
import { encodeCursor } from '../events/event-position';
import { Clock } from '../message/clock';
import { NotifyService } from '../notify/notify.service';
import { DeliveryContext, WebhookRepository } from './webhook.repository';
import { postJson, PostOutcome } from './webhook-http';
import { DeliverJob, WebhookQueue } from './webhook-queue';
import { deliveryHeaders, signingSecrets } from './webhook-delivery-headers';

/** Per attempt (contract). */
export const DELIVERY_TIMEOUT_MS = 5000;
/** How long Party keeps retrying a delivery after its first attempt (contract). */
export const RETRY_WINDOW_MS = 3 * 24 * 3600 * 1000;
/** The longest wait between two attempts, and the most of a `Retry-After` that is honoured. */
const MAX_BACKOFF_MS = 3600 * 1000;
const MAX_RETRY_AFTER_MS = 6 * 3600 * 1000;
/** A worker holds an endpoint+user queue this long per attempt (a dead worker's lease lapses). */
const LEASE_SECONDS = 30;
/** One job sends at most this long, then queues the rest as a new job (jobs expire after 2 min). */
const DRAIN_BUDGET_MS = 20_000;

/** Exponential backoff with jitter (half fixed, half random), never sooner than `Retry-After`. */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);
  const jittered = Math.round(exponential / 2 + (random() * exponential) / 2);
  return retryAfterMs === null
    ? jittered
    : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** `Retry-After` in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

export type AttemptVerdict =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'retry'; statusCode: number | null; error: string; retryAfterMs: number | null }
  | { kind: 'give_up'; statusCode: number | null; error: string };

/** Network errors, 408, 429 and 5xx are retried; another 2xx is success; anything else is final. */
export function judge(outcome: PostOutcome, now: Date): AttemptVerdict {
  if (outcome.kind === 'failed') {
    if (outcome.error === 'forbidden_address') {
      return { kind: 'give_up', statusCode: null, error: 'forbidden_address' };
    }
    return { kind: 'retry', statusCode: null, error: outcome.error, retryAfterMs: null };
  }
  const status = outcome.status;
  if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status };
  if (status === 408 || status === 429 || status >= 500) {
    return {
      kind: 'retry',
      statusCode: status,
      error: `http_${status}`,
      retryAfterMs: parseRetryAfter(outcome.headers['retry-after'], now),
    };
  }
  return { kind: 'give_up', statusCode: status, error: `http_${status}` };
}

/**
 * Works the webhook queue: fans the logged events out into deliveries, and sends each
 * endpoint+user queue in event-log order, retrying with backoff for 3 days; then disables the
 * endpoint and tells its owner in his notification center.
 */
@Injectable()
export class WebhookDeliveryService implements OnModuleInit {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private readonly catalogueTypes = Object.keys(EVENT_SCOPES);
  private readonly catalogueScopes = Object.values(EVENT_SCOPES) as string[];

  constructor(
    private readonly repository: WebhookRepository,
    private readonly queue: WebhookQueue,
    private readonly hub: EventHub,
    private readonly clock: Clock,
    private readonly apps: AppService,
    private readonly notify: NotifyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.queue.handle({
      fanout: (eventIds) => this.fanOut(eventIds),
      deliver: (job) => this.drain(job),
    });
  }

  async fanOut(eventIds: (string | number)[]): Promise<void> {
    const ids = eventIds.map(String);
    await this.repository.fanOut(ids, this.catalogueTypes, this.catalogueScopes);
  }

  /** Sends the pair's pending deliveries oldest first, until one must wait or the budget ends. */
  async drain(job: DeliverJob): Promise<void> {
    const started = Date.now();
    for (;;) {
      if (Date.now() - started > DRAIN_BUDGET_MS) {
        await this.repository.requeue(job.webhook_id, job.user_id, 0);
        return;
      }
      const head = await this.repository.head(job.webhook_id, job.user_id);
      if (!head || !head.enabled) return;
      const now = this.clock.now();
      if (head.next_attempt_at && head.next_attempt_at > now) {
        await this.repository.requeue(
          job.webhook_id,
          job.user_id,
          head.next_attempt_at.getTime() - now.getTime(),
        );
        return;
      }
      const lease = await this.repository.lease(head.id, LEASE_SECONDS);
      if (!lease.leased) {
        // Another worker is sending it; look again when its lease lapses, in case it died.
        await this.repository.requeue(
          job.webhook_id,
          job.user_id,
          Math.max(0, lease.until.getTime() - Date.now()) + 100,
        );
        return;
      }
      if (!(await this.attempt(head))) return;
    }
  }

  /** One attempt of the head delivery; true when the queue may go on to the next one. */
  private async attempt(head: DeliveryContext): Promise<boolean> {
    // An attempt's time is when it started: the retry window counts from the first one sent.
    const at = this.clock.now();
    const verdict = await this.send(head);
    if (verdict.kind === 'delivered') {
      await this.repository.recordAttempt(head.id, {
        status: 'delivered',
        statusCode: verdict.statusCode,
        error: null,
        at,
        nextAttemptAt: null,
        requeueInMs: null,
      });
      return true;
    }
    if (verdict.kind === 'give_up') {
      await this.repository.recordAttempt(head.id, {
        status: 'failed',
        statusCode: verdict.statusCode,
        error: verdict.error,
        at,
        nextAttemptAt: null,
        requeueInMs: null,
      });
      return true;
    }
    const firstAttempt = head.first_attempt_at ?? at;
    if (at.getTime() - firstAttempt.getTime() >= RETRY_WINDOW_MS) {
      await this.giveUp(head, verdict, at);
      return false;
    }
    const delay = retryDelayMs(
      head.attempts + 1,
      this.config.webhooks.retryBaseMs,
      verdict.retryAfterMs,
    );
    await this.repository.recordAttempt(head.id, {
      status: 'pending',
      statusCode: verdict.statusCode,
      error: verdict.error,
      at,
      nextAttemptAt: new Date(at.getTime() + delay),
      requeueInMs: delay,
    });
    return false;
  }

  private async send(head: DeliveryContext): Promise<AttemptVerdict> {
    if (head.event_created_at === null || head.event_data === null) {
      return { kind: 'give_up', statusCode: null, error: 'event_expired' };
    }
    try {
      const [view] = await this.hub.renderAs(
        {
          userId: head.user_id,
          locale: head.locale && isSupportedLocale(head.locale) ? head.locale : DEFAULT_LOCALE,
          timeZone: head.time_zone ?? 'UTC',
        },
        [
          {
            id: head.event_id,
            xid: head.event_xid,
            type: head.event_type,
            created_at: head.event_created_at,
            data: head.event_data,
          },
        ],
      );
      const body = JSON.stringify({
        id: encodeCursor({ xid: BigInt(head.event_xid), id: BigInt(head.event_id) }),
        type: head.event_type,
        created_at: toIsoUtc(head.event_created_at),
        user_id: head.user_id,
        data: view.data,
      });
      const now = this.clock.now();
      const outcome = await postJson(
        head.url,
        body,
        deliveryHeaders(head.id, head.attempts + 1, signingSecrets(head, now), body, now),
        DELIVERY_TIMEOUT_MS,
        this.config.webhooks.allowPrivate,
      );
      return judge(outcome, this.clock.now());
    } catch (error) {
      this.logger.warn({ err: loggableError(error) }, 'Webhook delivery attempt failed');
      return { kind: 'retry', statusCode: null, error: 'internal', retryAfterMs: null };
    }
  }

  /**
   * The retry window is over: the delivery fails, the endpoint is disabled and the app's owner
   * told in his notification center, all in one transaction (so none happens without the rest).
   */
  private async giveUp(
    head: DeliveryContext,
    verdict: { statusCode: number | null; error: string },
    at: Date,
  ): Promise<void> {
    const app = await this.apps.describe(head.app_id);
    await this.repository.transaction(async (tx) => {
      await this.repository.recordAttempt(
        head.id,
        {
          status: 'failed',
          statusCode: verdict.statusCode,
          error: verdict.error,
          at,
          nextAttemptAt: null,
          requeueInMs: null,
        },
        tx,
      );
      const disabled = await this.repository.disableExhausted(tx, head.webhook_id, at);
      if (!disabled || !app?.ownerId) return;
      await this.notify.noticeAboutApp(tx, { id: app.id, name: app.name }, [app.ownerId], {
        title: `Webhook disabled: ${app.name}`,
        content: `Party stopped delivering to ${head.url} after 3 days of failed attempts (last: ${head.event_type}). Fix the endpoint, then re-enable it with PATCH apps/${head.app_id}/webhooks/${head.webhook_id} {"enabled": true}; pending deliveries resume then.`,
      });
    });
  }

  /** A signed `webhook.ping` sent now, not queued: the receiver's answer, as is. */
  async ping(
    hook: { id: string; appId: string; url: string } & Parameters<typeof signingSecrets>[0],
  ): Promise<{
    delivered: boolean;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
  }> {
    const now = this.clock.now();
    const body = JSON.stringify({
      id: randomUUID(),
      type: 'webhook.ping',
      created_at: toIsoUtc(now),
      user_id: null,
      data: { webhook_id: hook.id, app_id: hook.appId },
    });
    const started = Date.now();
    const outcome = await postJson(
      hook.url,
      body,
      deliveryHeaders(randomUUID(), 1, signingSecrets(hook, now), body, now),
      DELIVERY_TIMEOUT_MS,
      this.config.webhooks.allowPrivate,
    );
    const verdict = judge(outcome, now);
    return {
      delivered: verdict.kind === 'delivered',
      status_code: verdict.statusCode,
      error: verdict.kind === 'delivered' ? null : verdict.error,
      duration_ms: Date.now() - started,
    };
  }
}
