/**
 * StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask: moving the messages of
 * a dead-letter queue to a destination queue (or back to the queues they came from), at most
 * MaxNumberOfMessagesPerSecond a second, on the sandbox Clock. Tasks live in memory; the
 * messages they move are journaled like any other move.
 */
import { randomUUID } from "node:crypto";
import type { TimerHandle } from "@sam-sandbox/core";
import { InvalidParameterValue, ResourceNotFoundException, invalidParameter, noSuchArn } from "../errors.js";
import { redriveOf } from "./attributes.js";
import { commit, queueOfArn, type SqsContext } from "./context.js";
import type { QueueState, StoredMessage } from "./state.js";

type Status = "RUNNING" | "COMPLETED" | "CANCELLED" | "FAILED";

interface MoveTask {
  taskId: string;
  handle: string;
  sourceArn: string;
  destinationArn?: string;
  maxPerSecond?: number;
  status: Status;
  moved: number;
  toMove: number;
  failureReason?: string;
  startedAt: number;
  timer?: TimerHandle;
}

/** How often a rate-limited task moves its next messages. */
const STEP_MS = 1000;
/** ListMessageMoveTasks MaxResults: 1–10, default 1 (API reference). */
const MAX_LIST_RESULTS = 10;
/** StartMessageMoveTask MaxNumberOfMessagesPerSecond: 1–500 (API reference). */
const MAX_MESSAGES_PER_SECOND = 500;
/** A message sent straight to the dead-letter queue has no queue to go back to (moto's wording). */
const NO_SOURCE = "CouldNotDetermineMessageSource";
/** What a task reports when its destination queue disappears (localstack test_move_task_delete_destination_queue_while_running). */
const NO_QUEUE = "AWS.SimpleQueueService.NonExistentQueue";

export class MoveTasks {
  /** Tasks by source queue ARN, oldest first. */
  private readonly tasks = new Map<string, MoveTask[]>();

  constructor(private readonly ctx: SqsContext) {}

