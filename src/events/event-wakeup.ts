import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { RedisConnection } from '../common/redis/redis.module';
import { loggableError } from '../common/logging/logging';
import { WROTE_EVENTS } from './event-log.service';

export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

export interface DatabaseTarget {
  url: string;
  /** False for the embedded database: one instance only, so nothing crosses processes. */
  shared: boolean;
}

const CHANNEL = 'party_events';
const TYPING_CHANNEL = 'party_typing';

/** A typing indicator crossing instances (never stored). */
export interface TypingSignal {
  fromUserId: string;
  groupId: string | null;
  at: string;
  userIds?: string[];
  conversationId?: string;
}
const RECONNECT_MS = 1000;

/**
 * Wake-ups for the dispatchers: this instance's own commits wake it at once; other instances
 * hear through Redis pub/sub (REDIS_URL) or PostgreSQL LISTEN/NOTIFY. A wake-up carries no
 * event: the table is the truth, so a lost one costs latency (the dispatcher also polls).
 */
@Injectable()
export class EventWakeup implements EntitySubscriberInterface, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EventWakeup.name);
  private readonly listeners = new Set<() => void>();
  private readonly typingListeners = new Set<(signal: TypingSignal) => void>();
  private listenClient: Client | null = null;
  private subscriber: Redis | null = null;
  private stopped = false;
  /** The LISTEN connection runs one statement at a time: NOTIFYs queue behind each other. */
  private notifying: Promise<unknown> = Promise.resolve();
  private notifyQueued = false;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    private readonly redis: RedisConnection,
  ) {
    dataSource.subscribers.push(this);
  }

  onWake(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onTyping(listener: (signal: TypingSignal) => void): void {
    this.typingListeners.add(listener);
  }

  /** Hands a typing signal to every instance (this one included). */
  typing(signal: TypingSignal): void {
    const payload = JSON.stringify(signal);
    if (!this.target.shared) {
      this.hearTyping(payload);
    } else if (this.redis.client) {
      this.redis.client.publish(TYPING_CHANNEL, payload).catch(() => undefined);
    } else {
      this.onListenClient(() => 'SELECT pg_notify($1, $2)', [TYPING_CHANNEL, payload]);
    }
  }

  private hearTyping(payload: string): void {
    let signal: TypingSignal;
    try {
      signal = JSON.parse(payload) as TypingSignal;
    } catch {
      return;
    }
    for (const listener of this.typingListeners) listener(signal);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown> | undefined;
    if (!data?.[WROTE_EVENTS]) return;
    delete data[WROTE_EVENTS];
    this.wakeLocal();
    this.publish();
  }

  async onModuleInit(): Promise<void> {
    if (!this.target.shared) return;
    if (this.redis.client) {
      this.subscriber = this.redis.client.duplicate();
      this.subscriber.on('message', (channel: string, payload: string) => {
        if (channel.endsWith(TYPING_CHANNEL)) this.hearTyping(payload);
        else this.wakeLocal();
      });
      this.subscriber.on('error', (error: Error) =>
        this.logger.warn({ err: loggableError(error) }, 'Redis wake-ups failed'),
      );
      // Not awaited: Party starts (and polls) while Redis is away; ioredis resubscribes.
      this.subscriber
        .subscribe(CHANNEL, TYPING_CHANNEL)
        .catch((error: unknown) =>
          this.logger.warn({ err: loggableError(error) }, 'Redis wake-ups failed'),
        );
      return;
    }
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    this.typingListeners.clear();
    await this.subscriber?.quit().catch(() => undefined);
    await this.listenClient?.end().catch(() => undefined);
  }

  private wakeLocal(): void {
    for (const listener of this.listeners) listener();
  }

  private publish(): void {
    if (!this.target.shared) return;
    if (this.redis.client) {
      this.redis.client.publish(CHANNEL, '1').catch(() => undefined);
    } else if (!this.notifyQueued) {
      // One queued wake-up covers every commit before it is sent.
      this.notifyQueued = true;
      this.onListenClient(() => {
        this.notifyQueued = false;
        return `NOTIFY ${CHANNEL}`;
      });
    }
  }

  private onListenClient(statement: () => string, params: unknown[] = []): void {
    this.notifying = this.notifying
      .then(() => this.listenClient?.query(statement(), params))
      .catch(() => undefined);
  }

  /** A connection of its own that LISTENs, reopened after any failure. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.target.url, connectionTimeoutMillis: 5000 });
    client.on('notification', (message) => {
      if (message.channel === TYPING_CHANNEL) this.hearTyping(message.payload ?? '');
      else this.wakeLocal();
    });
    client.on('error', (error) => {
      this.logger.warn({ err: loggableError(error) }, 'Event wake-ups failed');
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}; LISTEN ${TYPING_CHANNEL}`);
      this.listenClient = client;
      this.wakeLocal();
    } catch (error) {
      this.logger.warn({ err: loggableError(error) }, 'Event wake-ups failed');
      this.reconnect(client);
    }
  }

  private reconnect(client: Client): void {
    if (this.listenClient === client) this.listenClient = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (!this.stopped) setTimeout(() => void this.listen(), RECONNECT_MS).unref();
  }
}
