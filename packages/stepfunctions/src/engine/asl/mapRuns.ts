/**
 * Map Runs of Distributed Map states (DescribeMapRun / ListMapRuns): one record per run,
 * kept up to date as its child executions start and end.
 */
export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
}

export type MapRunStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";

export interface MapRunRecord {
  readonly mapRunArn: string;
  readonly executionArn: string;
  /** The child workflow: <stateMachineArn>/<label>. */
  readonly stateMachineArn: string;
  /** ms since the epoch */
  readonly startDate: number;
  stopDate?: number;
  status: MapRunStatus;
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  readonly itemCounts: MapRunCounts;
  readonly executionCounts: MapRunCounts;
}

/** Where an execution's Map Runs go (the API's DescribeMapRun / ListMapRuns read them). */
export interface MapRunLog {
  record(run: MapRunRecord): void;
}

function counts(total: number): MapRunCounts {
  return { pending: total, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total, resultsWritten: 0 };
}

export function newMapRun(fields: Omit<MapRunRecord, "status" | "itemCounts" | "executionCounts" | "stopDate">, items: number, executions: number): MapRunRecord {
  return { ...fields, status: "RUNNING", itemCounts: counts(items), executionCounts: counts(executions) };
}

/** A child execution (a batch of `items`) starts. */
export function childStarted(run: MapRunRecord, items: number): void {
  run.executionCounts.pending--;
  run.executionCounts.running++;
  run.itemCounts.pending -= items;
  run.itemCounts.running += items;
}

/** A child execution ends. */
export function childEnded(run: MapRunRecord, items: number, outcome: "succeeded" | "failed" | "aborted"): void {
  run.executionCounts.running--;
  run.executionCounts[outcome]++;
  run.itemCounts.running -= items;
  run.itemCounts[outcome] += items;
  if (outcome === "succeeded") {
    run.executionCounts.resultsWritten++;
    run.itemCounts.resultsWritten += items;
  }
}

/** The run ends: children never started count as aborted when it did not succeed. */
export function mapRunEnded(run: MapRunRecord, status: MapRunStatus, now: number): void {
  run.status = status;
  run.stopDate = now;
  if (status !== "SUCCEEDED") {
    run.executionCounts.aborted += run.executionCounts.pending;
    run.itemCounts.aborted += run.itemCounts.pending;
    run.executionCounts.pending = 0;
    run.itemCounts.pending = 0;
  }
}
