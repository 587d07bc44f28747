/** Names and ARNs as the Step Functions API checks them. */
import { InvalidArn, InvalidName, InvalidToken } from "../../errors.js";
import { MAX_NAME_LENGTH } from "../../limits.js";

// API reference (CreateStateMachine / StartExecution "name"): no white space, brackets,
// wildcards, special characters or control characters.
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function checkName(name: string): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || FORBIDDEN.test(name)) throw new InvalidName(name);
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:(execution|express):[^:]+:[^:]+(:[^:]+)?$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

export function checkStateMachineArn(arn: string): void {
  if (!STATE_MACHINE_ARN.test(arn)) throw new InvalidArn(arn);
}

const QUALIFIED_ARN = /^(arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+)(?::([^:]+))?$/;

/** A state machine ARN, a version ARN (":<n>") or an alias ARN (":<name>"). */
export type StateMachineTarget =
  | { kind: "machine"; machineArn: string }
  | { kind: "version"; machineArn: string; arn: string; version: number }
  | { kind: "alias"; machineArn: string; arn: string; name: string };

export function parseStateMachineArn(arn: string): StateMachineTarget {
  const m = QUALIFIED_ARN.exec(arn);
  if (!m) throw new InvalidArn(arn);
  const qualifier = m[2];
  if (qualifier === undefined) return { kind: "machine", machineArn: m[1] };
  if (/^\d+$/.test(qualifier)) return { kind: "version", machineArn: m[1], arn, version: Number(qualifier) };
  return { kind: "alias", machineArn: m[1], arn, name: qualifier };
}

const ACTIVITY_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:[^:]+$/;

export function checkActivityArn(arn: string): void {
  if (!ACTIVITY_ARN.test(arn)) throw new InvalidArn(arn);
}

export function checkExecutionArn(arn: string): void {
  if (!EXECUTION_ARN.test(arn)) throw new InvalidArn(arn);
}

export function checkRoleArn(arn: string): void {
  if (!ROLE_ARN.test(arn)) throw new InvalidArn(arn);
}

/** Pagination tokens: an opaque offset. */
export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64");
}

export function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const value = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { o?: unknown };
    if (typeof value.o === "number" && value.o >= 0) return value.o;
  } catch {
    // fall through
  }
  throw new InvalidToken();
}

/** A Map Run's child execution: its ARN names "<machine>/<Map state label>". */
export function isMapRunChildArn(arn: string): boolean {
  return (arn.split(":")[6] ?? "").includes("/");
}
