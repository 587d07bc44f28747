/**
 * A Task state on an activity ARN: ActivityScheduled, then ActivityStarted when a worker's
 * GetActivityTask takes the task, then ActivitySucceeded / ActivityFailed / ActivityTimedOut
 * (LocalStack's AWS-recorded test_activities). TimeoutSeconds and HeartbeatSeconds count
 * from ActivityStarted, as AWS documents for activities.
 */
import { toJsonText, type Json } from "../json.js";
import type { StateRun } from "../execution.js";
import { Cancelled, StatesErrors, StatesFailure, runtimeError } from "../failure.js";
import { TaskError } from "../ports.js";

export interface ActivityTiming {
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

type Ending = { kind: "result"; value: Json } | { kind: "error"; error: string; cause: string | undefined } | { kind: "timeout"; heartbeat: boolean };

export async function runActivity(run: StateRun, activityArn: string, params: Json, timing: ActivityTiming): Promise<Json> {
  const env = run.frame.env;
  const history = env.history;
  const chain = run.frame.chain;
  const queue = env.activities;
  if (queue === undefined || !queue.exists(activityArn)) throw runtimeError(`The activity ${activityArn} does not exist.`);
  const scheduled: Record<string, Json> = { resource: activityArn, input: toJsonText(params), inputDetails: { truncated: false } };
  if (timing.timeoutSeconds !== undefined) scheduled.timeoutInSeconds = timing.timeoutSeconds;
  if (timing.heartbeatSeconds !== undefined) scheduled.heartbeatInSeconds = timing.heartbeatSeconds;
  history.emit(chain, "ActivityScheduled", "activityScheduledEventDetails", scheduled);
  run.frame.cancel.throwIfCancelled();

  const end = await new Promise<Ending | Cancelled>((resolve) => {
    const clock = env.deadlines ?? env.clock;
    const token = env.tokens.create();
    const timers: { cancel(): void }[] = [];
    let heartbeat: { cancel(): void } | undefined;
    let settled = false;
    let started = false;
    const armHeartbeat = (): void => {
      heartbeat?.cancel();
      if (started && timing.heartbeatSeconds !== undefined) heartbeat = clock.setTimeout(() => finish({ kind: "timeout", heartbeat: true }), timing.heartbeatSeconds * 1000);
    };
    const waiting = env.tokens.wait(token, armHeartbeat);
    const withdraw = queue.schedule(activityArn, { taskToken: token, input: toJsonText(params) }, (workerName) => {
      if (settled) return;
      started = true;
      history.emit(chain, "ActivityStarted", "activityStartedEventDetails", workerName === undefined ? {} : { workerName });
      if (timing.timeoutSeconds !== undefined) timers.push(clock.setTimeout(() => finish({ kind: "timeout", heartbeat: false }), timing.timeoutSeconds * 1000));
      armHeartbeat();
    });
    let offCancel = (): void => {};
    function finish(value: Ending | Cancelled): void {
      if (settled) return;
      settled = true;
      for (const t of timers) t.cancel();
      heartbeat?.cancel();
      waiting.release();
      withdraw();
      offCancel();
      resolve(value);
    }
    offCancel = run.frame.cancel.onCancel(() => finish(new Cancelled()));
    waiting.promise.then(
      (value) => finish({ kind: "result", value }),
      (error: unknown) => finish(error instanceof TaskError ? { kind: "error", error: error.error, cause: error.cause } : { kind: "error", error: StatesErrors.TaskFailed, cause: String(error) }),
    );
  });

  if (end instanceof Cancelled) throw end;
  if (end.kind === "result") {
    history.emit(chain, "ActivitySucceeded", "activitySucceededEventDetails", { output: toJsonText(end.value), outputDetails: { truncated: false } });
    return end.value;
  }
  if (end.kind === "timeout") {
    history.emit(chain, "ActivityTimedOut", "activityTimedOutEventDetails", { error: StatesErrors.Timeout });
    throw new StatesFailure(end.heartbeat ? StatesErrors.HeartbeatTimeout : StatesErrors.Timeout, undefined, "task", { located: true });
  }
  const details: Record<string, Json> = {};
  if (end.error !== "") details.error = end.error;
  if (end.cause !== undefined) details.cause = end.cause;
  history.emit(chain, "ActivityFailed", "activityFailedEventDetails", details);
  throw new StatesFailure(end.error, end.cause, "task", { located: true });
}
