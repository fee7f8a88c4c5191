import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, describeWithChromium } from '../support/chromium';
import { startTestApp, TestApp } from '../support/test-app';
import { pkcePair, registerUser, tokenRequest } from './auth-helpers';

const describeBrowser = describeWithChromium('consent-page');

describeBrowser('Consent page in headless Chromium', () => {
  let t: TestApp;
  let userDataDir: string;

  beforeAll(async () => {
    t = await startTestApp();
    userDataDir = mkdtempSync(join(tmpdir(), 'party-chromium-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('signs in, shows the app and its scopes in the user’s language, approves, and the code works', async () => {
    const user = await registerUser(t, { username: 'browser01', nickname: '浏览器用户' });
    const login = await tokenRequest(t, {
      grant_type: 'password',
      username: user.username,
      password: user.password,
    });
    const app = await t.post(
      'apps',
      {
        name: '日历助手',
        redirect_uris: ['https://calendar.example/callback'],
        scopes: ['party_user', 'party_message'],
      },
      { token: login.body.access_token },
    );
    expect(app.status).toBe(201);
    const { verifier, challenge } = pkcePair();
    const authorizeUrl = `${t.baseUrl}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: app.body.client_id,
      redirect_uri: 'https://calendar.example/callback',
      scope: 'party_user party_message',
      state: 'st4te',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()}`;

    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      locale: 'zh-CN',
      extraHTTPHeaders: { 'accept-language': 'zh-CN,zh;q=0.9' },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      let callback: string | null = null;
      await page.route('https://calendar.example/**', async (route) => {
        callback = route.request().url();
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'client got it' });
      });
      await page.goto(authorizeUrl);
      expect(await page.locator('h1').textContent()).toBe('登录 Party');
      await page.fill('#login', user.username);
      await page.fill('#password', 'wrong password');
      await page.click('#sign-in');
      expect(await page.locator('.error').textContent()).toBe('用户名或密码错误');
      await page.fill('#password', user.password);
      await page.click('#sign-in');
      await page.waitForSelector('#approve');
      expect(await page.locator('h1').textContent()).toBe('授权 日历助手');
      const scopes = await page.locator('ul.scopes li').allTextContents();
      expect(scopes).toEqual([
        '查看和修改你的个人资料、搜索用户、管理你的应用 party_user',
        '读取你的消息，并以你的身份发送消息 party_message',
      ]);
      await page.click('#approve');
      await page.waitForURL('https://calendar.example/**');
      expect(callback).not.toBeNull();
      const redirect = new URL(callback!);
      expect(redirect.searchParams.get('state')).toBe('st4te');
      const code = redirect.searchParams.get('code')!;
      const token = await tokenRequest(t, {
        grant_type: 'authorization_code',
        code,
        client_id: app.body.client_id,
        redirect_uri: 'https://calendar.example/callback',
        code_verifier: verifier,
      });
      expect(token.status).toBe(200);
      expect(token.body.scope).toBe('party_user party_message');
      const me = await t.get('user', { token: token.body.access_token });
      expect(me.status).toBe(200);
      expect(me.body.username).toBe('browser01');

      // Signed in already: the next visit goes straight to consent; Deny returns access_denied.
      await page.goto(authorizeUrl);
      await page.waitForSelector('#deny');
      await page.click('#deny');
      await page.waitForURL('https://calendar.example/**');
      expect(new URL(callback!).searchParams.get('error')).toBe('access_denied');
    } finally {
      await context.close();
    }
  }, 120_000);
});
