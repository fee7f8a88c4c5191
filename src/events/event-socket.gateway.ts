import { Injectable, Logger } from '@nestjs/common';
import { loggableError } from '../common/logging/logging';
import { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { presentedBearerToken } from '../auth/request-authenticator';
import { TokenService } from '../auth/token.service';
import { DomainError } from '../common/errors/domain-error';
import { domainErrorBody } from '../common/errors/http-exception.filter';
import { UserPrincipal, requestLocale } from '../common/http/request-principal';
import { Locale } from '../common/i18n/locale';
import { EventPosition } from './event-position';
import { DeliveredEvent, EventHub, readerOf } from './event-hub.service';
import { EventsService } from './events.service';
import { RealtimeConnections } from './realtime-connections';
import { TypingRelay } from './typing-relay';

/** The subprotocol Party answers; a client may carry its token as `access_token.<token>`. */
export const WS_PROTOCOL = 'party';
const TOKEN_PROTOCOL = 'access_token.';
/** Ping interval; a socket that has not answered the previous ping by the next is dropped. */
export const WS_PING_MS = 25_000;
export const WS_SLOW_CONSUMER_BYTES = 1024 * 1024;
export const WS_MAX_FRAME_BYTES = 4096;

/** Close codes (4000-4999 are the application's). */
export const WS_CLOSE = {
  shutdown: 1001,
  idle: 4000,
  slow_consumer: 4008,
  token_revoked: 4401,
} as const;

interface UpgradeState {
  principal: UserPrincipal;
  locale: Locale;
  start: EventPosition;
}

const UPGRADES = new WeakMap<FastifyRequest, UpgradeState>();

export function tokenFromProtocols(header: string | undefined): string | null {
  for (const protocol of (header ?? '').split(',')) {
    const trimmed = protocol.trim();
    if (trimmed.startsWith(TOKEN_PROTOCOL) && trimmed.length > TOKEN_PROTOCOL.length) {
      return trimmed.slice(TOKEN_PROTOCOL.length);
    }
  }
  return null;
}

/** `GET ws`: the WebSocket transport of the hub, plus typing indicators. */
@Injectable()
export class EventSocketGateway {
  private readonly logger = new Logger(EventSocketGateway.name);

  constructor(
    private readonly tokens: TokenService,
    private readonly events: EventsService,
    private readonly hub: EventHub,
    private readonly connections: RealtimeConnections,
    private readonly typing: TypingRelay,
  ) {}

  /**
   * Runs before the upgrade: a bad token, a bad cursor or a full token are refused with an
   * ordinary HTTP answer (401 / 410 / 429) instead of a socket that closes at once.
   */
  async authorizeUpgrade(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!(request as FastifyRequest & { ws?: boolean }).ws) return;
    try {
      const token =
        presentedBearerToken(request) ??
        tokenFromProtocols(request.headers['sec-websocket-protocol']);
      const result = token === null ? null : await this.tokens.authenticate(token);
      if (!result?.ok) {
        throw new DomainError(401, token === null ? 'unauthorized' : 'invalid_token');
      }
      if (result.principal.kind !== 'user') {
        throw new DomainError(403, 'wrong_token_kind', { kind: 'user' });
      }
      if (!result.principal.scopes.has('party_user')) {
        throw new DomainError(403, 'insufficient_scope', { scope: 'party_user' });
      }
      if (!this.connections.hasRoomFor(result.principal.tokenId)) {
        throw new DomainError(429, 'too_many_connections', {
          max: this.connections.maxSocketsPerToken,
        });
      }
      const cursor = (request.query as Record<string, unknown>).cursor;
      const start = await this.events.resume(typeof cursor === 'string' ? cursor : undefined);
      UPGRADES.set(request, {
        principal: result.principal,
        locale: requestLocale(request, result.principal),
        start,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await reply
        .code(error.status)
        .headers(error.headers)
        .header('content-type', 'application/json; charset=utf-8')
        .send(domainErrorBody(error, requestLocale(request)));
    }
  }

  /** After the upgrade: the socket joins the hub from its cursor. */
  async open(socket: WebSocket, request: FastifyRequest): Promise<void> {
    const state = UPGRADES.get(request);
    if (!state) {
      socket.close(WS_CLOSE.token_revoked, 'unauthorized');
      return;
    }
    const { principal, locale } = state;
    let closed = false;
    let answeredPing = true;
    let detach: () => void = () => undefined;
    const close = (code: number, reason: string) => {
      if (closed) return;
      closed = true;
      clearInterval(pinger);
      unregister();
      stopTyping();
      detach();
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
        socket.close(code, reason);
      }
    };
    const pinger = setInterval(() => {
      if (!answeredPing) {
        close(WS_CLOSE.idle, 'idle');
        socket.terminate();
        return;
      }
      answeredPing = false;
      socket.ping();
    }, WS_PING_MS);
    pinger.unref();
    socket.on('pong', () => (answeredPing = true));
    const unregister = this.connections.add({
      tokenId: principal.tokenId,
      transport: 'ws',
      end: (reason) => close(WS_CLOSE[reason], reason),
    });
    const send = (frame: unknown) => {
      if (!closed) socket.send(JSON.stringify(frame));
    };
    const stopTyping = this.typing.join(principal, locale, send);
    socket.on('close', () => close(1000, 'closed'));
    socket.on('message', (raw, isBinary) => {
      answeredPing = true;
      this.onFrame(raw, isBinary, send).catch((error: unknown) => {
        this.logger.warn({ err: loggableError(error) }, 'A WebSocket frame failed');
        send({ type: 'error', code: 'service_unavailable' });
      });
    });
    detach = await this.hub.attach({
      principal,
      reader: readerOf(principal, locale),
      types: this.hub.typesFor(principal),
      cursor: state.start,
      deliver: (events: DeliveredEvent[]) => {
        for (const event of events) send(event);
        return socket.bufferedAmount <= WS_SLOW_CONSUMER_BYTES;
      },
      close: (reason) => close(WS_CLOSE[reason], reason),
    });
    if (closed) detach();
  }

  private async onFrame(
    raw: unknown,
    isBinary: boolean,
    send: (frame: unknown) => void,
  ): Promise<void> {
    const frame = isBinary ? null : parseFrame(String(raw));
    if (frame?.type === 'ping') {
      send({ type: 'pong' });
      return;
    }
    if (frame?.type === 'typing' && typeof frame.conversation === 'string') {
      const problem = await this.typing.relay(send, frame.conversation);
      if (problem) send({ type: 'error', code: problem, conversation: frame.conversation });
      return;
    }
    send({ type: 'error', code: 'bad_frame' });
  }
}

function parseFrame(text: string): { type?: unknown; conversation?: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : null;
  } catch {
    return null;
  }
}
