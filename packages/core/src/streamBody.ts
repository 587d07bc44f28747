/**
 * A response body produced while it is sent (Lambda's response streaming, CloudWatch Logs'
 * live tail): the producer pushes chunks as they come, serveHandler writes each one as it
 * arrives. When the client goes away the server cancels it: `onCancel` runs (the producer
 * stops) and later pushes are dropped, so nothing piles up.
 */
export class StreamBody implements AsyncIterable<Buffer> {
  /** Runs once when the reader stops early (client disconnected, response destroyed). */
  onCancel: () => void = () => {};
  private readonly queued: Buffer[] = [];
  private waiting: { resolve(result: IteratorResult<Buffer>): void; reject(error: unknown): void } | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private stopped = false;

  /** Whether the reader went away: the producer should stop. */
  get cancelled(): boolean {
    return this.stopped;
  }

  push(chunk: Buffer): void {
    if (this.ended || this.stopped) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting.resolve({ value: chunk, done: false });
    } else this.queued.push(chunk);
  }

  /** The body is complete: the response ends after the chunks queued so far. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.settleWaiting();
  }

  /** The producer failed midway: the response is cut off (the connection is destroyed). */
  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = { error };
    this.settleWaiting();
  }

  /** The reader stops: drops what is queued and tells the producer. */
  cancel(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queued.length = 0;
    this.settleWaiting();
    if (!this.ended) {
      this.ended = true;
      this.onCancel();
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return {
      next: () => {
        const chunk = this.queued.shift();
        if (chunk !== undefined) return Promise.resolve({ value: chunk, done: false });
        if (this.failure) return Promise.reject(this.failure.error);
        if (this.ended || this.stopped) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = { resolve, reject };
        });
      },
      return: () => {
        this.cancel();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private settleWaiting(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    if (this.failure && !this.stopped) waiting.reject(this.failure.error);
    else waiting.resolve({ value: undefined, done: true });
  }
}
