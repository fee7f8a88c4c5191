import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { toIsoUtc } from '../common/time/time-format';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { BEFORE_SEND_EVENT } from './dto/webhook.dto';
import { BeforeSendHook, WebhookBeforeSendRepository } from './webhook-before-send.repository';
import { postJson } from './webhook-http';
import { deliveryHeaders, signingSecrets } from './webhook-delivery-headers';
import './webhook.messages';

/** How long "is any before-send hook enabled anywhere?" is believed before it is asked again. */
const HOOKS_KNOWN_TTL_MS = 1000;
const MAX_REASON_LENGTH = 500;

/** The message about to be stored, as the hooks see it (`data` of the envelope). */
export interface OutgoingMessage {
  sender_id: string;
  to_user: string | null;
  to_group: string | null;
  message_type: string;
  content: string | null;
  parent_id: string | null;
  attachment_ids: string[];
  client_msg_id: string | null;
}

type Verdict =
  | { action: 'allow' }
  | { action: 'reject'; reason: string }
  | { action: 'modify'; content: string }
  | { action: 'failed'; why: string };

function readVerdict(
  status: number,
  body: string,
  maxContentLength: number,
  messageType: string,
): Verdict {
  if (status < 200 || status >= 300) return { action: 'failed', why: `http_${status}` };
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return { action: 'failed', why: 'bad_answer' };
  }
  if (answer === null || typeof answer !== 'object') return { action: 'failed', why: 'bad_answer' };
  const { action, reason, content } = answer as Record<string, unknown>;
  if (action === 'allow') return { action };
  if (action === 'reject') {
    return {
      action,
      reason: typeof reason === 'string' ? [...reason].slice(0, MAX_REASON_LENGTH).join('') : '',
    };
  }
  // A text message cannot be emptied: that would store what a sender could not have sent.
  const usable =
    typeof content === 'string' &&
    [...content].length <= maxContentLength &&
    (messageType !== 'text' || content.trim() !== '');
  if (action === 'modify' && usable) return { action, content };
  return { action: 'failed', why: 'bad_answer' };
}

/**
 * `message.before_send`: the apps' synchronous hooks, called one after another (each sees the
 * content as the previous one left it) before a message is stored. A reject stops the send with
 * 422 `rejected_by_app`; a timeout or a bad answer counts as the hook's `on_failure`.
 */
@Injectable()
export class WebhookBeforeSendService {
  /** Whether any hook is enabled, as last asked (shared by the sends that wait for it). */
  private hooksKnown: { until: number; any: Promise<boolean> } | null = null;

  constructor(
    private readonly repository: WebhookBeforeSendRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The content to store (the hooks may change it); throws 422 when a hook refuses it. */
  async review(message: OutgoingMessage, maxContentLength: number): Promise<string | null> {
    if (!(await this.anyHooks())) return message.content;
    let content = message.content;
    for (const hook of await this.repository.hooksFor(message.sender_id)) {
      const verdict = await this.ask(hook, { ...message, content }, maxContentLength);
      if (verdict.action === 'modify') content = verdict.content;
      if (verdict.action === 'reject') throw this.rejection(hook, verdict.reason);
      if (verdict.action === 'failed' && hook.on_failure === 'reject') {
        throw this.rejection(hook, `before-send hook failed (${verdict.why})`);
      }
    }
    return content;
  }

  /**
   * One question to the database per `HOOKS_KNOWN_TTL_MS`, whatever the number of sends: concurrent
   * sends wait for the same answer (and so reach the send statement together, in one batch).
   */
  private anyHooks(): Promise<boolean> {
    const now = Date.now();
    if (!this.hooksKnown || now >= this.hooksKnown.until) {
      const any = this.repository.anyEnabled();
      const known = { until: now + HOOKS_KNOWN_TTL_MS, any };
      this.hooksKnown = known;
      // A failed question is not an answer: the next send asks again.
      any.catch(() => {
        if (this.hooksKnown === known) this.hooksKnown = null;
      });
    }
    return this.hooksKnown.any;
  }

  private rejection(hook: BeforeSendHook, reason: string): DomainError {
    return new DomainError(422, 'rejected_by_app', { reason }, [], { reason, app_id: hook.app_id });
  }

  private async ask(
    hook: BeforeSendHook,
    message: OutgoingMessage,
    maxContentLength: number,
  ): Promise<Verdict> {
    const now = new Date();
    const body = JSON.stringify({
      id: randomUUID(),
      type: BEFORE_SEND_EVENT,
      created_at: toIsoUtc(now),
      user_id: message.sender_id,
      data: message,
    });
    const outcome = await postJson(
      hook.url,
      body,
      deliveryHeaders(randomUUID(), 1, signingSecrets(hook, now), body, now),
      hook.timeout_ms,
      this.config.webhooks.allowPrivate,
    );
    if (outcome.kind === 'failed') return { action: 'failed', why: outcome.error };
    return readVerdict(outcome.status, outcome.body, maxContentLength, message.message_type);
  }
}
