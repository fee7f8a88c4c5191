/**
 * SQL about users that other modules' single-statement hot paths embed: the auth module owns the
 * table, so what it means lives here. Arguments are SQL expressions (parameters like `$1`).
 */
export const USER_SQL = {
  /** The public profile of one user: `id, username, nickname, avatar_url` (no row: no user). */
  profile: (userId: string) =>
    `SELECT id, username, nickname, avatar_url FROM users WHERE id = ${userId}`,
};
