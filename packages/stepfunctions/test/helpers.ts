import { VirtualClock } from "@sam-sandbox/core";
import { History } from "../src/engine/asl/history.js";
import { TaskTokens } from "../src/engine/asl/tokens.js";
import { startExecution, type ExecutionOutcome } from "../src/engine/asl/run.js";
import type { Json } from "../src/engine/asl/json.js";
import type { StateMachineDefinition } from "../src/engine/asl/types.js";
import type { TaskCall, TaskRunner } from "../src/engine/asl/ports.js";

export const EXECUTION_ARN = "arn:aws:states:us-east-1:123456789012:execution:Machine:run-1";
export const MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:Machine";
export const ROLE_ARN = "arn:aws:iam::123456789012:role/StepFunctionsRole";

/**
 * BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE of LocalStack's snapshot tests recorded on real AWS: a
 * Map inside a Map whose innermost Pass reads variables assigned in both outer scopes (its
 * variableReferences and its execution's sums are both recorded).
 */
export const OUTER_SCOPE_SUMS = {
  StartAt: "Input",
  States: {
    Input: { Type: "Pass", Result: [[9, 44, 6], [82, 25, 76], [18, 42, 2]], Assign: { bias: 4.3 }, Next: "IterateLevels" },
    IterateLevels: {
      Type: "Map",
      MaxConcurrency: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "AssignCurrentVector",
        States: {
          AssignCurrentVector: { Type: "Pass", Assign: { "xCurrent.$": "$[0]", "yCurrent.$": "$[1]", "zCurrent.$": "$[2]" }, Next: "Calculate" },
          Calculate: {
            Type: "Map",
            MaxConcurrency: 1,
            ItemProcessor: {
              ProcessorConfig: { Mode: "INLINE" },
              StartAt: "Summate",
              States: { Summate: { Type: "Pass", Assign: { "Sum.$": "States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)" }, End: true } },
            },
            End: true,
          },
        },
      },
      End: true,
    },
  },
} as StateMachineDefinition;

export type FakeTask = (call: TaskCall) => Json | Promise<Json>;

export function fakeRunner(handler: FakeTask): TaskRunner & { calls: TaskCall[] } {
  const calls: TaskCall[] = [];
  return {
    calls,
    async run(call) {
      calls.push(call);
      return handler(call);
    },
  };
}

export interface RunResult {
  outcome: ExecutionOutcome;
  events: Record<string, unknown>[];
  clock: VirtualClock;
}

/** Starts an execution on a VirtualClock; returns the handle and helpers. */
export function start(
  definition: StateMachineDefinition,
  input: Json,
  options: { tasks?: TaskRunner; clock?: VirtualClock; tokens?: TaskTokens; random?: () => number; timeoutMs?: number } = {},
) {
  const clock = options.clock ?? new VirtualClock(Date.UTC(2026, 0, 1));
  const history = new History(() => clock.now());
  const tokens = options.tokens ?? new TaskTokens();
  const handle = startExecution(
    {
      info: {
        arn: EXECUTION_ARN,
        name: "run-1",
        input,
        roleArn: ROLE_ARN,
        startTime: clock.now(),
        stateMachineArn: MACHINE_ARN,
        stateMachineName: "Machine",
        redriveCount: 0,
      },
      clock,
      tasks: options.tasks ?? fakeRunner(() => ({})),
      tokens,
      history,
      region: "us-east-1",
      accountId: "123456789012",
      random: options.random ?? (() => 0.5),
      queryLanguage: definition.QueryLanguage ?? "JSONPath",
    },
    definition,
    { timeoutMs: options.timeoutMs },
  );
  return { handle, history, clock, tokens };
}

/** Runs to completion, advancing the virtual clock as far as needed. */
export async function run(definition: StateMachineDefinition, input: Json, options: Parameters<typeof start>[2] = {}): Promise<RunResult> {
  const { handle, history, clock } = start(definition, input, options);
  let outcome: ExecutionOutcome | undefined;
  void handle.done.then((o) => (outcome = o));
  for (let i = 0; i < 10_000 && outcome === undefined; i++) {
    await new Promise((r) => setImmediate(r));
    if (outcome === undefined && clock.pendingTimers() > 0) await clock.advance(nextTimerDelay(clock));
  }
  if (outcome === undefined) throw new Error("execution did not finish");
  return { outcome, events: history.events.map((e) => ({ ...e })), clock };
}

function nextTimerDelay(clock: VirtualClock): number {
  const timers = (clock as unknown as { timers: { at: number; cancelled: boolean }[] }).timers.filter((t) => !t.cancelled);
  const at = Math.min(...timers.map((t) => t.at));
  return Math.max(0, at - clock.now());
}

/** [id, previousEventId, type] triples, the shape AWS's histories are compared on. */
export function shape(events: Record<string, unknown>[]): [number, number, string][] {
  return events.map((e) => [e.id as number, e.previousEventId as number, e.type as string]);
}

export function types(events: Record<string, unknown>[]): string[] {
  return events.map((e) => e.type as string);
}
