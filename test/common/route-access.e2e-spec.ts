import { routePolicies } from '../../src/auth/route-policies';
import { buildOpenApiDocument } from '../../src/openapi';
import { startTestApp, TestApp } from '../support/test-app';

const collectRoutes = (t: TestApp) => routePolicies(t.app);

describe('every route declares its access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has an @Access or @Public declaration on every handler', () => {
    const routes = collectRoutes(t);
    expect(routes.length).toBeGreaterThan(1);
    const undeclared = routes.filter((r) => !r.policy).map((r) => r.route);
    expect(undeclared).toEqual([]);
  });

  it('names at least one scope on every non-public route', () => {
    const scopeless = collectRoutes(t)
      .filter((r) => r.policy && !r.policy.public && r.policy.scopes.length === 0)
      .map((r) => r.route);
    expect(scopeless).toEqual([]);
  });

  it('gives every operation a unique id (the handler name) and documents its security', () => {
    const policies = new Map(collectRoutes(t).map((r) => [r.handler, r.policy]));
    const document = buildOpenApiDocument(t.app);
    const operations = Object.values(document.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string; security?: unknown[] }>),
    );
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      const policy = policies.get(operation.operationId ?? '');
      expect({ id: operation.operationId, known: policy !== undefined }).toEqual({
        id: operation.operationId,
        known: true,
      });
      // An app token's alternative scopes (`appScopes`) are a second oauth2 requirement; a
      // public route says `security: []` (no token), which generators and linters need spelled out.
      const expected =
        policy && !policy.public
          ? [
              { oauth2: [...policy.scopes] },
              ...(policy.appScopes ? [{ oauth2: [...policy.appScopes] }] : []),
              { bearer: [] },
            ]
          : [];
      expect({ id: operation.operationId, security: operation.security }).toEqual({
        id: operation.operationId,
        security: expected,
      });
    }
  });

  it('serves the spec at /docs-json and Swagger UI at /docs', async () => {
    const json = await t.request<{ openapi: string; paths: object }>('GET', '/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths).length).toBeGreaterThan(50);
    const ui = await t.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
