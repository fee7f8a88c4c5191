import { prepared } from '../database/prepared-statements';

/**
 * SQL about users that other modules' single-statement hot paths embed: the auth module owns the
 * table, so what it means lives here. Arguments are SQL expressions (parameters like `$1`).
 */
export const USER_SQL = {
  /** The public profile of one user: `id, username, nickname, avatar_url` (no row: no user). */
  profile: (userId: string) =>
    `SELECT id, username, nickname, avatar_url FROM users WHERE id = ${userId}`,
};

/** The signed-in user's own profile, as `GET user` answers it (`$1` the user). */
export const OWN_PROFILE = prepared(
  'party_own_profile',
  `SELECT id, username, nickname, avatar_url, email, mobile, phone_code, time_zone, locale,
          created_at
     FROM users WHERE id = $1`,
);
