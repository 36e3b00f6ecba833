import { yieldToEventLoop } from "~/utils/event-loop";

type Job<T, R> = { write: T; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Group commit: writes that arrive while a transaction is being committed wait and are committed
 * together in the next one. With synchronous=FULL each commit costs a disk flush, so sharing it
 * between concurrent autosaves keeps durability and multiplies throughput. A caller's promise
 * resolves only after its write is committed, with what the commit reported for that write
 * (`commit` returns one result per write, in order).
 */
export class GroupCommitter<T, R = void> {
  private queue: Job<T, R>[] = [];
  private running = false;

  constructor(
    private readonly commit: (writes: T[]) => Promise<R[]>,
    private readonly maxBatch = 256,
  ) {}

  write(write: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Let requests already parsed in this turn of the event loop join the batch.
        await yieldToEventLoop();
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.commit(batch.map((job) => job.write));
          batch.forEach((job, i) => job.resolve(results[i]));
        } catch {
          // One bad write must not fail its neighbours: retry each alone to find it.
          for (const job of batch) {
            try {
              const [result] = await this.commit([job.write]);
              job.resolve(result);
            } catch (error) {
              job.reject(error);
            }
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}
