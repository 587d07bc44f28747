/**
 * What the Lambda API's control-plane actions need from the engine, and the checks they
 * share (revision ids, environment variables, list paging).
 */
import type { AwsDispatcher, Clock } from "@sam-sandbox/core";
import { InvalidParameterValueException, PreconditionFailedException, messages } from "../errors.js";
import { LIST_FUNCTIONS_MAX_ITEMS, MAX_ENVIRONMENT_BYTES, RESERVED_ENVIRONMENT_KEYS } from "../limits.js";
import type { Concurrency } from "./concurrency.js";
import type { FunctionRegistry } from "./registry.js";

export interface ApiContext {
  readonly registry: FunctionRegistry;
  readonly accountId: string;
  readonly region: string;
  readonly concurrency: Concurrency;
  readonly buildDir: string;
  readonly clock: Clock;
  /** $LATEST's code or configuration changed: rebuild it, and new invocations get fresh environments. */
  latestChanged(functionName: string): void;
  /** A function (or one of its versions) is gone: stop its environments. */
  removed(functionName: string, version?: string): Promise<void>;
  /** A dead-letter queue or destination was configured: warns once when the sandbox cannot deliver there. */
  targetConfigured(functionName: string, targetArn: string, what: "dead-letter queue" | "destination"): void;
  /** The directories of layers known from the template, by layer version ARN. */
  layerDirs(arns: readonly string[]): string[] | undefined;
  /** Reaches the sandbox's S3, where deployment packages given as S3Bucket / S3Key lie (none for a bare engine). */
  readonly s3: AwsDispatcher | undefined;
}

/** An API input, as the wire parsed it from the path, query string and JSON body. */
export type Input = Record<string, unknown>;

export function str(input: Input, key: string): string | undefined {
  const value = input[key];
  return typeof value === "string" ? value : undefined;
}

export function num(input: Input, key: string): number | undefined {
  const value = input[key];
  return typeof value === "number" ? value : undefined;
}

export function obj(input: Input, key: string): Input | undefined {
  const value = input[key];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Input) : undefined;
}

export function strings(input: Input, key: string): string[] | undefined {
  const value = input[key];
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** A date as Lambda writes LastModified and CreatedDate: 2024-01-02T03:04:05.678+0000. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

export function checkRevision(given: string | undefined, current: string): void {
  if (given !== undefined && given !== current) throw new PreconditionFailedException(messages.revisionMismatch());
}

/** Environment.Variables: no reserved keys, at most 4 KB. */
export function checkEnvironment(variables: Record<string, string>): void {
  const reserved = Object.keys(variables).filter((k) => RESERVED_ENVIRONMENT_KEYS.has(k));
  if (reserved.length > 0) throw new InvalidParameterValueException(messages.reservedEnvironmentKeys(reserved));
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > MAX_ENVIRONMENT_BYTES) throw new InvalidParameterValueException(messages.environmentTooLarge(measured));
}

export function environmentOf(input: Input): Record<string, string> | undefined {
  const variables = obj(input, "Environment") && obj(obj(input, "Environment") ?? {}, "Variables");
  if (!obj(input, "Environment")) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(variables ?? {})) out[k] = String(v);
  checkEnvironment(out);
  return out;
}

/** Lambda's list paging: Marker is the index of the next item; at most 50 a page. */
export function page<T>(items: readonly T[], input: Input, key: string): Record<string, unknown> {
  const marker = str(input, "Marker");
  const start = marker === undefined ? 0 : Number.parseInt(marker, 10);
  if (!Number.isInteger(start) || start < 0) throw new InvalidParameterValueException("Invalid marker");
  const size = Math.min(num(input, "MaxItems") ?? LIST_FUNCTIONS_MAX_ITEMS, LIST_FUNCTIONS_MAX_ITEMS);
  const out: Record<string, unknown> = { [key]: items.slice(start, start + size) };
  if (start + size < items.length) out.NextMarker = String(start + size);
  return out;
}