  startMessageMoveTask(input: { SourceArn: string; DestinationArn?: string; MaxNumberOfMessagesPerSecond?: number }): { TaskHandle: string } {
    const rate = input.MaxNumberOfMessagesPerSecond;
    if (rate !== undefined && (rate < 1 || rate > MAX_MESSAGES_PER_SECOND)) {
      throw invalidParameter(rate, "MaxNumberOfMessagesPerSecond", `Must be between 1 and ${MAX_MESSAGES_PER_SECOND}.`);
    }
    const source = queueOfArn(this.ctx, input.SourceArn);
    if (!source) throw noSuchArn("SourceArn");
    const isDeadLetterQueue = [...this.ctx.durable.state.queues.values()].some((q) => redriveOf(q.queue)?.arn === input.SourceArn);
    if (!isDeadLetterQueue) throw new InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
    if (input.DestinationArn !== undefined && !queueOfArn(this.ctx, input.DestinationArn)) throw noSuchArn("DestinationArn");
    const list = this.tasks.get(input.SourceArn) ?? [];
    if (list.some((t) => t.status === "RUNNING")) {
      throw new InvalidParameterValue("There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
    }
    const taskId = randomUUID();
    const task: MoveTask = {
      taskId,
      // AWS's handle: base64 of {"taskId":…,"sourceArn":…} (localstack encode_move_task_handle, checked against AWS's handles).
      handle: Buffer.from(JSON.stringify({ taskId, sourceArn: input.SourceArn }), "utf8").toString("base64"),
      sourceArn: input.SourceArn,
      ...(input.DestinationArn !== undefined ? { destinationArn: input.DestinationArn } : {}),
      ...(input.MaxNumberOfMessagesPerSecond !== undefined ? { maxPerSecond: input.MaxNumberOfMessagesPerSecond } : {}),
      status: "RUNNING",
      moved: 0,
      toMove: source.messages.size,
      startedAt: this.ctx.clock.now(),
    };
    list.push(task);
    this.tasks.set(input.SourceArn, list);
    this.run(task);
    return { TaskHandle: task.handle };
  }

  listMessageMoveTasks(input: { SourceArn: string; MaxResults?: number }) {
    const max = input.MaxResults ?? 1;
    if (max < 1 || max > MAX_LIST_RESULTS) throw invalidParameter(max, "MaxResults", `Must be between 1 and ${MAX_LIST_RESULTS}.`);
    if (!queueOfArn(this.ctx, input.SourceArn)) throw noSuchArn("SourceArn");
    const newestFirst = [...(this.tasks.get(input.SourceArn) ?? [])].reverse().slice(0, max);
    return {
      Results: newestFirst.map((t) => ({
        ...(t.status === "RUNNING" ? { TaskHandle: t.handle } : {}),
        Status: t.status,
        SourceArn: t.sourceArn,
        ...(t.destinationArn !== undefined ? { DestinationArn: t.destinationArn } : {}),
        ...(t.maxPerSecond !== undefined ? { MaxNumberOfMessagesPerSecond: t.maxPerSecond } : {}),
        ApproximateNumberOfMessagesMoved: t.moved,
        ApproximateNumberOfMessagesToMove: t.toMove,
        ...(t.failureReason !== undefined ? { FailureReason: t.failureReason } : {}),
        StartedTimestamp: t.startedAt,
      })),
    };
  }

  cancelMessageMoveTask(input: { TaskHandle: string }): { ApproximateNumberOfMessagesMoved: number } {
    const { taskId, sourceArn } = decodeHandle(input.TaskHandle);
    if (!queueOfArn(this.ctx, sourceArn)) throw noSuchArn("SourceArn");
    const task = this.tasks.get(sourceArn)?.find((t) => t.taskId === taskId && t.status === "RUNNING");
    if (!task) throw new ResourceNotFoundException("Task does not exist.");
    this.finish(task, "CANCELLED");
    return { ApproximateNumberOfMessagesMoved: task.moved };
  }

  /** Stops every running task's timer (at close). */
  close(): void {
    for (const list of this.tasks.values()) for (const t of list) t.timer?.cancel();
  }

  private run(task: MoveTask): void {
    this.step(task).catch((error: unknown) => {
      this.ctx.logger.error(`SQS move task ${task.taskId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.finish(task, "FAILED");
    });
  }

  /** Moves this step's share of messages, then finishes or waits for the next step. */
  private async step(task: MoveTask): Promise<void> {
    task.timer = undefined;
    if (task.status !== "RUNNING") return;
    const source = queueOfArn(this.ctx, task.sourceArn);
    if (!source) return this.finish(task, "FAILED", NO_QUEUE);
    const now = this.ctx.clock.now();
    let budget = task.maxPerSecond ?? Infinity;
    for (const m of [...source.messages.values()]) {
      if (budget <= 0 || task.moved >= task.toMove || task.status !== "RUNNING") break;
      if (m.visibleAt > now) continue;
      const target = task.destinationArn ?? m.system.DeadLetterQueueSourceArn;
      if (target === undefined) return this.finish(task, "FAILED", NO_SOURCE);
      const destination = queueOfArn(this.ctx, target);
      if (!destination) return this.finish(task, "FAILED", NO_QUEUE);
      await moveMessage(this.ctx, source, destination, m);
      task.moved++;
      budget--;
    }
    if (task.status !== "RUNNING") return;
    if (task.moved >= task.toMove || source.messages.size === 0) return this.finish(task, "COMPLETED");
    task.timer = this.ctx.clock.setTimeout(() => this.run(task), STEP_MS);
  }

  private finish(task: MoveTask, status: Status, failureReason?: string): void {
    task.timer?.cancel();
    task.timer = undefined;
    task.status = status;
    if (failureReason !== undefined) task.failureReason = failureReason;
  }
}

/** A task handle's task id and source ARN ("Value for parameter TaskHandle is invalid." otherwise). */
function decodeHandle(handle: string): { taskId: string; sourceArn: string } {
  try {
    const doc = JSON.parse(Buffer.from(handle, "base64").toString("utf8")) as { taskId?: unknown; sourceArn?: unknown };
    if (typeof doc.taskId === "string" && typeof doc.sourceArn === "string") return { taskId: doc.taskId, sourceArn: doc.sourceArn };
  } catch {
    // not a handle this service made
  }
  throw new InvalidParameterValue("Value for parameter TaskHandle is invalid.");
}

/** The message leaves the dead-letter queue as a fresh one: visible, never received. */
function moveMessage(ctx: SqsContext, from: QueueState, to: QueueState, m: StoredMessage): Promise<void> {
  const { DeadLetterQueueSourceArn: _source, ...system } = m.system;
  const moved: StoredMessage = { ...m, system, visibleAt: ctx.clock.now(), receiveCount: 0, firstReceiveAt: 0, receipt: "" };
  const written = commit(ctx, { t: "move", from: from.queue.name, to: to.queue.name, message: moved });
  ctx.waiters.notify(to.queue.name);
  return written;
}
