import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error';
import { UserPrincipal } from '../common/http/request-principal';
import { PageQueryDto, Paginated } from '../common/pagination/pagination';
import { PersonDto, PublicProfile, toPerson } from '../common/people/person.dto';
import { Label } from '../common/i18n/label';
import './auth.messages';
import {
  AvailabilityDto,
  ChangeMobileDto,
  RegisterDto,
  SendVerifyCodeDto,
  USERNAME_PATTERN,
  VerifyCodeSentDto,
} from './dto/auth.dto';
import { UpdateUserProfileDto, UserProfileDto } from './dto/user-profile.dto';
import { UserEntity } from './entities/user.entity';
import { NormalizedMobile, normalizeMobile } from './phone';
import { LoginCandidate, uniqueViolation, UserRepository } from './user.repository';
import { TokenService } from './token.service';
import { verifyCodeFailure, VerifyCodeService } from './verify-code.service';
import { isStorableText } from '../common/validation/storable-text';

export function toUserProfile(user: UserEntity): UserProfileDto {
  return {
    id: user.id,
    username: user.username,
    nickname: user.nickname,
    avatar_url: user.avatarUrl,
    email: user.email,
    mobile: user.mobile,
    phone_code: user.phoneCode,
    time_zone: user.timeZone,
    locale: user.locale,
    created_at: user.createdAt,
  } as UserProfileDto;
}

type AvailabilityCode = 'username_taken' | 'username_invalid' | 'mobile_taken' | 'mobile_invalid';

/** The answer of an availability check; `message` is the code's text in the reader's language. */
function availability(code: AvailabilityCode | null): AvailabilityDto {
  return { available: code === null, code, message: code === null ? null : new Label(code, code) };
}

/** argon2id, as DESIGN §6 asks. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** Compared against when a login names nobody, so both cases cost the same. */
let dummyHash: Promise<string> | null = null;

function conflictFor(constraint: string): ConflictError | null {
  if (constraint === 'users_username_lower_key') return new ConflictError('username_taken');
  if (constraint === 'users_mobile_key') return new ConflictError('mobile_taken');
  if (constraint === 'users_email_key') return new ConflictError('email_taken');
  return null;
}

