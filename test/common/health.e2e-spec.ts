import { startTestApp, TestApp } from '../support/test-app';

describe('GET /api/party/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports the database up without a token', async () => {
    const res = await t.get('health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 in the error envelope once the database is unreachable', async () => {
    await t.breakDatabase();
    const res = await t.get('health');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('service_unavailable');
  });
});
