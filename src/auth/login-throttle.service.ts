import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { sha256Hex } from '../common/crypto/secrets';
import { DomainError } from '../common/errors/domain-error';
import { loggableError } from '../common/logging/logging';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import './auth.messages';
import { LoginThrottleStore, ThrottlePolicy } from './login-throttle.store';
import { UserService } from './user.service';

const DAY_SECONDS = 24 * 3600;
const PURGE_EVERY_MS = 3600_000;

/**
 * Password sign-ins (the password grant, the consent page) under a per-account and a per-IP
 * budget of failures: past it the account (or address) is refused with 429 and `Retry-After`
 * for a lockout that doubles each time, without the password even being checked. A success
 * clears the account's failures, never the address's.
 */
@Injectable()
export class LoginThrottleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LoginThrottleService.name);
  private readonly account: ThrottlePolicy;
  private readonly address: ThrottlePolicy;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly throttles: LoginThrottleStore,
    private readonly users: UserService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const { maxFailures, maxFailuresPerIp, windowSeconds, lockoutSeconds } = config.login;
    const shared = {
      windowSeconds,
      lockoutSeconds,
      maxLockoutSeconds: DAY_SECONDS,
      forgetSeconds: DAY_SECONDS,
    };
    this.account = { ...shared, maxFailures };
    this.address = { ...shared, maxFailures: maxFailuresPerIp };
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purgeSafely(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The user the login and password name, null when they do not; 429 while locked out. */
  async authenticate(login: string, password: string, ip: string): Promise<string | null> {
    // The login as typed names the account: the same lock whether or not it exists, so the
    // throttle tells nothing about which logins are registered.
    const accountKey = sha256Hex(`account:${login.trim().toLowerCase()}`);
    const addressKey = sha256Hex(`ip:${ip}`);
    const seconds = await this.throttles.secondsLocked([accountKey, addressKey]);
    if (seconds > 0) {
      const error = new DomainError(429, 'login_throttled', { retry_after: seconds });
      error.headers['Retry-After'] = String(seconds);
      throw error;
    }
    const userId = await this.users.authenticatePassword(login, password);
    if (userId) {
      await this.throttles.reset(accountKey);
      return userId;
    }
    await this.throttles.recordFailure(accountKey, this.account);
    await this.throttles.recordFailure(addressKey, this.address);
    return null;
  }

  private async purgeSafely(): Promise<void> {
    try {
      await this.throttles.deleteIdle(DAY_SECONDS);
    } catch (error) {
      this.logger.warn({ err: loggableError(error) }, 'Purging login throttles failed');
    }
  }
}
