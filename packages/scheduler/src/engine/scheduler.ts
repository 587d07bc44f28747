/**
 * Runs schedules on the Clock (DESIGN.md rule 6): each schedule holds one timer for its next
 * fire, re-armed after every fire. When `sandbox time advance` jumps the clock past several
 * fires, the schedule delivers once (for the latest fire passed over) and carries on from the
 * new time: a one-year jump must not replay 525,600 runs of a rate(1 minute) schedule.
 */
import { SandboxError, type AwsDispatcher, type Clock, type LambdaInvoker, type Logger, type TimerHandle } from "@sam-sandbox/core";
import { duplicateSchedule, InvalidScheduleExpression } from "../errors.js";
import { firstFire, latestFire, nextFire, parseScheduleExpression, type ScheduleExpression, type ScheduleKind } from "./expression.js";
import { scheduleArn, schedulePayload, type ScheduleTarget } from "./targets.js";

export interface ScheduleDefinition {
  /** Unique among the schedules, used in messages: SAM's "<Resource><EventId>". */
  id: string;
  /** "Schedule" (an EventBridge rule, the default) or "ScheduleV2" (EventBridge Scheduler). */
  kind?: ScheduleKind;
  /** The rule's or schedule's name, in the ARN the scheduled event lists; defaults to `id`. */
  name?: string;
  /** The ARN, when the name alone does not make it (a schedule in a group other than "default"). */
  arn?: string;
  /** "rate(5 minutes)", "cron(0 12 * * ? *)", or (ScheduleV2) "at(2030-01-01T09:00:00)". */
  expression: string;
  /** ScheduleV2's ScheduleExpressionTimezone (IANA name); UTC when absent. */
  timezone?: string;
  enabled: boolean;
  target: ScheduleTarget;
  /** The JSON text the target receives instead of the default payload. */
  input?: string;
  /** Where the schedule is declared, for error messages. */
  file?: string;
  line?: number;
}

export interface ScheduleInfo {
  id: string;
  kind: ScheduleKind;
  name: string;
  arn: string;
  expression: string;
  timezone?: string;
  enabled: boolean;
  target: ScheduleTarget;
  /** Epoch milliseconds of the next fire; absent when disabled or when no fire is left. */
  nextFireAt?: number;
  lastFiredAt?: number;
  fires: number;
}

export interface SchedulerOptions {
  clock: Clock;
  logger: Logger;
  invoker: LambdaInvoker;
  dispatcher: AwsDispatcher;
  region: string;
  accountId: string;
}

interface Entry {
  definition: ScheduleDefinition;
  kind: ScheduleKind;
  name: string;
  arn: string;
  expression: ScheduleExpression;
  /** When the schedule was armed: a rate's fires fall on anchor + k × period. */
  anchor: number;
  nextFireAt?: number;
  lastFiredAt?: number;
  fires: number;
  timer?: TimerHandle;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** Validates `definition` as AWS would (a SandboxError naming its file and line if not) and arms it. */
  add(definition: ScheduleDefinition): void {
    const where = { file: definition.file, line: definition.line };
    if (this.entries.has(definition.id)) throw new SandboxError(duplicateSchedule(definition.id).message, where);
    const kind = definition.kind ?? "Schedule";
    const expression = parse(definition, kind);
    if (definition.input !== undefined) checkInput(definition);
    const name = definition.name ?? definition.id;
    const { region, accountId, clock } = this.options;
    const entry: Entry = { definition, kind, name, arn: definition.arn ?? scheduleArn(kind, name, region, accountId), expression, anchor: clock.now(), fires: 0 };
    this.entries.set(definition.id, entry);
    if (!definition.enabled) return;
    const first = firstFire(expression, kind, entry.anchor);
    if (first === undefined) this.options.logger.debug(`Schedule ${definition.id} (${definition.expression}) has no fire left; it stays idle`);
    this.arm(entry, first);
  }

