import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Storage } from '../../src/common/storage/storage';
import { createAppClient } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ContentCast, createCast, fields, MISSING_ID } from '../announcement/content-kit';

const MIB = 1024 * 1024;

// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

function form(
  bytes: Buffer | null,
  name = 'file.bin',
  extra: Record<string, string> = {},
  field = 'file',
): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(extra)) body.append(key, value);
  if (bytes) body.append(field, new Blob([bytes]), name);
  return body;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('group shared files', () => {
  let t: TestApp;
  let c: ContentCast;
  const path = () => `groups/${c.groupId}/share-files`;

  /** Every stored file under DATA_DIR/files (temporary ones included). */
  const filesOnDisk = (): number => {
    const root = join(t.dataDir, 'files');
    if (!existsSync(root)) return 0;
    return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .length;
  };
  const rowCount = async (): Promise<number> =>
    Number((await t.app.get(DataSource).query(`SELECT count(*) AS n FROM group_share_files`))[0].n);
  const storageKey = async (id: string): Promise<string> =>
    (
      await t.app
        .get(DataSource)
        .query(`SELECT storage_key FROM group_share_files WHERE id = $1`, [id])
    )[0].storage_key as string;
  const upload = (bytes: Buffer, name: string, as = c.member, extra: Record<string, string> = {}) =>
    t.post(path(), form(bytes, name, extra), { token: as.token });

  beforeAll(async () => {
    t = await startTestApp();
    c = await createCast(t, 'party_file');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('upload', () => {
    it("stores a member's file with its hash, detected type and sanitized name", async () => {
      const bytes = Buffer.from('群文件内容\nline 2\n');
      const res = await upload(bytes, '季度:报告?.txt', c.member, { restrict_access: 'false' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        group_id: c.groupId,
        file_name: '季度_报告_.txt',
        file_size: bytes.length,
        content_type: 'text/plain',
        sha256: sha256(bytes),
        restrict_access: false,
        file_owner: { id: c.member.id, nickname: 'Mia', name: 'Mia' },
      });
      expect(res.body.file_id).toBe(res.body.id);
      expect(res.body.file_url).toBe(`/api/party/${path()}/${res.body.id}/content`);
      expect(res.body.created_at).toMatch(/Z$/);
      expect(typeof res.body.created_at_string).toBe('string');
    });

    it('detects the type from the bytes, not the name', async () => {
      const res = await upload(PNG, 'not-an-image.txt');
      expect(res.status).toBe(201);
      expect(res.body.content_type).toBe('image/png');
      const binary = await upload(randomBytes(64), 'x.txt');
      expect(binary.body.content_type).toBe('application/octet-stream');
    });

    it('keeps only the last path segment and drops control characters', async () => {
      const res = await upload(Buffer.from('x'), '../../etc/pass\u202ewd\u0007.txt');
      expect(res.status).toBe(201);
      expect(res.body.file_name).toBe('passwd.txt');
      const blank = await upload(Buffer.from('x'), '..');
      expect(blank.body.file_name).toBe('file');
    });

    it('takes restrict_access from the field or the restrict-access header, members only by default', async () => {
      const byDefault = await upload(Buffer.from('a'), 'a.txt');
      expect(byDefault.body.restrict_access).toBe(true);
      const header = await t.post(path(), form(Buffer.from('b'), 'b.txt'), {
        token: c.member.token,
        headers: { 'restrict-access': 'false' },
      });
      expect(header.status).toBe(201);
      expect(header.body.restrict_access).toBe(false);
      const fieldWins = await t.post(
        path(),
        form(Buffer.from('c'), 'c.txt', { restrict_access: 'true' }),
        {
          token: c.member.token,
          headers: { 'restrict-access': 'false' },
        },
      );
      expect(fieldWins.body.restrict_access).toBe(true);
    });

    it('refuses bad input, naming the field, and keeps nothing', async () => {
      const rows = await rowCount();
      const disk = filesOnDisk();
      const cases: [FormData, string[]][] = [
        [
          form(Buffer.from('x'), 'x.txt', { restrict_access: 'maybe' }),
          ['restrict_access:is_boolean'],
        ],
        [form(null, 'x', { restrict_access: 'true' }), ['file:is_defined']],
        [form(Buffer.from('x'), 'x.txt', { note: 'hi' }), ['note:whitelist_validation']],
        [
          form(Buffer.from('x'), 'x.txt', {}, 'attachment'),
          ['attachment:whitelist_validation', 'file:is_defined'],
        ],
      ];
      for (const [body, expected] of cases) {
        const res = await t.post(path(), body, { token: c.member.token });
        expect(res.status).toBe(400);
        expect(fields(res.body).sort()).toEqual(expected.sort());
      }
      const two = form(Buffer.from('a'), 'a.txt');
      two.append('file', new Blob([Buffer.from('b')]), 'b.txt');
      const twoRes = await t.post(path(), two, { token: c.member.token });
      expect(twoRes.status).toBe(400);
      expect(fields(twoRes.body)).toEqual(['file:too_many_files']);
      const json = await t.post(path(), { file: 'x' }, { token: c.member.token });
      expect(json.status).toBe(415);
      expect(json.body.code).toBe('unsupported_media_type');
      expect(await rowCount()).toBe(rows);
      expect(filesOnDisk()).toBe(disk);
    });

    it('accepts exactly 10 MiB and refuses 10 MiB + 1 byte with a 413, keeping nothing', async () => {
      const max = randomBytes(10 * MIB);
      const ok = await upload(max, 'big.bin');
      expect(ok.status).toBe(201);
      expect(ok.body.file_size).toBe(10 * MIB);
      expect(ok.body.sha256).toBe(sha256(max));
      const rows = await rowCount();
      const disk = filesOnDisk();
      const over = await upload(Buffer.concat([max, Buffer.from([1])]), 'bigger.bin');
      expect(over.status).toBe(413);
      expect(over.body.code).toBe('payload_too_large');
      expect(await rowCount()).toBe(rows);
      expect(filesOnDisk()).toBe(disk);
      const content = await fetch(
        new URL(`/api/party/${path()}/${ok.body.id}/content`, t.baseUrl),
        {
          headers: { authorization: `Bearer ${c.member.token}` },
        },
      );
      expect(Buffer.from(await content.arrayBuffer()).equals(max)).toBe(true);
    });

    it('refuses outsiders (404), a dissolved group (409), no token (401) and no scope (403)', async () => {
      const rows = await rowCount();
      expect((await upload(Buffer.from('x'), 'x', c.outsider)).status).toBe(404);
      const missing = await t.post(`groups/${MISSING_ID}/share-files`, form(Buffer.from('x')), {
        token: c.member.token,
      });
      expect(missing.status).toBe(404);
      expect((await t.post(path(), form(Buffer.from('x')))).status).toBe(401);
      const noScope = await upload(Buffer.from('x'), 'x', c.noScope);
      expect(noScope.status).toBe(403);
      expect(noScope.body.code).toBe('insufficient_scope');
      const other = await createCast(t, 'party_file');
      await t.post(`groups/${other.groupId}/dissolve`, undefined, { token: other.owner.token });
      const dissolved = await t.post(
        `groups/${other.groupId}/share-files`,
        form(Buffer.from('x')),
        {
          token: other.member.token,
        },
      );
      expect(dissolved.status).toBe(409);
      expect(dissolved.body.code).toBe('group_dissolved');
      expect(await rowCount()).toBe(rows);
    });
  });

  describe('download', () => {
    const bytes = randomBytes(200 * 1024);
    let fileId: string;
    const content = (headers: Record<string, string> = {}, token = c.member.token) =>
      fetch(new URL(`/api/party/${path()}/${fileId}/content`, t.baseUrl), {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });

    beforeAll(async () => {
      fileId = (await upload(bytes, '设计稿 v2.bin')).body.id as string;
    });

    it('streams the bytes back exactly, with type, length and a UTF-8 disposition', async () => {
      const res = await content();
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect(res.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="___ v2.bin"; filename*=UTF-8''${encodeURIComponent('设计稿 v2.bin')}`,
      );
    });

    it('serves text with its charset', async () => {
      const text = await upload(Buffer.from('你好'), 'hi.txt');
      const res = await fetch(new URL(`/api/party/${path()}/${text.body.id}/content`, t.baseUrl), {
        headers: { authorization: `Bearer ${c.member.token}` },
      });
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe('你好');
    });

    it('answers range requests with 206 and Content-Range', async () => {
      const size = bytes.length;
      const cases: [string, number, number][] = [
        ['bytes=10-19', 10, 19],
        ['bytes=-5', size - 5, size - 1],
        [`bytes=${size - 3}-`, size - 3, size - 1],
        [`bytes=100-${size + 500}`, 100, size - 1],
      ];
      for (const [range, start, end] of cases) {
        const res = await content({ range });
        expect(res.status).toBe(206);
        expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
        expect(res.headers.get('content-length')).toBe(String(end - start + 1));
        expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(
          true,
        );
      }
    });

    it('answers 416 past the end and ignores ranges it does not serve', async () => {
      const past = await content({ range: `bytes=${bytes.length}-` });
      expect(past.status).toBe(416);
      expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
      expect(((await past.json()) as { code: string }).code).toBe('range_not_satisfiable');
      const ignored: Record<string, string>[] = [
        { range: 'bytes=0-1,5-6' },
        { range: 'items=0-1' },
        { range: 'bytes=0-1', 'if-range': '"stale"' },
      ];
      for (const headers of ignored) {
        const res = await content(headers);
        expect(res.status).toBe(200);
        expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
        await res.arrayBuffer();
      }
    });
  });

  describe('who may see what', () => {
    let restricted: string;
    let open: string;

    beforeAll(async () => {
      restricted = (
        await upload(Buffer.from('secret'), 'secret.txt', c.member, { restrict_access: 'true' })
      ).body.id;
      open = (
        await upload(Buffer.from('public'), 'public.txt', c.member, { restrict_access: 'false' })
      ).body.id;
    });

    it('hides restricted files and the list from outsiders', async () => {
      for (const res of [
        await t.get(`${path()}/${restricted}`, { token: c.outsider.token }),
        await t.get(`${path()}/${restricted}/content`, { token: c.outsider.token }),
        await t.get(path(), { token: c.outsider.token }),
        await t.get(`${path()}/${MISSING_ID}`, { token: c.member.token }),
        await t.get(`${path()}/not-an-id/content`, { token: c.member.token }),
      ]) {
        expect(res.status).toBe(404);
      }
      const member = await t.get(`${path()}/${restricted}`, { token: c.member.token });
      expect(member.status).toBe(200);
      expect(member.body.restrict_access).toBe(true);
    });

    it('lets anyone with a party_file token and the link read unrestricted files', async () => {
      const meta = await t.get(`${path()}/${open}`, { token: c.outsider.token });
      expect(meta.status).toBe(200);
      expect(meta.body).toMatchObject({
        id: open,
        file_name: 'public.txt',
        file_owner: { id: c.member.id },
      });
      const body = await t.get(`${path()}/${open}/content`, { token: c.outsider.token });
      expect(body.status).toBe(200);
      expect(body.text).toBe('public');
      const app = await createAppClient(t, { scopes: ['party_file'] });
      expect((await t.get(`${path()}/${open}/content`, { token: app.token })).text).toBe('public');
      expect((await t.get(`${path()}/${restricted}`, { token: app.token })).status).toBe(404);
      // The link names the group: the same file through another group is not found.
      const elsewhere = await t.get(`groups/${MISSING_ID}/share-files/${open}`, {
        token: c.outsider.token,
      });
      expect(elsewhere.status).toBe(404);
      expect((await t.get(`${path()}/${open}`)).status).toBe(401);
      const noScope = await t.get(`${path()}/${open}`, { token: c.noScope.token });
      expect(noScope.status).toBe(403);
    });
  });

  describe('list', () => {
    it('lists newest first with per_page up to 1000', async () => {
      const res = await t.get(path(), { token: c.member.token, query: { per_page: 1000 } });
      expect(res.status).toBe(200);
      expect(res.body.per_page).toBe(1000);
      expect(res.body.total_count).toBe(await rowCount());
      const times = res.body.data.map((f: { created_at: string }) => f.created_at);
      expect([...times].sort().reverse()).toEqual(times);
      const page = await t.get(path(), { token: c.member.token, query: { page: 2, per_page: 2 } });
      expect(page.body.data).toEqual(res.body.data.slice(2, 4));
      expect(page.headers.get('link')).toContain('rel="next"');
      for (const query of [{ per_page: 1001 }, { page: 0 }]) {
        const bad = await t.get(path(), { token: c.member.token, query });
        expect(bad.status).toBe(400);
      }
    });
  });

  describe('delete', () => {
    it('lets the uploader delete his file, removing the bytes', async () => {
      const id = (await upload(Buffer.from('mine'), 'mine.txt')).body.id as string;
      const key = await storageKey(id);
      const storage = t.app.get(Storage);
      expect(await storage.stat(key)).toEqual({ size: 4 });
      expect((await t.delete(`${path()}/${id}`, { token: c.outsider.token })).status).toBe(404);
      const res = await t.delete(`${path()}/${id}`, { token: c.member.token });
      expect(res.status).toBe(204);
      await expect(storage.stat(key)).rejects.toMatchObject({ status: 404 });
      expect((await t.get(`${path()}/${id}`, { token: c.member.token })).status).toBe(404);
      const again = await t.delete(`${path()}/${id}`, { token: c.member.token });
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('share_file_not_found');
    });

    it("lets the owner and managers delete anyone's file, not other members", async () => {
      const first = (await upload(Buffer.from('1'), '1.txt', c.manager)).body.id as string;
      const second = (await upload(Buffer.from('2'), '2.txt', c.manager)).body.id as string;
      const byMember = await t.delete(`${path()}/${first}`, { token: c.member.token });
      expect(byMember.status).toBe(403);
      expect(byMember.body.code).toBe('forbidden');
      expect((await t.get(`${path()}/${first}`, { token: c.member.token })).status).toBe(200);
      expect((await t.delete(`${path()}/${first}`, { token: c.owner.token })).status).toBe(204);
      const third = (await upload(Buffer.from('3'), '3.txt', c.member)).body.id as string;
      expect((await t.delete(`${path()}/${third}`, { token: c.manager.token })).status).toBe(204);
      expect((await t.delete(`${path()}/${second}`, { token: c.noScope.token })).status).toBe(403);
      expect((await t.delete(`${path()}/${second}`)).status).toBe(401);
    });
  });
});
