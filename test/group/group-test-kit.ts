import { EventEmitter2 } from '@nestjs/event-emitter';
import { Scope } from '../../src/common/http/request-principal';
import { createUser, TestUser } from '../support/fixtures';
import { TestApp } from '../support/test-app';

export interface RecordedEvent {
  name: string;
  payload: Record<string, unknown>;
}

/** Records every `group.*` domain event the app emits, in order. */
export function recordGroupEvents(t: TestApp): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  t.app.get(EventEmitter2).onAny((name: string | string[], payload: Record<string, unknown>) => {
    const key = Array.isArray(name) ? name.join('.') : name;
    if (key.startsWith('group.')) events.push({ name: key, payload });
  });
  return events;
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
