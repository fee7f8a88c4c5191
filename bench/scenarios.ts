import { benchId, DATASET as D, tokenOf } from './dataset';

export type Server = 'raw' | 'party';

/** One request of a scenario. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: Record<string, unknown>;
}

/**
 * A target of the issue, checked on the numbers of one run:
 * `rps`: req/s at least `min` × the reference's; `time`: time per request (connections ÷ req/s)
 * at most `max` × the reference's; `p50`: median latency at most `maxMs`.
 */
export type Target =
  | { kind: 'rps'; reference: string; min: number; condition?: string }
  | { kind: 'time'; reference: string; max: number }
  | { kind: 'p50'; maxMs: number };

/** Every scenario of Party: p99 at most this × its p50. */
export const MAX_P99_OVER_P50 = 3;

export interface Scenario {
  key: string;
  title: string;
  server: Server;
  /** Builds the i-th request (i counts across all connections). */
  request(i: number): BenchRequest;
  /** Checks one answer before the load, so the numbers measure the intended work. */
  check(status: number, body: unknown): string | null;
  /** The raw scenarios doing the same work by hand, first the one targets refer to. */
  equivalents?: readonly string[];
  targets?: readonly Target[];
  /**
   * Users (bench numbers) who hold an open WebSocket each while it runs (warm-up and slices),
   * through the client pool: delivery running. Every other scenario runs with none open.
   */
  connected?: readonly number[];
  /** Why this scenario exists, for the results file. */
  measures: string;
}

const API = '/api/party';

/** A small deterministic PRNG, so every run pages at the same depths. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ListBody {
  data?: unknown[];
  total_count?: number;
}

function asList(body: unknown): ListBody {
  return typeof body === 'object' && body !== null ? body : {};
}

function expectStatus(status: number, expected: number): string | null {
  return status === expected ? null : `answered ${status} (expected ${expected})`;
}

function expectCreated(status: number, body: unknown): string | null {
  const problem = expectStatus(status, 201);
  if (problem) return problem;
  const seq = (body as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' ? null : 'the created message has no numeric seq';
}

function expectPage(length: number, total?: number) {
  return (status: number, body: unknown): string | null => {
    const problem = expectStatus(status, 200);
    if (problem) return problem;
    const list = asList(body);
    if (!Array.isArray(list.data)) return 'the answer has no data array';
    if (list.data.length !== length) return `data has ${list.data.length} items, not ${length}`;
    if (total !== undefined && list.total_count !== total) {
      return `total_count is ${String(list.total_count)}, not ${total}`;
    }
    return null;
  };
}

function expectNonEmpty(status: number, body: unknown): string | null {
  const problem = expectStatus(status, 200);
  if (problem) return problem;
  const data = Array.isArray(body) ? body : asList(body).data;
  if (!Array.isArray(data)) return 'the answer has no data array';
  return data.length > 0 ? null : 'the answer is empty';
}

function expectProfile(status: number, body: unknown): string | null {
  const problem = expectStatus(status, 200);
  if (problem) return problem;
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? null : 'the profile has no id';
}

/** The recipients of the 1,000 private pairs (users 1,001-2,000). */
export const PAIR_RECIPIENTS: readonly number[] = Array.from(
  { length: D.privatePairs },
  (_, i) => D.privatePairs + 1 + i,
);

