/**
 * Warm throughput, as DynamoDB keeps it (ack-api-quirks DDB-TABLE-032/039/059/061/121/179/459,
 * verified 2026-10): always described; 12000/4000 on demand, the highest capacity ever
 * provisioned otherwise; it never drops. CreateTable may start it higher. UpdateTable raises it
 * in the background: the table stays ACTIVE and only WarmThroughput.Status reads UPDATING, with
 * the old values, until the raise lands (clock-driven: minutes for a table's first raise, ~2 s
 * after). A raise sent while one runs replaces its values, not its end (last writer wins).
 */
import { ValidationException } from "../errors.js";
import {
  ON_DEMAND_WARM_READ_UNITS_PER_SECOND,
  ON_DEMAND_WARM_WRITE_UNITS_PER_SECOND,
  WARM_THROUGHPUT_FIRST_RAISE_MS,
  WARM_THROUGHPUT_RAISE_MS,
} from "../limits.js";
import type { ProvisionedThroughput, ProvisionedThroughputDescription, WarmThroughput } from "./shapes.js";
import type { IndexMeta, TableMeta } from "./table.js";

/** UpdateTable's latest warm throughput raise: it lands when the clock reaches ReadyAt (ms). */
export interface WarmRaise extends WarmUnits {
  ReadyAt: number;
}

export interface WarmUnits {
  ReadUnitsPerSecond: number;
  WriteUnitsPerSecond: number;
}

const INVALID = "One or more parameter values were invalid: ";
const MEMBERS = ["ReadUnitsPerSecond", "WriteUnitsPerSecond"] as const;

/**
 * On-demand tables and their indexes report 12000/4000 read/write units per second;
 * provisioned ones their provisioned capacity (ack-api-quirks DDB-TABLE-134). DynamoDB keeps
 * the highest value reached: tables do here (tableWarmThroughput), indexes report their current capacity.
 */
export function billingWarmThroughput(onDemand: boolean, provisioned: ProvisionedThroughputDescription | undefined): WarmUnits {
  return onDemand
    ? { ReadUnitsPerSecond: ON_DEMAND_WARM_READ_UNITS_PER_SECOND, WriteUnitsPerSecond: ON_DEMAND_WARM_WRITE_UNITS_PER_SECOND }
    : { ReadUnitsPerSecond: provisioned?.ReadCapacityUnits ?? 0, WriteUnitsPerSecond: provisioned?.WriteCapacityUnits ?? 0 };
}

function highest(a: WarmUnits, b: WarmUnits | undefined): WarmUnits {
  return {
    ReadUnitsPerSecond: Math.max(a.ReadUnitsPerSecond, b?.ReadUnitsPerSecond ?? 0),
    WriteUnitsPerSecond: Math.max(a.WriteUnitsPerSecond, b?.WriteUnitsPerSecond ?? 0),
  };
}

function running(meta: { WarmThroughputRaise?: WarmRaise }, nowMs: number): WarmRaise | undefined {
  const raise = meta.WarmThroughputRaise;
  return raise !== undefined && nowMs < raise.ReadyAt ? raise : undefined;
}

/**
 * A table's warm throughput at `nowMs`: what its billing gives now, or more if it had more before
 * (it stays 12000/4000 after an on-demand table turns provisioned; DDB-TABLE-061), with a raise
 * counted once it has landed.
 */
export function tableWarmThroughput(meta: TableMeta, nowMs: number): WarmUnits {
  const base = highest(billingWarmThroughput(meta.BillingMode === "PAY_PER_REQUEST", meta.ProvisionedThroughput), meta.WarmThroughputPeak);
  return running(meta, nowMs) ? base : highest(base, meta.WarmThroughputRaise);
}

/** Whether a raise is still running (DeleteTable waits for it). */
export function warmThroughputRaising(meta: TableMeta, nowMs: number): boolean {
  return running(meta, nowMs) !== undefined;
}

/** DescribeTable's WarmThroughput: the current values, UPDATING while a raise runs. */
export function describeWarmThroughput(meta: TableMeta, nowMs: number): WarmUnits & { Status: string } {
  return { ...tableWarmThroughput(meta, nowMs), Status: running(meta, nowMs) ? "UPDATING" : "ACTIVE" };
}

/** Whether a WarmThroughput names a value: `{}` does not (DDB-TABLE-456: it is then ignored, or alone an InternalFailure). */
export function warmGiven(warm: WarmThroughput | undefined): warm is WarmThroughput {
  return warm?.ReadUnitsPerSecond !== undefined || warm?.WriteUnitsPerSecond !== undefined;
}

/**
 * CreateTable's WarmThroughput: at least the on-demand initial throughput or the provisioned
 * capacity (texts recorded from DynamoDB, DDB-TABLE-039/442; the Write variants by symmetry);
 * a member left out keeps its default (DDB-TABLE-045).
 */
