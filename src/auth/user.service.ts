import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '../common/errors/domain-error';
import { UserPrincipal } from '../common/http/request-principal';
import { PublicProfile } from '../common/people/person.dto';
import './auth.messages';
import { UpdateUserProfileDto, UserProfileDto } from './dto/user-profile.dto';
import { UserEntity } from './entities/user.entity';
import { UserRepository } from './user.repository';

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

/** Users: the caller's own profile, and what other modules may ask (public profiles by id). */
@Injectable()
export class UserService {
  constructor(private readonly users: UserRepository) {}

  async getProfile(caller: UserPrincipal): Promise<UserProfileDto> {
    return toUserProfile(await this.requireUser(caller.userId));
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
    await this.users.update(user.id, {
      nickname: changes.nickname,
      avatarUrl: changes.avatar_url,
      email,
      timeZone: changes.time_zone,
      locale: changes.locale,
    });
    return toUserProfile(await this.requireUser(user.id));
  }

  async profilesByIds(ids: readonly string[]): Promise<Map<string, PublicProfile>> {
    const profiles = await this.users.findProfiles(ids);
    return new Map(profiles.map((profile) => [profile.id, profile]));
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
