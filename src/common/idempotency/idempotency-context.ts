import { AsyncLocalStorage } from 'node:async_hooks';
import { EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { IdempotencyRepository } from './idempotency.repository';

/** The key of the request being served, for the transactions it commits. */
interface IdempotentRequest {
  keyId: string;
}

const current = new AsyncLocalStorage<IdempotentRequest>();

/** Runs `work` so that every transaction it commits marks `keyId` as committed, atomically. */
export function runWithIdempotencyKey<T>(keyId: string, work: () => Promise<T>): Promise<T> {
  return current.run({ keyId }, work);
}

/**
 * Writes the key's `committed` mark inside each transaction an idempotent request commits, just
 * before its COMMIT: the mark and the creation are in the database together or not at all, so a
 * retry can tell "nothing happened" (run again) from "it happened, its answer was lost" (never
 * run again), whatever failed after the commit.
 */
export class IdempotencyCommitSubscriber implements EntitySubscriberInterface {
  constructor(private readonly keys: IdempotencyRepository) {}

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const request = current.getStore();
    if (request) await this.keys.markCommitted(event.queryRunner, request.keyId);
  }
}
