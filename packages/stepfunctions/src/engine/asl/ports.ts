/**
 * The engine's port for running Task states (STYLE.md: engine separate from services).
 * The engine knows ASL's resource syntax and history events; a TaskRunner knows how to
 * call Lambda, DynamoDB, SNS and the aws-sdk integrations.
 */
import type { Json } from "./json.js";

export type IntegrationPattern = "request-response" | "waitForTaskToken" | "sync" | "sync:2";

export type ParsedResource =
  /** arn:aws:states:::<service>:<action>[.pattern] and arn:aws:states:::aws-sdk:<service>:<action> */
  | {
      readonly kind: "service";
      readonly arn: string;
      /** History's resourceType: "lambda", "dynamodb", "aws-sdk:dynamodb" */
      readonly resourceType: string;
      /** History's resource: "invoke", "invoke.waitForTaskToken", "getItem" */
      readonly resource: string;
      readonly service: string;
      readonly action: string;
      readonly pattern: IntegrationPattern;
      readonly sdk: boolean;
    }
  /** arn:aws:lambda:<region>:<account>:function:<name>[:qualifier] */
  | { readonly kind: "lambda"; readonly arn: string }
  /** arn:aws:states:<region>:<account>:activity:<name> */
  | { readonly kind: "activity"; readonly arn: string };

export interface TaskCall {
  readonly resource: ParsedResource;
  /** The effective parameters (Parameters / Arguments), or the state input for a Lambda ARN. */
  readonly parameters: Json;
  /** Set for .waitForTaskToken. */
  readonly taskToken?: string;
  readonly region: string;
  readonly accountId: string;
  readonly executionArn: string;
  readonly stateName: string;
  readonly credentials?: Json;
  /** Seconds before the engine gives up (TimeoutSeconds). */
  readonly timeoutSeconds: number;
  /** X-Amzn-Trace-Id for the call: the Task state's subsegment's in a traced execution. */
  readonly traceHeader?: string;
  /** Set for .sync / .sync:2: the runner reports the request's answer (TaskSubmitted) before waiting for the job. */
  readonly submitted?: (output: Json) => void;
}

/** A task's own error: its error name and cause as they go to TaskFailed and Catch. */
export class TaskError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string | undefined,
  ) {
    super(`${error}: ${cause ?? ""}`);
    this.name = "TaskError";
  }
}

export interface TaskRunner {
  /** Performs the call; resolves with the task result or rejects with a TaskError. */
  run(call: TaskCall): Promise<Json>;
}

/** Parses a Task state's Resource the way Step Functions does. */
export function parseResource(arn: string): ParsedResource | undefined {
  const states = /^arn:[^:]+:states:[^:]*:[^:]*:(.+)$/.exec(arn);
  if (states) {
    const rest = states[1];
    if (rest.startsWith("activity:")) return { kind: "activity", arn };
    const sdk = /^aws-sdk:([^:]+):([^:.]+)(\.(waitForTaskToken|sync(:2)?))?$/.exec(rest);
    if (sdk) {
      return {
        kind: "service",
        arn,
        resourceType: `aws-sdk:${sdk[1]}`,
        resource: sdk[2] + (sdk[3] ?? ""),
        service: sdk[1],
        action: sdk[2],
        pattern: patternOf(sdk[4]),
        sdk: true,
      };
    }
    const optimized = /^([^:]+):([^:.]+)(\.(waitForTaskToken|sync(:2)?))?$/.exec(rest);
    if (optimized) {
      return {
        kind: "service",
        arn,
        resourceType: optimized[1],
        resource: optimized[2] + (optimized[3] ?? ""),
        service: optimized[1],
        action: optimized[2],
        pattern: patternOf(optimized[4]),
        sdk: false,
      };
    }
    return undefined;
  }
  if (/^arn:[^:]+:lambda:[^:]+:[^:]+:function:[^:]+(:[^:]+)?$/.test(arn)) return { kind: "lambda", arn };
  return undefined;
}

function patternOf(suffix: string | undefined): IntegrationPattern {
  if (suffix === "waitForTaskToken") return "waitForTaskToken";
  if (suffix === "sync") return "sync";
  if (suffix === "sync:2") return "sync:2";
  return "request-response";
}
