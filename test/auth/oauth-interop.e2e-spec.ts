import { startTestApp, TestApp } from '../support/test-app';
import { createUser, TestUser } from '../support/fixtures';
import { basic, strictBasic, tokenRequest } from './auth-helpers';

const EMPTY_BASIC = 'Basic Og=='; // ":", what Swagger UI sends with no credentials filled in
const USER_SCOPES = 'party_user party_contact party_group party_message party_file';

describe('OAuth 2.0 interoperability: RFC 8414 metadata, RFC 6749 §2.3.1 Basic credentials', () => {
  let t: TestApp;
  let alice: TestUser;
  let app: { client_id: string; client_secret: string };

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://party.example.com/' });
    alice = await createUser(t);
    const res = await t.post(
      'apps',
      { name: 'Strict client', redirect_uris: [], scopes: ['party_user'] },
      { token: alice.token },
    );
    expect(res.status).toBe(201);
    app = res.body;
    // The client id holds `_`, which a strict encoder escapes: decoding is really tested.
    expect(app.client_id).toContain('_');
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (headers: Record<string, string>, params: Record<string, string> = {}) =>
    tokenRequest(
      t,
      { grant_type: 'password', username: alice.username, password: alice.password, ...params },
      headers,
    );

  /** Revokes an access token with these credentials; it stops working at once. */
  async function revokes(token: string, authorization: string) {
    const res = await t.post('/oauth/revoke', new URLSearchParams({ token }), {
      headers: { authorization },
    });
    expect(res.status).toBe(200);
    expect((await t.get('user', { token })).status).toBe(401);
  }

  describe('GET /.well-known/oauth-authorization-server', () => {
    it('describes the server without a token, with PUBLIC_URL as the issuer', async () => {
      const res = await t.get('/.well-known/oauth-authorization-server');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.body).toEqual({
        issuer: 'https://party.example.com',
        authorization_endpoint: 'https://party.example.com/oauth/authorize',
        token_endpoint: 'https://party.example.com/oauth/token',
        revocation_endpoint: 'https://party.example.com/oauth/revoke',
        introspection_endpoint: 'https://party.example.com/oauth/introspect',
        scopes_supported: [
          'party_user',
          'party_contact',
          'party_group',
          'party_message',
          'party_file',
          'party_notify',
          'party_admin',
        ],
        response_types_supported: ['code'],
        grant_types_supported: [
          'password',
          'urn:party:params:oauth:grant-type:sms',
          'refresh_token',
          'authorization_code',
          'client_credentials',
        ],
        token_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
          'none',
        ],
        revocation_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
          'none',
        ],
        introspection_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
        ],
        code_challenge_methods_supported: ['S256'],
      });
    });

    it('ignores a forwarded host when PUBLIC_URL is set, and is not under /api/party', async () => {
      const forwarded = await t.get('/.well-known/oauth-authorization-server', {
        headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
      });
      expect(forwarded.body.issuer).toBe('https://party.example.com');
      const prefixed = await t.get('.well-known/oauth-authorization-server');
      expect(prefixed.status).toBe(404);
      const other = await t.get('/.well-known/openid-configuration');
      expect(other.status).toBe(404);
      const posted = await t.post('/.well-known/oauth-authorization-server', {});
      expect(posted.status).toBe(404);
    });

    it('is in the OpenAPI document as a public operation', async () => {
      const spec = await t.get('/docs-json');
      const operation = spec.body.paths['/.well-known/oauth-authorization-server']?.get;
      expect(operation.operationId).toBe('getAuthorizationServerMetadata');
      expect(operation.security).toEqual([]);
      expect(operation.responses['200'].content['application/json'].schema.$ref).toContain(
        'AuthorizationServerMetadataDto',
      );
    });
  });

  describe('client_secret_basic', () => {
    it('form-url-decodes the client id and secret (openid-client sends party%5F...)', async () => {
      const header = strictBasic(app.client_id, app.client_secret);
      expect(Buffer.from(header.slice(6), 'base64').toString()).toContain('%5F');
      const res = await login({ authorization: header });
      expect(res.status).toBe(200);
      // Bound to the app: its scopes, not every user scope.
      expect(res.body.scope).toBe('party_user');
      // The same on the endpoints that authenticate clients themselves.
      const seen = await t.post(
        '/oauth/introspect',
        new URLSearchParams({ token: res.body.access_token }),
        { headers: { authorization: header } },
      );
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ active: true, client_id: app.client_id });
      await revokes(res.body.access_token, header);
      // Unencoded parts (what most clients send) still work.
      expect((await login({ authorization: basic(app.client_id, app.client_secret) })).status).toBe(
        200,
      );
    });

    it('refuses a wrong, undecodable or colon-less Basic header with 401 invalid_client', async () => {
      const headers = [
        strictBasic(app.client_id, `${app.client_secret}x`),
        `Basic ${Buffer.from(`${app.client_id}:%ZZ`).toString('base64')}`,
        `Basic ${Buffer.from(app.client_id).toString('base64')}`,
        // A decoded client id with a colon would be split apart by the library.
        strictBasic(`${app.client_id}:x`, app.client_secret),
      ];
      for (const authorization of headers) {
        const res = await login({ authorization });
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('invalid_client');
        expect(res.headers.get('www-authenticate')).toContain('Basic');
        const introspected = await t.post(
          '/oauth/introspect',
          new URLSearchParams({ token: 'x' }),
          {
            headers: { authorization },
          },
        );
        expect(introspected.status).toBe(401);
        expect(introspected.body.error).toBe('invalid_client');
      }
    });

    it('treats an empty Basic header (Og==) as no credentials, not a 400', async () => {
      const res = await login({ authorization: EMPTY_BASIC });
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe(USER_SCOPES);
      // With a client_id in the body it is that app's (public) login.
      const asApp = await login({ authorization: EMPTY_BASIC }, { client_id: app.client_id });
      expect(asApp.status).toBe(200);
      expect(asApp.body.scope).toBe('party_user');
      const refreshed = await tokenRequest(
        t,
        { grant_type: 'refresh_token', refresh_token: res.body.refresh_token },
        { authorization: EMPTY_BASIC },
      );
      expect(refreshed.status).toBe(200);
      await revokes(refreshed.body.access_token, EMPTY_BASIC);
      // No credentials is still not enough where a secret is required.
      const introspected = await t.post('/oauth/introspect', new URLSearchParams({ token: 'x' }), {
        headers: { authorization: EMPTY_BASIC },
      });
      expect(introspected.status).toBe(401);
      expect(introspected.body.error).toBe('invalid_client');
      const appToken = await tokenRequest(
        t,
        { grant_type: 'client_credentials' },
        { authorization: EMPTY_BASIC },
      );
      expect(appToken.status).toBeGreaterThanOrEqual(400);
      expect(appToken.status).toBeLessThan(500);
      expect(appToken.body.error).toBe('invalid_client');
    });
  });
});
