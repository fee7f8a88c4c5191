/**
 * Seeds the bench data set straight into Party's tables with set-based SQL (a benchmark
 * fixture, not app code). The schema comes from the app's own migrations, run by the server at
 * start-up before this is called.
 */
import { Client } from 'pg';
import {
  CONVERSATION_BASE,
  DATASET as D,
  MESSAGE_STRIDE,
  sqlId,
  sqlTokenHash,
  TOKEN_USERS,
} from './dataset';

const USER_SCOPES = ['party_user', 'party_contact', 'party_group', 'party_message', 'party_file'];

const uid = (expr: string) => sqlId('user', expr);
const gid = (expr: string) => sqlId('group', expr);
const cid = (expr: string) => sqlId('conversation', expr);

/** A message's created_at: conversations end at different times, 5 s between messages. */
const createdAt = (conversation: string, lastSeq: string, seq: string) =>
  `now() - make_interval(secs => ((${conversation}) % 997) * 60 + ((${lastSeq}) - (${seq})) * 5)`;

interface Step {
  name: string;
  sql: string;
  params?: unknown[];
}

function steps(secret: string): Step[] {
  const members = D.groupSize;
  const small = D.smallConversationMessages;
  const ring = `ARRAY[${D.ringOffsets.join(', ')}]`;
  return [
    {
      name: 'session settings',
      sql: `SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '256MB'`,
    },
    {
      name: `${D.users.toLocaleString('en')} users`,
      sql: `INSERT INTO users (id, username, username_lower, password_hash, nickname, time_zone)
            SELECT ${uid('i')}, 'bench' || i, 'bench' || i, 'bench-user-no-password',
                   'Bench user ' || i, 'UTC'
            FROM generate_series(1, $1::int) i`,
      params: [D.users],
    },
    {
      name: `${TOKEN_USERS.toLocaleString('en')} access tokens`,
      sql: `INSERT INTO oauth_tokens (id, access_token_hash, family_id, user_id, scopes, grant_type)
            SELECT ${sqlId('token', 'i')}, ${sqlTokenHash('$1::text', 'i')}, ${sqlId('token', 'i')},
                   ${uid('i')}, $2::text[], 'password'
            FROM generate_series(1, $3::int) i`,
      params: [secret, USER_SCOPES, TOKEN_USERS],
    },
    {
      name: 'plan of groups and direct pairs',
      sql: `
        CREATE TEMP TABLE bench_groups (g int PRIMARY KEY, last_seq int NOT NULL);
        INSERT INTO bench_groups
          SELECT g, CASE WHEN g = ${D.history1kGroup} THEN ${D.history1kMessages} ELSE ${small} END
          FROM generate_series(1, ${D.groupsOf50}) g;
        INSERT INTO bench_groups VALUES (${D.history1mGroup}, ${D.history1mMessages}), (${D.bigGroup}, ${small});

        CREATE TEMP TABLE bench_group_members (g int, u int, slot int, PRIMARY KEY (g, slot));
        INSERT INTO bench_group_members
          SELECT g, CASE
              WHEN j = ${members - 1} AND g BETWEEN 501 AND 1000 THEN ${D.inbox1000User}
              WHEN j = ${members - 1} AND g BETWEEN 496 AND 500 THEN ${D.inbox10User}
              ELSE ((g - 1) * ${members} + j) % ${D.messagingUsers} + 1 END, j
          FROM generate_series(1, ${D.groupsOf50}) g, generate_series(0, ${members - 1}) j;
        INSERT INTO bench_group_members SELECT ${D.history1mGroup}, u, u - 1 FROM generate_series(1, ${members}) u;
        INSERT INTO bench_group_members SELECT ${D.bigGroup}, u, u - 1 FROM generate_series(1, ${D.messagingUsers}) u;

        CREATE TEMP TABLE bench_directs (c int PRIMARY KEY, a int, b int, last_seq int, a_read int);
        INSERT INTO bench_directs
          SELECT ${CONVERSATION_BASE.privatePair} + k, k, ${D.privatePairs} + k, ${small}, ${small}
          FROM generate_series(1, ${D.privatePairs}) k;
        INSERT INTO bench_directs
          SELECT ${CONVERSATION_BASE.inbox1000Direct} + j, ${D.inbox1000User}, 2000 + j, ${small}, ${small - 3}
          FROM generate_series(1, 500) j;
        INSERT INTO bench_directs
          SELECT ${CONVERSATION_BASE.inbox10Direct} + j, ${D.inbox10User}, 2500 + j, ${small}, ${small - 3}
          FROM generate_series(1, 5) j;`,
    },
    {
      name: `${(D.groupsOf50 + 2).toLocaleString('en')} groups and their members`,
      sql: `
        INSERT INTO groups (id, name, owner_id)
          SELECT ${gid('b.g')}, 'Bench group ' || b.g, ${uid('m.u')}
          FROM bench_groups b JOIN bench_group_members m ON m.g = b.g AND m.slot = 0;
        INSERT INTO group_members (group_id, user_id, role)
          SELECT ${gid('g')}, ${uid('u')}, CASE WHEN slot = 0 THEN 'owner' ELSE 'member' END
          FROM bench_group_members ORDER BY g, u;`,
    },
    {
      name: 'conversations and memberships',
      sql: `
        INSERT INTO conversations (id, kind, group_id, name, last_seq)
          SELECT ${cid('g')}, 'group', ${gid('g')}, 'Bench group ' || g, last_seq FROM bench_groups;
        INSERT INTO conversations (id, kind, user_low, user_high, last_seq)
          SELECT ${cid('c')}, 'direct', LEAST(${uid('a')}, ${uid('b')}), GREATEST(${uid('a')}, ${uid('b')}),
                 last_seq
          FROM bench_directs;
        INSERT INTO conversation_members (conversation_id, user_id, last_read_seq, last_delivered_seq)
          SELECT ${cid('m.g')}, ${uid('m.u')}, GREATEST(0, b.last_seq - (m.g + m.slot) % 6), b.last_seq
          FROM bench_group_members m JOIN bench_groups b ON b.g = m.g ORDER BY m.g, m.u;
        INSERT INTO conversation_members
            (conversation_id, user_id, peer_user_id, is_friend, last_read_seq, last_delivered_seq)
          SELECT ${cid('c')}, ${uid('a')}, ${uid('b')}, true, a_read, last_seq FROM bench_directs
          UNION ALL
          SELECT ${cid('c')}, ${uid('b')}, ${uid('a')}, true, last_seq, last_seq FROM bench_directs;`,
    },
    {
      name: 'messages of the small conversations',
      sql: `
        INSERT INTO messages (id, conversation_id, seq, sender_id, message_type, content, created_at)
          SELECT ${sqlId('message', `b.g::bigint * ${MESSAGE_STRIDE} + s`)}, ${cid('b.g')}, s, ${uid('m.u')},
                 'text', 'Bench message ' || s, ${createdAt('b.g', 'b.last_seq', 's')}
          FROM bench_groups b CROSS JOIN LATERAL generate_series(1, b.last_seq) s
          JOIN bench_group_members m ON m.g = b.g AND m.slot = s % ${members - 1}
          WHERE b.g <> ${D.history1mGroup};
        INSERT INTO messages (id, conversation_id, seq, sender_id, message_type, content, created_at)
          SELECT ${sqlId('message', `d.c::bigint * ${MESSAGE_STRIDE} + s`)}, ${cid('d.c')}, s,
                 CASE WHEN s % 2 = 0 THEN ${uid('d.a')} ELSE ${uid('d.b')} END,
                 'text', 'Bench message ' || s, ${createdAt('d.c', 'd.last_seq', 's')}
          FROM bench_directs d CROSS JOIN LATERAL generate_series(1, d.last_seq) s;`,
    },
    {
      name: `${D.history1mMessages.toLocaleString('en')} messages in one conversation`,
      sql: `
        INSERT INTO messages (id, conversation_id, seq, sender_id, message_type, content, created_at)
          SELECT ${sqlId('message', `${D.history1mGroup}::bigint * ${MESSAGE_STRIDE} + s`)},
                 ${cid(String(D.history1mGroup))}, s, ${uid('s % 49 + 1')}, 'text',
                 'Bench message ' || s || ' of the long history',
                 ${createdAt(String(D.history1mGroup), String(D.history1mMessages), 's')}
          FROM generate_series(1, ${D.history1mMessages}) s`,
    },
    {
      name: 'friendship graph',
      sql: `
        CREATE TEMP TABLE bench_friend_pairs (a int, b int);
        INSERT INTO bench_friend_pairs
          SELECT i, (i - 1 + o) % ${D.users} + 1
          FROM generate_series(1, ${D.users}) i, unnest(${ring}) o
          WHERE i <> ${D.friendsUser} AND (i - 1 + o) % ${D.users} + 1 <> ${D.friendsUser};
        INSERT INTO bench_friend_pairs
          SELECT ${D.friendsUser}, 20000 + 37 * k FROM generate_series(0, ${D.friendsUserFriends - 1}) k;
        INSERT INTO bench_friend_pairs SELECT a, b FROM bench_directs;
        INSERT INTO friendships (id, user_id, friend_id)
          SELECT ${sqlId('friendship', 'row_number() OVER (ORDER BY x, y)')}, ${uid('x')}, ${uid('y')}
          FROM (SELECT a AS x, b AS y FROM bench_friend_pairs
                UNION SELECT b, a FROM bench_friend_pairs) t
          ORDER BY x, y;`,
    },
    { name: 'statistics', sql: 'ANALYZE' },
    {
      name: 'last messages of conversations',
      sql: `
        UPDATE conversations c SET
          last_message = jsonb_build_object('id', m.id, 'seq', m.seq, 'message_type', m.message_type,
            'content', m.content, 'sender_id', m.sender_id,
            'created_at', to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
          last_message_at = m.created_at
        FROM messages m WHERE m.conversation_id = c.id AND m.seq = c.last_seq`,
    },
  ];
}

