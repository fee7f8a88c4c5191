import { createHash, randomBytes } from 'node:crypto';
import { ConsentClient } from '../auth/auth-helpers';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { mirror, seedGroup } from './support';

/** A valid 1x1 PNG followed by random bytes (still sniffed as PNG). */
function pngBytes(extra: number): Buffer {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  );
  return Buffer.concat([png, randomBytes(extra)]);
}

function form(bytes: Buffer, name: string, field = 'file'): FormData {
  const body = new FormData();
  body.append(field, new Blob([bytes]), name);
  return body;
}

describe('Attachments and merged histories', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let eve: TestUser;
  let groupId: string;

  beforeAll(async () => {
    t = await startTestApp({ ATTACHMENT_MAX_BYTES: String(64 * 1024) });
    [alice, bob, carol, eve] = await Promise.all(
      ['Alice', 'Bob', 'Carol', 'Eve'].map((nickname) => createUser(t, { nickname })),
    );
    groupId = await seedGroup(t, alice, [bob, carol], 'Photos & <Friends>');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('files', () => {
    it('round-trips an attachment byte for byte to the recipient only', async () => {
      const bytes = pngBytes(2048);
      const upload = await t.post('files', form(bytes, 'cat.txt'), { token: alice.token });
      expect(upload.status).toBe(201);
      expect(upload.body).toMatchObject({
        file_name: 'cat.txt',
        mime: 'image/png',
        kind: 'image',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        url: `/api/party/files/${upload.body.id}`,
      });
      const sent = await t.post(
        'messages',
        { to_user: bob.id, message_type: 'image', attachment_ids: [upload.body.id] },
        { token: alice.token },
      );
      expect(sent.status).toBe(201);
      expect(sent.body.attachments).toEqual([
        expect.objectContaining({ id: upload.body.id, mime: 'image/png', size: bytes.length }),
      ]);
      const download = await fetch(`${t.baseUrl}/api/party/files/${upload.body.id}`, {
        headers: { authorization: `Bearer ${bob.token}` },
      });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
      expect((await t.get(`files/${upload.body.id}`, { token: carol.token })).status).toBe(404);
      expect((await t.get(`files/${upload.body.id}`)).status).toBe(401);
      expect((await t.get('files/nope', { token: bob.token })).status).toBe(404);
    });

    it('lets group members read a file sent to the group', async () => {
      const upload = await t.post('files', form(Buffer.from('meeting notes\n'), 'notes.txt'), {
        token: bob.token,
      });
      expect(upload.body).toMatchObject({ mime: 'text/plain', kind: 'file' });
      await t.post(
        'messages',
        { to_group: groupId, message_type: 'file', attachment_ids: [upload.body.id] },
        { token: bob.token },
      );
      const res = await t.get(`files/${upload.body.id}`, { token: carol.token });
      expect([res.status, res.text]).toEqual([200, 'meeting notes\n']);
      expect((await t.get(`files/${upload.body.id}`, { token: eve.token })).status).toBe(404);
    });

    it("refuses someone else's upload, a missing file and files over the limit", async () => {
      const upload = await t.post('files', form(pngBytes(10), 'a.png'), { token: alice.token });
      const stolen = await t.post(
        'messages',
        { to_user: alice.id, message_type: 'image', attachment_ids: [upload.body.id] },
        { token: bob.token },
      );
      expect([stolen.status, stolen.body.code]).toEqual([422, 'unknown_reference']);
      const noFile = await t.post('files', form(Buffer.from('x'), 'x.txt', 'other'), {
        token: alice.token,
      });
      expect(noFile.status).toBe(400);
      const json = await t.post('files', { file: 'x' }, { token: alice.token });
      expect([json.status, json.body.code]).toEqual([415, 'unsupported_media_type']);
      expect(json.body.error).toContain('application/json');
      const big = await t.post('files', form(pngBytes(70 * 1024), 'big.png'), {
        token: alice.token,
      });
      expect(big.status).toBe(413);
      const narrow = await createUser(t, { scopes: ['party_user'] });
      expect(
        (await t.post('files', form(pngBytes(1), 'a.png'), { token: narrow.token })).status,
      ).toBe(403);
    });
  });

  describe('uploads the parser cannot read, and odd files', () => {
    const raw = (contentType: string, body: string | Buffer) =>
      fetch(`${t.baseUrl}/api/party/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': contentType },
        body,
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { code: string },
      }));

    it('answers a truncated or boundary-less multipart body with a 400', async () => {
      const truncated = await raw(
        'multipart/form-data; boundary=XYZ',
        '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc',
      );
      expect([truncated.status, truncated.body.code]).toEqual([400, 'invalid_multipart']);
      const noBoundary = await raw('multipart/form-data', 'whatever');
      expect(noBoundary.status).toBe(400);
    });

    it('refuses a second file, and keeps a file too short for its header as bytes', async () => {
      const two = new FormData();
      two.append('file', new Blob([Buffer.from('one')]), 'one.txt');
      two.append('file', new Blob([Buffer.from('two')]), 'two.txt');
      const twice = await t.post('files', two, { token: alice.token });
      expect([twice.status, twice.body.details[0]]).toEqual([
        400,
        expect.objectContaining({ field: 'file', code: 'too_many_files' }),
      ]);
      const pngHeaderOnly = Buffer.from('89504e470d0a1a0a0000', 'hex');
      const tiny = await t.post('files', form(pngHeaderOnly, 'x\u0000y.png'), {
        token: alice.token,
      });
      expect(tiny.status).toBe(201);
      expect(tiny.body).toMatchObject({ mime: 'application/octet-stream', file_name: 'xy.png' });
    });
  });

  describe('merged histories', () => {
    it('freezes a range of group history for members, with an HTML page', async () => {
      for (const content of ['<b>one</b>', 'two', 'three']) {
        await t.post('messages', { to_group: groupId, content }, { token: alice.token });
      }
      await t.post(
        'messages',
        { to_group: groupId, to_user: bob.id, content: 'private' },
        { token: alice.token },
      );
      const created = await t.post(`groups/${groupId}/merged-histories`, {}, { token: bob.token });
      expect(created.status).toBe(201);
      expect(created.body.url).toBe(`/h/${created.body.merge_id}`);
      // After the copy, new messages do not change it.
      await t.post('messages', { to_group: groupId, content: 'later' }, { token: alice.token });
      const res = await t.get(`merged-histories/${created.body.merge_id}`, { token: carol.token });
      expect(res.status).toBe(200);
      const contents = res.body.messages.map((m: any) => m.content);
      expect(contents).toContain('<b>one</b>');
      expect(contents).not.toContain('private');
      expect(contents).not.toContain('later');
      expect(res.body).toMatchObject({ group_id: groupId, group_name: 'Photos & <Friends>' });
      expect(res.body.creator).toMatchObject({ id: bob.id });
      const seqs = res.body.messages.map((m: any) => m.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

      // The page is for browsers: their Party session, never a token in the URL.
      const pagePath = `/h/${created.body.merge_id}`;
      const browser = new ConsentClient(t.baseUrl);
      const anonymous = await browser.get(pagePath);
      expect(anonymous.status).toBe(303);
      expect(anonymous.location).toBe(`/oauth/sign-in?return_to=${encodeURIComponent(pagePath)}`);
      const byQuery = await browser.get(`${pagePath}?access_token=${carol.token}`);
      expect(byQuery.status).toBe(303);
      const form = await browser.get(anonymous.location!);
      expect(form.status).toBe(200);
      const signedIn = await browser.post('/oauth/sign-in', {
        ...ConsentClient.hidden(form.html),
        login: carol.username,
        password: carol.password,
      });
      expect([signedIn.status, signedIn.location]).toEqual([303, pagePath]);
      const page = await fetch(new URL(pagePath, t.baseUrl), {
        headers: { cookie: browser.cookies() },
      });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      const text = await page.text();
      expect(text).toContain('&lt;b&gt;one&lt;/b&gt;');
      expect(text).not.toContain('<b>one</b>');
      expect(text).toContain('Photos &amp; &lt;Friends&gt;');

      // Someone signed in who is not a member sees nothing of it.
      const stranger = new ConsentClient(t.baseUrl);
      const strangerForm = await stranger.get(anonymous.location!);
      await stranger.post('/oauth/sign-in', {
        ...ConsentClient.hidden(strangerForm.html),
        login: eve.username,
        password: eve.password,
      });
      expect((await stranger.get(pagePath)).status).toBe(404);

      expect(
        (await t.post(`groups/${groupId}/merged-histories`, {}, { token: eve.token })).status,
      ).toBe(404);
    });

    it('copies a chosen range and refuses an empty one', async () => {
      const res = await t.post(
        `groups/${groupId}/merged-histories`,
        { from_seq: 2, to_seq: 3 },
        { token: alice.token },
      );
      expect(res.status).toBe(201);
      expect(res.body.message_count).toBe(2);
      const empty = await t.post(
        `groups/${groupId}/merged-histories`,
        { from_seq: 5000 },
        { token: alice.token },
      );
      expect([empty.status, empty.body.code]).toEqual([409, 'merged_history_empty']);
      const bad = await t.post(
        `groups/${groupId}/merged-histories`,
        { from_seq: 0 },
        { token: alice.token },
      );
      expect(bad.status).toBe(400);
      const reversed = await t.post(
        `groups/${groupId}/merged-histories`,
        { from_seq: 3, to_seq: 2 },
        { token: alice.token },
      );
      expect([reversed.status, reversed.body.code]).toEqual([400, 'validation_failed']);
      expect(reversed.body.details.map((d: { field: string }) => d.field)).toEqual([
        'from_seq',
        'to_seq',
      ]);
      // One seq on both ends is a range of one message, not a reversed one.
      const single = await t.post(
        `groups/${groupId}/merged-histories`,
        { from_seq: 2, to_seq: 2 },
        { token: alice.token },
      );
      expect([single.status, single.body.message_count]).toEqual([201, 1]);
      for (const field of ['from_seq', 'to_seq']) {
        for (const value of [{ toString: 'x' }, {}]) {
          const res = await t.post(
            `groups/${groupId}/merged-histories`,
            { [field]: value },
            { token: alice.token },
          );
          expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
          expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
        }
      }
      // A form body still converts its strings.
      const form = await t.post(
        `groups/${groupId}/merged-histories`,
        new URLSearchParams({ from_seq: '2', to_seq: '3' }),
        { token: alice.token },
      );
      expect([form.status, form.body.message_count]).toEqual([201, 2]);
      // A member who left can no longer read the group's histories.
      await mirror(t).onMemberLeft({ groupId, userId: carol.id });
      expect(
        (await t.get(`merged-histories/${res.body.merge_id}`, { token: carol.token })).status,
      ).toBe(404);
    });
  });
});
