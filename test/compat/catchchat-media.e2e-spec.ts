import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { catchchat, form, tokenHeader } from './catchchat-support';

/** A valid 1x1 PNG followed by random bytes (still sniffed as PNG). */
function pngBytes(): Buffer {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  );
  return Buffer.concat([png, randomBytes(512)]);
}

/** The start of an MP4 (an `ftyp` box), sniffed as video/mp4. */
function mp4Bytes(): Buffer {
  const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d6d703432', 'hex');
  return Buffer.concat([ftyp, randomBytes(512)]);
}

function fileForm(bytes: Buffer, name: string): FormData {
  const body = new FormData();
  body.append('file', new Blob([bytes]), name);
  return body;
}

interface UploadOptions {
  url: string;
  method: string;
  field: string;
  token: string;
  key: string;
}

describe('CatchChat v4: image and video messages (seed 004)', () => {
  let t: TestApp;
  let ruanwz: TestUser;
  let tumayun: TestUser;
  let outsider: TestUser;
  let ids: { ruanwz: number; tumayun: number };

  async function intIdOf(user: TestUser): Promise<number> {
    return (await catchchat(t, user.token).get('/api/v4/user')).body.id as number;
  }

  async function draft(from: TestUser, mediaType: 1 | 2, text?: string) {
    return catchchat(t, from.token).post(
      '/api/v4/messages',
      form({
        recipient_id: ids.tumayun,
        recipient_type: 'User',
        media_type: mediaType,
        ...(text ? { text_content: text } : {}),
        battery_level: 70,
      }),
    );
  }

  function upload(user: TestUser, options: UploadOptions, body: FormData, token = options.token) {
    return t.post(options.url, body, {
      headers: { ...tokenHeader(user.token), 'x-upload-token': token, 'accept-language': 'zh-CN' },
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    ruanwz = await createUser(t, { username: 'ruanwztest' });
    tumayun = await createUser(t, { username: 'tumayun' });
    outsider = await createUser(t, { username: 'outsider' });
    ids = { ruanwz: await intIdOf(ruanwz), tumayun: await intIdOf(tumayun) };
  });
  afterAll(async () => {
    await t.close();
  });

  it('the seed flow: image message drafted → upload_token → upload → delivered with its file', async () => {
    const created = await draft(ruanwz, 1, 'A photo');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      battery_level: 70,
      state: 1,
      state_string: '草稿',
      media_type: 'image',
      media_type_string: '一张图片',
    });
    const id = created.body.id as number;
    // Nothing reached the recipient yet.
    const before = await t.get(`conversations/user/${ruanwz.id}/messages`, {
      token: tumayun.token,
    });
    expect(before.body.data ?? []).toEqual([]);

    // The seed's unversioned path, with the seed's header.
    const token = await catchchat(t, ruanwz.token).get(`/api/messages/${id}/upload_token`);
    expect(token.status).toBe(200);
    expect(token.body).toEqual({
      provider: 'party',
      options: {
        url: `/api/v4/messages/${id}/attachment`,
        method: 'POST',
        field: 'file',
        token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
        key: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    });
    const options = token.body.options as UploadOptions;
    const stored = await t.get('/api/v4/messages/' + id, { headers: tokenHeader(ruanwz.token) });
    expect(stored.status).toBe(404);

    const sent = await upload(ruanwz, options, fileForm(pngBytes(), 'cat.png'));
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      id,
      recipient_id: ids.tumayun,
      recipient_type: 'User',
      text_content: 'A photo',
      media_type: 'image',
      media_type_string: '一张图片',
      battery_level: 70,
      state: 2,
      state_string: '未读',
      attachments: [
        {
          file: {
            storage: 'party',
            expires_in: null,
            url: expect.stringMatching(/^\/api\/party\/files\//),
          },
          fallback_file: null,
        },
      ],
    });

    // The recipient sees the real message: natively, and by the draft's integer id.
    const history = await t.get(`conversations/user/${ruanwz.id}/messages`, {
      token: tumayun.token,
    });
    expect(history.status).toBe(200);
    expect(history.body.data).toHaveLength(1);
    expect(history.body.data[0]).toMatchObject({
      message_type: 'image',
      content: 'A photo',
      attachments: [{ kind: 'image', mime: 'image/png' }],
    });
    const viaCatchChat = await catchchat(t, tumayun.token).get(`/api/v4/messages/${id}`);
    expect(viaCatchChat.status).toBe(200);
    expect(viaCatchChat.body.media_type).toBe('image');
    expect(viaCatchChat.body.attachments[0].file.url).toBe(history.body.data[0].attachments[0].url);
    const file = await t.get(viaCatchChat.body.attachments[0].file.url, { token: tumayun.token });
    expect(file.status).toBe(200);

    // Completed once: a repeat answers the same message and sends nothing more.
    const again = await upload(ruanwz, options, fileForm(pngBytes(), 'cat.png'));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(id);
    const after = await t.get(`conversations/user/${ruanwz.id}/messages`, {
      token: tumayun.token,
    });
    expect(after.body.data).toHaveLength(1);
    // And no token for it any more: it is no draft.
    const late = await catchchat(t, ruanwz.token).get(`/api/messages/${id}/upload_token`);
    expect(late.status).toBe(404);
    expect(late.body).toEqual({ error: expect.any(String) });
  });

  it('a video too, through /api/v4/ and a file of the wrong type refused', async () => {
    const created = await draft(ruanwz, 2);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 1,
      media_type: 'video',
      media_type_string: '一段视频',
    });
    const token = await catchchat(t, ruanwz.token).get(
      `/api/v4/messages/${created.body.id}/upload_token`,
    );
    expect(token.status).toBe(200);
    const options = token.body.options as UploadOptions;
    const wrongKind = await upload(ruanwz, options, fileForm(pngBytes(), 'not-a-video.png'));
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body).toEqual({ error: expect.stringContaining('video') });
    const sent = await upload(ruanwz, options, fileForm(mp4Bytes(), 'clip.mp4'));
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      id: created.body.id,
      media_type: 'video',
      media_type_string: '一段视频',
      attachments: [{ file: { storage: 'party' } }],
    });
    const seen = await catchchat(t, tumayun.token).get(`/api/v4/messages/${created.body.id}`);
    expect(seen.body.media_type).toBe('video');
  });

  it("another user's draft: no upload token, no upload (the seed's 404)", async () => {
    const created = await draft(ruanwz, 1);
    const id = created.body.id as number;
    const token = await catchchat(t, ruanwz.token).get(`/api/messages/${id}/upload_token`);
    const options = token.body.options as UploadOptions;
    for (const other of [tumayun, outsider]) {
      const asked = await catchchat(t, other.token).get(`/api/messages/${id}/upload_token`);
      expect(asked.status).toBe(404);
      expect(asked.body).toEqual({ error: expect.any(String) });
      const uploaded = await upload(other, options, fileForm(pngBytes(), 'x.png'));
      expect(uploaded.status).toBe(404);
      expect(uploaded.body).toEqual({ error: expect.any(String) });
    }
    const noToken = await t.get(`/api/messages/${id}/upload_token`);
    expect(noToken.status).toBe(401);
    expect(noToken.body).toEqual({ error: 'HTTP Token: Access denied.' });
  });

  it('a wrong, replaced or used upload token is refused', async () => {
    const first = await draft(ruanwz, 1);
    const second = await draft(ruanwz, 1);
    const ask = (id: number) => catchchat(t, ruanwz.token).get(`/api/messages/${id}/upload_token`);
    const old = (await ask(first.body.id)).body.options as UploadOptions;
    const current = (await ask(first.body.id)).body.options as UploadOptions;
    expect(current.token).not.toBe(old.token);
    const replaced = await upload(ruanwz, current, fileForm(pngBytes(), 'a.png'), old.token);
    expect(replaced.status).toBe(403);
    expect(replaced.body).toEqual({ error: '上传 token 错误或已使用，请重新获取 upload_token' });
    const wrong = await upload(ruanwz, current, fileForm(pngBytes(), 'a.png'), 'nope');
    expect(wrong.status).toBe(403);
    const none = await t.post(current.url, fileForm(pngBytes(), 'a.png'), {
      headers: tokenHeader(ruanwz.token),
    });
    expect(none.status).toBe(403);
    expect((await upload(ruanwz, current, fileForm(pngBytes(), 'a.png'))).status).toBe(201);
    // The used token does not open the second draft, whose own token was never asked.
    const secondUrl = `/api/v4/messages/${second.body.id}/attachment`;
    const reused = await upload(
      ruanwz,
      { ...current, url: secondUrl },
      fileForm(pngBytes(), 'b.png'),
    );
    expect(reused.status).toBe(403);
  });

  it('a blocked recipient is refused at creation, and at upload when he blocks in between', async () => {
    await t.post('blocks', { user_id: outsider.id }, { token: tumayun.token });
    const refused = await draft(outsider, 1);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toContain('recipient_id');
    expect(refused.body.error).toContain(String(ids.tumayun));
    expect(refused.body.error).not.toContain(tumayun.id);
    const unknown = await catchchat(t, ruanwz.token).post(
      '/api/v4/messages',
      form({ recipient_id: 99999999, recipient_type: 'User', media_type: 2 }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatch(/recipient_id/);

    // Drafted while allowed; tumayun blocks ruanwz before the upload: the send is refused and
    // the draft stays (its id still takes an upload token).
    const created = await draft(ruanwz, 1);
    expect(created.status).toBe(201);
    const options = (
      await catchchat(t, ruanwz.token).get(`/api/messages/${created.body.id}/upload_token`)
    ).body.options as UploadOptions;
    const block = await t.post('blocks', { user_id: ruanwz.id }, { token: tumayun.token });
    expect(block.status).toBe(201);
    const late = await upload(ruanwz, options, fileForm(pngBytes(), 'late.png'));
    expect(late.status).toBe(422);
    expect(late.body.error).toContain('recipient_id');
    expect(late.body.error).toContain(String(ids.tumayun));
    expect(late.body.error).not.toContain(tumayun.id);
    const still = await catchchat(t, ruanwz.token).get(
      `/api/messages/${created.body.id}/upload_token`,
    );
    expect(still.status).toBe(200);
  });

  it('to a group: its members may draft and send, nobody else may draft', async () => {
    // Fresh members: tumayun blocked ruanwz in the test before.
    const [carol, dave] = [await createUser(t), await createUser(t)];
    const group = await t.post(
      'groups',
      { name: 'photo-group', user_ids: [carol.id, dave.id] },
      { token: ruanwz.token },
    );
    expect(group.status).toBe(201);
    const created = await catchchat(t, ruanwz.token).post(
      '/api/v4/messages',
      form({ recipient_id: group.body.id, recipient_type: 'Group', media_type: 1 }),
    );
    expect(created.status).toBe(201);
    expect(created.body.state).toBe(1);
    const stranger = await catchchat(t, outsider.token).post(
      '/api/v4/messages',
      form({ recipient_id: group.body.id, recipient_type: 'Group', media_type: 1 }),
    );
    expect(stranger.status).toBe(422);
    expect(stranger.body.error).toContain('recipient_id');
    const options = (
      await catchchat(t, ruanwz.token).get(`/api/messages/${created.body.id}/upload_token`)
    ).body.options as UploadOptions;
    const sent = await upload(ruanwz, options, fileForm(pngBytes(), 'group.png'));
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ id: created.body.id, recipient_type: 'Group' });
    const history = await t.get(`conversations/group/${group.body.id}/messages`, {
      token: carol.token,
    });
    expect(history.body.data.map((m: { message_type: string }) => m.message_type)).toContain(
      'image',
    );
    // A reply must be to a message of the same conversation, as for a native send.
    const carolId = await intIdOf(carol);
    const elsewhere = await catchchat(t, ruanwz.token).post(
      '/api/v4/messages',
      form({
        recipient_id: carolId,
        recipient_type: 'User',
        media_type: 1,
        parent_id: sent.body.id,
      }),
    );
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error).toContain('parent_id');
    expect(elsewhere.body.error).toContain(String(sent.body.id));
    const reply = await catchchat(t, carol.token).post(
      '/api/v4/messages',
      form({
        recipient_id: group.body.id,
        recipient_type: 'Group',
        media_type: 2,
        parent_id: sent.body.id,
      }),
    );
    expect(reply.status).toBe(201);
  });

  it('drafts older than a day are gone', async () => {
    const created = await draft(ruanwz, 1);
    const id = created.body.id as number;
    await t.app.get(DataSource).query(
      `UPDATE catchchat_message_drafts SET created_at = now() - interval '25 hours'
          WHERE id = (SELECT uuid FROM compat_int_ids WHERE kind = 'message' AND id = $1)`,
      [id],
    );
    const asked = await catchchat(t, ruanwz.token).get(`/api/messages/${id}/upload_token`);
    expect(asked.status).toBe(404);
    await draft(ruanwz, 1);
    const left = await t.app.get(DataSource).query(
      `SELECT count(*)::int AS n FROM catchchat_message_drafts
          WHERE created_at < now() - interval '1 day'`,
    );
    expect(left[0].n).toBe(0);
  });
});