  list(): ScheduleInfo[] {
    return [...this.entries.values()].map((entry) => ({
      id: entry.definition.id,
      kind: entry.kind,
      name: entry.name,
      arn: entry.arn,
      expression: entry.definition.expression,
      ...(entry.definition.timezone !== undefined ? { timezone: entry.definition.timezone } : {}),
      enabled: entry.definition.enabled,
      target: entry.definition.target,
      ...(entry.nextFireAt !== undefined ? { nextFireAt: entry.nextFireAt } : {}),
      ...(entry.lastFiredAt !== undefined ? { lastFiredAt: entry.lastFiredAt } : {}),
      fires: entry.fires,
    }));
  }

  /** Disarms and forgets a schedule (an EventBridge rule deleted, disabled or changed). */
  remove(id: string): void {
    const entry = this.entries.get(id);
    entry?.timer?.cancel();
    this.entries.delete(id);
  }

  /** Cancels every timer; deliveries already started finish on their own. */
  close(): void {
    this.closed = true;
    for (const entry of this.entries.values()) {
      entry.timer?.cancel();
      entry.timer = undefined;
      entry.nextFireAt = undefined;
    }
  }

  private arm(entry: Entry, at: number | undefined): void {
    entry.nextFireAt = at;
    if (at === undefined || this.closed) return;
    const { clock } = this.options;
    entry.timer = clock.setTimeout(() => this.fire(entry), Math.max(0, at - clock.now()));
  }

  private fire(entry: Entry): void {
    entry.timer = undefined;
    const due = entry.nextFireAt;
    if (this.closed || due === undefined) return;
    // A timer may wake a millisecond early: the fire is still the one due. After a jump of the
    // clock, the fires passed over make one delivery, for the latest of them.
    const now = Math.max(this.options.clock.now(), due);
    const time = latestFire(entry.expression, due, now, entry.anchor);
    entry.fires++;
    entry.lastFiredAt = time;
    void this.deliver(entry, time);
    this.arm(entry, nextFire(entry.expression, now, entry.anchor));
  }

  private async deliver(entry: Entry, time: number): Promise<void> {
    const { definition } = entry;
    const { invoker, dispatcher, logger, region, accountId } = this.options;
    const payload = schedulePayload({ kind: entry.kind, input: definition.input, arn: entry.arn, region, accountId, time });
    const target = definition.target;
    const what = target.kind === "lambda" ? `function ${target.functionName}` : target.kind === "states" ? `state machine ${target.stateMachineArn}` : target.description;
    try {
      if (target.kind === "callback") {
        await target.fire(time);
      } else if (target.kind === "lambda") {
        await invoker.invoke({
          functionName: target.functionName,
          payload: Buffer.from(payload),
          invocationType: "Event",
          source: entry.kind === "ScheduleV2" ? "scheduler" : "events",
        });
      } else {
        await dispatcher.call("states", "StartExecution", { stateMachineArn: target.stateMachineArn, input: payload });
      }
      logger.debug(`Schedule ${definition.id} (${definition.expression}) fired: ${what}`);
    } catch (error) {
      logger.warn(`Schedule ${definition.id} (${definition.expression}) could not reach ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function parse(definition: ScheduleDefinition, kind: ScheduleKind): ScheduleExpression {
  const where = { file: definition.file, line: definition.line };
  try {
    return parseScheduleExpression(definition.expression, { kind, timeZone: definition.timezone });
  } catch (error) {
    if (error instanceof InvalidScheduleExpression) {
      throw new SandboxError(`${definition.id}: ${error.message}`, { ...where, hint: error.reason });
    }
    if (error instanceof SandboxError) throw new SandboxError(`${definition.id}: ${error.message}`, { ...where, hint: error.hint });
    throw error;
  }
}

/** Rules and Scheduler's Lambda and Step Functions targets take Input as well-formed JSON. */
function checkInput(definition: ScheduleDefinition): void {
  try {
    JSON.parse(definition.input ?? "");
  } catch (error) {
    throw new SandboxError(`${definition.id}: Input is not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      file: definition.file,
      line: definition.line,
      hint: `Input is the JSON text the target receives, such as Input: '{"report": true}'.`,
    });
  }
}
