/**
 * Do the copies agree with the facts? The message module keeps copies of the group and contact
 * modules' facts (a conversation per group with its name and status, a conversation membership
 * per group membership with its block as `muted`, `is_friend` per friendship), and the group
 * module keeps `groups.owner_id` beside the owner's member row. Each is written in the
 * transaction of its fact (DESIGN.md §6), so on a healthy database this finds nothing; what it
 * finds is a bug to fix, not a state to repair by hand.
 *
 * Every check is set-based SQL, and all of them run as ONE statement, so they read one snapshot
 * (a live server's concurrent writes never show as a disagreement) over one connection.
 */

import { CONTACT_SQL } from '../contact/contact.sql';

/** A pg `Client` / `Pool`, or a TypeORM `DataSource` / `EntityManager`. */
export interface SqlClient {
  query(sql: string): Promise<unknown>;
}

export interface Disagreement {
  check: string;
  description: string;
  /** How many rows disagree. */
  count: number;
  /** The first few of them (ids and the two sides' values). */
  examples: Record<string, unknown>[];
}

interface Check {
  name: string;
  description: string;
  /** Selects one `detail jsonb` per disagreeing row. */
  sql: string;
}

/** A group member's row in the conversation of his group (absent: NULL columns). */
const GROUP_MEMBERSHIPS = `group_members gm
  JOIN conversations c ON c.group_id = gm.group_id
  LEFT JOIN conversation_members cm ON cm.conversation_id = c.id AND cm.user_id = gm.user_id`;

/** Each side of a direct conversation with its `is_friend` flag. */
const FRIEND_FLAGS = `(SELECT cm.user_id,
    CASE WHEN cm.user_id = c.user_low THEN c.user_high ELSE c.user_low END AS friend_id,
    cm.is_friend, c.id AS conversation_id
  FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
  WHERE c.kind = 'direct') AS flag`;

/** The group's `field` as its conversation copies it. */
function groupCopyCheck(field: 'name' | 'status'): Check {
  return {
    name: `conversation_${field}_differs`,
    description: `a group conversation's ${field} is not its group's`,
    sql: `SELECT jsonb_build_object('group_id', g.id, 'group_${field}', g.${field},
        'conversation_${field}', c.${field}) AS detail
      FROM groups g JOIN conversations c ON c.group_id = g.id
      WHERE c.${field} IS DISTINCT FROM g.${field}`,
  };
}