export function buildScenarios(secret: string): Scenario[] {
  const token = (user: number) => tokenOf(secret, user);
  const user = (n: number) => benchId('user', n);
  const group = (n: number) => benchId('group', n);

  const privateSend = (i: number): BenchRequest => {
    const k = (i % D.privatePairs) + 1;
    return {
      method: 'POST',
      path: `${API}/messages`,
      token: token(k),
      body: { to_user: user(D.privatePairs + k), message_type: 'text', content: `bench ${i}` },
    };
  };

  const groupSend =
    (groupNumber: number, firstSender: number) =>
    (i: number): BenchRequest => ({
      method: 'POST',
      path: `${API}/messages`,
      token: token(firstSender + (i % D.groupSize)),
      body: { to_group: group(groupNumber), message_type: 'text', content: `bench ${i}` },
    });

  const historyPage = (groupNumber: number, messages: number, seed: number, prefix = '') => {
    const random = prng(seed);
    return (i: number): BenchRequest => {
      const beforeSeq = 31 + Math.floor(random() * (messages - 30));
      return {
        method: 'GET',
        path: `${API}${prefix}/conversations/group/${group(groupNumber)}/messages?before_seq=${beforeSeq}&limit=30`,
        token: token((i % D.groupSize) + 1),
      };
    };
  };

  const getAs = (path: string, userNumber: number) => (): BenchRequest => ({
    method: 'GET',
    path: `${API}${path}`,
    token: token(userNumber),
  });

  const ownProfile = (i: number): BenchRequest => ({
    method: 'GET',
    path: `${API}/user`,
    token: token((i % D.privatePairs) + 1),
  });

  return [
    {
      key: 'raw-private-send',
      title: 'raw Fastify + pg: private send',
      server: 'raw',
      request: privateSend,
      check: expectCreated,
      measures:
        'The baseline: token lookup by hash, BEGIN, membership check, `last_seq` bump with ' +
        '`UPDATE ... RETURNING`, insert, COMMIT (6 round trips), 1,000 sender/recipient pairs.',
    },
    {
      key: 'raw-private-send-event',
      title: 'raw Fastify + pg: private send with its event',
      server: 'raw',
      request: (i) => ({ ...privateSend(i), path: `${API}/messages/with-event` }),
      check: expectCreated,
      targets: [{ kind: 'rps', reference: 'raw-private-send', min: 0.9 }],
      measures:
        'The raw private send plus one statement in its transaction writing the ' +
        '`message.created` event (`event_log` row and its two `event_recipients` rows, the ' +
        'message as data): what the event write itself costs a send (7 round trips, not 6).',
    },
    {
      key: 'private-send',
      title: 'Party: private send',
      server: 'party',
      request: privateSend,
      check: expectCreated,
      equivalents: ['raw-private-send', 'raw-private-send-event'],
      targets: [
        { kind: 'rps', reference: 'raw-private-send', min: 1.5 },
        { kind: 'rps', reference: 'raw-private-send', min: 3, condition: 'with group commit' },
      ],
      measures:
        '`POST messages` {to_user} over the same 1,000 friend pairs: the whole app path ' +
        '(auth, rate limit, validation, block check, seq bump, insert, cursor, contact order, ' +
        'event, presenter).',
    },
    {
      key: 'send-with-delivery',
      title: 'Party: private send, recipients connected',
      server: 'party',
      request: privateSend,
      check: expectCreated,
      connected: PAIR_RECIPIENTS,
      targets: [{ kind: 'rps', reference: 'private-send', min: 0.9 }],
      measures:
        'The same private sends while the 1,000 recipients each hold an open WebSocket, so ' +
        'every send is dispatched to a socket: what delivery costs the send, against ' +
        '`private-send` (no socket open) in the same rounds.',
    },
    {
      key: 'raw-group-send-50',
      title: 'raw Fastify + pg: group send, 50 members',
      server: 'raw',
      request: groupSend(D.sendGroupOf50, 51),
      check: expectCreated,
      measures:
        'The same 6 round trips into one group conversation (the group of 50, its members ' +
        'taking turns): every send bumps the same `last_seq` row.',
    },
    {
      key: 'group-send-50',
      title: 'Party: group send, 50 members',
      server: 'party',
      request: groupSend(D.sendGroupOf50, 51),
      check: expectCreated,
      equivalents: ['raw-group-send-50'],
      targets: [{ kind: 'rps', reference: 'raw-group-send-50', min: 2 }],
      measures:
        '`POST messages` {to_group} to one group of 50, its 50 members taking turns: one hot ' +
        'conversation.',
    },
    {
      key: 'group-send-10k',
      title: 'Party: group send, 10,000 members',
      server: 'party',
      request: groupSend(D.bigGroup, 1),
      check: expectCreated,
      equivalents: ['raw-group-send-50'],
      targets: [{ kind: 'time', reference: 'group-send-50', max: 1.2 }],
      measures:
        '`POST messages` {to_group} to the group of 10,000, 50 members taking turns: ' +
        'must cost what a send to 50 costs (no row per recipient).',
    },
    {
      key: 'raw-history-1k',
      title: "raw Fastify + pg: history page, 1 k, Party's lookups",
      server: 'raw',
      request: historyPage(D.history1kGroup, D.history1kMessages, 1),
      check: expectPage(30),
      measures:
        'The `history-1k` pages by hand with the lookups Party makes, one statement each: ' +
        "token (with the reader's time zone), membership, the page (one index range), then " +
        "together the senders' profiles, the reader's names for them and the attachments " +
        '(6 statements).',
    },
    {
      key: 'raw-history-1k-lean',
      title: 'raw Fastify + pg: history page, 1 k, 3 statements',
      server: 'raw',
      request: historyPage(D.history1kGroup, D.history1kMessages, 1, '/lean'),
      check: expectPage(30),
      measures:
        'The same pages in 3 statements: token; membership, page (`LEFT JOIN LATERAL`, ' +
        "index scan backward) and attachments (JSON) in one; senders with the reader's names.",
    },
    {
      key: 'history-1k',
      title: 'Party: history page, 1 k conversation',
      server: 'party',
      request: historyPage(D.history1kGroup, D.history1kMessages, 1),
      check: expectPage(30),
      equivalents: ['raw-history-1k', 'raw-history-1k-lean'],
      targets: [{ kind: 'rps', reference: 'raw-history-1k', min: 1.5 }],
      measures:
        '`GET conversations/group/{id}/messages?before_seq=<random>&limit=30`, 1,000 messages.',
    },
    {
      key: 'history-1m',
      title: 'Party: history page, 1 M conversation',
      server: 'party',
      request: historyPage(D.history1mGroup, D.history1mMessages, 2),
      check: expectPage(30),
      targets: [{ kind: 'time', reference: 'history-1k', max: 1.2 }],
      measures:
        'The same page at a random depth of a 1,000,000-message conversation: an index range ' +
        'on (conversation_id, seq), whatever the depth.',
    },
    {
      key: 'raw-inbox-10',
      title: 'raw Fastify + pg: inbox, 10 conversations',
      server: 'raw',
      request: getAs('/contact-list/inbox', D.inbox10User),
      check: expectPage(10, 10),
      measures:
        "The `inbox-10` page by hand: token; Party's page query (page first, then unread " +
        "counts for its entries, total by window count); the direct peers with the reader's " +
        'names (3 statements), `Link` and `X-Total-Count` headers.',
    },
    {
      key: 'inbox-10',
      title: 'Party: inbox, 10 conversations',
      server: 'party',
      request: getAs('/contact-list/inbox', D.inbox10User),
      check: expectPage(10, 10),
      equivalents: ['raw-inbox-10'],
      targets: [{ kind: 'rps', reference: 'raw-inbox-10', min: 1 }],
      measures: '`GET contact-list/inbox` of a user with 5 friends and 5 groups.',
    },
    {
      key: 'inbox-1000',
      title: 'Party: inbox, 1,000 conversations',
      server: 'party',
      request: getAs('/contact-list/inbox?per_page=10', D.inbox1000User),
      check: expectPage(10, 1000),
      targets: [{ kind: 'time', reference: 'inbox-10', max: 1.5 }],
      measures:
        'A page of 10 entries (as many as `inbox-10` returns) of the inbox of a user with 500 ' +
        'friends and 500 groups, unread counts and total included: what 1,000 conversations ' +
        'cost, not what a longer page costs.',
    },
    {
      key: 'inbox-1000-p30',
      title: 'Party: inbox, 1,000 conversations, page of 30',
      server: 'party',
      request: getAs('/contact-list/inbox', D.inbox1000User),
      check: expectPage(30, 1000),
      measures: 'The default first page (30 entries) of the same inbox.',
    },
    {
      key: 'unread-10',
      title: 'Party: unread list, 10 conversations',
      server: 'party',
      request: getAs('/messages/unread', D.inbox10User),
      check: expectNonEmpty,
      measures: '`GET messages/unread` (first page) of the 10-conversation user.',
    },
    {
      key: 'unread-1000',
      title: 'Party: unread list, 1,000 conversations',
      server: 'party',
      request: getAs('/messages/unread', D.inbox1000User),
      check: expectNonEmpty,
      targets: [{ kind: 'time', reference: 'unread-10', max: 1.5 }],
      measures:
        '`GET messages/unread` (first page) of the 1,000-conversation user (~2,700 unread).',
    },
    {
      key: 'friendships',
      title: 'Party: friendships list, 2,000 friends',
      server: 'party',
      request: getAs('/friendships', D.friendsUser),
      check: expectPage(30, D.friendsUserFriends),
      measures:
        '`GET friendships` (first page) of a user with 2,000 friends in a graph of 100,000.',
    },
    {
      key: 'may-know',
      title: 'Party: people you may know, 2,000 friends',
      server: 'party',
      request: getAs('/users/may-know', D.friendsUser),
      check: expectNonEmpty,
      targets: [{ kind: 'p50', maxMs: 100 }],
      measures:
        '`GET users/may-know` of the same user: ~20,000 friends of friends ranked by common ' +
        'friends.',
    },
    {
      key: 'raw-user',
      title: 'raw Fastify + pg: own profile',
      server: 'raw',
      request: ownProfile,
      check: expectProfile,
      measures:
        'The `user` requests by hand: token (with the time zone), the profile (2 statements).',
    },
    {
      key: 'user',
      title: 'Party: own profile',
      server: 'party',
      request: ownProfile,
      check: expectProfile,
      equivalents: ['raw-user'],
      targets: [{ kind: 'rps', reference: 'raw-user', min: 1 }],
      measures: '`GET user` of 1,000 users taking turns.',
    },
  ];
}
