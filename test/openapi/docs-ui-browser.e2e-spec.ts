import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { registerUser, tokenRequest } from '../auth/auth-helpers';
import { CHROMIUM, describeWithChromium } from '../support/chromium';
import { startTestApp, TestApp } from '../support/test-app';

const describeBrowser = describeWithChromium('Swagger UI');

interface SwaggerWindow {
  ui: {
    getConfigs(): { oauth2RedirectUrl?: string };
    authSelectors: {
      authorized(): {
        toJS(): Record<string, { token?: { access_token: string; scope?: string } }>;
      };
    };
  };
}

describeBrowser('Swagger UI Authorize in headless Chromium', () => {
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

  it('runs the authorization-code flow with PKCE through the redirect page, then the password flow with the preset client id', async () => {
    const redirectUri = `${t.baseUrl}/docs/oauth2-redirect.html`;
    const user = await registerUser(t, { username: 'swagger02' });
    const login = await tokenRequest(t, {
      grant_type: 'password',
      username: user.username,
      password: user.password,
    });
    const app = await t.post(
      'apps',
      { name: 'API explorer', redirect_uris: [redirectUri], scopes: ['party_user'] },
      { token: login.body.access_token },
    );
    expect(app.status).toBe(201);

    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
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
      const tokenRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/oauth/token')) tokenRequests.push(request.postData() ?? '');
      });
      await page.goto(`${t.baseUrl}/docs`);
      await page.waitForSelector('.auth-wrapper .btn.authorize');
      expect(new URL(page.url()).pathname).toBe('/docs/');
      const configured = await page.evaluate(
        () => (globalThis as unknown as SwaggerWindow).ui.getConfigs().oauth2RedirectUrl,
      );
      expect(configured).toBe(redirectUri);

      await page.click('.auth-wrapper .btn.authorize');
      const flow = page.locator('.auth-container', {
        has: page.locator('#client_id_authorizationCode'),
      });
      // The first-party client id is preset; the code flow needs the app that registered the URI.
      expect(await flow.locator('#client_id_authorizationCode').inputValue()).toBe('party');
      await flow.locator('#client_id_authorizationCode').fill(app.body.client_id);
      await flow.locator('label', { hasText: 'party_user' }).first().click();
      const [popup] = await Promise.all([
        context.waitForEvent('page'),
        flow.locator('.btn.modal-btn.auth.authorize').click(),
      ]);
      await popup.waitForSelector('#login');
      const authorizeUrl = new URL(popup.url());
      expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(redirectUri);
      expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
      await popup.fill('#login', user.username);
      await popup.fill('#password', user.password);
      await popup.click('#sign-in');
      await popup.waitForSelector('#approve');
      await popup.click('#approve');

      await page.waitForFunction(() =>
        Boolean(
          (globalThis as unknown as SwaggerWindow).ui.authSelectors.authorized().toJS().oauth2
            ?.token,
        ),
      );
      const authorized = await page.evaluate(() =>
        (globalThis as unknown as SwaggerWindow).ui.authSelectors.authorized().toJS(),
      );
      const token = authorized.oauth2.token!;
      expect(tokenRequests).toHaveLength(1);
      expect(tokenRequests[0]).toContain('grant_type=authorization_code');
      expect(tokenRequests[0]).toContain('code_verifier=');
      const me = await t.get('user', { token: token.access_token });
      expect(me.status).toBe(200);
      expect(me.body.username).toBe('swagger02');

      // The password flow with the preset first-party client id, in the same dialog.
      // Authorized, every flow of the `oauth2` scheme shows Logout (its inputs are hidden).
      await page.locator('.btn.modal-btn.auth.authorize', { hasText: 'Logout' }).first().click();
      const password = page.locator('.auth-container', {
        has: page.locator('#client_id_password'),
      });
      expect(await password.locator('#client_id_password').inputValue()).toBe('party');
      await password.locator('input[data-name="username"]').fill(user.username);
      await password.locator('input[data-name="password"]').fill(user.password);
      await password.locator('label', { hasText: 'party_user' }).first().click();
      await password.locator('.btn.modal-btn.auth.authorize').click();
      await page.waitForFunction(() =>
        Boolean(
          (globalThis as unknown as SwaggerWindow).ui.authSelectors.authorized().toJS().oauth2
            ?.token,
        ),
      );
      expect(tokenRequests).toHaveLength(2);
      expect(tokenRequests[1]).toContain('grant_type=password');
      const second = await page.evaluate(() =>
        (globalThis as unknown as SwaggerWindow).ui.authSelectors.authorized().toJS(),
      );
      expect(second.oauth2.token!.scope).toBe('party_user');
      const again = await t.get('user', { token: second.oauth2.token!.access_token });
      expect(again.body.username).toBe('swagger02');
    } finally {
      await context.close();
    }
  }, 120_000);
});
