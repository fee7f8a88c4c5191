import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/app-config';

describe('loadConfig', () => {
  it('has working defaults: embedded database under ./data, port 3000, 5000 requests an hour', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
    expect(config.filesDir).toBe(join(process.cwd(), 'data', 'files'));
    expect(config.port).toBe(3000);
    expect(config.rateLimitPerHour).toBe(5000);
    expect(config.limits.shareFileBytes).toBe(10 * 1024 * 1024);
    expect(config.verifyCodes).toEqual({ perHour: 20, perDay: 50, ttlSeconds: 300 });
  });

  it('reads and types the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://u@db:5432/party',
      REDIS_URL: 'redis://cache:6379',
      RATE_LIMIT_PER_HOUR: '100',
      SMS_OUTBOX_IN_PRODUCTION: 'true',
    });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgresql://u@db:5432/party');
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.rateLimitPerHour).toBe(100);
    expect(config.smsOutboxInProduction).toBe(true);
  });

  it('switches the vendor wire formats with COMPAT: all by default, a list, none or empty for none', () => {
    expect(loadConfig({}).compat).toEqual(['catchchat', 'xuanxuan', 'yunzhijia', 'agora']);
    expect(loadConfig({ COMPAT: 'agora, Yunzhijia' }).compat).toEqual(['yunzhijia', 'agora']);
    expect(loadConfig({ COMPAT: 'none' }).compat).toEqual([]);
    expect(loadConfig({ COMPAT: '' }).compat).toEqual([]);
    expect(() => loadConfig({ COMPAT: 'agora,wechat' })).toThrow(
      'Invalid configuration: COMPAT: unknown vendor wechat',
    );
  });

  it('opens CORS to no origin by default, and to exact origins only', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    for (const bad of ['*', 'app.example.com', 'https://app.example.com/', 'ftp://x.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
  });

  it('throttles password sign-ins: 10 failures in 15 minutes per account, 100 per IP', () => {
    expect(loadConfig({}).login).toEqual({
      maxFailures: 10,
      maxFailuresPerIp: 100,
      windowSeconds: 900,
      lockoutSeconds: 900,
    });
    expect(() => loadConfig({ LOGIN_MAX_FAILURES: '0' })).toThrow(/LOGIN_MAX_FAILURES/);
  });

  it('believes no X-Forwarded-For unless told which proxies to trust', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RATE_LIMIT_PER_HOUR: '0' }, 'RATE_LIMIT_PER_HOUR'],
    [{ SMS_OUTBOX_IN_PRODUCTION: 'maybe' }, 'SMS_OUTBOX_IN_PRODUCTION'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
  ])('refuses %p naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${name}: `));
  });

  it('stops the server with one line and a non-zero exit on a bad value', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, '../../src/main.ts')],
      {
        env: { ...process.env, PORT: 'eighty', DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid configuration: PORT: Invalid input: expected number, received NaN',
    ]);
  });
});
