import type { Clock, TimerHandle } from "./clock.js";

export interface PeriodicTaskOptions<T> {
  clock: Clock;
  /** Clock time between the end of one run and the start of the next. */
  intervalMs: number;
  task: () => Promise<T>;
  /** A scheduled run that failed (a run asked for with run() rejects instead). */
  onError: (error: unknown) => void;
}

/**
 * Work a service does every so often on its clock, such as DynamoDB's TTL deletions and S3's
 * lifecycle expiry. Runs never overlap: the next is scheduled once one has ended. run() runs
 * it now, after the run under way if there is one, so that it sees the clock and the data as
 * they are when asked (a run that started before `sandbox time advance` does not count).
 */
export class PeriodicTask<T> {
  private timer: TimerHandle | undefined;
  private running: Promise<T> | undefined;
  private stopped = true;

  constructor(private readonly options: PeriodicTaskOptions<T>) {}

  /** Runs every intervalMs of clock time until stop(). */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  async run(): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.options.task().finally(() => {
      this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.run()
        .catch(this.options.onError)
        .finally(() => this.schedule());
    }, this.options.intervalMs);
  }
}
