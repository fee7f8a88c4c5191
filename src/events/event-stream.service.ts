import { Injectable } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { UserPrincipal } from '../common/http/request-principal';
import { Locale } from '../common/i18n/locale';
import { DeliveredEvent, EventHub, readerOf } from './event-hub.service';
import { EventsService } from './events.service';
import { RealtimeConnections } from './realtime-connections';

/** A comment line at least this often keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 20_000;
/** Bytes written but not yet taken by the client beyond which the consumer is too slow. */
export const SLOW_CONSUMER_BYTES = 1024 * 1024;

function frame(event: DeliveredEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** `GET events/stream`: Server-Sent Events over the hub. */
@Injectable()
export class EventStreamService {
  constructor(
    private readonly events: EventsService,
    private readonly hub: EventHub,
    private readonly connections: RealtimeConnections,
  ) {}

  async open(
    principal: UserPrincipal,
    locale: Locale,
    cursor: string | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const start = await this.events.resume(cursor);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    raw.write(': connected\n\n');
    let ended = false;
    let detach: () => void = () => undefined;
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const end = (reason: string | null) => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unregister();
      detach();
      if (reason && !raw.destroyed)
        raw.write(`event: close\ndata: ${JSON.stringify({ reason })}\n\n`);
      raw.end();
    };
    const unregister = this.connections.add({
      tokenId: principal.tokenId,
      transport: 'sse',
      end: (reason) => end(reason),
    });
    request.raw.socket.once('close', () => end(null));
    detach = await this.hub.attach({
      principal,
      reader: readerOf(principal, locale),
      types: this.hub.typesFor(principal),
      cursor: start,
      deliver: (events) => {
        if (ended) return true;
        raw.write(events.map(frame).join(''));
        return raw.writableLength <= SLOW_CONSUMER_BYTES;
      },
      close: (reason) => end(reason),
    });
    if (ended) detach();
  }
}
