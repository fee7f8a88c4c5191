import { Scope } from '../../src/common/http/request-principal';
import { recordDomainEvents, RecordedEvent } from '../support/domain-events';
import { createUser, TestUser } from '../support/fixtures';
import { TestApp } from '../support/test-app';

export type { RecordedEvent } from '../support/domain-events';

/** Records every `group.*` domain event the app emits, in order (without its transaction). */
export function recordGroupEvents(t: TestApp): RecordedEvent[] {
  return recordDomainEvents(t, 'group.');
}

export async function users(
  t: TestApp,
  count: number,
  scopes?: readonly Scope[],
): Promise<TestUser[]> {
  const list: TestUser[] = [];
  for (let i = 0; i < count; i += 1) list.push(await createUser(t, { scopes }));
  return list;
}

/** Creates a group owned by `owner` with `others`; returns its id. */
export async function createGroup(
  t: TestApp,
  owner: TestUser,
  others: readonly TestUser[],
  name?: string,
): Promise<string> {
  const res = await t.post(
    'groups',
    { name, user_ids: others.map((u) => u.id) },
    { token: owner.token },
  );
  if (res.status !== 201) throw new Error(`createGroup: ${res.status} ${res.text}`);
  return (res.body as { id: string }).id;
}

export const MISSING_ID = '00000000-0000-4000-8000-000000000000';
