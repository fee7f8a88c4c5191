import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { ClusterBus } from '../common/cluster/cluster-bus';
import { WROTE_EVENTS } from './event-log.service';

/** A typing indicator crossing instances (never stored). */
export interface TypingSignal {
  fromUserId: string;
  groupId: string | null;
  at: string;
  userIds?: string[];
  conversationId?: string;
}

/**
 * Wake-ups for the dispatchers: this instance's own commits wake it at once; other instances
 * hear through the cluster bus (Redis pub/sub or LISTEN/NOTIFY). A wake-up carries no event: the
 * table is the truth, so a lost one costs latency (the dispatcher also polls).
 */
@Injectable()
export class EventWakeup implements EntitySubscriberInterface {
  private readonly listeners = new Set<() => void>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly bus: ClusterBus,
  ) {
    dataSource.subscribers.push(this);
    bus.on('party_events', () => this.wakeLocal());
    bus.onResubscribed(() => this.wakeLocal());
  }

  onWake(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onTyping(listener: (signal: TypingSignal) => void): void {
    this.bus.on('party_typing', (payload) => {
      let signal: TypingSignal;
      try {
        signal = JSON.parse(payload) as TypingSignal;
      } catch {
        return;
      }
      listener(signal);
    });
  }

  /** Hands a typing signal to every instance (this one included). */
  typing(signal: TypingSignal): void {
    this.bus.publish('party_typing', JSON.stringify(signal));
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown> | undefined;
    if (!data?.[WROTE_EVENTS]) return;
    delete data[WROTE_EVENTS];
    this.committed();
  }

  /** Events were committed here (by a transaction or a single statement): wake everyone. */
  committed(): void {
    this.wakeLocal();
    this.bus.broadcast('party_events');
  }

  private wakeLocal(): void {
    for (const listener of this.listeners) listener();
  }
}
