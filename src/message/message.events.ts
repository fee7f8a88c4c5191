/**
 * Events the message module emits (in-process, after its write has committed), for the realtime
 * gateway. Each names its conversation and who may see it: `audience` is either the listed
 * users or every member of the conversation whose history window covers `seq`
 * (`{members: true}`; the gateway resolves them from `conversation_members`).
 */
export const MessageEvents = {
  /** One or more messages were stored (a broadcast stores many in one event). */
  messagesStored: 'message.stored',
  /** A member's read or delivered cursor moved forward (these are the receipts). */
  cursorMoved: 'message.cursor_moved',
  /** A message was reported for moderation. */
  messageReported: 'message.reported',
} as const;

export type MessageAudience = { userIds: string[] } | { members: true };

export interface StoredMessageRef {
  messageId: string;
  conversationId: string;
  groupId: string | null;
  seq: number;
  senderId: string | null;
  messageType: string;
  audience: MessageAudience;
}

export interface MessagesStoredEvent {
  messages: StoredMessageRef[];
}

export interface CursorMovedEvent {
  conversationId: string;
  groupId: string | null;
  userId: string;
  cursor: 'read' | 'delivered';
  lastReadSeq: number;
  lastDeliveredSeq: number;
  audience: MessageAudience;
}

export interface MessageReportedEvent {
  reportId: string;
  messageId: string;
  reporterId: string;
  reason: string;
}
