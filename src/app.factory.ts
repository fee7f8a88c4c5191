import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import fastifyWebsocket from '@fastify/websocket';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { registerSecurityHeaders } from './common/http/security-headers';
import {
  createRootLogger,
  logRequestCompleted,
  requestIdFor,
  requestLogger,
} from './common/logging/logging';
import { NestPinoLogger } from './common/logging/nest-pino-logger';
import { unroutedRateLimiter } from './common/rate-limit/rate-limit.guard';
import { createValidationPipe } from './common/validation/validation.pipe';
import { COMPAT_UNPREFIXED_PATHS } from './compat/compat.module';
import { rewriteXuanxuanUrl } from './compat/xuanxuan/xuanxuan.envelope';
import { AppConfig } from './config/app-config';
import { EventSocketGateway, WS_MAX_FRAME_BYTES, WS_PROTOCOL } from './events/event-socket.gateway';
import { buildCompatOpenApiDocument, serveApiDocs } from './openapi';

export const API_PREFIX = 'api/party';

type UnroutedRateLimiter = Awaited<ReturnType<typeof unroutedRateLimiter>>;

export interface CreateAppOptions {
  databaseUrl: string;
  poolSize: number;
  /** Builds the app graph without connecting anything (to write the OpenAPI document). */
  preview?: boolean;
}

/** Creates the configured Nest app; the caller decides whether and where it listens. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.limits.bodyBytes,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: requestIdFor,
    // Fastify's own logger and per-request child (`request.log`): no AsyncLocalStorage, whose
    // promise hooks cost every promise of every request (docs/decisions.md, "Logging").
    loggerInstance: createRootLogger(config.logLevel),
    childLoggerFactory: requestLogger,
    disableRequestLogging: true,
    // No Nest middleware is mounted: no middie hook on every request.
    skipMiddie: true,
    ...(config.compat.includes('xuanxuan') ? { rewriteUrl: xuanxuanUrl } : {}),
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  adapter.getInstance().addHook('onResponse', logRequestCompleted);
  registerSecurityHeaders(adapter.getInstance());
  // Fastify answers a path no route matches with its 404 handler, where no Nest guard runs: the
  // rate limit counts such requests under the prefix here (their 404 carries X-RateLimit-*).
  let countUnrouted: UnroutedRateLimiter | null = null;
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    if (countUnrouted && request.is404 && isUnderPrefix(request.url))
      await countUnrouted(request, reply);
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl: options.databaseUrl, poolSize: options.poolSize }),
    adapter,
    { bufferLogs: true, preview: options.preview ?? false, abortOnError: false },
  );
  app.useLogger(new NestPinoLogger(adapter.getInstance().log));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'oauth/{*path}', method: RequestMethod.ALL },
      { path: 'h/{*path}', method: RequestMethod.ALL },
      { path: '.well-known/{*path}', method: RequestMethod.ALL },
      ...COMPAT_UNPREFIXED_PATHS.map((path) => ({ path, method: RequestMethod.ALL })),
    ],
  });
  // Nest's body parsers, registered now rather than at init so that the JSON one can be replaced.
  adapter.registerParserMiddleware();
  acceptEmptyJsonBodies(adapter, config.limits.bodyBytes);
  app.useGlobalPipes(createValidationPipe());
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: Math.max(config.limits.shareFileBytes, config.limits.attachmentBytes) + 1,
      files: 1,
    },
  });
  await registerCors(app, config.corsOrigins);
  await registerEventSocket(app);
  if (!options.preview) {
    countUnrouted = await unroutedRateLimiter(app);
    serveApiDocs(app, config);
    serveCompatDocuments(app, config);
  }
  return app;
}

/** `/docs/compat/<vendor>.json`: the OpenAPI document of each vendor format switched on. */
function serveCompatDocuments(app: NestFastifyApplication, config: AppConfig): void {
  for (const vendor of config.compat) {
    let document: OpenAPIObject | null | undefined;
    app
      .getHttpAdapter()
      .getInstance()
      .get(`/docs/compat/${vendor}.json`, (_request, reply) => {
        document ??= buildCompatOpenApiDocument(app, vendor);
        if (document) void reply.send(document);
        else void reply.callNotFound();
      });
  }
}

/** Seed 001 names its functions in the query; each is routed as a path of its own. */
function xuanxuanUrl(request: { url?: string }): string {
  return rewriteXuanxuanUrl(request.url ?? '/');
}

function isUnderPrefix(url: string): boolean {
  const path = url.split('?')[0];
  return path === `/${API_PREFIX}` || path.startsWith(`/${API_PREFIX}/`);
}

/**
 * A bodyless request that still says `Content-Type: application/json` (`POST messages/{id}/read`
 * from many HTTP clients) has no body, as without the header; Fastify's JSON parser, which Nest
 * registers, refuses an empty body with 400. Anything else is parsed exactly as before.
 */
function acceptEmptyJsonBodies(adapter: FastifyAdapter, bodyLimit: number): void {
  const fastify = adapter.getInstance();
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body: string, done) => {
      if (body.length === 0) done(null, undefined);
      else void parseJson(request, body, done);
    },
  );
}

/** Request headers a browser app may send, and response headers it may read. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'Accept-Language',
  'Last-Event-ID',
  'X-Request-Id',
];
export const CORS_EXPOSED_HEADERS = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
  'Link',
  'X-Total-Count',
  'ETag',
  'Content-Disposition',
  'Content-Range',
  'Idempotent-Replayed',
  'X-Request-Id',
];

/**
 * CORS for browser apps on the origins of `CORS_ORIGINS` only (none by default: no CORS headers,
 * so browsers keep other sites out). Tokens travel in `Authorization`, never in cookies, so no
 * credentials mode.
 */
async function registerCors(app: NestFastifyApplication, origins: readonly string[]) {
  if (origins.length === 0) return;
  await app.register(fastifyCors, {
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
  });
}

/**
 * `GET ws`: Nest declares the route (docs, plain-HTTP answer); @fastify/websocket takes the
 * upgrade. The gateway's pre-handler authorizes before the upgrade, its handler runs after.
 */
async function registerEventSocket(app: NestFastifyApplication): Promise<void> {
  const gateway = app.get(EventSocketGateway);
  const instance = app.getHttpAdapter().getInstance();
  const path = `/${API_PREFIX}/ws`;
  instance.addHook('onRoute', (route) => {
    if (route.url !== path || route.method !== 'GET') return;
    const previous = route.preHandler ? [route.preHandler].flat() : [];
    route.preHandler = [...previous, (request, reply) => gateway.authorizeUpgrade(request, reply)];
    route.wsHandler = (socket, request) => gateway.open(socket, request);
  });
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: WS_MAX_FRAME_BYTES,
      handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    },
  });
}
