import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { USER_SQL } from '../auth/user.sql';
import { PublicProfile } from '../common/people/person.dto';
import { prepared, PreparedStatements } from '../database/prepared-statements';
import { CONTACT_SQL, FRIENDSHIP_RANK_SEQUENCE } from './contact.sql';
import { FriendRequestEntity, FriendRequestState } from './entities/friend-request.entity';
import { updateReturning } from '../common/sql/update-returning';

/** A friendship row as its owner sees it, with its 1-based `position` among his friendships. */
export interface FriendshipRow {
  id: string;
  userId: string;
  friendId: string;
  remarkedName: string | null;
  contactName: string | null;
  position: number;
  lastContactedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One side of a friendship: the row its owner (`userId`) has. */
export interface FriendshipSide {
  id: string;
  userId: string;
  friendId: string;
}

export interface FriendshipNames {
  friendId: string;
  remarkedName: string | null;
  contactName: string | null;
}

export interface BlockRow {
  blockedId: string;
  createdAt: Date;
}

export interface FriendListRow {
  id: string;
  ownerId: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface AddressBookRow {
  numberHash: string;
  name: string;
  matchedUserId: string | null;
}

/**
 * A page of people you may know as its user (`$1`) sees them, from `ranked` (a CTE of `position`,
 * `candidate`, `common_count`, `book_name`, `book_matches`, `common_ids`, `total`): each candidate's profile
 * and the user's names for him, and his common friends with the user (up to 5, the user's
 * nearest first) with their profiles and the user's names for them.
 */
const PRESENTED_MAY_KNOW = `
SELECT ranked.total, ranked.candidate AS user_id, ranked.common_count, ranked.book_name,
       ranked.book_matches, person.username, person.nickname, person.avatar_url,
       names.remarked_name, names.contact_name,
       (SELECT coalesce(json_agg(json_build_object('id', c.id, 'username', c.username,
                   'nickname', c.nickname, 'avatarUrl', c.avatar_url,
                   'remarkedName', c.remarked_name, 'contactName', c.contact_name)
                 ORDER BY c.rank_key DESC), '[]')
          FROM (SELECT f.id, f.username, f.nickname, f.avatar_url, mine.remarked_name,
                       mine.contact_name, mine.rank_key
                  FROM unnest(ranked.common_ids) AS common(id)
                  -- One probe of the user's friendship per common friend. OFFSET 0 keeps it so:
                  -- the generic plan thinks a user has 10 friendships and would otherwise read
                  -- all of them (2,000 in the bench) for each candidate, in a hash join.
                  CROSS JOIN LATERAL (
                    SELECT m.remarked_name, m.contact_name, m.rank_key FROM friendships m
                     WHERE m.user_id = $1 AND m.friend_id = common.id OFFSET 0) mine
                  JOIN users f ON f.id = common.id
                 ORDER BY mine.rank_key DESC LIMIT 5) c) AS common_friends
  FROM ranked
  LEFT JOIN LATERAL (${USER_SQL.profile('ranked.candidate')}) person ON true
  LEFT JOIN LATERAL (${CONTACT_SQL.namesGiven('$1', 'ranked.candidate')}) names ON true
 ORDER BY ranked.position`;

/**
 * `$1` user, `$2` offset, `$3` limit: a page of his stored ranking (an index range on its
 * positions). No row when no ranking of his is current; one with a null candidate past the end.
 */
const STORED_MAY_KNOW = prepared(
  'party_may_know_page',
  `WITH ranked AS (
     SELECT r.position, r.candidate_id AS candidate, r.common_count, r.book_name, r.book_matches,
            r.common_ids, s.total
       FROM may_know_states s
       LEFT JOIN may_know_rankings r ON r.user_id = s.user_id AND r.generation = s.generation
                                    AND r.position > $2 AND r.position <= $2 + $3
      WHERE s.user_id = $1 AND s.ranked
   )
   ${PRESENTED_MAY_KNOW}`,
);

/** A person as the statement returns him: his profile and the viewer's names for him. */
export interface NamedProfile extends PublicProfile {
  remarkedName: string | null;
  contactName: string | null;
}

export interface MayKnowRow {
  person: NamedProfile;
  commonCount: number;
  commonFriends: NamedProfile[];
  bookName: string | null;
  bookMatches: number;
}

interface MayKnowAnswerRow {
  total: number;
  user_id: string | null;
  common_count: number;
  book_name: string | null;
  book_matches: number;
  username: string | null;
  nickname: string | null;
  avatar_url: string | null;
  remarked_name: string | null;
  contact_name: string | null;
  common_friends: NamedProfile[];
}

/** The page's candidates who are still users, as the service presents them. */
function mayKnowRows(found: readonly MayKnowAnswerRow[]): MayKnowRow[] {
  return found.flatMap((row) =>
    row.user_id === null || row.username === null || row.nickname === null
      ? []
      : [
          {
            person: {
              id: row.user_id,
              username: row.username,
              nickname: row.nickname,
              avatarUrl: row.avatar_url,
              remarkedName: row.remarked_name,
              contactName: row.contact_name,
            },
            commonCount: row.common_count,
            commonFriends: row.common_friends,
            bookName: row.book_name,
            bookMatches: row.book_matches,
          },
        ],
  );
}

export interface Page<T> {
  rows: T[];
  total: number;
}

const REQUEST_COLUMNS = `r.id, r.from_user_id AS "fromUserId", r.to_user_id AS "toUserId", r.message,
  r.state, r.silenced, r.decided_at AS "decidedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

const BLOCK_COLUMNS = 'blocked_id AS "blockedId", created_at AS "createdAt"';

/** The owner's friendships numbered by position (1 = top): a CTE named `ranked`. */
const RANKED_FRIENDSHIPS = `ranked AS (
  SELECT f.id, f.user_id AS "userId", f.friend_id AS "friendId", f.remarked_name AS "remarkedName",
         f.contact_name AS "contactName", f.last_contacted_at AS "lastContactedAt",
         f.created_at AS "createdAt", f.updated_at AS "updatedAt",
         row_number() OVER (ORDER BY f.rank_key DESC, f.id)::int AS position
    FROM friendships f WHERE f.user_id = $1)`;

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
/** SQL of the contact module: friend requests, friendships, blocks, friend lists, address books. */
@Injectable()
export class ContactRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statements: PreparedStatements,
  ) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Runs a page query whose `$2` / `$3` are OFFSET / LIMIT and whose rows carry
   * `count(*) OVER () AS total`; past the end, the total comes from the first row.
   */
  private async page<T>(sql: string, params: unknown[]): Promise<Page<T>> {
    const rows: (T & { total: number })[] = await this.dataSource.query(sql, params);
    if (rows.length > 0 || params[1] === 0) {
      return {
        rows: rows.map(({ total: _total, ...row }) => row as unknown as T),
        total: rows[0]?.total ?? 0,
      };
    }
    const first: { total: number }[] = await this.dataSource.query(sql, [
      params[0],
      0,
      1,
      ...params.slice(3),
    ]);
    return { rows: [], total: first[0]?.total ?? 0 };
  }

  /**
   * Serializes the transactions that change what is between two users (requests both ways,
   * friendship, blocks) until the caller's transaction ends.
   */
  async lockPair(tx: EntityManager, a: string, b: string): Promise<void> {
    const [low, high] = a < b ? [a, b] : [b, a];
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `contact:${low}:${high}`,
    ]);
  }

  // ---- friend requests -------------------------------------------------------------------

  async findRequest(
    id: string,
    tx?: EntityManager,
    lock = false,
  ): Promise<FriendRequestEntity | null> {
    const rows: FriendRequestEntity[] = await this.manager(tx).query(
      `SELECT ${REQUEST_COLUMNS} FROM friend_requests r WHERE r.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findPendingRequest(
    fromUserId: string,
    toUserId: string,
    tx?: EntityManager,
  ): Promise<FriendRequestEntity | null> {
    const rows: FriendRequestEntity[] = await this.manager(tx).query(
      `SELECT ${REQUEST_COLUMNS} FROM friend_requests r
        WHERE r.from_user_id = $1 AND r.to_user_id = $2 AND r.state = 'pending'`,
      [fromUserId, toUserId],
    );
    return rows[0] ?? null;
  }