export const CONSISTENCY_CHECKS: readonly Check[] = [
  {
    name: 'group_without_conversation',
    description: 'a group has no conversation',
    sql: `SELECT jsonb_build_object('group_id', g.id, 'name', g.name) AS detail FROM groups g
      WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.group_id = g.id)`,
  },
  {
    name: 'conversation_without_group',
    description: 'a group conversation names no group',
    sql: `SELECT jsonb_build_object('conversation_id', c.id, 'group_id', c.group_id) AS detail
      FROM conversations c
      WHERE c.kind = 'group' AND NOT EXISTS (SELECT 1 FROM groups g WHERE g.id = c.group_id)`,
  },
  groupCopyCheck('name'),
  groupCopyCheck('status'),
  {
    name: 'membership_differs',
    description:
      'a group member (current or former) is missing from the conversation, or is active there ' +
      'exactly when he is not a current member',
    sql: `SELECT jsonb_build_object('group_id', gm.group_id, 'user_id', gm.user_id,
        'group_state', gm.state, 'conversation_active', cm.active) AS detail
      FROM ${GROUP_MEMBERSHIPS}
      WHERE cm.user_id IS NULL OR cm.active <> (gm.state = 'active')`,
  },
  {
    name: 'conversation_member_not_in_group',
    description: 'a member of a group conversation was never a member of the group',
    sql: `SELECT jsonb_build_object('group_id', c.group_id, 'user_id', cm.user_id,
        'conversation_active', cm.active) AS detail
      FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
      WHERE c.kind = 'group' AND NOT EXISTS (
        SELECT 1 FROM group_members gm WHERE gm.group_id = c.group_id AND gm.user_id = cm.user_id)`,
  },
  {
    name: 'muted_differs',
    description: "a current member's block of the group differs from muted in the conversation",
    sql: `SELECT jsonb_build_object('group_id', gm.group_id, 'user_id', gm.user_id,
        'group_blocked', gm.blocked_at IS NOT NULL, 'conversation_muted', cm.muted) AS detail
      FROM ${GROUP_MEMBERSHIPS}
      WHERE gm.state = 'active' AND cm.active AND cm.muted <> (gm.blocked_at IS NOT NULL)`,
  },
  {
    name: 'owner_differs',
    description: 'a group with current members has no current owner row for groups.owner_id',
    sql: `SELECT jsonb_build_object('group_id', g.id, 'owner_id', g.owner_id) AS detail
      FROM groups g
      WHERE EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.state = 'active')
        AND NOT EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id
          AND m.user_id = g.owner_id AND m.state = 'active' AND m.role = 'owner')`,
  },
  {
    name: 'extra_owner',
    description: 'a member row has the owner role but is not the current groups.owner_id',
    sql: `SELECT jsonb_build_object('group_id', m.group_id, 'user_id', m.user_id,
        'owner_id', g.owner_id, 'state', m.state) AS detail
      FROM group_members m JOIN groups g ON g.id = m.group_id
      WHERE m.role = 'owner' AND (m.user_id <> g.owner_id OR m.state <> 'active')`,
  },
  {
    name: 'friendship_one_sided',
    description: 'a friendship row has no row the other way',
    sql: `SELECT jsonb_build_object('user_id', f.user_id, 'friend_id', f.friend_id) AS detail
      FROM friendships f
      WHERE NOT EXISTS (SELECT 1 FROM friendships o
        WHERE o.user_id = f.friend_id AND o.friend_id = f.user_id)`,
  },
  {
    name: 'friend_flag_missing',
    description: 'a friendship has no direct conversation membership with is_friend set',
    sql: `SELECT jsonb_build_object('user_id', f.user_id, 'friend_id', f.friend_id,
        'conversation_id', flag.conversation_id, 'is_friend', flag.is_friend) AS detail
      FROM friendships f
      LEFT JOIN ${FRIEND_FLAGS} ON flag.user_id = f.user_id AND flag.friend_id = f.friend_id
      WHERE flag.is_friend IS NOT TRUE`,
  },
  {
    name: 'friend_flag_stale',
    description: 'a direct conversation membership has is_friend set without a friendship',
    sql: `SELECT jsonb_build_object('user_id', flag.user_id, 'friend_id', flag.friend_id,
        'conversation_id', flag.conversation_id) AS detail
      FROM ${FRIEND_FLAGS}
      WHERE flag.is_friend AND NOT EXISTS (SELECT 1 FROM friendships f
        WHERE f.user_id = flag.user_id AND f.friend_id = flag.friend_id)`,
  },
  {
    name: 'may_know_ranking_stale',
    description:
      'a stored "people you may know" ranking marked current is not the user\'s ranking now',
    sql: `SELECT jsonb_build_object('user_id', s.user_id, 'generation', s.generation,
        'position', d.position, 'stored', d.stored, 'now', d.now) AS detail
      FROM may_know_states s
      CROSS JOIN LATERAL (
        SELECT COALESCE(stored.position, fresh.position) AS position,
               stored.candidate_id AS stored, fresh.candidate AS now
          FROM (SELECT r.* FROM may_know_rankings r
                 WHERE r.user_id = s.user_id AND r.generation = s.generation) stored
          FULL JOIN (${CONTACT_SQL.mayKnowRanking('s.user_id')}) fresh
            ON fresh.position = stored.position
         WHERE (stored.candidate_id, stored.common_count, stored.book_matches, stored.book_name,
                stored.common_ids)
           IS DISTINCT FROM (fresh.candidate, fresh.common_count, fresh.book_matches, fresh.book_name,
                fresh.common_ids)
      ) d
      WHERE s.ranked`,
  },
  {
    name: 'may_know_total_differs',
    description:
      'a stored "people you may know" ranking holds another number of people than its total',
    sql: `SELECT jsonb_build_object('user_id', s.user_id, 'total', s.total) AS detail
      FROM may_know_states s
      WHERE s.ranked AND s.total <> (SELECT count(*) FROM may_know_rankings r
        WHERE r.user_id = s.user_id AND r.generation = s.generation)`,
  },
];

function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return (result as { rows: Record<string, unknown>[] }).rows;
}

/** Runs every check (one statement, one snapshot); returns the checks that found rows. */
export async function checkConsistency(db: SqlClient, examples = 5): Promise<Disagreement[]> {
  const limit = Math.max(1, Math.trunc(examples));
  const ctes = CONSISTENCY_CHECKS.map((check, i) => `c${i} AS (${check.sql})`).join(',\n');
  const selects = CONSISTENCY_CHECKS.map(
    (_, i) => `SELECT ${i} AS i, (SELECT count(*) FROM c${i})::int AS count,
      (SELECT COALESCE(jsonb_agg(s.detail), '[]'::jsonb) FROM (SELECT detail FROM c${i} LIMIT ${limit}) s) AS examples`,
  ).join('\nUNION ALL ');
  const rows = rowsOf(
    await db.query(`WITH ${ctes}\nSELECT * FROM (${selects}) r WHERE r.count > 0 ORDER BY r.i`),
  );
  return rows.map((row) => {
    const check = CONSISTENCY_CHECKS[Number(row.i)];
    return {
      check: check.name,
      description: check.description,
      count: Number(row.count),
      examples: row.examples as Record<string, unknown>[],
    };
  });
}

/** The report an operator reads: one line when clean, else each check with its examples. */
export function formatConsistencyReport(disagreements: readonly Disagreement[]): string {
  if (disagreements.length === 0) {
    return `Consistency check: clean (${CONSISTENCY_CHECKS.length} checks)\n`;
  }
  const lines = [
    `Consistency check: ${disagreements.length} of ${CONSISTENCY_CHECKS.length} checks found disagreements`,
  ];
  for (const found of disagreements) {
    lines.push(`- ${found.check}: ${found.count} row(s): ${found.description}`);
    for (const example of found.examples) lines.push(`    ${JSON.stringify(example)}`);
    if (found.count > found.examples.length) {
      lines.push(`    ... and ${found.count - found.examples.length} more`);
    }
  }
  return `${lines.join('\n')}\n`;
}
