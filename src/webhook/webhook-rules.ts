import { randomBytes } from 'node:crypto';
import { FieldProblem, ValidationFailedError } from '../common/errors/domain-error';
import { EVENT_SCOPES, StoredEventType } from '../events/event-catalogue';
import { BEFORE_SEND_EVENT } from './dto/webhook.dto';
import { resolveTarget, UnsafeTargetError } from './webhook-address';

export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('hex')}`;
}

/** The event-type rules: before-send alone, and only types whose scope the app may hold. */
export function eventProblems(
  events: readonly string[],
  appScopes: readonly string[],
): FieldProblem[] {
  if (events.includes(BEFORE_SEND_EVENT)) {
    return events.length === 1
      ? appScopes.includes('party_message')
        ? []
        : [
            {
              field: 'events',
              code: 'webhook_event_scope',
              params: { scope: 'party_message', type: BEFORE_SEND_EVENT },
            },
          ]
      : [{ field: 'events', code: 'webhook_before_send_alone' }];
  }
  return events
    .filter((type) => !appScopes.includes(EVENT_SCOPES[type as StoredEventType]))
    .slice(0, 1)
    .map((type) => ({
      field: 'events',
      code: 'webhook_event_scope',
      params: { scope: EVENT_SCOPES[type as StoredEventType], type },
    }));
}

/** 400 naming `url` when it resolves to an address webhooks may not reach (SSRF). */
export async function checkWebhookUrl(url: string, allowPrivate: boolean): Promise<void> {
  try {
    await resolveTarget(new URL(url), allowPrivate);
  } catch (error) {
    if (!(error instanceof UnsafeTargetError)) throw error;
    throw ValidationFailedError.field(
      'url',
      error.reason === 'forbidden_address' ? 'webhook_url_forbidden' : 'webhook_url_unresolvable',
    );
  }
}
