/**
 * Activity tasks ("Learn about Activities in Step Functions"): a Task state whose Resource
 * is an activity ARN queues a task; a worker's GetActivityTask long-poll takes it (its token
 * and input) and answers with SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
 */
import type { Clock } from "@sam-sandbox/core";

export interface ActivityTask {
  readonly taskToken: string;
  readonly input: string;
}

interface Pending {
  readonly task: ActivityTask;
  readonly onStart: (workerName: string | undefined) => void;
}

interface Poller {
  readonly workerName: string | undefined;
  readonly take: (pending: Pending) => void;
}

export class ActivityQueue {
  private readonly pending = new Map<string, Pending[]>();
  private readonly pollers = new Map<string, Poller[]>();

  constructor(private readonly known: (activityArn: string) => boolean) {}

  exists(activityArn: string): boolean {
    return this.known(activityArn);
  }

  /**
   * Queues a task for the activity; `onStart` runs when a worker takes it. Returns a
   * function that withdraws the task if no worker has taken it yet.
   */
  schedule(activityArn: string, task: ActivityTask, onStart: (workerName: string | undefined) => void): () => void {
    const entry: Pending = { task, onStart };
    const poller = this.pollers.get(activityArn)?.shift();
    if (poller !== undefined) {
      poller.take(entry);
      return () => {};
    }
    const list = this.pending.get(activityArn) ?? [];
    list.push(entry);
    this.pending.set(activityArn, list);
    return () => {
      const queue = this.pending.get(activityArn);
      const index = queue?.indexOf(entry) ?? -1;
      if (queue !== undefined && index >= 0) queue.splice(index, 1);
    };
  }

  /** GetActivityTask: the oldest queued task, or the next one within `waitMs`; undefined when none came. */
  poll(activityArn: string, workerName: string | undefined, clock: Clock, waitMs: number): Promise<ActivityTask | undefined> {
    const ready = this.pending.get(activityArn)?.shift();
    if (ready !== undefined) {
      ready.onStart(workerName);
      return Promise.resolve(ready.task);
    }
    return new Promise((resolve) => {
      const list = this.pollers.get(activityArn) ?? [];
      const poller: Poller = {
        workerName,
        take: (pending) => {
          timer.cancel();
          pending.onStart(workerName);
          resolve(pending.task);
        },
      };
      const timer = clock.setTimeout(() => {
        const waiting = this.pollers.get(activityArn);
        const index = waiting?.indexOf(poller) ?? -1;
        if (waiting !== undefined && index >= 0) waiting.splice(index, 1);
        resolve(undefined);
      }, waitMs);
      list.push(poller);
      this.pollers.set(activityArn, list);
    });
  }
}
