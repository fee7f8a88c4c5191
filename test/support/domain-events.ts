import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { TestApp } from './test-app';

export interface RecordedEvent {
  name: string;
  payload: Record<string, unknown>;
}

/**
 * The payload without its `tx` when that is the manager of an open transaction (every domain
 * event is emitted inside the transaction that writes its fact); otherwise `tx` stays, marked,
 * so that any comparison of the payload fails and names the emitter that broke the rule.
 */
export function withoutTransaction(payload: Record<string, unknown>): Record<string, unknown> {
  const { tx, ...rest } = payload;
  const open = tx instanceof EntityManager && tx.queryRunner?.isTransactionActive === true;
  return open ? rest : { ...rest, tx: 'emitted outside a transaction' };
}

/** Records every domain event whose name starts with `prefix` (`group.`), in order. */
export function recordDomainEvents(t: TestApp, prefix: string): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  t.app.get(EventEmitter2).onAny((name: string | string[], payload: Record<string, unknown>) => {
    const key = Array.isArray(name) ? name.join('.') : name;
    if (key.startsWith(prefix)) events.push({ name: key, payload: withoutTransaction(payload) });
  });
  return events;
}
