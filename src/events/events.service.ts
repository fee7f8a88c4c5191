import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { UserPrincipal } from '../common/http/request-principal';
import { Locale } from '../common/i18n/locale';
import { EventPageDto } from './dto/event.dto';
import { DeliveredEvent, EventHub, EventSubscription, readerOf } from './event-hub.service';
import { EventLogRepository } from './event-log.repository';
import {
  EventPosition,
  comparePositions,
  decodeCursor,
  encodeCursor,
  headBefore,
  laterOf,
} from './event-position';
import { RealtimeConnections } from './realtime-connections';
import './events.messages';

const PAGE = 100;

export class CursorExpiredError extends DomainError {
  constructor() {
    super(410, 'cursor_expired');
  }
}

/** Reading the event log for one user: the starting point, pages, and waiting for more. */
@Injectable()
export class EventsService {
  constructor(
    private readonly hub: EventHub,
    private readonly repository: EventLogRepository,
    private readonly connections: RealtimeConnections,
  ) {}

  /**
   * Where a client resumes: its cursor if Party still holds everything after it (410
   * `cursor_expired` when it is malformed, past retention or from the future), else the head.
   */
  async resume(cursor: string | undefined): Promise<EventPosition> {
    if (cursor === undefined || cursor === '') return this.hub.head();
    const position = decodeCursor(cursor);
    if (!position) throw new CursorExpiredError();
    const [horizon, head] = await Promise.all([
      this.repository.retentionHorizon(),
      this.hub.head(),
    ]);
    if (comparePositions(position, horizon) < 0 || comparePositions(position, head) > 0) {
      throw new CursorExpiredError();
    }
    return position;
  }

  /**
   * Long-poll: the events after the cursor at once if there are any, else the first to arrive
   * within `timeout` seconds (an empty page when none does). Without a cursor, the head at once.
   */
  async poll(
    principal: UserPrincipal,
    locale: Locale,
    cursor: string | undefined,
    timeoutSeconds: number,
    aborted: AbortSignal,
  ): Promise<EventPageDto> {
    const start = await this.resume(cursor);
    if (cursor === undefined || cursor === '') {
      return { data: [], next_cursor: encodeCursor(start), has_more: false };
    }
    const types = [...this.hub.typesFor(principal)];
    const page = await this.repository.readForUser(principal.userId, start, types, PAGE);
    const last = page.rows.at(-1);
    let next = last ? { xid: BigInt(last.xid), id: BigInt(last.id) } : start;
    const hasMore = page.rows.length === PAGE;
    if (!hasMore) next = laterOf(next, headBefore(page.xmin));
    const visible = page.rows.filter((row) => row.data !== null);
    if (visible.length > 0 || hasMore || timeoutSeconds === 0) {
      return {
        data: await this.hub.renderFor(principal, locale, visible),
        next_cursor: encodeCursor(next),
        has_more: hasMore,
      };
    }
    return this.waitForEvents(principal, locale, next, timeoutSeconds, aborted);
  }

  private async waitForEvents(
    principal: UserPrincipal,
    locale: Locale,
    from: EventPosition,
    timeoutSeconds: number,
    aborted: AbortSignal,
  ): Promise<EventPageDto> {
    let settle: (events: DeliveredEvent[]) => void = () => undefined;
    const arrived = new Promise<DeliveredEvent[]>((resolve) => (settle = resolve));
    const subscription: EventSubscription = {
      principal,
      reader: readerOf(principal, locale),
      types: this.hub.typesFor(principal),
      cursor: from,
      once: true,
      deliver: (events) => {
        settle(events);
        return true;
      },
      close: () => settle([]),
    };
    const timer = setTimeout(() => settle([]), timeoutSeconds * 1000);
    const onAbort = () => settle([]);
    aborted.addEventListener('abort', onAbort);
    // A token revoked while it waits gets its (empty) answer within 5 s, then 401s.
    const unregister = this.connections.add({
      tokenId: principal.tokenId,
      transport: 'poll',
      end: () => settle([]),
    });
    const detach = await this.hub.attach(subscription);
    try {
      const events = await arrived;
      return { data: events, next_cursor: encodeCursor(subscription.cursor), has_more: false };
    } finally {
      detach();
      unregister();
      clearTimeout(timer);
      aborted.removeEventListener('abort', onAbort);
    }
  }
}
