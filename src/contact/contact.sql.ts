/**
 * SQL about contacts that other modules' single-statement hot paths embed (a send checks blocks
 * and moves friendships up in its own statement): the contact module owns the tables, so what
 * they mean lives here. Arguments are SQL expressions (parameters like `$1`).
 */
/** Hands out friendship positions: the larger, the nearer the top of its owner's list. */
export const FRIENDSHIP_RANK_SEQUENCE = 'friendships_rank_key_seq';

export const CONTACT_SQL = {
  /** The names `viewer` gives `person` (`remarked_name`, `contact_name`; no row: not his friend). */
  namesGiven: (viewer: string, person: string) =>
    `SELECT remarked_name, contact_name FROM friendships
      WHERE user_id = ${viewer} AND friend_id = ${person}`,
  /** A row when `blocker` has blocked `blocked`. */
  blocks: (blocker: string, blocked: string) =>
    `SELECT 1 FROM user_blocks WHERE blocker_id = ${blocker} AND blocked_id = ${blocked}`,
  /**
   * Both sides of each friendship of `pairs` (a relation) were in contact at `at`: both rows go
   * to the top of their owner's order (nothing for two who are not friends). `a`, `b` and `at`
   * are columns of `pairs`, one row per pair.
   */
  touchFriendshipPairs: (pairs: string, a: string, b: string, at: string) =>
    `UPDATE friendships f
        SET rank_key = nextval('${FRIENDSHIP_RANK_SEQUENCE}'),
            last_contacted_at = GREATEST(f.last_contacted_at, ${at})
       FROM ${pairs}
      WHERE (f.user_id = ${a} AND f.friend_id = ${b}) OR (f.user_id = ${b} AND f.friend_id = ${a})`,
};
