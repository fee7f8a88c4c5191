import fastifyMultipart from '@fastify/multipart';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { requestIdFor } from './common/logging/logging';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/app-config';
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
  if (!options.preview) {
    SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
      jsonDocumentUrl: 'docs-json',
      useGlobalPrefix: false,
    });
  }
  return app;
}