  /** Inserts a pending request; null when one is already pending for the pair. */
  async insertPendingRequest(
    tx: EntityManager,
    request: { fromUserId: string; toUserId: string; message: string | null; silenced: boolean },
  ): Promise<FriendRequestEntity | null> {
    const rows: FriendRequestEntity[] = await tx.query(
      `INSERT INTO friend_requests AS r (from_user_id, to_user_id, message, silenced)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (from_user_id, to_user_id) WHERE state = 'pending' DO NOTHING
       RETURNING ${REQUEST_COLUMNS}`,
      [request.fromUserId, request.toUserId, request.message, request.silenced],
    );
    return rows[0] ?? null;
  }

  /** Moves a pending request to `state`; null when it is no longer pending. */
  async decideRequest(
    tx: EntityManager,
    id: string,
    state: Exclude<FriendRequestState, 'pending'>,
  ): Promise<FriendRequestEntity | null> {
    const rows = await updateReturning<FriendRequestEntity>(
      tx,
      `UPDATE friend_requests r SET state = $2, decided_at = now(), updated_at = now()
        WHERE r.id = $1 AND r.state = 'pending'
        RETURNING ${REQUEST_COLUMNS}`,
      [id, state],
    );
    return rows[0] ?? null;
  }

  /** Closes every request still pending between the two users, in either direction. */
  async closePendingBetween(
    tx: EntityManager,
    a: string,
    b: string,
    state: Exclude<FriendRequestState, 'pending'>,
  ): Promise<FriendRequestEntity[]> {
    return updateReturning<FriendRequestEntity>(
      tx,
      `UPDATE friend_requests r SET state = $3, decided_at = now(), updated_at = now()
        WHERE r.state = 'pending'
          AND ((r.from_user_id = $1 AND r.to_user_id = $2) OR (r.from_user_id = $2 AND r.to_user_id = $1))
        RETURNING ${REQUEST_COLUMNS}`,
      [a, b, state],
    );
  }

