import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventDraft } from './event-catalogue';
import { EventLogRepository } from './event-log.repository';
import { toStoredData } from './event-view';

/** Marks a transaction that wrote events, so its commit wakes the dispatchers. */
export const WROTE_EVENTS = 'partyWroteEvents';

/**
 * The one way to record an event: inside the transaction of the change it reports, so there is
 * no change without its event and no event without its change.
 */
@Injectable()
export class EventLogService {
  constructor(private readonly repository: EventLogRepository) {}

  async append(tx: EntityManager, drafts: readonly EventDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('Events are written inside the transaction of their change');
    }
    await this.repository.insert(
      tx,
      drafts.map((draft) => ({ ...draft, data: toStoredData(draft.data) as object })),
    );
    runner.data = { ...(runner.data as object), [WROTE_EVENTS]: true };
  }
}
