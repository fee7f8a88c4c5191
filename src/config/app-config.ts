import { resolve } from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const positiveInt = z.coerce.number().int().positive();

/** The seed vendors whose wire formats Party can speak (`src/compat/`). */
export const COMPAT_VENDORS = ['catchchat', 'xuanxuan', 'yunzhijia', 'agora'] as const;
export type CompatVendor = (typeof COMPAT_VENDORS)[number];

/**
 * `COMPAT`: a comma list of vendors, `none` for none. Unset means all of them; an empty value is
 * dropped before parsing like every other variable, so `COMPAT=` is read as `none` (below).
 */
const compatVendors = z
  .string()
  .trim()
  .transform((value, context): CompatVendor[] => {
    if (value === '' || value.toLowerCase() === 'none') return [];
    const names = value.split(',').map((name) => name.trim().toLowerCase());
    const unknown = names.filter((name) => !(COMPAT_VENDORS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `unknown vendor ${unknown.join(', ')} (known: ${COMPAT_VENDORS.join(', ')}, none)`,
      });
      return z.NEVER;
    }
    return COMPAT_VENDORS.filter((vendor) => names.includes(vendor));
  });
const nonNegativeInt = z.coerce.number().int().nonnegative();

/**
 * Which X-Forwarded-* headers to believe: `false` (none: the socket's peer is the client),
 * `true` (all), a number of proxy hops, or a comma-separated list of proxy addresses / CIDRs.
 */
const trustProxy = z
  .string()
  .trim()
  .regex(
    /^(true|false|\d+|[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*)$/,
    'must be true, false, a number of proxy hops, or a comma-separated list of addresses / CIDRs',
  )
  .transform((value): boolean | number | string[] => {
    if (value === 'true' || value === 'false') return value === 'true';
    if (/^\d+$/.test(value)) return Number(value);
    return value.split(',').map((address) => address.trim());
  });

/**
 * Browser origins allowed to call the API (CORS): a comma-separated list of exact origins
 * (`https://app.example.com`, scheme, host and port only); empty = no cross-origin access.
 */
const corsOrigins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine(
        (origin) => {
          try {
            const url = new URL(origin);
            return /^https?:$/.test(url.protocol) && url.origin === origin;
          } catch {
            return false;
          }
        },
        { message: 'each origin must be scheme://host[:port] (http or https), with no path' },
      ),
    ),
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  TRUST_PROXY: trustProxy.default(false),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z.string().default('party:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_PER_HOUR: positiveInt.default(5000),
  VERIFY_CODE_LIMIT_PER_HOUR: positiveInt.default(20),
  VERIFY_CODE_LIMIT_PER_DAY: positiveInt.default(50),
  VERIFY_CODE_TTL_SECONDS: positiveInt.default(300),
  PASSWORD_TOKEN_TTL_SECONDS: nonNegativeInt.default(365 * 24 * 3600),
  SMS_TOKEN_TTL_SECONDS: nonNegativeInt.default(7 * 24 * 3600),
  APP_TOKEN_TTL_SECONDS: nonNegativeInt.default(2 * 3600),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(2 * 365 * 24 * 3600),
  AUTH_CODE_TTL_SECONDS: positiveInt.default(600),
  BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  SHARE_FILE_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  ATTACHMENT_MAX_BYTES: positiveInt.default(25 * 1024 * 1024),
  SMS_OUTBOX_IN_PRODUCTION: booleanFlag.default(false),
  EVENT_RETENTION_DAYS: positiveInt.default(7),
  WS_MAX_PER_TOKEN: positiveInt.default(10),
  COMPAT: compatVendors.default([...COMPAT_VENDORS]),
  LOGIN_MAX_FAILURES: positiveInt.default(10),
  LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(100),
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt.default(15 * 60),
  LOGIN_LOCKOUT_SECONDS: positiveInt.default(15 * 60),
  CORS_ORIGINS: corsOrigins.default([]),
  WEBHOOK_ALLOW_PRIVATE: booleanFlag.default(false),
  WEBHOOK_RETRY_BASE_MS: positiveInt.default(10_000),
  WEBHOOK_CONCURRENCY: nonNegativeInt.max(64).default(4),
});

export type AppConfig = Readonly<{
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string | null;
  trustProxy: boolean | number | string[];
  dataDir: string;
  filesDir: string;
  databaseUrl: string | null;
  databasePoolSize: number;
  redisUrl: string | null;
  redisKeyPrefix: string;
  logLevel: string;
  rateLimitPerHour: number;
  verifyCodes: { perHour: number; perDay: number; ttlSeconds: number };
  tokens: {
    passwordTtlSeconds: number;
    smsTtlSeconds: number;
    appTtlSeconds: number;
    refreshTtlSeconds: number;
    authCodeTtlSeconds: number;
  };
  limits: { bodyBytes: number; shareFileBytes: number; attachmentBytes: number };
  smsOutboxInProduction: boolean;
  events: { retentionDays: number; wsMaxPerToken: number };
  /** The vendor wire formats switched on (`COMPAT`). */
  compat: readonly CompatVendor[];
  /** Failed password sign-ins: per account and per IP within a window, then a doubling lockout. */
  login: {
    maxFailures: number;
    maxFailuresPerIp: number;
    windowSeconds: number;
    lockoutSeconds: number;
  };
  corsOrigins: readonly string[];
  /**
   * `allowPrivate`: deliver to private addresses (SSRF guard off); `retryBaseMs`: first backoff;
   * `concurrency`: deliveries this instance sends at once (0: it only queues, others deliver).
   */
  webhooks: { allowPrivate: boolean; retryBaseMs: number; concurrency: number };
}>;

export class ConfigError extends Error {}

/** Reads and validates the environment once; any bad value is reported in one line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  // `COMPAT=` switches every vendor off; for the other variables an empty value means unset.
  if (env.COMPAT !== undefined && env.COMPAT.trim() === '') cleaned.COMPAT = 'none';
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? null,
    trustProxy: e.TRUST_PROXY,
    dataDir,
    filesDir: resolve(dataDir, 'files'),
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    logLevel: e.LOG_LEVEL,
    rateLimitPerHour: e.RATE_LIMIT_PER_HOUR,
    verifyCodes: {
      perHour: e.VERIFY_CODE_LIMIT_PER_HOUR,
      perDay: e.VERIFY_CODE_LIMIT_PER_DAY,
      ttlSeconds: e.VERIFY_CODE_TTL_SECONDS,
    },
    tokens: {
      passwordTtlSeconds: e.PASSWORD_TOKEN_TTL_SECONDS,
      smsTtlSeconds: e.SMS_TOKEN_TTL_SECONDS,
      appTtlSeconds: e.APP_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      authCodeTtlSeconds: e.AUTH_CODE_TTL_SECONDS,
    },
    limits: {
      bodyBytes: e.BODY_LIMIT_BYTES,
      shareFileBytes: e.SHARE_FILE_MAX_BYTES,
      attachmentBytes: e.ATTACHMENT_MAX_BYTES,
    },
    smsOutboxInProduction: e.SMS_OUTBOX_IN_PRODUCTION,
    events: { retentionDays: e.EVENT_RETENTION_DAYS, wsMaxPerToken: e.WS_MAX_PER_TOKEN },
    compat: Object.freeze([...e.COMPAT]),
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
      lockoutSeconds: e.LOGIN_LOCKOUT_SECONDS,
    },
    corsOrigins: Object.freeze([...e.CORS_ORIGINS]),
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      concurrency: e.WEBHOOK_CONCURRENCY,
    },
  });
}
