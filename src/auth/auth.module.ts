import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimitTracker } from '../common/rate-limit/rate-limit.guard';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccessGuard } from './access.guard';
import { AppController } from './app.controller';
import { AppRepository } from './app.repository';
import { AppService } from './app.service';
import { AuthController } from './auth.controller';
import { BearerStrategy } from './bearer.strategy';
import { AppEntity } from './entities/app.entity';
import { AuthorizationCodeEntity } from './entities/authorization-code.entity';
import { BrowserSessionEntity } from './entities/browser-session.entity';
import { LoginThrottleEntity } from './entities/login-throttle.entity';
import { TokenEntity } from './entities/token.entity';
import { UserEntity } from './entities/user.entity';
import { VerifyCodeEntity } from './entities/verify-code.entity';
import { ConsentController } from './oauth/consent.controller';
import { ConsentService } from './oauth/consent.service';
import { SignInController } from './oauth/sign-in.controller';
import { OAuthMetadataController } from './oauth/oauth-metadata.controller';
import { OAuthController } from './oauth/oauth.controller';
import { OAuthRepository } from './oauth/oauth.repository';
import { OAuthService } from './oauth/oauth.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { RedisLoginThrottleStore } from './login-throttle.redis';
import { LoginThrottleService } from './login-throttle.service';
import { LoginThrottleStore } from './login-throttle.store';
import { RedisConnection } from '../common/redis/redis.module';
import { RequestAuthenticator, TokenRateLimitTracker } from './request-authenticator';
import { createSmsSender, SmsSender } from './sms-sender';
import { TokenCache } from './token-cache';
import { TokenRepository } from './token.repository';
import { TokenService } from './token.service';
import { UserRepository } from './user.repository';
import { UserController } from './user.controller';
import { UserService } from './user.service';
import { UsersController } from './users.controller';
import { VerifyCodeRepository } from './verify-code.repository';
import { VerifyCodeService } from './verify-code.service';

@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([
      UserEntity,
      AppEntity,
      TokenEntity,
      VerifyCodeEntity,
      AuthorizationCodeEntity,
      BrowserSessionEntity,
      LoginThrottleEntity,
    ]),
  ],
  controllers: [
    AuthController,
    UserController,
    UsersController,
    AppController,
    OAuthController,
    OAuthMetadataController,
    ConsentController,
    SignInController,
  ],
  providers: [
    AccessGuard,
    BearerStrategy,
    RequestAuthenticator,
    { provide: RateLimitTracker, useClass: TokenRateLimitTracker },
    {
      provide: SmsSender,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createSmsSender(config),
    },
    TokenCache,
    TokenRepository,
    TokenService,
    UserRepository,
    UserService,
    VerifyCodeRepository,
    VerifyCodeService,
    AppRepository,
    AppService,
    OAuthRepository,
    OAuthService,
    LoginThrottleRepository,
    {
      provide: LoginThrottleStore,
      inject: [RedisConnection, LoginThrottleRepository],
      useFactory: (redis: RedisConnection, database: LoginThrottleRepository) =>
        redis.client ? new RedisLoginThrottleStore(redis.client) : database,
    },
    LoginThrottleService,
    ConsentService,
  ],
  exports: [AccessGuard, AppService, ConsentService, RateLimitTracker, TokenService, UserService],
})
export class AuthModule {}