export interface SeedReport {
  seconds: number;
  steps: { name: string; seconds: number }[];
}

/** Seeds the data set into `databaseUrl` (already migrated, still empty). */
export async function seed(
  databaseUrl: string,
  secret: string,
  log: (line: string) => void,
): Promise<SeedReport> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  const timings: { name: string; seconds: number }[] = [];
  try {
    await client.query('SET statement_timeout = 300000');
    for (const step of steps(secret)) {
      const t0 = Date.now();
      try {
        await client.query(step.sql, step.params);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Seeding "${step.name}" failed (has the schema changed?): ${reason}`);
      }
      const seconds = (Date.now() - t0) / 1000;
      timings.push({ name: step.name, seconds });
      log(`  seeded ${step.name} (${seconds.toFixed(1)} s)`);
    }
    const t0 = Date.now();
    // Set hint bits and the visibility map now, not during the first measured requests.
    await client.query(
      'VACUUM (ANALYZE) users, oauth_tokens, groups, group_members, conversations, ' +
        'conversation_members, messages, friendships',
    );
    await client.query('CHECKPOINT');
    timings.push({ name: 'vacuum and checkpoint', seconds: (Date.now() - t0) / 1000 });
    log(`  vacuumed and checkpointed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } finally {
    await client.end();
  }
  return { seconds: (Date.now() - started) / 1000, steps: timings };
}
