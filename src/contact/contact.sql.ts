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
  /**
   * People `user` may know, each with his place (`position` from 1): users who are not him, not
   * his friends and not blocked either way, who are friends of his friends or in an address book
   * with him (his naming them: `book_name`; theirs naming him), ranked by common friends, then by
   * address-book matches (0–2), then by id; `common_ids` are the friends they have in common,
   * in id order.
   */
  mayKnowRanking: (user: string) =>
    `WITH excluded AS (
       SELECT ${user} AS id
       UNION SELECT friend_id FROM friendships WHERE user_id = ${user}
       UNION SELECT blocked_id FROM user_blocks WHERE blocker_id = ${user}
       UNION SELECT blocker_id FROM user_blocks WHERE blocked_id = ${user}
     ), common AS (
       SELECT theirs.friend_id AS candidate, count(*)::int AS common_count,
              array_agg(mine.friend_id ORDER BY mine.friend_id) AS common_ids
         FROM friendships mine
         JOIN friendships theirs ON theirs.user_id = mine.friend_id
        WHERE mine.user_id = ${user}
        GROUP BY theirs.friend_id
     ), book AS (
       SELECT b.candidate, min(b.book_name) AS book_name,
              count(DISTINCT b.direction)::int AS book_matches
         FROM (SELECT matched_user_id AS candidate, name AS book_name, 1 AS direction
                 FROM address_book_entries WHERE owner_id = ${user} AND matched_user_id IS NOT NULL
               UNION ALL
               SELECT owner_id, NULL, 2 FROM address_book_entries WHERE matched_user_id = ${user}) b
        GROUP BY b.candidate
     ), ranked AS (
       SELECT COALESCE(c.candidate, b.candidate) AS candidate,
              COALESCE(c.common_count, 0) AS common_count,
              COALESCE(c.common_ids, '{}') AS common_ids, b.book_name, COALESCE(b.book_matches, 0) AS book_matches
         FROM common c FULL JOIN book b ON b.candidate = c.candidate
        WHERE NOT EXISTS (SELECT 1 FROM excluded x WHERE x.id = COALESCE(c.candidate, b.candidate))
     )
     SELECT row_number() OVER (ORDER BY common_count DESC, book_matches DESC, candidate)::int
              AS position, candidate, common_count, book_matches, book_name, common_ids
       FROM ranked`,
  /**
   * Marks the stored "people you may know" rankings of `users` (a query of one uuid column) out
   * of date, in the transaction of every change to what ranks them. An upsert, in id order: a
   * read ranking one of them meanwhile waits for this transaction, then sees its change.
   */
  mayKnowChanged: (users: string) =>
    `INSERT INTO may_know_states (user_id, generation)
     SELECT DISTINCT changed.id, 1 FROM (${users}) AS changed(id) ORDER BY 1
     ON CONFLICT (user_id) DO UPDATE
       SET generation = may_know_states.generation + 1, ranked = false`,
};
