import { drain, startCursor } from '../events/realtime-support';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// PostgreSQL reads an id in any case; the services compare ids as strings. Every id a request
// gives is taken in lower case, so an upper-case spelling means what the lower-case one means.
describe('ids spelled in upper case', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a send to yourself as it refuses the lower-case id (422 not_addable)', async () => {
    const res = await t.post(
      'messages',
      { to_user: alice.id.toUpperCase(), content: 'me' },
      { token: alice.token },
    );
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'to_user', code: 'not_addable' }),
    ]);
    const history = await t.get(`conversations/user/${alice.id}/messages`, { token: alice.token });
    expect(history.status).toBe(404);
  });

  it('sends to an upper-case peer: the answer, the event and the history say one id', async () => {
    const cursor = await startCursor(t, bob.token);
    const sent = await t.post(
      'messages',
      { to_user: bob.id.toUpperCase(), content: 'hi' },
      { token: alice.token },
    );
    expect(sent.status).toBe(201);
    const { events } = await drain(t, bob.token, cursor);
    const created = events.find((event) => event.type === 'message.created');
    expect(created.data).toMatchObject({ id: sent.body.id, to_user: bob.id });
    const page = await t.get(`conversations/user/${alice.id.toUpperCase()}/messages`, {
      token: bob.token,
    });
    expect(page.status).toBe(200);
    expect(page.body.data.map((m: { id: string }) => m.id)).toEqual([sent.body.id]);
  });

  it('sees yourself and duplicates through the spelling when creating a group (400)', async () => {
    const withSelf = await t.post(
      'groups',
      { name: 'g', user_ids: [alice.id.toUpperCase(), bob.id, carol.id] },
      { token: alice.token },
    );
    expect(withSelf.status).toBe(400);
    expect(withSelf.body.details).toEqual([
      expect.objectContaining({ field: 'user_ids', code: 'includes_self' }),
    ]);
    const twice = await t.post(
      'groups',
      { name: 'g', user_ids: [carol.id.toUpperCase(), carol.id, bob.id] },
      { token: alice.token },
    );
    expect(twice.status).toBe(400);
    expect(twice.body.details).toEqual([expect.objectContaining({ field: 'user_ids' })]);
    const created = await t.post(
      'groups',
      { name: 'g', user_ids: [carol.id.toUpperCase(), bob.id.toUpperCase()] },
      { token: alice.token },
    );
    expect(created.status).toBe(201);
    const group = await t.get(`groups/${created.body.id.toUpperCase()}`, { token: alice.token });
    expect(group.status).toBe(200);
    expect(group.body.id).toBe(created.body.id);
  });
});
