import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('JSON bodies', () => {
  let t: TestApp;
  let sender: TestUser;
  let reader: TestUser;
  let messageId: string;
  beforeAll(async () => {
    t = await startTestApp();
    sender = await createUser(t);
    reader = await createUser(t);
    const sent = await t.post(
      'messages',
      { to_user: reader.id, content: 'hello' },
      { token: sender.token },
    );
    expect(sent.status).toBe(201);
    messageId = sent.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts a bodyless POST that says Content-Type: application/json', async () => {
    const read = await t.request('POST', `messages/${messageId}/read`, {
      token: reader.token,
      headers: JSON_HEADERS,
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ unread_count: 0 });
    // The same with an explicit Content-Length: 0 and a charset.
    const again = await t.request('POST', `messages/${messageId}/read`, {
      token: reader.token,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '0' },
    });
    expect(again.status).toBe(200);
  });

  it('treats an empty JSON body like no body where a body is required (400 naming the field)', async () => {
    const res = await t.request('POST', 'messages', {
      token: sender.token,
      headers: { ...JSON_HEADERS, 'accept-language': 'zh-CN' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('to_user');
  });

  it('still refuses a broken or whitespace-only JSON body with 400 invalid_body', async () => {
    for (const body of ['{"content": ', ' ']) {
      const res = await t.request('POST', `messages/${messageId}/read`, {
        token: reader.token,
        headers: JSON_HEADERS,
        body,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_body');
    }
  });

  it('still parses a JSON body and refuses unknown fields', async () => {
    const body = { to_user: reader.id, content: 'parsed' };
    const sent = await t.post('messages', body, { token: sender.token });
    expect(sent.status).toBe(201);
    expect(sent.body.content).toBe('parsed');
    const res = await t.post('messages', { ...body, surprise: 1 }, { token: sender.token });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'surprise' })]);
  });
});
