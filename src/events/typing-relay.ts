import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { UserPrincipal } from '../common/http/request-principal';
import { Locale } from '../common/i18n/locale';
import { MessageService } from '../message/message.service';
import { toIsoUtc } from '../common/time/time-format';
import { TYPING_EVENT, TYPING_SCOPE } from './event-catalogue';
import { EventLogRepository } from './event-log.repository';
import { EventReader, personRef } from './event-view';
import { readerOf } from './event-hub.service';
import { EventWakeup, TypingSignal } from './event-wakeup';
import { ReaderFactsSource } from './reader-facts.source';

/** Typing frames a socket may send per window; past it they are refused, not relayed. */
export const TYPING_LIMIT = 10;
export const TYPING_WINDOW_MS = 10_000;

const CONVERSATION = /^(user|group)\/([0-9a-fA-F-]{36})$/;

interface Listener {
  principal: UserPrincipal;
  reader: EventReader;
  send(frame: unknown): void;
  recent: number[];
}

/**
 * Ephemeral `typing` indicators: never stored, relayed to the other members of the conversation
 * who are connected (on any instance), under the same visibility as a message would be.
 */
@Injectable()
export class TypingRelay implements OnModuleInit {
  private readonly bySocket = new Map<(frame: unknown) => void, Listener>();

  constructor(
    private readonly messages: MessageService,
    private readonly repository: EventLogRepository,
    private readonly wakeup: EventWakeup,
    private readonly facts: ReaderFactsSource,
  ) {}

  onModuleInit(): void {
    this.wakeup.onTyping((signal) => void this.deliver(signal));
  }

  join(principal: UserPrincipal, locale: Locale, send: (frame: unknown) => void): () => void {
    const listener: Listener = { principal, reader: readerOf(principal, locale), send, recent: [] };
    this.bySocket.set(send, listener);
    return () => this.bySocket.delete(send);
  }

  /** Relays the caller's typing; answers an error code when it is refused (nothing relayed). */
  async relay(send: (frame: unknown) => void, conversation: string): Promise<string | null> {
    const listener = this.bySocket.get(send);
    if (!listener) return 'closed';
    const principal = listener.principal;
    if (!principal.scopes.has(TYPING_SCOPE)) return 'insufficient_scope';
    const match = CONVERSATION.exec(conversation);
    if (!match) return 'unknown_conversation';
    const now = Date.now();
    listener.recent = listener.recent.filter((at) => at > now - TYPING_WINDOW_MS);
    if (listener.recent.length >= TYPING_LIMIT) return 'rate_limited';
    listener.recent.push(now);
    let audience: { userIds: string[] } | { conversationId: string };
    try {
      audience = await this.messages.typingAudience(principal, match[1], match[2]);
    } catch (error) {
      if (error instanceof DomainError) return 'unknown_conversation';
      throw error;
    }
    this.wakeup.typing({
      fromUserId: principal.userId,
      groupId: match[1] === 'group' ? match[2] : null,
      at: toIsoUtc(new Date(now)),
      ...audience,
    });
    return null;
  }

  /** On every instance: to the connected members the signal is for, the sender excepted. */
  private async deliver(signal: TypingSignal): Promise<void> {
    const candidates = [...this.bySocket.values()].filter(
      (item) =>
        item.principal.userId !== signal.fromUserId && item.principal.scopes.has(TYPING_SCOPE),
    );
    if (candidates.length === 0) return;
    let receivers: Listener[];
    if (signal.conversationId) {
      const windows = await this.repository.membershipWindows(
        [signal.conversationId],
        [...new Set(candidates.map((item) => item.principal.userId))],
      );
      const present = new Set(
        windows.filter((w) => w.left_seq === null && !w.muted).map((w) => w.user_id),
      );
      receivers = candidates.filter((item) => present.has(item.principal.userId));
    } else {
      const wanted = new Set(signal.userIds ?? []);
      receivers = candidates.filter((item) => wanted.has(item.principal.userId));
    }
    if (receivers.length === 0) return;
    const data = {
      conversation: signal.groupId ? `group/${signal.groupId}` : `user/${signal.fromUserId}`,
      user_id: signal.fromUserId,
      user: personRef(signal.fromUserId),
    };
    const facts = await this.facts.lookup(
      receivers.map((item) => ({ reader: item.reader, data: [data] })),
    );
    for (const item of receivers) {
      item.send({
        type: TYPING_EVENT,
        id: null,
        created_at: signal.at,
        data: facts.view(item.reader, data),
      });
    }
  }
}
