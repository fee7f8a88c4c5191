import { Inject, Injectable } from '@nestjs/common';
import { SMS_GRANT_TYPE } from '../../auth/oauth/oauth-client';
import { TokenService } from '../../auth/token.service';
import { hashPassword, UserService } from '../../auth/user.service';
import { ConflictError, DomainError } from '../../common/errors/domain-error';
import { USER_SCOPES } from '../../common/http/request-principal';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { CatchChatRepository } from './catchchat.repository';
import { CatchChatViews } from './catchchat-views';
import './catchchat.messages';
import {
  CatchChatLoginTokenDto,
  CatchChatMobileDto,
  CatchChatMobileTokenDto,
  CatchChatSendVerifyCodeDto,
  RegistrationCreateDto,
  RegistrationDoneDto,
  RegistrationStartedDto,
  RegistrationUpdateDto,
  TokenByLoginDto,
  TokenByMobileDto,
} from './dto/catchchat-auth.dto';

/** CatchChat clients are Chinese first: a number without its country code is a Chinese one. */
const DEFAULT_PHONE_CODE = '86';

/**
 * CatchChat's sign-in and registration over Party's accounts: the same password check, verify
 * codes (and their limits) and tokens as `/oauth/token` and `auth/register`, with every user
 * scope, as Party's own first-party client gets them.
 */
@Injectable()
export class CatchChatAuthService {
  constructor(
    private readonly users: UserService,
    private readonly tokens: TokenService,
    private readonly repo: CatchChatRepository,
    private readonly views: CatchChatViews,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async tokenByLogin(body: TokenByLoginDto): Promise<CatchChatLoginTokenDto> {
    const userId = await this.users.authenticatePassword(body.login, body.password);
    if (!userId) throw new DomainError(401, 'catchchat.invalid_login');
    const lifetime = body.expiring ?? this.config.tokens.passwordTtlSeconds;
    return {
      login: body.login,
      access_token: await this.issue(userId, 'password', lifetime),
    };
  }

  /** A `login` code: the number must belong to someone (20 an hour, 50 a day per number). */
  async sendVerifyCode(body: CatchChatSendVerifyCodeDto): Promise<CatchChatMobileDto> {
    await this.users.sendVerifyCode({
      mobile: body.mobile,
      phone_code: body.phone_code ?? DEFAULT_PHONE_CODE,
      purpose: 'login',
    });
    return { mobile: body.mobile };
  }

  async tokenByMobile(body: TokenByMobileDto): Promise<CatchChatMobileTokenDto> {
    const userId = await this.users.authenticateMobile(
      body.phone_code ?? DEFAULT_PHONE_CODE,
      body.mobile,
      body.verify_code,
    );
    if (!userId) throw new DomainError(401, 'catchchat.invalid_mobile_login');
    const lifetime = body.expiring ?? this.config.tokens.smsTtlSeconds;
    return {
      mobile: body.mobile,
      access_token: await this.issue(userId, SMS_GRANT_TYPE, lifetime),
    };
  }

  /**
   * Step one: checks the username and number, sends a `register` code and keeps the request
   * (the password as its argon2id hash) until the code comes back.
   */
  async startRegistration(body: RegistrationCreateDto): Promise<RegistrationStartedDto> {
    const mobile = this.users.requireMobile(body.phone_code, body.mobile);
    const username = await this.users.usernameAvailability(body.username);
    if (!username.available) throw new ConflictError(username.code ?? 'username_taken');
    const passwordHash = await hashPassword(body.password);
    await this.users.sendVerifyCode({
      mobile: body.mobile,
      phone_code: body.phone_code,
      purpose: 'register',
    });
    await this.repo.savePendingRegistration({
      mobile: mobile.e164,
      phoneCode: mobile.phoneCode,
      username: body.username,
      passwordHash,
    });
    return { mobile: body.mobile, phone_code: mobile.phoneCode, username: body.username };
  }

  /** Step two: the code creates the account, which is signed in at once. */
  async completeRegistration(body: RegistrationUpdateDto): Promise<RegistrationDoneDto> {
    const mobile = this.users.requireMobile(body.phone_code, body.mobile);
    const pending = await this.repo.findPendingRegistration(mobile.e164);
    if (!pending || pending.username.toLowerCase() !== body.username.toLowerCase()) {
      throw new ConflictError('catchchat.registration_not_started');
    }
    const profile = await this.users.registerHashed({
      username: pending.username,
      passwordHash: pending.passwordHash,
      phoneCode: body.phone_code,
      mobile: body.mobile,
      verifyCode: body.token,
      verifyCodeField: 'token',
    });
    await this.repo.deletePendingRegistration(mobile.e164);
    const accessToken = await this.issue(
      profile.id,
      'password',
      this.config.tokens.passwordTtlSeconds,
    );
    return { access_token: accessToken, user: await this.views.me(profile) };
  }

  private async issue(userId: string, grantType: string, lifetime: number): Promise<string> {
    const issued = await this.tokens.issue({
      userId,
      appId: null,
      scopes: USER_SCOPES,
      grantType,
      expiresIn: lifetime,
      refreshTtlSeconds: null,
    });
    return issued.accessToken;
  }
}
