import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ThrottlerModule, seconds } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { FixedWindowThrottlerStorage } from './common/rate-limit/fixed-window.storage';
import { AnnouncementModule } from './announcement/announcement.module';
import { AccessGuard } from './auth/access.guard';
import { AuthModule } from './auth/auth.module';
import { ErrorRenderersModule } from './common/errors/error-renderers';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { CompatModule } from './compat/compat.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { RateLimitGuard } from './common/rate-limit/rate-limit.guard';
import { RedisConnection, RedisModule } from './common/redis/redis.module';
import { StorageModule } from './common/storage/storage.module';
import { ResponseInterceptor } from './common/http/response.interceptor';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ContactModule } from './contact/contact.module';
import { ClusterModule } from './common/cluster/cluster.module';
import { EventLogModule } from './events/event-log.module';
import { EventsModule } from './events/events.module';
import { DatabaseModule } from './database/database.module';
import { buildDataSourceOptions } from './database/data-source-options';
import { GroupModule } from './group/group.module';
import { HealthModule } from './health/health.module';
import { MessageModule } from './message/message.module';
import { NotifyModule } from './notify/notify.module';
import { ShareFileModule } from './share-file/share-file.module';
import { WebhookModule } from './webhook/webhook.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Connections in the pool; the embedded database serves one session, so it gets 1. */
  poolSize: number;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, poolSize }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions(databaseUrl, poolSize),
          migrationsRun: true,
        }),
        EventEmitterModule.forRoot(),
        ErrorRenderersModule,
        RedisModule,
        ThrottlerModule.forRootAsync({
          inject: [RedisConnection],
          useFactory: (redis: RedisConnection) => ({
            throttlers: [{ ttl: seconds(3600), limit: config.rateLimitPerHour }],
            storage: redis.client
              ? new ThrottlerStorageRedisService(redis.client)
              : new FixedWindowThrottlerStorage(),
          }),
        }),
        StorageModule,
        DatabaseModule,
        IdempotencyModule,
        ClusterModule.forRoot({ url: databaseUrl, shared: poolSize > 1 }),
        EventLogModule,
        HealthModule,
        AuthModule,
        ContactModule,
        GroupModule,
        MessageModule,
        AnnouncementModule,
        ShareFileModule,
        NotifyModule,
        EventsModule,
        CompatModule.register(config.compat),
        WebhookModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useExisting: AccessGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: ResponseInterceptor },
      ],
    };
  }
}
