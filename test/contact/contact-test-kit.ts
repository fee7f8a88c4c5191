import { recordDomainEvents, RecordedEvent } from '../support/domain-events';
import { TestUser } from '../support/fixtures';
import { TestApp } from '../support/test-app';

export type { RecordedEvent } from '../support/domain-events';

export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** Records every `contact.*` domain event the app emits, in order (without its transaction). */
export function recordContactEvents(t: TestApp): RecordedEvent[] {
  return recordDomainEvents(t, 'contact.');
}

/** `from` asks `to`; returns the request id. */
export async function sendRequest(t: TestApp, from: TestUser, to: TestUser): Promise<string> {
  const res = await t.post('friend-requests', { friend_id: to.id }, { token: from.token });
  if (res.status !== 201) throw new Error(`sendRequest: ${res.status} ${res.text}`);
  return (res.body as { id: string }).id;
}

/** Makes the two friends (a request and its acceptance). */
export async function befriend(t: TestApp, a: TestUser, b: TestUser): Promise<void> {
  const id = await sendRequest(t, a, b);
  const res = await t.post(`friend-requests/${id}/accept`, undefined, { token: b.token });
  if (res.status !== 200) throw new Error(`befriend: ${res.status} ${res.text}`);
}

/** The caller's friendship with `friend`, as the API shows it (null when none). */
export async function friendshipWith(
  t: TestApp,
  user: TestUser,
  friend: TestUser,
): Promise<Record<string, any> | null> {
  const res = await t.get(`friendships/with/${friend.id}`, { token: user.token });
  return res.status === 200 ? (res.body as Record<string, any>) : null;
}
