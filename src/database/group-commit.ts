/** How a batch runs: one answer (or failure) per item, in the items' order. */
export type BatchRunner<Item, Answer> = (items: Item[]) => Promise<PromiseSettledResult<Answer>[]>;

export interface GroupCommitOptions<Item> {
  /** The most items one batch carries; a full batch is flushed at once. */
  maxBatch: number;
  /** The most batches running at a time; items arriving meanwhile wait for the next one. */
  maxInFlight: number;
  /**
   * An item waits while another with its key is in a batch being built or run, so that a repeat
   * sees what the first stored. `null`: no key.
   */
  keyOf: (item: Item) => string | null;
}

interface Pending<Item, Answer> {
  item: Item;
  resolve: (answer: Answer) => void;
  reject: (reason: unknown) => void;
}

/**
 * Group commit: the items submitted while the previous batch runs (or within the same turn of
 * the event loop) go to the database together, as one statement, and each submitter is answered
 * when its batch has committed. Concurrent writers then cost one round trip, one plan and one
 * WAL flush per batch instead of one per item.
 */
export class GroupCommit<Item, Answer> {
  private queue: Pending<Item, Answer>[] = [];
  private inFlight = 0;
  /** The keys of the items in the batches being run. */
  private readonly busyKeys = new Set<string>();
  private flushScheduled = false;

  constructor(
    private readonly run: BatchRunner<Item, Answer>,
    private readonly options: GroupCommitOptions<Item>,
  ) {}

  submit(item: Item): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.queue.length === 0) return;
    if (this.inFlight >= this.options.maxInFlight) return;
    this.flushScheduled = true;
    // After the I/O callbacks of this turn: every request that arrived with this one joins it.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const [batch, keys] = this.take();
      if (batch.length === 0) return;
      this.inFlight += 1;
      void this.runBatch(batch).finally(() => {
        this.inFlight -= 1;
        for (const key of keys) this.busyKeys.delete(key);
        this.scheduleFlush();
      });
    }
  }

  /** The next batch (up to `maxBatch` items in arrival order, no key busy) and its keys. */
  private take(): [Pending<Item, Answer>[], string[]] {
    const batch: Pending<Item, Answer>[] = [];
    const waiting: Pending<Item, Answer>[] = [];
    const keys: string[] = [];
    for (const pending of this.queue) {
      const key = this.options.keyOf(pending.item);
      if (batch.length >= this.options.maxBatch || (key !== null && this.busyKeys.has(key))) {
        waiting.push(pending);
        continue;
      }
      if (key !== null) {
        this.busyKeys.add(key);
        keys.push(key);
      }
      batch.push(pending);
    }
    this.queue = waiting;
    return [batch, keys];
  }

  private async runBatch(batch: Pending<Item, Answer>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => {
        const result = results[index];
        if (result.status === 'fulfilled') pending.resolve(result.value);
        else pending.reject(result.reason);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
