import { createUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('works', async () => {
    const u = await createUser(t, { timeZone: 'Asia/Shanghai' });
    const me = await t.get('user/', { token: u.token, headers: { 'accept-language': 'zh-CN' } });
    console.log(me.status, me.body, [...me.headers.entries()]);
    const bad = await t.patch(
      'user',
      { nickname: '', foo: 1, time_zone: 'Mars/Base', locale: 'fr' },
      { token: u.token },
    );
    console.log(bad.status, JSON.stringify(bad.body));
    const form = await t.patch('user', new URLSearchParams({ nickname: '韩梅梅' }), {
      token: u.token,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    console.log(form.status, JSON.stringify(form.body));
    const noTok = await t.get('user');
    console.log(noTok.status, JSON.stringify(noTok.body), noTok.headers.get('www-authenticate'));
    const badJson = await t.patch('user', '{bad', {
      token: u.token,
      headers: { 'content-type': 'application/json' },
    });
    console.log(badJson.status, JSON.stringify(badJson.body));
    const q = await t.get('user', { query: { access_token: u.token } });
    console.log(q.status);
  });
});