  /** Requests the user received (silenced ones never show) or sent, newest first. */
  async listRequests(
    side: 'received' | 'sent',
    userId: string,
    state: FriendRequestState | undefined,
    offset: number,
    limit: number,
  ): Promise<Page<FriendRequestEntity>> {
    const where =
      side === 'received' ? 'r.to_user_id = $1 AND NOT r.silenced' : 'r.from_user_id = $1';
    return this.page(
      `SELECT ${REQUEST_COLUMNS}, count(*) OVER ()::int AS total
         FROM friend_requests r
        WHERE ${where} AND ($4::varchar IS NULL OR r.state = $4)
        ORDER BY r.created_at DESC, r.id DESC
        OFFSET $2 LIMIT $3`,
      [userId, offset, limit, state ?? null],
    );
  }

  // ---- friendships -----------------------------------------------------------------------

  /**
   * Creates both sides (each with the contact name its owner's address book gives the other);
   * returns the sides it created.
   */
  async insertFriendshipPair(tx: EntityManager, a: string, b: string): Promise<FriendshipSide[]> {
    await this.mayKnowOfPairChanged(tx, a, b);
    return tx.query(
      `INSERT INTO friendships (user_id, friend_id, contact_name)
       SELECT pair.user_id, pair.friend_id,
              (SELECT min(e.name) FROM address_book_entries e
                WHERE e.owner_id = pair.user_id AND e.matched_user_id = pair.friend_id)
         FROM (VALUES ($1::uuid, $2::uuid), ($2::uuid, $1::uuid)) AS pair(user_id, friend_id)
       ON CONFLICT (user_id, friend_id) DO NOTHING
       RETURNING id, user_id AS "userId", friend_id AS "friendId"`,
      [a, b],
    );
  }

  /** Deletes both sides; their friend-list memberships go with them. Returns the sides deleted. */
  async deleteFriendshipPair(tx: EntityManager, a: string, b: string): Promise<FriendshipSide[]> {
    await this.mayKnowOfPairChanged(tx, a, b);
    return updateReturning<FriendshipSide>(
      tx,
      `DELETE FROM friendships
        WHERE (user_id = $1 AND friend_id = $2) OR (user_id = $2 AND friend_id = $1)
        RETURNING id, user_id AS "userId", friend_id AS "friendId"`,
      [a, b],
    );
  }

