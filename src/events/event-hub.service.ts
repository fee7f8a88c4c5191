import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { loggableError } from '../common/logging/logging';
import { UserPrincipal } from '../common/http/request-principal';
import { Locale } from '../common/i18n/locale';
import { DATABASE_TARGET, DatabaseTarget } from '../common/cluster/cluster-bus';
import { EventWakeup } from './event-wakeup';
import { EventLogRepository, MembershipWindow, StoredEventRow } from './event-log.repository';
import {
  EventPosition,
  comparePositions,
  encodeCursor,
  headBefore,
  laterOf,
} from './event-position';
import { typesForScopes } from './event-catalogue';
import { ReaderFactsSource } from './reader-facts.source';
import { EventReader } from './event-view';
import { toIsoUtc } from '../common/time/time-format';

/** An event as a client receives it. */
export interface DeliveredEvent {
  id: string;
  type: string;
  created_at: string;
  data: unknown;
}

/** One open delivery (a WebSocket, an SSE stream or a waiting long-poll). */
export interface EventSubscription {
  readonly principal: UserPrincipal;
  readonly reader: EventReader;
  readonly types: ReadonlySet<string>;
  /** Everything at or before it has been delivered. */
  cursor: EventPosition;
  /** A long-poll: detached after its first delivery. */
  readonly once?: boolean;
  /** Hands events to the transport; false when the consumer is too slow (it gets closed). */
  deliver(events: DeliveredEvent[]): boolean;
  close(reason: 'slow_consumer' | 'token_revoked' | 'shutdown'): void;
}

interface RenderableRow {
  id: string;
  xid: string;
  type: string;
  created_at: Date;
  data: unknown;
}

interface Attached {
  subscription: EventSubscription;
  live: boolean;
  /** Caught up to a point the dispatcher has passed but still holds in `recent`. */
  joining: boolean;
}

/** How many of the newest rows the dispatcher keeps, to bring joining subscriptions level. */
const RECENT_ROWS = 5000;

const BATCH = 500;
/** How often the dispatcher reads even without a wake-up (a lost wake-up costs this much). */
const POLL_MS = 1000;
/**
 * Re-read soon when events of still-running transactions wait to become visible: 5 ms, doubling
 * while the same transactions hold them back (a long transaction costs a poll a second at most).
 */
const PENDING_RETRY_MS = 5;

function listOf<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

export function readerOf(principal: UserPrincipal, locale: Locale): EventReader {
  return { userId: principal.userId, locale, timeZone: principal.timeZone };
}

/**
 * The instance's one reader of the event log: it reads each new event once and dispatches it in
 * memory to the subscriptions it may reach. A new subscription first catches up from its cursor
 * with reads of its own, then joins the live dispatch at the dispatcher's position.
 */
