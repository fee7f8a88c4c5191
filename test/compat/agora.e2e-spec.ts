import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createAppClient, createUser, TestAppClient, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const BOUNDARY = '----WebKitFormBoundary7MA4YWxkTrZu0gW';

/** The body curl's `-F file=@/Users/test/image/IMG_3.JPG` sends, with the seed's boundary. */
function multipart(fileName: string, bytes: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/** A few bytes that start like a JPEG. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(13508, 7)]);

function cli(databaseUrl: string, ...args: string[]) {
  return spawnSync(
    process.execPath,
    [
      join(__dirname, '..', '..', 'node_modules', 'ts-node', 'dist', 'bin.js'),
      '--transpile-only',
      join(__dirname, '..', '..', 'src', 'cli.ts'),
      ...args,
    ],
    { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, encoding: 'utf8' },
  );
}

/** Seed 003's requests, verbatim but for the host, the token and the ids. */
describe('Agora Chat wire format (seed 003)', () => {
  let t: TestApp;
  let app: TestAppClient;
  let admin: TestUser;
  let owner: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let groupId: string;
  let otherGroupId: string;
  let base: string;

  const headers = (token = app.token) => ({
    'Content-Type': 'application/json',
    Accept: 'application/json',
    Authorization: `Bearer ${token}`,
  });
  const send = (method: string, path: string, body?: string, token?: string) =>
    t.request(method, `${base}/${path}`, { headers: headers(token), body });

  beforeAll(async () => {
    t = await startTestApp();
    app = await createAppClient(t, { scopes: ['party_group', 'party_file'], system: true });
    admin = await createUser(t, { nickname: 'Agora admin' });
    owner = await createUser(t, { nickname: 'Olivia' });
    member = await createUser(t, { nickname: 'Adam' });
    outsider = await createUser(t, { nickname: 'Stan' });
    const created = await t.post(
      'groups',
      { name: 'Agora group', user_ids: [admin.id, member.id] },
      { token: owner.token },
    );
    groupId = created.body.id;
    await t.patch(
      `groups/${groupId}/members/${admin.id}`,
      { role: 'manager' },
      { token: owner.token },
    );
    const other = await t.post(
      'groups',
      { name: 'Not ours', user_ids: [member.id, outsider.id] },
      { token: owner.token },
    );
    otherGroupId = other.body.id;
    base = `/acme/chat/chatgroups/${groupId}`;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('operator setup (compat:set)', () => {
    it('refuses a third-party app, unknown settings and unknown users', () => {
      const bad = cli(
        t.databaseUrl,
        'compat:set',
        '--app',
        app.clientId,
        '--vendor',
        'agora',
        '--region',
        'x',
      );
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('agora has no setting region');
      const noUser = cli(
        t.databaseUrl,
        'compat:set',
        '--app',
        app.clientId,
        '--vendor',
        'agora',
        '--acting_user_id',
        '00000000-0000-4000-8000-000000000000',
      );
      expect(noUser.status).toBe(2);
      expect(noUser.stderr).toContain('No user');
    });

    it('maps org_name / app_name and the acting user to the system app', () => {
      const set = cli(
        t.databaseUrl,
        'compat:set',
        '--app',
        app.clientId,
        '--vendor',
        'agora',
        '--org_name',
        'acme',
        '--app_name',
        'chat',
        '--acting_user_id',
        admin.id,
      );
      expect(set.stderr).toBe('');
      expect(set.status).toBe(0);
      expect(JSON.parse(set.stdout)).toEqual({
        vendor: 'agora',
        set: ['org_name', 'app_name', 'acting_user_id'],
      });
    });
  });

  const envelope = (action: string, uri: string) => ({
    action,
    application: app.appId,
    uri: `${t.baseUrl}${uri}`,
    entities: [],
    timestamp: expect.any(Number),
    duration: expect.any(Number),
    organization: 'acme',
    applicationName: 'chat',
  });

  it('GET announcement answers the seed example', async () => {
    const res = await send('GET', 'announcement');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...envelope('get', `${base}/announcement`),
      data: { announcement: '' },
    });
  });

  it('POST announcement answers the seed example, and the native announcement changed', async () => {
    const res = await send('POST', 'announcement', '{"announcement" : "群组公告…"}');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...envelope('post', `${base}/announcement`),
      data: { id: groupId, result: true },
    });
    const got = await send('GET', 'announcement');
    expect(got.body.data).toEqual({ announcement: '群组公告…' });
    const native = await t.get(`groups/${groupId}/announcement`, { token: member.token });
    expect(native.body).toMatchObject({ announcement: '群组公告…', updated_by: { id: admin.id } });
  });

  let fileId: string;

  it('POST share_files answers the seed example (multipart, restrict-access header)', async () => {
    const response = await fetch(`${t.baseUrl}${base}/share_files`, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${app.token}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'restrict-access': 'true',
      },
      body: multipart('IMG_3.JPG', JPEG),
    });
    const res = { status: response.status, body: (await response.json()) as Record<string, any> };
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...envelope('post', `${base}/share_files`),
      data: {
        file_url: expect.stringContaining(`/api/party/groups/${groupId}/share-files/`),
        group_id: groupId,
        file_name: 'IMG_3.JPG',
        created: expect.any(Number),
        file_id: expect.any(String),
        file_size: JPEG.length,
      },
    });
    fileId = res.body.data.file_id;
    const native = await t.get(`groups/${groupId}/share-files/${fileId}`, { token: member.token });
    expect(native.body).toMatchObject({ restrict_access: true, file_owner: { id: admin.id } });
    const bytes = await fetch(
      res.body.data.file_url.startsWith('http')
        ? res.body.data.file_url
        : `${t.baseUrl}${res.body.data.file_url}`,
      {
        headers: { authorization: `Bearer ${member.token}` },
      },
    );
    expect(bytes.status).toBe(200);
    expect(Buffer.from(await bytes.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('GET share_files answers the seed example, params echoed', async () => {
    const res = await send('GET', 'share_files?pagenum=1&pagesize=10');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...envelope('get', `${base}/share_files`),
      params: { pagesize: ['10'], pagenum: ['1'] },
      data: [
        {
          file_id: fileId,
          file_name: 'IMG_3.JPG',
          file_owner: admin.id,
          file_size: JPEG.length,
          created: expect.any(Number),
        },
      ],
    });
    expect(Object.keys(res.body)).toEqual([
      'action',
      'application',
      'params',
      'uri',
      'entities',
      'data',
      'timestamp',
      'duration',
      'organization',
      'applicationName',
    ]);
    const empty = await send('GET', 'share_files?pagenum=2&pagesize=10');
    expect(empty.body.data).toEqual([]);
  });

  it('GET share_files/{file_id} answers the seed example', async () => {
    const res = await send('GET', `share_files/${fileId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...envelope('get', `${base}/share_files/${fileId}`),
      data: {
        file_url: expect.any(String),
        group_id: groupId,
        file_name: 'IMG_3.JPG',
        created: expect.any(Number),
        file_id: fileId,
        file_size: JPEG.length,
      },
    });
  });

  describe('native rules through the adapter', () => {
    it('applies the 512-character limit and the page-size limit, naming the field', async () => {
      const long = await send(
        'POST',
        'announcement',
        JSON.stringify({ announcement: 'x'.repeat(513) }),
      );
      expect(long.status).toBe(400);
      expect(long.body).toEqual({
        error: 'illegal_argument',
        exception: expect.any(String),
        timestamp: expect.any(Number),
        duration: expect.any(Number),
        error_description: expect.stringContaining('announcement'),
      });
      expect((await send('GET', 'announcement')).body.data.announcement).toBe('群组公告…');
      const big = await send('GET', 'share_files?pagesize=1001');
      expect(big.status).toBe(400);
      expect(big.body.error_description).toContain('pagesize');
      const zero = await send('GET', 'share_files?pagenum=0');
      expect(zero.status).toBe(400);
      expect(zero.body.error_description).toContain('pagenum');
      const thousand = await send('GET', 'share_files?pagesize=1000');
      expect(thousand.status).toBe(200);
    });

    it('refuses a group the acting user is not in (404), and an unknown or malformed one', async () => {
      for (const id of [otherGroupId, '00000000-0000-4000-8000-000000000000', '66021836783617']) {
        const res = await t.request('GET', `/acme/chat/chatgroups/${id}/announcement`, {
          headers: headers(),
        });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ error: 'resource_not_found' });
      }
    });

    it('refuses an org / app name the token is not set up for', async () => {
      const res = await t.request('GET', `/other/chat/chatgroups/${groupId}/announcement`, {
        headers: headers(),
      });
      expect(res.status).toBe(404);
      expect(res.body.error_description).toContain('other/chat');
      const unset = await createAppClient(t, { scopes: ['party_group'], system: true });
      const none = await send('GET', 'announcement', undefined, unset.token);
      expect(none.status).toBe(404);
    });

    it('checks the token: none, a bad one, a third-party app, a user token, a missing scope', async () => {
      const none = await t.request('GET', `${base}/announcement`);
      expect(none.status).toBe(401);
      expect(none.body).toMatchObject({ error: 'unauthorized' });
      expect((await send('GET', 'announcement', undefined, 'nope')).status).toBe(401);
      const thirdParty = await createAppClient(t, { scopes: ['party_group'] });
      const notSystem = await send('GET', 'announcement', undefined, thirdParty.token);
      expect(notSystem.status).toBe(403);
      expect(notSystem.body.error).toBe('forbidden_op');
      expect((await send('GET', 'announcement', undefined, admin.token)).status).toBe(403);
      const groupOnly = await createAppClient(t, { scopes: ['party_group'], system: true });
      const noFiles = await send('GET', 'share_files', undefined, groupOnly.token);
      expect(noFiles.status).toBe(403);
      expect(noFiles.body.error_description).toContain('party_file');
    });

    it('refuses an upload without a file, and a plain member acting as admin cannot write', async () => {
      const res = await t.request('POST', `${base}/share_files`, {
        headers: {
          Authorization: `Bearer ${app.token}`,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        },
        body: `--${BOUNDARY}--\r\n`,
      });
      expect(res.status).toBe(400);
      expect(res.body.error_description).toContain('file');
      // The admin is demoted: the native role rule now refuses him.
      await t.patch(
        `groups/${groupId}/members/${admin.id}`,
        { role: 'member' },
        { token: owner.token },
      );
      const post = await send('POST', 'announcement', '{"announcement":"no"}');
      expect(post.status).toBe(403);
      expect(post.body.error).toBe('forbidden_op');
      await t.patch(
        `groups/${groupId}/members/${admin.id}`,
        { role: 'manager' },
        { token: owner.token },
      );
    });
  });

  it('DELETE share_files/{file_id} answers the seed example', async () => {
    const res = await send('DELETE', `share_files/${fileId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...envelope('delete', `${base}/share_files/${fileId}`),
      data: { group_id: groupId, file_id: fileId, result: true },
    });
    const again = await send('DELETE', `share_files/${fileId}`);
    expect(again.status).toBe(404);
    expect(again.body.error).toBe('resource_not_found');
    const native = await t.get(`groups/${groupId}/share-files`, { token: owner.token });
    expect(native.body.data).toEqual([]);
  });

  it('compat:unset takes the mapping away', () => {
    const unset = cli(t.databaseUrl, 'compat:unset', '--app', app.clientId, '--vendor', 'agora');
    expect(unset.status).toBe(0);
    expect(JSON.parse(unset.stdout)).toEqual({ vendor: 'agora', removed: 3 });
  });

  it('answers 404 once unset', async () => {
    expect((await send('GET', 'announcement')).status).toBe(404);
  });
});

describe('Agora switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ COMPAT: 'none' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('has no routes: the native 404', async () => {
    const app = await createAppClient(t, { scopes: ['party_group'], system: true });
    const res = await t.request('GET', `/acme/chat/chatgroups/${app.appId}/announcement`, {
      token: app.token,
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route_not_found');
    expect((await t.get('/docs/compat/agora.json')).status).toBe(404);
  });
});
