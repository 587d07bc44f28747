/**
 * The run loop a stream mapping's poller (DynamoDB streams, Kinesis) shares: one pump at a time
 * doing steps until there is nothing to do, woken again by new records; quiet (for settled())
 * while idle or waiting on the Clock; a back-off on the Clock that no stop outlives. The
 * subclass reads its stream in step(), and may use `timer` for a batching window.
 */
import type { Clock, TimerHandle } from "./clock.js";
import type { Logger } from "./logger.js";

export abstract class StreamPollerLoop {
  private running = false;
  private again = false;
  private sleeping = false;
  protected stopped = false;
  /** The Clock timer the poller waits on (a batching window or a back-off); stop() cancels it. */
  protected timer: TimerHandle | undefined;
  private quietWaiters: (() => void)[] = [];

  /** `label` begins the lines of a step that failed ("kinesis: event source mapping <id>"). */
  protected constructor(
    private readonly loop: { clock: Clock; logger: Logger; label: () => string },
  ) {}

  /** Does one unit of work; false when there is nothing to do until a wake or a timer. */
  protected abstract step(): Promise<boolean>;
  /** Whether the mapping is enabled (a disabled one is not woken). */
  protected abstract enabled(): boolean;

  /** True while the poller is working (not idle, not waiting on the clock). */
  get busy(): boolean {
    return this.running && !this.sleeping;
  }

  /** Resolves once the poller is idle or waiting on the clock. */
  whenQuiet(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.quietWaiters.push(resolve));
  }

  wake(): void {
    if (this.stopped || !this.enabled()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.quiet();
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.step()));
      } while (this.again && !this.stopped);
    } catch (error) {
      this.loop.logger.error(`${this.loop.label()}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
      this.quiet();
    }
  }

  private quiet(): void {
    if (this.busy) return;
    const waiters = this.quietWaiters;
    this.quietWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Waits `ms` of the Clock, counting as quiet meanwhile. */
  protected backoff(ms: number): Promise<void> {
    // Stopped: no timer outlives close() (the delivery sees stopped() and leaves the batch).
    if (this.stopped) return Promise.resolve();
    this.sleeping = true;
    this.quiet();
    return new Promise<void>((resolve) => {
      this.timer = this.loop.clock.setTimeout(() => {
        this.timer = undefined;
        this.sleeping = false;
        resolve();
      }, ms);
    });
  }
}
