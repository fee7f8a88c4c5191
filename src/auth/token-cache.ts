import { Injectable } from '@nestjs/common';
import { ClusterBus } from '../common/cluster/cluster-bus';
import type { TokenLookup } from './token.repository';

/** How long an instance trusts a looked-up token without asking the database again. */
const TTL_MS = 60_000;
/** Tokens remembered at most (least recently used go first). */
const MAX_ENTRIES = 20_000;

/** What no longer holds: tokens by id or login, or everything of a user or an app. */
export type TokenInvalidation =
  { tokenIds: readonly string[] } | { familyId: string } | { userId: string } | { appId: string };

interface Entry {
  lookup: TokenLookup;
  until: number;
}

/**
 * The tokens this instance looked up recently, by hash, so a request does not read its token's
 * row each time. Anything that changes what a lookup answers (revocation, a user's locale or
 * time zone, a deleted app) invalidates it here at once and on every other instance through the
 * cluster bus; if the bus's subscription was down, everything is forgotten when it is back.
 */
@Injectable()
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly bus: ClusterBus) {
    bus.on('party_auth', (payload) => this.forget(parseInvalidation(payload)));
    bus.onResubscribed(() => this.entries.clear());
  }

  get(hash: string, now: number): TokenLookup | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    this.entries.delete(hash);
    if (entry.until <= now) return undefined;
    this.entries.set(hash, entry);
    return entry.lookup;
  }

  set(hash: string, lookup: TokenLookup, now: number): void {
    this.entries.delete(hash);
    this.entries.set(hash, { lookup, until: now + TTL_MS });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Drops what no longer holds, here and on every other instance. */
  invalidate(change: TokenInvalidation): void {
    this.bus.publish('party_auth', JSON.stringify(change));
  }

  private forget(change: TokenInvalidation | null): void {
    if (change === null) {
      this.entries.clear();
      return;
    }
    const matches = (lookup: TokenLookup): boolean => {
      if ('tokenIds' in change) return change.tokenIds.includes(lookup.id);
      if ('familyId' in change) return lookup.familyId === change.familyId;
      if ('userId' in change) return lookup.userId === change.userId;
      return lookup.appId === change.appId;
    };
    for (const [hash, entry] of this.entries) {
      if (matches(entry.lookup)) this.entries.delete(hash);
    }
  }
}

/** A signal this instance cannot read (another version's) forgets everything, to be safe. */
function parseInvalidation(payload: string): TokenInvalidation | null {
  try {
    const parsed = JSON.parse(payload) as Record<string, unknown>;
    if (Array.isArray(parsed.tokenIds)) return { tokenIds: parsed.tokenIds.map(String) };
    if (typeof parsed.familyId === 'string') return { familyId: parsed.familyId };
    if (typeof parsed.userId === 'string') return { userId: parsed.userId };
    if (typeof parsed.appId === 'string') return { appId: parsed.appId };
  } catch {
    return null;
  }
  return null;
}
