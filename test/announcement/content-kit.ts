import { Scope } from '../../src/common/http/request-principal';
import { createUser, TestUser } from '../support/fixtures';
import { TestApp } from '../support/test-app';

export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** A group with an owner, a manager and a plain member, plus an outsider and a user lacking `scope`. */
export interface ContentCast {
  groupId: string;
  owner: TestUser;
  manager: TestUser;
  member: TestUser;
  outsider: TestUser;
  noScope: TestUser;
}

export async function createCast(t: TestApp, scope: Scope): Promise<ContentCast> {
  const owner = await createUser(t, { nickname: '王群主' });
  const manager = await createUser(t, { nickname: 'Manny' });
  const member = await createUser(t, { nickname: 'Mia' });
  const outsider = await createUser(t, { nickname: 'Otto' });
  const noScope = await createUser(t, {
    scopes: ['party_user', 'party_contact', 'party_group', 'party_message', 'party_file'].filter(
      (s) => s !== scope,
    ) as Scope[],
  });
  const groupId = await createGroup(t, owner, [manager, member, noScope]);
  const promoted = await t.patch(
    `groups/${groupId}/members/${manager.id}`,
    { role: 'manager' },
    { token: owner.token },
  );
  if (promoted.status !== 200) throw new Error(`promote: ${promoted.status} ${promoted.text}`);
  return { groupId, owner, manager, member, outsider, noScope };
}

export async function createGroup(
  t: TestApp,
  owner: TestUser,
  others: readonly TestUser[],
): Promise<string> {
  const res = await t.post('groups', { user_ids: others.map((u) => u.id) }, { token: owner.token });
  if (res.status !== 201) throw new Error(`createGroup: ${res.status} ${res.text}`);
  return (res.body as { id: string }).id;
}

/** `n` copies of a CJK character: each one is one code point (three UTF-8 bytes). */
export const zh = (n: number): string => '中'.repeat(n);

export const fields = (body: { details: { field: string; code: string }[] }): string[] =>
  body.details.map((d) => `${d.field}:${d.code}`);
