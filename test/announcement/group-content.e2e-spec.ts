import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents } from '../../src/common/events/domain-events';
import { withoutTransaction } from '../support/domain-events';
import { createUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { ContentCast, createCast, createGroup, fields, MISSING_ID, zh } from './content-kit';

describe('group content: announcement, notices, banners', () => {
  let t: TestApp;
  let c: ContentCast;
  let announcementEvents: Record<string, unknown>[];

  beforeAll(async () => {
    t = await startTestApp();
    c = await createCast(t, 'party_group');
    announcementEvents = [];
    t.app
      .get(EventEmitter2)
      .on(DomainEvents.groupAnnouncementUpdated, (payload: Record<string, unknown>) => {
        announcementEvents.push(withoutTransaction(payload));
      });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('announcement', () => {
    const path = () => `groups/${c.groupId}/announcement`;
    const current = async () =>
      (await t.get(path(), { token: c.member.token })).body.announcement as string;

    it('is empty until set', async () => {
      const res = await t.get(path(), { token: c.member.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        group_id: c.groupId,
        announcement: '',
        updated_by: null,
        updated_at: null,
        updated_at_string: null,
      });
    });

    it('lets the owner set 512 characters, Chinese included, and posts the event', async () => {
      announcementEvents.length = 0;
      const res = await t.put(path(), { announcement: zh(512) }, { token: c.owner.token });
      expect(res.status).toBe(200);
      expect(res.body.announcement).toBe(zh(512));
      expect(res.body.updated_by).toMatchObject({ id: c.owner.id, name: '王群主' });
      expect(res.body.updated_at).toMatch(/Z$/);
      expect(typeof res.body.updated_at_string).toBe('string');
      expect(announcementEvents).toEqual([
        { groupId: c.groupId, actorId: c.owner.id, announcement: zh(512) },
      ]);
      const seen = await t.get(path(), { token: c.member.token });
      expect(seen.body.announcement).toBe(zh(512));
      expect(seen.body.updated_by.id).toBe(c.owner.id);
    });

    it('refuses 513 characters (Chinese or not) and changes nothing', async () => {
      for (const text of [zh(513), 'a'.repeat(513)]) {
        const res = await t.put(path(), { announcement: text }, { token: c.owner.token });
        expect(res.status).toBe(400);
        expect(fields(res.body)).toEqual(['announcement:max_length']);
      }
      const missing = await t.put(path(), {}, { token: c.owner.token });
      expect(missing.status).toBe(400);
      expect(fields(missing.body)).toEqual(['announcement:is_defined']);
      const wrongType = await t.put(path(), { announcement: 5 }, { token: c.owner.token });
      expect(fields(wrongType.body)).toEqual(['announcement:is_string']);
      expect(await current()).toBe(zh(512));
    });

    it('lets a manager set one character (form body) and posts no event for a repeat', async () => {
      announcementEvents.length = 0;
      const form = new URLSearchParams({ announcement: '新' });
      const res = await t.put(path(), form, { token: c.manager.token });
      expect(res.status).toBe(200);
      expect(res.body.updated_by.id).toBe(c.manager.id);
      const again = await t.put(path(), { announcement: '新' }, { token: c.manager.token });
      expect(again.status).toBe(200);
      expect(again.body.announcement).toBe('新');
      expect(announcementEvents).toHaveLength(1);
    });

    it('can be cleared', async () => {
      announcementEvents.length = 0;
      const res = await t.put(path(), { announcement: '' }, { token: c.owner.token });
      expect(res.status).toBe(200);
      expect(res.body.announcement).toBe('');
      expect(announcementEvents).toEqual([
        { groupId: c.groupId, actorId: c.owner.id, announcement: '' },
      ]);
      expect(await current()).toBe('');
    });

    it('refuses plain members (403), outsiders and unknown groups (404)', async () => {
      const member = await t.put(path(), { announcement: 'x' }, { token: c.member.token });
      expect(member.status).toBe(403);
      expect(member.body.code).toBe('forbidden');
      for (const res of [
        await t.put(path(), { announcement: 'x' }, { token: c.outsider.token }),
        await t.get(path(), { token: c.outsider.token }),
        await t.get(`groups/${MISSING_ID}/announcement`, { token: c.owner.token }),
        await t.get('groups/not-an-id/announcement', { token: c.owner.token }),
      ]) {
        expect(res.status).toBe(404);
      }
      expect(await current()).toBe('');
    });

    it('needs a token with party_group', async () => {
      expect((await t.get(path())).status).toBe(401);
      const res = await t.put(path(), { announcement: 'x' }, { token: c.noScope.token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
    });
  });

  describe('notices', () => {
    const path = () => `groups/${c.groupId}/notices`;

    it('lets owner and managers post one with the creator as a person', async () => {
      const res = await t.post(
        path(),
        { title: '放假通知', content: '五一放假五天' },
        { token: c.manager.token },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        group_id: c.groupId,
        title: '放假通知',
        content: '五一放假五天',
        creator: { id: c.manager.id, nickname: 'Manny', name: 'Manny' },
      });
      expect(Object.keys(res.body.creator).sort()).toEqual(
        ['avatar_url', 'id', 'name', 'nickname', 'username'].sort(),
      );
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.created_at).toMatch(/Z$/);
      expect(typeof res.body.created_at_string).toBe('string');
    });

    it('accepts every length boundary in Chinese and refuses the ones past it, naming the field', async () => {
      const count = async () =>
        (await t.get(path(), { token: c.owner.token })).body.total_count as number;
      const before = await count();
      for (const [title, content] of [
        [zh(1), zh(1)],
        [zh(40), zh(2000)],
        ['a'.repeat(40), 'b'.repeat(2000)],
      ]) {
        const ok = await t.post(path(), { title, content }, { token: c.owner.token });
        expect(ok.status).toBe(201);
        expect(ok.body.title).toBe(title);
      }
      const cases: [Record<string, unknown>, string[]][] = [
        [{ title: '', content: '内容' }, ['title:min_length']],
        [{ title: zh(41), content: '内容' }, ['title:max_length']],
        [{ title: '标题', content: '' }, ['content:min_length']],
        [{ title: '标题', content: zh(2001) }, ['content:max_length']],
        [{}, ['title:is_defined', 'content:is_defined']],
        [{ title: '标题', content: '内容', extra: 1 }, ['extra:whitelist_validation']],
      ];
      for (const [body, expected] of cases) {
        const res = await t.post(path(), body, { token: c.owner.token });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
        expect(fields(res.body).sort()).toEqual(expected.sort());
      }
      expect(await count()).toBe(before + 3);
    });

    it('lists newest first, paginated, for members', async () => {
      const all = await t.get(path(), { token: c.member.token });
      expect(all.status).toBe(200);
      const times = all.body.data.map((n: { created_at: string }) => n.created_at);
      expect([...times].sort().reverse()).toEqual(times);
      expect(all.body.data[all.body.data.length - 1].title).toBe('放假通知');
      const page = await t.get(path(), { token: c.member.token, query: { page: 2, per_page: 1 } });
      expect(page.body).toMatchObject({ page: 2, per_page: 1, total_count: all.body.total_count });
      expect(page.body.data).toEqual([all.body.data[1]]);
      expect(page.headers.get('x-total-count')).toBe(String(all.body.total_count));
      const bad = await t.get(path(), { token: c.member.token, query: { per_page: 101 } });
      expect(bad.status).toBe(400);
    });

    it('gets one and deletes it (owner and managers only)', async () => {
      const created = await t.post(
        path(),
        { title: '删除我', content: '临时' },
        { token: c.owner.token },
      );
      const id = created.body.id as string;
      const got = await t.get(`${path()}/${id}`, { token: c.member.token });
      expect(got.status).toBe(200);
      expect(got.body).toEqual(created.body);
      const byMember = await t.delete(`${path()}/${id}`, { token: c.member.token });
      expect(byMember.status).toBe(403);
      expect((await t.delete(`${path()}/${id}`, { token: c.outsider.token })).status).toBe(404);
      expect((await t.get(`${path()}/${id}`, { token: c.member.token })).status).toBe(200);
      const deleted = await t.delete(`${path()}/${id}`, { token: c.manager.token });
      expect(deleted.status).toBe(204);
      const gone = await t.get(`${path()}/${id}`, { token: c.member.token });
      expect(gone.status).toBe(404);
      expect(gone.body.code).toBe('notice_not_found');
      expect((await t.delete(`${path()}/${id}`, { token: c.owner.token })).status).toBe(404);
    });

    it('refuses plain members (403) and hides everything from outsiders (404)', async () => {
      const byMember = await t.post(
        path(),
        { title: 't', content: 'c' },
        { token: c.member.token },
      );
      expect(byMember.status).toBe(403);
      const some = (await t.get(path(), { token: c.owner.token })).body.data[0].id as string;
      for (const res of [
        await t.post(path(), { title: 't', content: 'c' }, { token: c.outsider.token }),
        await t.get(path(), { token: c.outsider.token }),
        await t.get(`${path()}/${some}`, { token: c.outsider.token }),
        await t.get(`${path()}/${MISSING_ID}`, { token: c.owner.token }),
        await t.get(`${path()}/nope`, { token: c.owner.token }),
      ]) {
        expect(res.status).toBe(404);
      }
    });

    it("does not show one group's notice through another group", async () => {
      const other = await createGroup(t, c.outsider, [c.member, await createUser(t)]);
      const some = (await t.get(path(), { token: c.owner.token })).body.data[0].id as string;
      const res = await t.get(`groups/${other}/notices/${some}`, { token: c.member.token });
      expect(res.status).toBe(404);
    });

    it('needs a token with party_group', async () => {
      expect((await t.get(path())).status).toBe(401);
      const res = await t.get(path(), { token: c.noScope.token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
    });
  });

  describe('banners', () => {
    const path = () => `groups/${c.groupId}/banners`;
    const full = {
      title: '本周活动',
      content: '周六上午十点集合',
      thumb_url: 'https://cdn.example.com/thumb.png',
      webpage_url: 'https://www.example.com/events/42',
      primary_content: '报名截止周五',
      content_url: 'http://cdn.example.com/chart.png',
      light_app_id: '101091520',
    };

    it('creates one with every seed field, in snake_case', async () => {
      const res = await t.post(path(), full, { token: c.owner.token });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ ...full, group_id: c.groupId, creator: { id: c.owner.id } });
      expect(res.body.created_at).toMatch(/Z$/);
    });

    it('keeps absent fields as null and accepts the documented webpage schemes', async () => {
      for (const url of [
        'mailto:team@example.com',
        'tel:+8613800138000',
        'sms:10086',
        'party://groups/1',
        'HTTPS://example.com',
      ]) {
        const res = await t.post(
          path(),
          { title: '链接', webpage_url: url },
          { token: c.manager.token },
        );
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          title: '链接',
          content: null,
          thumb_url: null,
          light_app_id: null,
        });
      }
    });

    it('refuses dangerous or malformed urls and empty banners, naming the field', async () => {
      const before = (await t.get(path(), { token: c.owner.token })).body.total_count as number;
      const cases: [Record<string, unknown>, string][] = [
        [{ title: 'x', webpage_url: 'javascript:alert(1)' }, 'webpage_url:is_webpage_url'],
        [{ title: 'x', webpage_url: 'JavaScript:alert(1)' }, 'webpage_url:is_webpage_url'],
        [
          { title: 'x', webpage_url: 'data:text/html,<script>alert(1)</script>' },
          'webpage_url:is_webpage_url',
        ],
        [{ title: 'x', webpage_url: 'https://' }, 'webpage_url:is_webpage_url'],
        [{ title: 'x', webpage_url: 'not a url' }, 'webpage_url:is_webpage_url'],
        [{ title: 'x', thumb_url: 'ftp://cdn.example.com/a.png' }, 'thumb_url:is_url'],
        [{ title: 'x', content_url: 'javascript:alert(1)' }, 'content_url:is_url'],
        [{ title: zh(101) }, 'title:max_length'],
        [{ light_app_id: 'app' }, 'title:banner_empty'],
        [{}, 'title:banner_empty'],
      ];
      for (const [body, expected] of cases) {
        const res = await t.post(path(), body, { token: c.owner.token });
        expect(res.status).toBe(400);
        expect(fields(res.body)).toEqual([expected]);
        expect(typeof res.body.details[0].message).toBe('string');
      }
      expect((await t.get(path(), { token: c.owner.token })).body.total_count).toBe(before);
    });

    it('lists newest first for members and deletes for owner and managers', async () => {
      const list = await t.get(path(), { token: c.member.token });
      expect(list.status).toBe(200);
      expect(list.body.data[list.body.data.length - 1].title).toBe('本周活动');
      const id = list.body.data[0].id as string;
      expect((await t.delete(`${path()}/${id}`, { token: c.member.token })).status).toBe(403);
      expect((await t.post(path(), full, { token: c.member.token })).status).toBe(403);
      expect((await t.delete(`${path()}/${id}`, { token: c.manager.token })).status).toBe(204);
      const missing = await t.delete(`${path()}/${id}`, { token: c.manager.token });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('banner_not_found');
      const after = await t.get(path(), { token: c.member.token });
      expect(after.body.total_count).toBe(list.body.total_count - 1);
    });

    it('hides banners from outsiders and needs party_group', async () => {
      expect((await t.get(path(), { token: c.outsider.token })).status).toBe(404);
      expect((await t.post(path(), full, { token: c.outsider.token })).status).toBe(404);
      expect((await t.post(path(), full)).status).toBe(401);
      expect((await t.post(path(), full, { token: c.noScope.token })).status).toBe(403);
    });
  });

  describe('a dissolved group', () => {
    it('can be read but not changed (409)', async () => {
      const cast = await createCast(t, 'party_group');
      await t.post(
        `groups/${cast.groupId}/notices`,
        { title: '旧', content: '旧' },
        { token: cast.owner.token },
      );
      const dissolved = await t.post(`groups/${cast.groupId}/dissolve`, undefined, {
        token: cast.owner.token,
      });
      expect(dissolved.status).toBe(200);
      const put = await t.put(
        `groups/${cast.groupId}/announcement`,
        { announcement: 'x' },
        { token: cast.owner.token },
      );
      expect(put.status).toBe(409);
      expect(put.body.code).toBe('group_dissolved');
      const notice = await t.post(
        `groups/${cast.groupId}/notices`,
        { title: 't', content: 'c' },
        { token: cast.owner.token },
      );
      expect(notice.status).toBe(409);
      const banner = await t.post(
        `groups/${cast.groupId}/banners`,
        { title: 't' },
        { token: cast.owner.token },
      );
      expect(banner.status).toBe(409);
      const list = await t.get(`groups/${cast.groupId}/notices`, { token: cast.member.token });
      expect(list.status).toBe(200);
      expect(list.body.total_count).toBe(1);
    });
  });
});
