import { signatureHeader } from './webhook-signature';

/** The secrets that sign now: the current one, and the previous one during its overlap. */
export function signingSecrets(
  hook: { secret: string; previous_secret: string | null; previous_secret_expires_at: Date | null },
  now: Date,
): string[] {
  const previous =
    hook.previous_secret && hook.previous_secret_expires_at && hook.previous_secret_expires_at > now
      ? [hook.previous_secret]
      : [];
  return [hook.secret, ...previous];
}

export function deliveryHeaders(
  webhookId: string,
  attempt: number,
  secrets: string[],
  body: string,
  now: Date,
): Record<string, string> {
  return {
    'party-webhook-id': webhookId,
    'party-webhook-attempt': String(attempt),
    'party-signature': signatureHeader(secrets, body, Math.floor(now.getTime() / 1000)),
  };
}
