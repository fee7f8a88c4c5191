import fastifyMultipart from '@fastify/multipart';
import fastifyWebsocket from '@fastify/websocket';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { requestIdFor } from './common/logging/logging';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/app-config';
import { EventSocketGateway, WS_MAX_FRAME_BYTES, WS_PROTOCOL } from './events/event-socket.gateway';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api/party';

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
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl: options.databaseUrl, poolSize: options.poolSize }),
    adapter,
    { bufferLogs: true, preview: options.preview ?? false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'oauth/{*path}', method: RequestMethod.ALL },
      { path: 'h/{*path}', method: RequestMethod.ALL },
    ],
  });
  // Registered here, before Nest does it at init with the global prefix: the Fastify adapter
  // would then prefix every middleware path again, and the request logger would never see the
  // routes taken out of the prefix (/oauth, /h). The paths Nest computes already carry it.
  adapter.registerParserMiddleware();
  app.useGlobalPipes(createValidationPipe());
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: Math.max(config.limits.shareFileBytes, config.limits.attachmentBytes) + 1,
      files: 1,
    },
  });
  await registerEventSocket(app);
  if (!options.preview) {
    SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
      jsonDocumentUrl: 'docs-json',
      useGlobalPrefix: false,
    });
  }
  return app;
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
