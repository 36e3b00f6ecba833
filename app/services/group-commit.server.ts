import { yieldToEventLoop } from "~/utils/event-loop";

type Job<T> = { write: T; resolve: () => void; reject: (error: unknown) => void };

/**
 * Group commit: writes that arrive while a transaction is being committed wait and are committed
 * together in the next one. With synchronous=FULL each commit costs a disk flush, so sharing it
 * between concurrent autosaves keeps durability and multiplies throughput. A caller's promise
 * resolves only after its write is committed.
 */
export class GroupCommitter<T> {
  private queue: Job<T>[] = [];
  private running = false;

  constructor(
    private readonly commit: (writes: T[]) => Promise<void>,
    private readonly maxBatch = 256,
  ) {}

  write(write: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
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
          await this.commit(batch.map((job) => job.write));
          for (const job of batch) job.resolve();
        } catch {
          // One bad write must not fail its neighbours: retry each alone to find it.
          for (const job of batch) {
            try {
              await this.commit([job.write]);
              job.resolve();
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
