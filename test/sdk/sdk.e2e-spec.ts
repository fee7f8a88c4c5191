import { createPartyClient, PartyClient } from '../../sdk/typescript/src';
import { freshMobile, lastCode } from '../auth/auth-helpers';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The committed SDK (sdk/typescript, generated from openapi.yaml) driven against a real server,
 * as a third-party developer would: no request below is written by hand.
 */
describe('the generated TypeScript SDK', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Verify code, registration and a password-grant token, all through the SDK. */
  async function signUp(username: string): Promise<{ id: string; client: PartyClient }> {
    const anonymous = createPartyClient(t.baseUrl);
    const mobile = freshMobile();
    const sent = await anonymous.POST('/api/party/auth/verify-codes', {
      body: { phone_code: '86', mobile, purpose: 'register' },
    });
    expect(sent.response.status).toBe(201);
    const registered = await anonymous.POST('/api/party/auth/register', {
      body: {
        username,
        password: 'correct horse battery',
        phone_code: '86',
        mobile,
        verify_code: lastCode(t, `+86${mobile}`, 'register'),
      },
    });
    expect(registered.response.status).toBe(201);
    const token = await anonymous.POST('/oauth/token', {
      body: { grant_type: 'password', username, password: 'correct horse battery' },
    });
    expect(token.response.status).toBe(200);
    return {
      id: registered.data!.id,
      client: createPartyClient(t.baseUrl, token.data!.access_token),
    };
  }

  it('registers, befriends, sends and reads history through the SDK', async () => {
    const lilei = await signUp('LiLeiSdk');
    const hanmeimei = await signUp('HanMeimeiSdk');

    const me = await lilei.client.GET('/api/party/user');
    expect(me.data).toMatchObject({ id: lilei.id, username: 'LiLeiSdk' });

    const request = await lilei.client.POST('/api/party/friend-requests', {
      body: { friend_id: hanmeimei.id, message: 'Hi, Li Lei here' },
    });
    expect(request.response.status).toBe(201);
    expect(request.data).toMatchObject({ state: 'pending' });

    const received = await hanmeimei.client.GET('/api/party/friend-requests/received', {
      params: { query: { page: 1, per_page: 10 } },
    });
    expect(received.data?.data.map((item) => item.id)).toEqual([request.data!.id]);
    expect(received.response.headers.get('X-Total-Count')).toBe('1');

    const accepted = await hanmeimei.client.POST('/api/party/friend-requests/{id}/accept', {
      params: { path: { id: request.data!.id } },
    });
    expect(accepted.response.status).toBe(200);
    expect(accepted.data).toMatchObject({ state: 'accepted' });

    const sent: number[] = [];
    for (const content of ['Hello', 'How are you?']) {
      const message = await lilei.client.POST('/api/party/messages', {
        body: { to_user: hanmeimei.id, content },
      });
      expect(message.response.status).toBe(201);
      expect(message.data).toMatchObject({ message_type: 'text', content, sender_id: lilei.id });
      sent.push(message.data!.seq);
    }
    const reply = await hanmeimei.client.POST('/api/party/messages', {
      body: { to_user: lilei.id, content: 'Fine, thanks', message_type: 'text' },
    });
    expect(reply.response.status).toBe(201);

    const history = await hanmeimei.client.GET('/api/party/conversations/{kind}/{id}/messages', {
      params: { path: { kind: 'user', id: lilei.id }, query: { limit: 10 } },
    });
    expect(history.response.status).toBe(200);
    const contents = history.data!.data.map((message) => message.content);
    expect(contents).toEqual(expect.arrayContaining(['Hello', 'How are you?', 'Fine, thanks']));
    expect(history.data!.has_more).toBe(false);
    const page = await hanmeimei.client.GET('/api/party/conversations/{kind}/{id}/messages', {
      params: { path: { kind: 'user', id: lilei.id }, query: { limit: 1 } },
    });
    expect(page.data!.data).toHaveLength(1);
    expect(page.data!.has_more).toBe(true);
    expect(typeof page.data!.next_before_seq).toBe('number');
    expect(sent[1]).toBeGreaterThan(sent[0]);
  });

  it('uploads through a multipart body and downloads the bytes, with errors still parsed as JSON', async () => {
    const owner = await signUp('UploaderSdk');
    const stranger = await signUp('StrangerSdk');
    const bytes = Buffer.from('meeting notes\n');
    const upload = await owner.client.POST('/api/party/files', {
      body: { file: 'notes.txt' },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', new Blob([bytes], { type: 'text/plain' }), body.file);
        return form;
      },
    });
    expect(upload.response.status).toBe(201);
    const download = await owner.client.GET('/api/party/files/{id}', {
      params: { path: { id: upload.data!.id } },
      parseAs: 'arrayBuffer',
    });
    expect(download.response.status).toBe(200);
    expect(Buffer.from(download.data!)).toEqual(bytes);
    expect(download.response.headers.get('Content-Disposition')).toContain('notes.txt');
    const hidden = await stranger.client.GET('/api/party/files/{id}', {
      params: { path: { id: upload.data!.id } },
      parseAs: 'arrayBuffer',
    });
    expect(hidden.response.status).toBe(404);
    expect(hidden.error).toMatchObject({ code: 'not_found' });
  });

  it('answers typed errors: bad input names the field, no token is a 401, the sender may not accept (403), a stranger cannot see it (404)', async () => {
    const alice = await signUp('AliceSdk');
    const bad = await alice.client.POST('/api/party/messages', {
      // @ts-expect-error the SDK knows message_type's values; the server refuses others too.
      body: { to_user: alice.id, content: 'x', message_type: 'gif' },
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toMatchObject({ code: 'validation_failed' });
    expect(bad.error?.details.map((detail) => detail.field)).toContain('message_type');

    const anonymous = createPartyClient(t.baseUrl);
    const unauthorized = await anonymous.GET('/api/party/user');
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.error).toMatchObject({ code: 'unauthorized' });
    const revoked = await createPartyClient(t.baseUrl, 'not-a-token').GET('/api/party/user');
    expect(revoked.response.status).toBe(401);
    expect(revoked.error).toMatchObject({ code: 'invalid_token' });

    const bob = await signUp('BobSdk');
    const request = await alice.client.POST('/api/party/friend-requests', {
      body: { friend_id: bob.id },
    });
    const own = await alice.client.POST('/api/party/friend-requests/{id}/accept', {
      params: { path: { id: request.data!.id } },
    });
    expect(own.response.status).toBe(403);
    const carol = await signUp('CarolSdk');
    const notHers = await carol.client.POST('/api/party/friend-requests/{id}/accept', {
      params: { path: { id: request.data!.id } },
    });
    expect(notHers.response.status).toBe(404);
    expect(notHers.error).toMatchObject({ code: 'not_found' });
    const stillPending = await bob.client.GET('/api/party/friend-requests/received');
    expect(stillPending.data?.data.map((item) => item.state)).toEqual(['pending']);
  });
});
