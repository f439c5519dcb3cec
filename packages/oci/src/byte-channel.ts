/**
 * A bounded hand-off of chunks from one producer (bytes on their way to a registry) to one consumer
 * that reads an AsyncIterable (an artifact validator). `push` waits while `capacity` chunks are
 * queued, so memory stays bounded and the slower side sets the pace. Once the consumer stops
 * (returns early or throws), pushes are dropped: the producer never waits on a reader that left.
 */
export class ByteChannel implements AsyncIterable<Buffer> {
  private readonly queue: Buffer[] = [];
  private ended = false;
  private failure?: Error;
  private closed = false;
  private wakeReader?: () => void;
  private wakeWriter?: () => void;

  constructor(private readonly capacity = 8) {}

  /** Resolves once the chunk is queued (or dropped because the consumer left). */
  async push(chunk: Buffer): Promise<void> {
    while (!this.closed && !this.ended && this.queue.length >= this.capacity) {
      await new Promise<void>((resolve) => (this.wakeWriter = resolve));
    }
    if (this.closed || this.ended) return;
    this.queue.push(chunk);
    this.wake();
  }

  /** No more chunks; with `failure`, the consumer's next read throws it once the queue is empty. */
  end(failure?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    this.wake();
  }

  /** True when the producer ended the channel with a failure (the consumer's error is not its own). */
  get producerFailed(): boolean {
    return this.failure !== undefined;
  }

  /** The consumer is gone: drop queued and future chunks, release a waiting producer. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.wake();
  }

  private wake(): void {
    const reader = this.wakeReader;
    const writer = this.wakeWriter;
    this.wakeReader = this.wakeWriter = undefined;
    reader?.();
    writer?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return {
      next: async (): Promise<IteratorResult<Buffer>> => {
        for (;;) {
          if (this.closed) return { done: true, value: undefined };
          const chunk = this.queue.shift();
          if (chunk) {
            this.wake();
            return { done: false, value: chunk };
          }
          if (this.ended) {
            if (this.failure) throw this.failure;
            return { done: true, value: undefined };
          }
          await new Promise<void>((resolve) => (this.wakeReader = resolve));
        }
      },
      return: async (): Promise<IteratorResult<Buffer>> => {
        this.close();
        return { done: true, value: undefined };
      },
    };
  }
}