  /**
   * Whether two users are friends ranks them and their friends for "people you may know" (each
   * is a friend of a friend of the other's friends): marks those rankings out of date.
   */
  private async mayKnowOfPairChanged(tx: EntityManager, a: string, b: string): Promise<void> {
    await tx.query(
      CONTACT_SQL.mayKnowChanged(
        `SELECT $1::uuid UNION ALL SELECT $2::uuid
         UNION ALL SELECT friend_id FROM friendships WHERE user_id IN ($1, $2)`,
      ),
      [a, b],
    );
  }

  async areFriends(a: string, b: string, tx?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.manager(tx).query(
      'SELECT 1 FROM friendships WHERE user_id = $1 AND friend_id = $2',
      [a, b],
    );
    return rows.length > 0;
  }

  async friendIds(userId: string): Promise<string[]> {
    const rows: { friendId: string }[] = await this.dataSource.query(
      `SELECT friend_id AS "friendId" FROM friendships WHERE user_id = $1
        ORDER BY rank_key DESC, id`,
      [userId],
    );
    return rows.map((row) => row.friendId);
  }

  async friendIdsAmong(userId: string, candidateIds: readonly string[]): Promise<string[]> {
    if (candidateIds.length === 0) return [];
    const rows: { friendId: string }[] = await this.dataSource.query(
      `SELECT friend_id AS "friendId" FROM friendships
        WHERE user_id = $1 AND friend_id = ANY($2::uuid[])`,
      [userId, [...new Set(candidateIds)]],
    );
    return rows.map((row) => row.friendId);
  }

  /** The viewer's own names for those of `ids` who are his friends. */
  async friendshipNames(viewerId: string, ids: readonly string[]): Promise<FriendshipNames[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT friend_id AS "friendId", remarked_name AS "remarkedName", contact_name AS "contactName"
         FROM friendships WHERE user_id = $1 AND friend_id = ANY($2::uuid[])`,
      [viewerId, [...new Set(ids)]],
    );
  }

  /** One page of the owner's friendships in position order, optionally filtered. */
  async listFriendships(
    userId: string,
    filter: { contactedSince?: Date; nameLike?: string; friendIds?: readonly string[] },
    offset: number,
    limit: number,
  ): Promise<Page<FriendshipRow>> {
    const conditions: string[] = [];
    const params: unknown[] = [userId, offset, limit];
    if (filter.contactedSince) {
      params.push(filter.contactedSince);
      conditions.push(`"lastContactedAt" >= $${params.length}`);
    }
    if (filter.nameLike !== undefined) {
      params.push(filter.nameLike);
      const like = `$${params.length}`;
      params.push([...(filter.friendIds ?? [])]);
      conditions.push(
        `("remarkedName" ILIKE ${like} OR "contactName" ILIKE ${like} OR "friendId" = ANY($${params.length}::uuid[]))`,
      );
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.page(
      `WITH ${RANKED_FRIENDSHIPS}
       SELECT ranked.*, count(*) OVER ()::int AS total FROM ranked ${where}
        ORDER BY position OFFSET $2 LIMIT $3`,
      params,
    );
  }

  /** The owner's friendships among `ids` (friendship ids), in position order. */
  async friendshipsByIds(
    userId: string,
    ids: readonly string[],
    tx?: EntityManager,
  ): Promise<FriendshipRow[]> {
    if (ids.length === 0) return [];
    return this.manager(tx).query(
      `WITH ${RANKED_FRIENDSHIPS}
       SELECT * FROM ranked WHERE id = ANY($2::uuid[]) ORDER BY position`,
      [userId, [...new Set(ids)]],
    );
  }

  async friendshipWith(userId: string, friendId: string): Promise<FriendshipRow | null> {
    const rows: FriendshipRow[] = await this.dataSource.query(
      `WITH ${RANKED_FRIENDSHIPS} SELECT * FROM ranked WHERE "friendId" = $2`,
      [userId, friendId],
    );
    return rows[0] ?? null;
  }

  /** Sets the names the owner gives his friend; false when no such friendship of his. */
  async renameFriendship(
    userId: string,
    id: string,
    names: { remarkedName?: string | null; contactName?: string | null },
    tx?: EntityManager,
  ): Promise<boolean> {
    const result: [unknown[], number] = await this.manager(tx).query(
      `UPDATE friendships
          SET remarked_name = CASE WHEN $3 THEN $4 ELSE remarked_name END,
              contact_name = CASE WHEN $5 THEN $6 ELSE contact_name END,
              updated_at = now()
        WHERE id = $1 AND user_id = $2`,
      [
        id,
        userId,
        names.remarkedName !== undefined,
        names.remarkedName ?? null,
        names.contactName !== undefined,
        names.contactName ?? null,
      ],
    );
    return result[1] > 0;
  }

  /** Puts the friendship at the top of its owner's order; false when no such friendship of his. */
  async moveFriendshipToTop(userId: string, id: string, tx?: EntityManager): Promise<boolean> {
    const result: [unknown[], number] = await this.manager(tx).query(
      `UPDATE friendships SET rank_key = nextval('${FRIENDSHIP_RANK_SEQUENCE}')
        WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return result[1] > 0;
  }