@Injectable()
export class EventHub implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventHub.name);
  private readonly attached = new Set<Attached>();
  private position: EventPosition | null = null;
  private pumping = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopWake: (() => void) | null = null;
  private stopped = false;
  private pendingStreak = 0;
  /** The newest batches read, oldest first, each with the position it was read after. */
  private recent: { from: EventPosition; rows: StoredEventRow[] }[] = [];

  constructor(
    private readonly repository: EventLogRepository,
    private readonly wakeup: EventWakeup,
    private readonly facts: ReaderFactsSource,
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.position = headBefore(await this.repository.readHorizon());
    this.recent = [{ from: this.position, rows: [] }];
    this.stopWake = this.wakeup.onWake(() => this.wake());
    this.schedule(POLL_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.stopWake?.();
    if (this.timer) clearTimeout(this.timer);
    for (const entry of this.attached) entry.subscription.close('shutdown');
    this.attached.clear();
  }

  get subscriptions(): EventSubscription[] {
    return [...this.attached].map((entry) => entry.subscription);
  }

  /** Delivers everything after the subscription's cursor, then keeps it live until detached. */
  async attach(subscription: EventSubscription): Promise<() => void> {
    const entry: Attached = { subscription, live: false, joining: false };
    this.attached.add(entry);
    const detach = () => {
      this.attached.delete(entry);
    };
    try {
      await this.catchUp(entry);
    } catch (error) {
      detach();
      throw error;
    }
    return detach;
  }

  /** Reads the subscription's own events until it reaches the dispatcher, then goes live. */
  private async catchUp(entry: Attached): Promise<void> {
    const subscription = entry.subscription;
    const types = [...subscription.types];
    while (this.attached.has(entry)) {
      if (this.position && comparePositions(subscription.cursor, this.position) >= 0) {
        entry.live = true;
        return;
      }
      const page = await this.repository.readForUser(
        subscription.principal.userId,
        subscription.cursor,
        types,
        BATCH,
      );
      const visible = page.rows.filter((row) => row.data !== null);
      const views =
        visible.length > 0
          ? (await this.renderMany([{ rows: visible, reader: subscription.reader }]))[0]
          : [];
      if (views.length > 0 && !subscription.deliver(views)) {
        subscription.close('slow_consumer');
        this.attached.delete(entry);
        return;
      }
      const last = page.rows.at(-1);
      let next = last ? { xid: BigInt(last.xid), id: BigInt(last.id) } : subscription.cursor;
      if (page.rows.length < BATCH) next = laterOf(next, headBefore(page.xmin));
      subscription.cursor = next;
      if (views.length > 0 && subscription.once) this.attached.delete(entry);
      // Behind the dispatcher but within what it still holds: its next turn delivers the rest
      // (under load the dispatcher reads more often than a catching-up reader would ever catch).
      const oldest = this.recent[0]?.from;
      if (page.rows.length < BATCH && oldest && comparePositions(next, oldest) >= 0) {
        entry.joining = true;
        this.wake();
        return;
      }
    }
  }

  wake(): void {
    this.pendingStreak = 0;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), ms);
    this.timer.unref();
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    let retryIn = POLL_MS;
    try {
      for (;;) {
        this.again = false;
        const from = this.position ?? headBefore(await this.repository.readHorizon());
        const batch = await this.repository.readAll(from, BATCH);
        const last = batch.rows.at(-1);
        let to = last ? { xid: BigInt(last.xid), id: BigInt(last.id) } : from;
        if (batch.rows.length < BATCH) to = laterOf(to, headBefore(batch.xmin));
        // Who is live is decided in the same turn as the position moves: a subscription that
        // goes live later has caught up past `to` by itself.
        const joined = this.admitJoining();
        const live = [...this.attached].filter(
          (entry) =>
            entry.live &&
            (joined.has(entry) || comparePositions(entry.subscription.cursor, from) >= 0),
        );
        const replay = this.recentAfter([...joined].map((entry) => entry.subscription.cursor));
        this.position = to;
        this.remember(from, batch.rows);
        await this.dispatch([...replay, ...batch.rows], live, to);
        if (batch.pending) {
          retryIn = Math.min(POLL_MS, PENDING_RETRY_MS * 2 ** this.pendingStreak);
          this.pendingStreak += 1;
        } else {
          this.pendingStreak = 0;
        }
        if (batch.rows.length < BATCH && !this.again) break;
      }
    } catch (error) {
      this.logger.warn({ err: loggableError(error) }, 'Reading the event log failed');
    } finally {
      this.pumping = false;
    }
    this.schedule(this.again ? 0 : retryIn);
  }

  /**
   * Joining subscriptions whose cursor is still within `recent` go live now (their missing rows
   * are replayed from it); any other goes back to reading by itself.
   */
  private admitJoining(): Set<Attached> {
    const joined = new Set<Attached>();
    const oldest = this.recent[0]?.from;
    for (const entry of this.attached) {
      if (!entry.joining) continue;
      entry.joining = false;
      if (oldest && comparePositions(entry.subscription.cursor, oldest) >= 0) {
        entry.live = true;
        joined.add(entry);
      } else {
        this.catchUp(entry).catch(() => {
          entry.subscription.close('shutdown');
          this.attached.delete(entry);
        });
      }
    }
    return joined;
  }

  /** The remembered rows after the oldest of these cursors, in log order. */
  private recentAfter(cursors: EventPosition[]): StoredEventRow[] {
    if (cursors.length === 0) return [];
    const oldest = cursors.reduce((a, b) => (comparePositions(a, b) <= 0 ? a : b));
    return this.recent
      .flatMap((batch) => batch.rows)
      .filter((row) => comparePositions({ xid: BigInt(row.xid), id: BigInt(row.id) }, oldest) > 0);
  }

  private remember(from: EventPosition, rows: StoredEventRow[]): void {
    if (rows.length === 0) return; // nothing between: the held range simply grows to `to`
    this.recent.push({ from, rows });
    let kept = this.recent.reduce((sum, batch) => sum + batch.rows.length, 0);
    while (this.recent.length > 1 && kept - this.recent[0].rows.length >= RECENT_ROWS) {
      kept -= this.recent[0].rows.length;
      this.recent.shift();
    }
  }

  /** Hands a batch of the log to the live subscriptions it is for, with one lookup of each kind. */
  private async dispatch(
    rows: StoredEventRow[],
    live: Attached[],
    to: EventPosition,
  ): Promise<void> {
    if (live.length === 0 || rows.length === 0) {
      for (const entry of live) entry.subscription.cursor = laterOf(entry.subscription.cursor, to);
      return;
    }
    const byUser = new Map<string, Attached[]>();
    for (const entry of live) listOf(byUser, entry.subscription.principal.userId).push(entry);
    const conversations = [
      ...new Set(rows.flatMap((row) => (row.conversation_id ? [row.conversation_id] : []))),
    ];
    const windows =
      conversations.length > 0
        ? await this.repository.membershipWindows(conversations, [...byUser.keys()])
        : [];
    const membersOf = new Map<string, MembershipWindow[]>();
    for (const window of windows) listOf(membersOf, window.conversation_id).push(window);
    /** The connected users a row is for: listed, or members whose window covers its seq. */
    const audienceOf = (row: StoredEventRow): string[] => {
      if (row.user_ids) return row.user_ids;
      const seq = row.seq ?? 0;
      return (membersOf.get(row.conversation_id ?? '') ?? [])
        .filter((w) => !w.muted && seq > w.joined_seq && (w.left_seq === null || seq <= w.left_seq))
        .map((w) => w.user_id);
    };
    const wantedBy = new Map<Attached, StoredEventRow[]>();
    for (const row of rows) {
      const position = { xid: BigInt(row.xid), id: BigInt(row.id) };
      for (const userId of audienceOf(row)) {
        for (const entry of byUser.get(userId) ?? []) {
          const subscription = entry.subscription;
          if (!subscription.types.has(row.type)) continue;
          if (comparePositions(position, subscription.cursor) <= 0) continue;
          listOf(wantedBy, entry).push(row);
        }
      }
    }
    const perSubscription = live.map((entry) => ({ entry, wanted: wantedBy.get(entry) ?? [] }));
    const receiving = perSubscription.filter((item) => item.wanted.length > 0);
    const rendered = await this.renderMany(
      receiving.map((item) => ({ rows: item.wanted, reader: item.entry.subscription.reader })),
    );
    const viewsOf = new Map(receiving.map((item, index) => [item.entry, rendered[index]]));
    for (const { entry } of perSubscription) {
      const subscription = entry.subscription;
      const views = viewsOf.get(entry) ?? [];
      if (views.length > 0 && !subscription.deliver(views)) {
        subscription.close('slow_consumer');
        this.attached.delete(entry);
        continue;
      }
      subscription.cursor = laterOf(subscription.cursor, to);
      if (views.length > 0 && subscription.once) this.attached.delete(entry);
    }
  }

  /** Rows of the log as this principal's REST view of them. */
  async renderFor(
    principal: UserPrincipal,
    locale: Locale,
    rows: RenderableRow[],
  ): Promise<DeliveredEvent[]> {
    return (await this.renderMany([{ rows, reader: readerOf(principal, locale) }]))[0];
  }

  /** Rows of the log as this reader's REST view of them (webhook deliveries). */
  async renderAs(reader: EventReader, rows: RenderableRow[]): Promise<DeliveredEvent[]> {
    return (await this.renderMany([{ rows, reader }]))[0];
  }

  /** Each reader's events as he sees them, with one facts lookup for all. */
  private async renderMany(
    work: { rows: RenderableRow[]; reader: EventReader }[],
  ): Promise<DeliveredEvent[][]> {
    if (work.length === 0) return [];
    const facts = await this.facts.lookup(
      work.map((item) => ({ reader: item.reader, data: item.rows.map((row) => row.data) })),
    );
    return work.map((item) =>
      item.rows.map((row) => ({
        id: encodeCursor({ xid: BigInt(row.xid), id: BigInt(row.id) }),
        type: row.type,
        created_at: toIsoUtc(new Date(row.created_at)),
        data: facts.view(item.reader, row.data),
      })),
    );
  }

  /** The position a client starting now begins from. */
  async head(): Promise<EventPosition> {
    return headBefore(await this.repository.readHorizon());
  }

  typesFor(principal: UserPrincipal): Set<string> {
    return new Set(typesForScopes(principal.scopes));
  }

  get shared(): boolean {
    return this.target.shared;
  }
}
