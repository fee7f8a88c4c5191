import { createHash } from 'node:crypto';

/**
 * The bench data set. Every row is addressed by a number and gets a deterministic, UUID-shaped
 * id from it, so the seed (SQL) and the load generator (TypeScript) agree on ids without reading
 * anything back, and the primary-key indexes fill in order.
 */
export const DATASET = {
  /** Users 1..100,000 form the contact graph; 1..10,000 are the messaging users. */
  users: 100_000,
  messagingUsers: 10_000,
  /** Groups 1..1,000 have 50 members each. */
  groupsOf50: 1_000,
  groupSize: 50,
  /** Messages in each small conversation (groups of 50, the big group, direct pairs). */
  smallConversationMessages: 20,
  /** Group 1 (members = users 1..50) holds 1,000 messages: the "1 k" history conversation. */
  history1kGroup: 1,
  history1kMessages: 1_000,
  /** Group 1001 (members = users 1..50) holds 1,000,000 messages. */
  history1mGroup: 1_001,
  history1mMessages: 1_000_000,
  /** Group 1002: all 10,000 messaging users. */
  bigGroup: 1_002,
  /** Group 2 (members = users 51..100) is the target of the "send to 50" scenario. */
  sendGroupOf50: 2,
  /** Private pairs: sender k <-> recipient privatePairs + k, friends, k = 1..1,000. */
  privatePairs: 1_000,
  /** Direct conversations with friends 2001..2500 and member of groups 501..1000. */
  inbox1000User: 10_001,
  /** Direct conversations with friends 2501..2505 and member of groups 496..500. */
  inbox10User: 10_002,
  /** Friends with users 20,000 + 37k (k = 0..1,999); not part of the ring below. */
  friendsUser: 10_003,
  friendsUserFriends: 2_000,
  /** Has no conversations: the target of the 10,000 events of the catch-up scenario. */
  catchUpUser: 10_004,
  catchUpEvents: 10_000,
  /** Everyone else is friends with the users at these distances on a ring of 100,000. */
  ringOffsets: [1, 10, 100, 1_000, 10_000],
} as const;

/** Users who get a token: the messaging users and the four special ones. */
export const TOKEN_USERS = DATASET.catchUpUser;

/** Id namespaces (first UUID group). */
export const NS = {
  user: '00000000',
  group: '00000001',
  conversation: '00000002',
  message: '00000003',
  friendship: '00000004',
  token: '00000005',
} as const;

export type Namespace = keyof typeof NS;

export function benchId(ns: Namespace, n: number): string {
  return `${NS[ns]}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** SQL expression of `benchId(ns, <expr>)`. */
export function sqlId(ns: Namespace, expr: string): string {
  return `('${NS[ns]}-0000-4000-8000-' || lpad(to_hex((${expr})::bigint), 12, '0'))::uuid`;
}

/** Conversation numbers: a group's conversation is its group number; direct pairs are offset. */
export const CONVERSATION_BASE = {
  privatePair: 100_000,
  inbox1000Direct: 200_000,
  inbox10Direct: 300_000,
} as const;

/** Message number = conversation number × this + seq (ids increase along each conversation). */
export const MESSAGE_STRIDE = 2_000_000;

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The bearer token of user `n` for a run whose secret is `secret` (the seed stores its hash). */
export function tokenOf(secret: string, n: number): string {
  return sha256Hex(`${secret}:${n}`);
}

/** SQL expressions of the same token and of its stored hash. */
export function sqlToken(secretParam: string, expr: string): string {
  return `encode(sha256(convert_to(${secretParam} || ':' || (${expr})::text, 'UTF8')), 'hex')`;
}

export function sqlTokenHash(secretParam: string, expr: string): string {
  return `encode(sha256(convert_to(${sqlToken(secretParam, expr)}, 'UTF8')), 'hex')`;
}