/** Users: accounts, profiles, search, and what other modules may ask (public profiles by id). */
@Injectable()
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly verifyCodes: VerifyCodeService,
    private readonly tokens: TokenService,
  ) {}

  /** E.164 of a phone_code + mobile pair, or a 400 naming `field`. */
  requireMobile(phoneCode: string, mobile: string, field = 'mobile'): NormalizedMobile {
    const normalized = normalizeMobile(phoneCode, mobile);
    if (!normalized) throw ValidationFailedError.field(field, 'isMobile');
    return normalized;
  }

  /** Sends a verify code; register needs a free number, login a registered one. */
  async sendVerifyCode(body: SendVerifyCodeDto): Promise<VerifyCodeSentDto> {
    const mobile = this.requireMobile(body.phone_code, body.mobile);
    const holder = await this.users.findIdByMobile(mobile.e164);
    if (body.purpose === 'register' && holder) throw new ConflictError('mobile_taken');
    if (body.purpose === 'login' && !holder) {
      throw new NotFoundError('user', 'mobile_not_registered');
    }
    const { expiresAt } = await this.verifyCodes.send(mobile.e164, body.purpose);
    return {
      mobile: mobile.e164,
      purpose: body.purpose,
      expires_at: expiresAt,
    } as VerifyCodeSentDto;
  }

  /**
   * The verify code is checked first: a wrong one is the same 400 whatever the username and
   * number, so registering tells nothing about existing accounts to someone without the code.
   * A right code is used up only with the account it creates (a taken username rolls it back).
   */
  async register(body: RegisterDto): Promise<UserProfileDto> {
    return this.registerHashed({
      username: body.username,
      passwordHash: () => hashPassword(body.password),
      phoneCode: body.phone_code,
      mobile: body.mobile,
      verifyCode: body.verify_code,
      verifyCodeField: 'verify_code',
      nickname: body.nickname,
    });
  }

  /**
   * Creates an account once its `register` verify code checks out; the password comes as its
   * argon2id hash (or the way to make it), so a flow that keeps it between two requests (the
   * CatchChat adapter's two-step registration) never holds the password itself.
   */
  async registerHashed(input: {
    username: string;
    passwordHash: string | (() => Promise<string>);
    phoneCode: string;
    mobile: string;
    verifyCode: string;
    verifyCodeField: string;
    nickname?: string;
  }): Promise<UserProfileDto> {
    const mobile = this.requireMobile(input.phoneCode, input.mobile);
    const passwordHash =
      typeof input.passwordHash === 'string' ? input.passwordHash : await input.passwordHash();
    const outcome = await this.users.transaction(
      async (tx): Promise<{ failed: 'invalid' | 'locked' } | { user: UserEntity }> => {
        const verified = await this.verifyCodes.verify(
          mobile.e164,
          'register',
          input.verifyCode,
          tx,
        );
        // A wrong guess commits its count against the code.
        if (verified !== 'ok') return { failed: verified };
        if (await this.users.usernameExists(input.username, tx)) {
          throw new ConflictError('username_taken');
        }
        if (await this.users.findIdByMobile(mobile.e164, tx))
          throw new ConflictError('mobile_taken');
        try {
          const user = await this.users.insert(
            {
              username: input.username,
              usernameLower: input.username.toLowerCase(),
              passwordHash,
              nickname: input.nickname ?? input.username,
              mobile: mobile.e164,
              phoneCode: mobile.phoneCode,
            },
            tx,
          );
          return { user };
        } catch (error) {
          throw conflictFor(uniqueViolation(error) ?? '') ?? error;
        }
      },
    );
    if ('failed' in outcome) throw verifyCodeFailure(outcome.failed, input.verifyCodeField);
    return toUserProfile(outcome.user);
  }

  async getProfile(caller: UserPrincipal): Promise<UserProfileDto> {
    const profile = await this.users.ownProfile(caller.userId);
    if (!profile) throw new NotFoundError('user');
    return profile;
  }

  async updateProfile(
    caller: UserPrincipal,
    changes: UpdateUserProfileDto,
  ): Promise<UserProfileDto> {
    const user = await this.requireUser(caller.userId);
    const email = changes.email === undefined ? undefined : (changes.email?.toLowerCase() ?? null);
    if (email && email !== user.email) {
      const holder = await this.users.findByEmail(email);
      if (holder && holder.id !== user.id) throw new ConflictError('email_taken');
    }
    try {
      await this.users.update(user.id, {
        nickname: changes.nickname,
        avatarUrl: changes.avatar_url,
        email,
        timeZone: changes.time_zone,
        locale: changes.locale,
      });
    } catch (error) {
      throw conflictFor(uniqueViolation(error) ?? '') ?? error;
    }
    // His tokens carry his time zone and locale (for `*_string` fields): looked up afresh.
    if (changes.time_zone !== undefined || changes.locale !== undefined) {
      this.tokens.forget({ userId: user.id });
    }
    return toUserProfile(await this.requireUser(user.id));
  }

  /** Moves the account to a new number: codes from the old number (if any) and the new one. */
  async changeMobile(caller: UserPrincipal, body: ChangeMobileDto): Promise<UserProfileDto> {
    return this.moveMobile(caller, body, 'verify_code', async (user) => {
      if (!body.old_verify_code) throw ValidationFailedError.field('old_verify_code', 'isDefined');
      await this.verifyCodes.require(
        user.mobile as string,
        'change_mobile',
        body.old_verify_code,
        'old_verify_code',
      );
    });
  }

  /**
   * The first half of a change of number split over two requests (CatchChat's flow): checks and
   * uses up the `change_mobile` code sent to the caller's current number. The caller keeps the
   * fact for `changeMobileChecked`; false when he has no number (nothing to check).
   */
  async checkCurrentMobileCode(
    caller: UserPrincipal,
    code: string,
    field: string,
  ): Promise<boolean> {
    const user = await this.requireUser(caller.userId);
    if (!user.mobile) return false;
    await this.verifyCodes.require(user.mobile, 'change_mobile', code, field);
    return true;
  }

  /**
   * The second half: the new number and its code. `currentChecked` is whether
   * `checkCurrentMobileCode` passed for this change; a caller with a number needs it.
   */
  async changeMobileChecked(
    caller: UserPrincipal,
    body: { phone_code: string; mobile: string; verify_code: string },
    field: string,
    currentChecked: boolean,
  ): Promise<UserProfileDto> {
    return this.moveMobile(caller, body, field, () => {
      if (!currentChecked) throw new ConflictError('mobile_change_unconfirmed');
      return Promise.resolve();
    });
  }

  /** The checks of every change of number, `checkCurrent` for a caller who has one. */
  private async moveMobile(
    caller: UserPrincipal,
    body: { phone_code: string; mobile: string; verify_code: string },
    field: string,
    checkCurrent: (user: UserEntity) => Promise<void>,
  ): Promise<UserProfileDto> {
    const user = await this.requireUser(caller.userId);
    const mobile = this.requireMobile(body.phone_code, body.mobile);
    if (mobile.e164 === user.mobile) throw new ConflictError('mobile_unchanged');
    const holder = await this.users.findIdByMobile(mobile.e164);
    if (holder) throw new ConflictError('mobile_taken');
    if (user.mobile) await checkCurrent(user);
    await this.verifyCodes.require(mobile.e164, 'change_mobile', body.verify_code, field);
    try {
      await this.users.update(user.id, { mobile: mobile.e164, phoneCode: mobile.phoneCode });
    } catch (error) {
      throw conflictFor(uniqueViolation(error) ?? '') ?? error;
    }
    return toUserProfile(await this.requireUser(user.id));
  }

  /** People whose username or nickname contains `text`, one page of them and their total. */
  async searchProfiles(
    text: string,
    page: PageQueryDto,
  ): Promise<{ profiles: PublicProfile[]; total: number }> {
    const needle = text.trim();
    if (!needle) throw ValidationFailedError.field('q', 'isNotEmpty');
    const [profiles, total] = await this.users.search(needle, page.offset, page.per_page);
    return { profiles, total };
  }

  /** Every user of the system, by username (public fields only). */
  async listAll(page: PageQueryDto): Promise<Paginated<PersonDto>> {
    const [profiles, total] = await this.users.page(page.offset, page.per_page);
    return Paginated.of(
      profiles.map((profile) => toPerson(profile)),
      page,
      total,
    );
  }

  /** Anyone's public face (never mobile, email or other private fields); 404 when unknown. */
  async requireProfile(id: string): Promise<PublicProfile> {
    const profile = (await this.users.findProfiles([id]))[0];
    if (!profile) throw new NotFoundError('user');
    return profile;
  }

  async usernameAvailability(username: string): Promise<AvailabilityDto> {
    if (!USERNAME_PATTERN.test(username)) return availability('username_invalid');
    if (await this.users.usernameExists(username)) {
      return availability('username_taken');
    }
    return availability(null);
  }

  async mobileAvailability(phoneCode: string, mobile: string): Promise<AvailabilityDto> {
    const normalized = normalizeMobile(phoneCode, mobile);
    if (!normalized) return availability('mobile_invalid');
    if (await this.users.findIdByMobile(normalized.e164)) {
      return availability('mobile_taken');
    }
    return availability(null);
  }

  /** The user holding an E.164 number, if any. */
  async findIdByMobile(e164: string): Promise<string | null> {
    return this.users.findIdByMobile(e164);
  }

  /** Registered users among E.164 numbers (for address-book matching). */
  async findByMobiles(e164: readonly string[]): Promise<{ id: string; mobile: string }[]> {
    return this.users.findByMobiles(e164);
  }

  /** The user a login (username, email or mobile) and password name, or null. */
  async authenticatePassword(login: string, password: string): Promise<string | null> {
    const candidates: LoginCandidate[] = isStorableText(login)
      ? await this.users.findLoginCandidates(login.trim())
      : [];
    for (const candidate of candidates) {
      if (await argon2.verify(candidate.passwordHash, password)) return candidate.id;
    }
    if (candidates.length === 0) {
      dummyHash ??= hashPassword('party-dummy-password');
      await argon2.verify(await dummyHash, password);
    }
    return null;
  }

  /**
   * The user a mobile number and its `login` verify code name, or null (a bad number, a wrong,
   * used, expired or locked code, or nobody holding the number).
   */
  async authenticateMobile(
    phoneCode: string | undefined,
    mobile: string,
    code: string,
  ): Promise<string | null> {
    const normalized = normalizeMobile(phoneCode, mobile);
    if (!normalized) return null;
    const outcome = await this.verifyCodes.verify(normalized.e164, 'login', code);
    if (outcome !== 'ok') return null;
    return this.users.findIdByMobile(normalized.e164);
  }

  /** How a user reads pages: his time zone and chosen language; null for no such user. */
  async readerOf(userId: string): Promise<{ timeZone: string; locale: string | null } | null> {
    const user = await this.users.findById(userId);
    return user ? { timeZone: user.timeZone, locale: user.locale } : null;
  }

  async profilesByIds(ids: readonly string[]): Promise<Map<string, PublicProfile>> {
    const profiles = await this.users.findProfiles(ids);
    return new Map(profiles.map((profile) => [profile.id, profile]));
  }

  /** The ids among `ids` whose username or nickname contains `text`, ignoring case. */
  async idsMatching(ids: readonly string[], text: string): Promise<string[]> {
    return this.users.idsMatching(ids, text);
  }

  /** The ids among `ids` that name no user. */
  async missingIds(ids: readonly string[]): Promise<string[]> {
    const existing = await this.users.existingIds(ids);
    return [...new Set(ids)].filter((id) => !existing.has(id));
  }

  private async requireUser(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('user');
    return user;
  }
}