  // ---- blocks ----------------------------------------------------------------------------

  /** A block either way keeps each of the two out of the other's "people you may know". */
  private async mayKnowOfBlockChanged(tx: EntityManager, a: string, b: string): Promise<void> {
    await tx.query(CONTACT_SQL.mayKnowChanged('SELECT $1::uuid UNION ALL SELECT $2::uuid'), [a, b]);
  }

  /** Adds the block; null when it already existed. */
  async insertBlock(
    tx: EntityManager,
    blockerId: string,
    blockedId: string,
  ): Promise<BlockRow | null> {
    await this.mayKnowOfBlockChanged(tx, blockerId, blockedId);
    const rows: BlockRow[] = await tx.query(
      `INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING ${BLOCK_COLUMNS}`,
      [blockerId, blockedId],
    );
    return rows[0] ?? null;
  }

  /** Removes the block; returns it, or null when there was none. */
  async deleteBlock(
    tx: EntityManager,
    blockerId: string,
    blockedId: string,
  ): Promise<BlockRow | null> {
    await this.mayKnowOfBlockChanged(tx, blockerId, blockedId);
    const rows = await updateReturning<BlockRow>(
      tx,
      `DELETE FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2 RETURNING ${BLOCK_COLUMNS}`,
      [blockerId, blockedId],
    );
    return rows[0] ?? null;
  }

  async findBlock(
    blockerId: string,
    blockedId: string,
    tx?: EntityManager,
  ): Promise<BlockRow | null> {
    const rows: BlockRow[] = await this.manager(tx).query(
      `SELECT ${BLOCK_COLUMNS} FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2`,
      [blockerId, blockedId],
    );
    return rows[0] ?? null;
  }

  async listBlocks(blockerId: string, offset: number, limit: number): Promise<Page<BlockRow>> {
    return this.page(
      `SELECT ${BLOCK_COLUMNS}, count(*) OVER ()::int AS total
         FROM user_blocks WHERE blocker_id = $1
        ORDER BY created_at DESC, blocked_id OFFSET $2 LIMIT $3`,
      [blockerId, offset, limit],
    );
  }

  /** Those of `candidateIds` who have blocked `blockedId`. */
  async blockersAmong(blockedId: string, candidateIds: readonly string[]): Promise<string[]> {
    if (candidateIds.length === 0) return [];
    const rows: { blockerId: string }[] = await this.dataSource.query(
      `SELECT blocker_id AS "blockerId" FROM user_blocks
        WHERE blocked_id = $1 AND blocker_id = ANY($2::uuid[])`,
      [blockedId, [...new Set(candidateIds)]],
    );
    return rows.map((row) => row.blockerId);
  }

  // ---- friend lists ----------------------------------------------------------------------

  /** In a transaction of its own, like every creation (an Idempotency-Key's mark joins it). */
  async insertFriendList(ownerId: string, name: string): Promise<FriendListRow> {
    const rows: FriendListRow[] = await this.dataSource.transaction((tx) =>
      tx.query(
        `INSERT INTO friend_lists (owner_id, name) VALUES ($1, $2)
       RETURNING id, owner_id AS "ownerId", name, created_at AS "createdAt", updated_at AS "updatedAt"`,
        [ownerId, name],
      ),
    );
    return rows[0];
  }

