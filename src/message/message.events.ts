/**
 * In-process events of the message module for other parts of Party (none are realtime: clients
 * hear through the event log, written in the transaction of each change).
 */
export const MessageEvents = {
  /** A message was reported for moderation. */
  messageReported: 'message.reported',
} as const;

export interface MessageReportedEvent {
  reportId: string;
  messageId: string;
  reporterId: string;
  reason: string;
}
