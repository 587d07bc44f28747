/**
 * Step Functions Local's mocked service integrations (MockConfigFile.json): an execution
 * started on "<stateMachineArn>#<TestCase>" answers the Task states its test case names
 * with MockedResponses ("0", "1-2" attempt keys; Return or Throw) instead of calling them.
 */
import { readFileSync } from "node:fs";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { TaskError, type TaskCall, type TaskRunner } from "../asl/ports.js";
import type { TaskTokens } from "../asl/tokens.js";
import { SfnValidationException } from "../../errors.js";

export interface MockConfig {
  StateMachines?: Record<string, { TestCases?: Record<string, Record<string, string>> }>;
  MockedResponses?: Record<string, Record<string, { Return?: Json; Throw?: { Error?: string; Cause?: string } }>>;
}

/** Where the mock file comes from: an object, or a path read when an execution starts. */
export type MockConfigSource = MockConfig | string;

interface MockedExecution {
  readonly states: Record<string, string>;
  readonly attempts: Map<string, number>;
}

function load(source: MockConfigSource): MockConfig {
  if (typeof source !== "string") return source;
  let parsed: unknown;
  try {
    // Read at each execution's start: an edit applies to the next one.
    parsed = JSON.parse(readFileSync(source, "utf8"));
  } catch (error) {
    throw new SfnValidationException(`The mock configuration ${source} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(parsed as Json)) throw new SfnValidationException(`The mock configuration ${source} is not a JSON object`);
  return parsed as MockConfig;
}

function responseFor(config: MockConfig, name: string, attempt: number): { Return?: Json; Throw?: { Error?: string; Cause?: string } } | undefined {
  const responses = config.MockedResponses?.[name];
  if (responses === undefined) return undefined;
  for (const [key, response] of Object.entries(responses)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(key);
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (attempt >= from && attempt <= to) return response;
  }
  return undefined;
}

export class MockedTaskRunner implements TaskRunner {
  private readonly executions = new Map<string, MockedExecution>();
  private readonly configs = new Map<string, MockConfig>();

  constructor(
    private readonly inner: TaskRunner,
    private readonly source: MockConfigSource | undefined,
    private readonly tokens: TaskTokens,
  ) {}

  /** Checks "<name>#<case>" and remembers the execution's test case. */
  register(executionArn: string, stateMachineName: string, testCase: string): void {
    if (this.source === undefined) throw new SfnValidationException("No mock configuration is set (SFN_MOCK_CONFIG)");
    const config = load(this.source);
    const states = config.StateMachines?.[stateMachineName]?.TestCases?.[testCase];
    if (states === undefined) throw new SfnValidationException(`Test case '${testCase}' is not defined for state machine '${stateMachineName}' in the mock configuration`);
    this.configs.set(executionArn, config);
    this.executions.set(executionArn, { states, attempts: new Map() });
  }

  release(executionArn: string): void {
    if (this.executions.size === 0) return;
    this.executions.delete(executionArn);
    this.configs.delete(executionArn);
  }

  run(call: TaskCall): Promise<Json> {
    // No execution runs a test case (the usual): no lookups by ARN (two per Task, ~0.1 µs each).
    if (this.executions.size === 0) return this.inner.run(call);
    const execution = this.executions.get(call.executionArn);
    const config = this.configs.get(call.executionArn);
    const mocked = execution?.states[call.stateName];
    // Not mocked: the call goes straight through (no promise of its own).
    if (execution === undefined || config === undefined || mocked === undefined) return this.inner.run(call);
    return this.mockedResponse(call, execution, config, mocked);
  }

  private async mockedResponse(call: TaskCall, execution: MockedExecution, config: MockConfig, mocked: string): Promise<Json> {
    const attempt = execution.attempts.get(call.stateName) ?? 0;
    execution.attempts.set(call.stateName, attempt + 1);
    const response = responseFor(config, mocked, attempt);
    if (response === undefined) throw new TaskError("States.Runtime", `No mocked response for attempt ${attempt} of '${mocked}'`);
    const token = call.taskToken;
    if (response.Throw) {
      const error = new TaskError(response.Throw.Error ?? "", response.Throw.Cause);
      if (token === undefined) throw error;
      queueMicrotask(() => this.tokens.fail(token, error.error, error.cause));
      return {};
    }
    const value: Json = response.Return ?? null;
    if (token === undefined) return value;
    // A mocked callback task completes with the mocked value, as Step Functions Local does.
    queueMicrotask(() => this.tokens.succeed(token, value));
    return {} as JsonObject;
  }
}