export function createWarmThroughput(warm: WarmThroughput | undefined, onDemand: boolean, provisioned: ProvisionedThroughput | undefined): WarmUnits | undefined {
  if (!warmGiven(warm)) return undefined;
  const floor = billingWarmThroughput(onDemand, provisioned && { ...provisioned, NumberOfDecreasesToday: 0 });
  for (const member of MEMBERS) {
    const wanted = warm[member];
    if (wanted === undefined || wanted >= floor[member]) continue;
    throw new ValidationException(
      onDemand
        ? `${INVALID}Requested ${member} for WarmThroughput for table is lower than initial throughput for OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial`
        : `${INVALID}Requested ${member} for WarmThroughput for table is lower than ${member === "ReadUnitsPerSecond" ? "Read" : "Write"}CapacityUnits of ProvisionedThroughput`,
    );
  }
  return { ReadUnitsPerSecond: warm.ReadUnitsPerSecond ?? floor.ReadUnitsPerSecond, WriteUnitsPerSecond: warm.WriteUnitsPerSecond ?? floor.WriteUnitsPerSecond };
}

/** A global index's warm throughput at `nowMs`: its billing's, or more as for tables (a landed raise included). */
export function indexWarmThroughput(index: IndexMeta, onDemand: boolean, nowMs: number): WarmUnits {
  const base = highest(billingWarmThroughput(onDemand, index.ProvisionedThroughput), index.WarmThroughputPeak);
  return running(index, nowMs) ? base : highest(base, index.WarmThroughputRaise);
}

/** DescribeTable's WarmThroughput of a global index: UPDATING while a raise runs, the index staying ACTIVE (DDB-TABLE-155). */
export function describeIndexWarmThroughput(index: IndexMeta, onDemand: boolean, nowMs: number): WarmUnits & { Status: string } {
  return { ...indexWarmThroughput(index, onDemand, nowMs), Status: running(index, nowMs) ? "UPDATING" : "ACTIVE" };
}

/**
 * An index's WarmThroughput update: never below what it has (ack-api-quirks DDB-TABLE-456,
 * 2026-10); a raise runs as a table's does (DDB-TABLE-155: ~6.5 min, IndexStatus staying ACTIVE).
 */
export function raiseIndexWarmThroughput(index: IndexMeta, warm: WarmThroughput, onDemand: boolean, nowMs: number): IndexMeta {
  const current = indexWarmThroughput(index, onDemand, nowMs);
  for (const member of MEMBERS) {
    const wanted = warm[member];
    if (wanted !== undefined && wanted < current[member]) {
      throw new ValidationException(
        `${INVALID}Requested ${member} for WarmThroughput for index ${index.IndexName} is lower than current WarmThroughput, decreasing WarmThroughput is not supported`,
      );
    }
  }
  const inFlight = running(index, nowMs);
  const duration = index.WarmThroughputRaise === undefined ? WARM_THROUGHPUT_FIRST_RAISE_MS : WARM_THROUGHPUT_RAISE_MS;
  return {
    ...index,
    WarmThroughputPeak: current,
    WarmThroughputRaise: {
      ReadUnitsPerSecond: warm.ReadUnitsPerSecond ?? inFlight?.ReadUnitsPerSecond ?? current.ReadUnitsPerSecond,
      WriteUnitsPerSecond: warm.WriteUnitsPerSecond ?? inFlight?.WriteUnitsPerSecond ?? current.WriteUnitsPerSecond,
      ReadyAt: inFlight?.ReadyAt ?? nowMs + duration,
    },
  };
}

/**
 * UpdateTable's WarmThroughput: equal or higher values only (DDB-TABLE-059/061/179: an equal
 * re-send is accepted and briefly UPDATING); a member left out keeps the running raise's or the
 * current value (DDB-TABLE-049/179).
 */
export function raiseWarmThroughput(meta: TableMeta, warm: WarmThroughput, nowMs: number): WarmRaise {
  const current = tableWarmThroughput(meta, nowMs);
  for (const member of MEMBERS) {
    const wanted = warm[member];
    if (wanted !== undefined && wanted < current[member]) {
      throw new ValidationException(
        `${INVALID}Requested ${member} for WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported`,
      );
    }
  }
  const inFlight = running(meta, nowMs);
  const duration = meta.WarmThroughputRaise === undefined ? WARM_THROUGHPUT_FIRST_RAISE_MS : WARM_THROUGHPUT_RAISE_MS;
  return {
    ReadUnitsPerSecond: warm.ReadUnitsPerSecond ?? inFlight?.ReadUnitsPerSecond ?? current.ReadUnitsPerSecond,
    WriteUnitsPerSecond: warm.WriteUnitsPerSecond ?? inFlight?.WriteUnitsPerSecond ?? current.WriteUnitsPerSecond,
    ReadyAt: inFlight?.ReadyAt ?? nowMs + duration,
  };
}
