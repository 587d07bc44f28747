/**
 * Map Run actions: DescribeMapRun, ListMapRuns, UpdateMapRun (shapes as AWS records them,
 * LocalStack's AWS-recorded test_list_map_runs_and_describe_map_run). Map Runs are kept
 * in memory: they describe runs of this sandbox process.
 */
import { ExecutionDoesNotExist, InvalidArn, ResourceNotFound } from "../../errors.js";
import { DEFAULT_PAGE_SIZE } from "../../limits.js";
import type { MapRunRecord } from "../asl/mapRuns.js";
import type { Registry } from "./registry.js";
import { checkExecutionArn, decodeToken, encodeToken } from "./names.js";

type Input = Record<string, unknown>;

const MAP_RUN_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:mapRun:[^:]+:[^:]+$/;

function seconds(ms: number): number {
  return ms / 1000;
}

function requireMapRun(registry: Registry, arn: string): MapRunRecord {
  if (!MAP_RUN_ARN.test(arn)) throw new InvalidArn(arn);
  const run = registry.mapRuns.get(arn);
  if (run === undefined) throw new ResourceNotFound(arn);
  return run;
}

export function describeMapRun(registry: Registry, input: Input): Record<string, unknown> {
  const run = requireMapRun(registry, input.mapRunArn as string);
  const out: Record<string, unknown> = {
    mapRunArn: run.mapRunArn,
    executionArn: run.executionArn,
    status: run.status,
    startDate: seconds(run.startDate),
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage,
    toleratedFailureCount: run.toleratedFailureCount,
    itemCounts: { ...run.itemCounts },
    executionCounts: { ...run.executionCounts },
    redriveCount: 0,
  };
  if (run.stopDate !== undefined) out.stopDate = seconds(run.stopDate);
  return out;
}

export function listMapRuns(registry: Registry, input: Input): Record<string, unknown> {
  const executionArn = input.executionArn as string;
  checkExecutionArn(executionArn);
  if (registry.execution(executionArn) === undefined) throw new ExecutionDoesNotExist(executionArn);
  const all = [...registry.mapRuns.values()].filter((r) => r.executionArn === executionArn).sort((a, b) => b.startDate - a.startDate);
  const offset = decodeToken(input.nextToken as string | undefined);
  const size = (input.maxResults as number | undefined) || DEFAULT_PAGE_SIZE;
  const out: Record<string, unknown> = {
    mapRuns: all.slice(offset, offset + size).map((r) => {
      const item: Record<string, unknown> = { executionArn: r.executionArn, mapRunArn: r.mapRunArn, stateMachineArn: r.stateMachineArn, startDate: seconds(r.startDate) };
      if (r.stopDate !== undefined) item.stopDate = seconds(r.stopDate);
      return item;
    }),
  };
  if (offset + size < all.length) out.nextToken = encodeToken(offset + size);
  return out;
}

/**
 * ListExecutions by mapRunArn. A Map Run's child executions are not kept as executions of
 * their own in the sandbox, so a known run lists none; an unknown one fails as on AWS.
 */
export function listMapRunExecutions(registry: Registry, mapRunArn: string): Record<string, unknown> {
  requireMapRun(registry, mapRunArn);
  return { executions: [] };
}

/** Records the new settings (the running children keep the ones they started with). */
export function updateMapRun(registry: Registry, input: Input): Record<string, unknown> {
  const run = requireMapRun(registry, input.mapRunArn as string);
  if (typeof input.maxConcurrency === "number") run.maxConcurrency = input.maxConcurrency;
  if (typeof input.toleratedFailureCount === "number") run.toleratedFailureCount = input.toleratedFailureCount;
  if (typeof input.toleratedFailurePercentage === "number") run.toleratedFailurePercentage = input.toleratedFailurePercentage;
  return {};
}
