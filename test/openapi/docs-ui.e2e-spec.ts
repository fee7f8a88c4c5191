import { FIRST_PARTY_CLIENT_ID } from '../../src/auth/oauth/oauth-client';
import { registerUser } from '../auth/auth-helpers';
import { startTestApp, TestApp } from '../support/test-app';

interface InitOptions {
  customOptions: { initOAuth?: Record<string, unknown>; oauth2RedirectUrl?: string };
}

/** The options object swagger-ui-init.js hands to Swagger UI (JSON in the script). */
function initOptions(script: string): InitOptions {
  const match = /let options = (\{[\s\S]*?\n\});/.exec(script);
  if (!match) throw new Error('no options in swagger-ui-init.js');
  return JSON.parse(match[1]);
}

describe('Swagger UI at /docs: Authorize works for every flow it offers', () => {
  describe('without PUBLIC_URL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('moves /docs to /docs/, so the redirect URI Swagger UI derives is /docs/oauth2-redirect.html', async () => {
      const bare = await fetch(`${t.baseUrl}/docs?urls.primaryName=x`, { redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe('docs/?urls.primaryName=x');
      expect(new URL(bare.headers.get('location')!, `${t.baseUrl}/docs`).pathname).toBe('/docs/');
      const page = await t.get('/docs/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      // The page's scripts resolve against /docs/, where the redirect page is served.
      expect(page.text).toContain('src="./swagger-ui-init.js"');
    });

    it('serves the OAuth2 redirect page (and its script) at that URI', async () => {
      const redirectPage = await t.get('/docs/oauth2-redirect.html');
      expect(redirectPage.status).toBe(200);
      expect(redirectPage.headers.get('content-type')).toContain('text/html');
      expect(redirectPage.text).toContain('oauth2-redirect.js');
      const script = await t.get('/docs/oauth2-redirect.js');
      expect(script.status).toBe(200);
      expect(script.text).toContain('opener');
      // Not at the root, where Swagger UI would point from `/docs` without the redirect.
      expect((await t.get('/oauth2-redirect.html')).status).toBe(404);
    });

    it('presets the first-party client id and turns PKCE on; the browser derives the redirect URI', async () => {
      const init = await t.get('/docs/swagger-ui-init.js');
      expect(init.status).toBe(200);
      const { customOptions } = initOptions(init.text);
      expect(customOptions.initOAuth).toEqual({
        clientId: FIRST_PARTY_CLIENT_ID,
        usePkceWithAuthorizationCodeGrant: true,
      });
      expect(customOptions.oauth2RedirectUrl).toBeUndefined();
    });

    it("offers flows whose endpoints are the server's own", async () => {
      const spec = await t.get('/docs-json');
      const flows = spec.body.components.securitySchemes.oauth2.flows;
      expect(Object.keys(flows).sort()).toEqual([
        'authorizationCode',
        'clientCredentials',
        'password',
      ]);
      expect(flows.authorizationCode.authorizationUrl).toBe('/oauth/authorize');
      for (const flow of Object.values<{ tokenUrl: string }>(flows)) {
        expect(flow.tokenUrl).toBe('/oauth/token');
      }
      // The password flow as Swagger UI sends it with the preset client id and no secret:
      // `Authorization: Basic base64("party:")` and a form body.
      const user = await registerUser(t, { username: 'swaggerui01' });
      const login = await t.post(
        '/oauth/token',
        new URLSearchParams({
          grant_type: 'password',
          scope: 'party_user',
          username: user.username,
          password: user.password,
        }),
        { headers: { authorization: `Basic ${btoa(`${FIRST_PARTY_CLIENT_ID}:`)}` } },
      );
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ token_type: 'Bearer', scope: 'party_user' });
      const me = await t.get('user', { token: login.body.access_token });
      expect(me.body.username).toBe(user.username);
    });
  });

  describe('with PUBLIC_URL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ PUBLIC_URL: 'https://party.example.com/' });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('names the redirect URI outright, and the page answers at its path', async () => {
      const { customOptions } = initOptions((await t.get('/docs/swagger-ui-init.js')).text);
      expect(customOptions.oauth2RedirectUrl).toBe(
        'https://party.example.com/docs/oauth2-redirect.html',
      );
      expect(customOptions.initOAuth).toMatchObject({ usePkceWithAuthorizationCodeGrant: true });
      const page = await t.get(new URL(customOptions.oauth2RedirectUrl!).pathname);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    });

    it('names PUBLIC_URL as the server of the served document', async () => {
      const spec = await t.get('/docs-json');
      expect(spec.body.servers).toEqual([
        { url: 'https://party.example.com', description: 'This Party server' },
      ]);
    });
  });
});
