import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimitTracker } from '../common/rate-limit/rate-limit.guard';
import { AccessGuard } from './access.guard';
import { BearerStrategy } from './bearer.strategy';
import { AppEntity } from './entities/app.entity';
import { TokenEntity } from './entities/token.entity';
import { UserEntity } from './entities/user.entity';
import { RequestAuthenticator, TokenRateLimitTracker } from './request-authenticator';
import { TokenRepository } from './token.repository';
import { TokenService } from './token.service';
import { UserRepository } from './user.repository';
import { UserController } from './user.controller';
import { UserService } from './user.service';

@Module({
  imports: [PassportModule, TypeOrmModule.forFeature([UserEntity, AppEntity, TokenEntity])],
  controllers: [UserController],
  providers: [
    AccessGuard,
    BearerStrategy,
    RequestAuthenticator,
    { provide: RateLimitTracker, useClass: TokenRateLimitTracker },
    TokenRepository,
    TokenService,
    UserRepository,
    UserService,
  ],
  exports: [AccessGuard, RateLimitTracker, TokenService, UserService],
})
export class AuthModule {}
