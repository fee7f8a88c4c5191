import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { Client } from 'pg';
import { loggableError } from '../logging/logging';
import { RedisConnection } from '../redis/redis.module';

export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

export interface DatabaseTarget {
  url: string;
  /** False for the embedded database: one instance only, so nothing crosses processes. */
  shared: boolean;
}

/** The channels instances tell each other on; a payload is a short string (or empty). */
export type ClusterChannel = 'party_events' | 'party_typing' | 'party_auth';

const CHANNELS: readonly ClusterChannel[] = ['party_events', 'party_typing', 'party_auth'];
const RECONNECT_MS = 1000;

type Listener = (payload: string) => void;

/**
 * Best-effort signals between the instances of one deployment: Redis pub/sub when REDIS_URL is
 * set, else PostgreSQL LISTEN/NOTIFY on a connection of its own; on the embedded database (one
 * instance) a signal only reaches this process. Every signal also reaches its own sender. A
 * signal can be lost while the subscription is down: `onResubscribed` listeners hear when it is
 * back, so they can drop what they might have missed (nothing that matters rides only on a
 * signal: the database is the truth).
 */
@Injectable()
export class ClusterBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterBus.name);
  private readonly listeners = new Map<ClusterChannel, Set<Listener>>();
  private readonly resubscribed = new Set<() => void>();
  private listenClient: Client | null = null;
  private subscriber: Redis | null = null;
  private stopped = false;
  /** The LISTEN connection runs one statement at a time: NOTIFYs queue behind each other. */
  private notifying: Promise<unknown> = Promise.resolve();
  /** Channels with an empty signal queued and not yet sent: one covers every later one. */
  private readonly queuedEmpty = new Set<ClusterChannel>();

  constructor(
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    private readonly redis: RedisConnection,
  ) {}

  on(channel: ClusterChannel, listener: Listener): () => void {
    const set = this.listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(channel, set);
    return () => set.delete(listener);
  }

  /** Called each time the subscription is (re)established, when signals may have been missed. */
  onResubscribed(listener: () => void): void {
    this.resubscribed.add(listener);
  }

  /** Tells every instance, this one at once. */
  publish(channel: ClusterChannel, payload = ''): void {
    this.deliver(channel, payload);
    this.broadcast(channel, payload);
  }

  /** Tells the other instances only (this one knows already). */
  broadcast(channel: ClusterChannel, payload = ''): void {
    if (!this.target.shared) return;
    if (this.redis.client) {
      this.redis.client.publish(channel, payload).catch(() => undefined);
    } else {
      if (payload === '') {
        if (this.queuedEmpty.has(channel)) return;
        this.queuedEmpty.add(channel);
      }
      this.notifying = this.notifying
        .then(() => {
          if (payload === '') this.queuedEmpty.delete(channel);
          return this.listenClient?.query('SELECT pg_notify($1, $2)', [channel, payload]);
        })
        .catch(() => undefined);
    }
  }

  async onModuleInit(): Promise<void> {
    if (!this.target.shared) return;
    if (this.redis.client) {
      const subscriber = this.redis.client.duplicate();
      this.subscriber = subscriber;
      subscriber.on('message', (channel: string, payload: string) => {
        const name = CHANNELS.find((known) => channel.endsWith(known));
        if (name) this.deliver(name, payload);
      });
      subscriber.on('ready', () => this.announceResubscribed());
      subscriber.on('error', (error: Error) =>
        this.logger.warn({ err: loggableError(error) }, 'Redis signals failed'),
      );
      // Not awaited: Party starts (and polls) while Redis is away; ioredis resubscribes.
      subscriber
        .subscribe(...CHANNELS)
        .catch((error: unknown) =>
          this.logger.warn({ err: loggableError(error) }, 'Redis signals failed'),
        );
      return;
    }
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    this.resubscribed.clear();
    await this.subscriber?.quit().catch(() => undefined);
    await this.listenClient?.end().catch(() => undefined);
  }

  private deliver(channel: ClusterChannel, payload: string): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(payload);
  }

  private announceResubscribed(): void {
    for (const listener of this.resubscribed) listener();
  }

  /** A connection of its own that LISTENs, reopened after any failure. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.target.url, connectionTimeoutMillis: 5000 });
    client.on('notification', (message) => {
      const name = CHANNELS.find((known) => known === message.channel);
      if (name) this.deliver(name, message.payload ?? '');
    });
    client.on('error', (error) => {
      this.logger.warn({ err: loggableError(error) }, 'Signals between instances failed');
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(CHANNELS.map((channel) => `LISTEN ${channel}`).join('; '));
      this.listenClient = client;
      this.announceResubscribed();
    } catch (error) {
      this.logger.warn({ err: loggableError(error) }, 'Signals between instances failed');
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
