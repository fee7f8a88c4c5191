import { likePattern } from '../common/sql/like-pattern';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, QueryFailedError, Repository } from 'typeorm';
import { PublicProfile } from '../common/people/person.dto';
import { PreparedStatements } from '../database/prepared-statements';
import { UserProfileDto } from './dto/user-profile.dto';
import { UserEntity } from './entities/user.entity';
import { OWN_PROFILE } from './user.sql';

/** Postgres unique_violation, with the index that raised it. */
export function uniqueViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' ? (driverError.constraint ?? '') : null;
}

export interface LoginCandidate {
  id: string;
  passwordHash: string;
}

@Injectable()
export class UserRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly statements: PreparedStatements,
  ) {}

  /** `GET user`'s one statement, with the columns in the answer's own names. */
  async ownProfile(id: string): Promise<UserProfileDto | null> {
    return (await this.statements.query<UserProfileDto>(OWN_PROFILE, [id]))[0] ?? null;
  }

  // The two lookups below run on every send and every page of people: plain SQL, no query
  // builder in between.
  async findProfiles(ids: readonly string[]): Promise<PublicProfile[]> {
    if (ids.length === 0) return [];
    return this.users.query(
      `SELECT id, username, nickname, avatar_url AS "avatarUrl" FROM users WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.users.query(
      'SELECT id FROM users WHERE id = ANY($1::uuid[])',
      [[...new Set(ids)]],
    );
    return new Set(rows.map((row) => row.id));
  }

  async findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { email } });
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.users.manager.transaction(work);
  }

  private repo(tx?: EntityManager): Repository<UserEntity> {
    return tx ? tx.getRepository(UserEntity) : this.users;
  }

  async usernameExists(username: string, tx?: EntityManager): Promise<boolean> {
    return this.repo(tx).exists({ where: { usernameLower: username.toLowerCase() } });
  }

  async findIdByMobile(mobile: string, tx?: EntityManager): Promise<string | null> {
    const row = await this.repo(tx).findOne({ where: { mobile }, select: { id: true } });
    return row?.id ?? null;
  }

  async findByMobiles(mobiles: readonly string[]): Promise<{ id: string; mobile: string }[]> {
    if (mobiles.length === 0) return [];
    const rows = await this.users.find({
      where: { mobile: In([...new Set(mobiles)]) },
      select: { id: true, mobile: true },
    });
    return rows.map((row) => ({ id: row.id, mobile: row.mobile as string }));
  }

  /**
   * Users a login names: username (any case), email, or mobile (E.164, or the national number
   * of the user's own country code).
   */
  async findLoginCandidates(login: string): Promise<LoginCandidate[]> {
    const lower = login.toLowerCase();
    const digits = /^\+?\d{4,17}$/.test(login) ? login.replace(/^\+/, '') : null;
    return this.users.query(
      `SELECT id, password_hash AS "passwordHash" FROM users
        WHERE username_lower = $1 OR email = $1
           OR ($2::text IS NOT NULL AND (mobile = '+' || $2 OR mobile = '+' || phone_code || $2))
        LIMIT 5`,
      [lower, digits],
    );
  }

  async search(text: string, offset: number, limit: number): Promise<[PublicProfile[], number]> {
    const pattern = likePattern(text.toLowerCase());
    const rows: (PublicProfile & { total: string })[] = await this.users.query(
      `SELECT id, username, nickname, avatar_url AS "avatarUrl", count(*) OVER () AS total
         FROM users
        WHERE username_lower LIKE $1 OR lower(nickname) LIKE $1
        ORDER BY (username_lower = $2) DESC, username_lower, id
        OFFSET $3 LIMIT $4`,
      [pattern, text.toLowerCase(), offset, limit],
    );
    if (rows.length > 0) {
      return [rows.map(({ total: _total, ...profile }) => profile), Number(rows[0].total)];
    }
    const counted: { total: string }[] = await this.users.query(
      `SELECT count(*) AS total FROM users WHERE username_lower LIKE $1 OR lower(nickname) LIKE $1`,
      [pattern],
    );
    return [[], Number(counted[0].total)];
  }

  /** Every user, by username: one page and the total. */
  async page(offset: number, limit: number): Promise<[PublicProfile[], number]> {
    const profiles: PublicProfile[] = await this.users.query(
      `SELECT id, username, nickname, avatar_url AS "avatarUrl"
         FROM users ORDER BY username_lower, id OFFSET $1 LIMIT $2`,
      [offset, limit],
    );
    const counted: { total: string }[] = await this.users.query(
      `SELECT count(*) AS total FROM users`,
    );
    return [profiles, Number(counted[0].total)];
  }

  /** The ids among `ids` whose username or nickname contains `text` (case-insensitive). */
  async idsMatching(ids: readonly string[], text: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await this.users.query(
      `SELECT id FROM users
        WHERE id = ANY($1::uuid[]) AND (username_lower LIKE $2 OR lower(nickname) LIKE $2)`,
      [[...new Set(ids)], likePattern(text.toLowerCase())],
    );
    return rows.map((row) => row.id);
  }

  async update(id: string, changes: Partial<UserEntity>): Promise<void> {
    await this.users.update({ id }, changes);
  }

  async insert(user: Partial<UserEntity>, tx?: EntityManager): Promise<UserEntity> {
    const repo = this.repo(tx);
    return repo.save(repo.create(user));
  }
}