  async findFriendList(ownerId: string, id: string): Promise<FriendListRow | null> {
    const rows: FriendListRow[] = await this.dataSource.query(
      `SELECT id, owner_id AS "ownerId", name, created_at AS "createdAt", updated_at AS "updatedAt"
         FROM friend_lists WHERE id = $1 AND owner_id = $2`,
      [id, ownerId],
    );
    return rows[0] ?? null;
  }

  async listFriendLists(
    ownerId: string,
    offset: number,
    limit: number,
  ): Promise<Page<FriendListRow>> {
    return this.page(
      `SELECT id, owner_id AS "ownerId", name, created_at AS "createdAt", updated_at AS "updatedAt",
              count(*) OVER ()::int AS total
         FROM friend_lists WHERE owner_id = $1
        ORDER BY created_at, id OFFSET $2 LIMIT $3`,
      [ownerId, offset, limit],
    );
  }

  async renameFriendList(ownerId: string, id: string, name: string): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query(
      'UPDATE friend_lists SET name = $3, updated_at = now() WHERE id = $1 AND owner_id = $2',
      [id, ownerId, name],
    );
    return result[1] > 0;
  }

  async deleteFriendList(ownerId: string, id: string): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query(
      'DELETE FROM friend_lists WHERE id = $1 AND owner_id = $2',
      [id, ownerId],
    );
    return result[1] > 0;
  }

  /** The friendships in each of the lists, each list's in position order. */
  async friendListMembers(
    ownerId: string,
    listIds: readonly string[],
  ): Promise<(FriendshipRow & { listId: string })[]> {
    if (listIds.length === 0) return [];
    return this.dataSource.query(
      `WITH ${RANKED_FRIENDSHIPS}
       SELECT i.list_id AS "listId", ranked.*
         FROM friend_list_items i JOIN ranked ON ranked.id = i.friendship_id
        WHERE i.list_id = ANY($2::uuid[])
        ORDER BY ranked.position`,
      [ownerId, [...new Set(listIds)]],
    );
  }

  /** Adds the friendship to the list; false when it was already there. */
  async addToFriendList(listId: string, friendshipId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO friend_list_items (list_id, friendship_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING list_id`,
      [listId, friendshipId],
    );
    return rows.length > 0;
  }

  async removeFromFriendList(listId: string, friendshipId: string): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query(
      'DELETE FROM friend_list_items WHERE list_id = $1 AND friendship_id = $2',
      [listId, friendshipId],
    );
    return result[1] > 0;
  }

  async touchFriendList(id: string): Promise<void> {
    await this.dataSource.query('UPDATE friend_lists SET updated_at = now() WHERE id = $1', [id]);
  }

  // ---- address book ----------------------------------------------------------------------

  /** Replaces the owner's address book and copies its names onto his matching friendships. */
  async replaceAddressBook(ownerId: string, entries: readonly AddressBookRow[]): Promise<void> {
    // His ranking names whom his book matches, and theirs counts his book: before and after.
    const bookChanged = CONTACT_SQL.mayKnowChanged(
      `SELECT $1::uuid UNION ALL SELECT matched_user_id FROM address_book_entries
        WHERE owner_id = $1 AND matched_user_id IS NOT NULL`,
    );
    await this.dataSource.transaction(async (tx) => {
      await tx.query(bookChanged, [ownerId]);
      await tx.query('DELETE FROM address_book_entries WHERE owner_id = $1', [ownerId]);
      if (entries.length === 0) return;
      await tx.query(
        `INSERT INTO address_book_entries (owner_id, number_hash, name, matched_user_id)
         SELECT $1, e.number_hash, e.name, e.matched_user_id
           FROM unnest($2::char(64)[], $3::varchar[], $4::uuid[]) AS e(number_hash, name, matched_user_id)
         ON CONFLICT (owner_id, number_hash) DO NOTHING`,
        [
          ownerId,
          entries.map((e) => e.numberHash),
          entries.map((e) => e.name),
          entries.map((e) => e.matchedUserId),
        ],
      );
      await tx.query(bookChanged, [ownerId]);
      await tx.query(
        `UPDATE friendships f SET contact_name = e.name, updated_at = now()
           FROM (SELECT matched_user_id, min(name) AS name FROM address_book_entries
                  WHERE owner_id = $1 AND matched_user_id IS NOT NULL GROUP BY matched_user_id) e
          WHERE f.user_id = $1 AND f.friend_id = e.matched_user_id
            AND f.contact_name IS DISTINCT FROM e.name`,
        [ownerId],
      );
    });
  }

  // ---- people you may know ---------------------------------------------------------------

  /**
   * Users who are neither the user, nor his friends, nor blocked either way, ranked by common
   * friends (with up to 5 of them, the user's nearest first), then by address-book matches (in
   * his book, and he in theirs). One statement: the common friends are counted for every
   * candidate, and named only for the page's.
   */
  async mayKnow(userId: string, offset: number, limit: number): Promise<Page<MayKnowRow>> {
    const stored = await this.storedMayKnow(userId, offset, limit);
    if (stored) return stored;
    await this.rankMayKnow(userId);
    return (
      (await this.storedMayKnow(userId, offset, limit)) ?? this.rankedMayKnow(userId, offset, limit)
    );
  }

  /**
   * A page of the user's stored ranking (an index range on its positions), or null when none is
   * current. Each candidate's common friends (up to 5, the user's nearest first) are read for the
   * page only: their order moves with every message, so it is never stored.
   */
  private async storedMayKnow(
    userId: string,
    offset: number,
    limit: number,
  ): Promise<Page<MayKnowRow> | null> {
    const found = await this.statements.query<MayKnowAnswerRow>(STORED_MAY_KNOW, [
      userId,
      offset,
      limit,
    ]);
    if (found.length === 0) return null;
    return { rows: mayKnowRows(found), total: found[0].total };
  }

  /**
   * Ranks the user and stores the ranking, unless something that ranks him changed since this
   * began (his generation moved) or a concurrent read stored it first; older generations' rows go.
   */
  private async rankMayKnow(userId: string): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO may_know_states (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING',
      [userId],
    );
    const [state]: { generation: number }[] = await this.dataSource.query(
      'SELECT generation FROM may_know_states WHERE user_id = $1',
      [userId],
    );
    await this.dataSource.query(
      `WITH ranking AS (${CONTACT_SQL.mayKnowRanking('$1::uuid')}),
       mark AS (
         UPDATE may_know_states SET ranked = true, total = (SELECT count(*) FROM ranking)
          WHERE user_id = $1 AND generation = $2 AND NOT ranked
         RETURNING generation
       ),
       outdated AS (
         DELETE FROM may_know_rankings WHERE user_id = $1 AND generation < $2
       )
       INSERT INTO may_know_rankings
         (user_id, generation, position, candidate_id, common_count, book_matches, book_name,
          common_ids)
       SELECT $1, mark.generation, r.position, r.candidate, r.common_count, r.book_matches,
              r.book_name, r.common_ids
         FROM ranking r, mark
       ON CONFLICT DO NOTHING`,
      [userId, state.generation],
    );
  }

  /** The page ranked on the spot (when a change keeps moving the user's generation). */
  private async rankedMayKnow(
    userId: string,
    offset: number,
    limit: number,
  ): Promise<Page<MayKnowRow>> {
    const page = await this.page<MayKnowAnswerRow>(
      `WITH ranking AS (${CONTACT_SQL.mayKnowRanking('$1::uuid')}),
       ranked AS (
         SELECT r.*, count(*) OVER ()::int AS total FROM ranking r
          ORDER BY r.position OFFSET $2 LIMIT $3
       )
       ${PRESENTED_MAY_KNOW}`,
      [userId, offset, limit],
    );
    return { rows: mayKnowRows(page.rows), total: page.total };
  }

  /** Each viewer's own names for those of `ids` who are his friends (event delivery, batched). */
  async friendshipNamesOfViewers(
    viewerIds: readonly string[],
    ids: readonly string[],
  ): Promise<(FriendshipNames & { viewerId: string })[]> {
    if (ids.length === 0 || viewerIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT user_id AS "viewerId", friend_id AS "friendId", remarked_name AS "remarkedName",
              contact_name AS "contactName"
         FROM friendships
        WHERE user_id = ANY($1::uuid[]) AND friend_id = ANY($2::uuid[])
          AND (remarked_name IS NOT NULL OR contact_name IS NOT NULL)`,
      [[...new Set(viewerIds)], [...new Set(ids)]],
    );
  }
}
