/**
 * A table's OnDemandThroughput maxima, as DynamoDB keeps them (ack-api-quirks DDB-TABLE-039/051/
 * 178/182, verified 2026-10): UpdateTable merges them member by member, -1 removes a member (the
 * answer echoes the -1, DescribeTable then leaves the member out, and the struct once both are
 * gone), and other values below 1 are out of range.
 */
import { ValidationException } from "../errors.js";
import type { OnDemandThroughput } from "./shapes.js";

const INVALID = "One or more parameter values were invalid: ";
const MEMBERS = ["MaxReadRequestUnits", "MaxWriteRequestUnits"] as const;
/** UpdateTable's value that removes a maximum. */
const UNLIMITED = -1;

/** Whether an OnDemandThroughput names a value: `{}` does not (DDB-TABLE-456: it is then ignored, or alone an InternalFailure). */
export function onDemandGiven(t: OnDemandThroughput | undefined | null): t is OnDemandThroughput {
  return t?.MaxReadRequestUnits !== undefined || t?.MaxWriteRequestUnits !== undefined;
}

/** 0 and negative maxima are refused; UpdateTable takes -1 (DDB-TABLE-039/051, texts recorded from DynamoDB). */
export function checkOnDemandRange(t: OnDemandThroughput | undefined, update: boolean): void {
  for (const member of MEMBERS) {
    const value = t?.[member];
    if (value === undefined || value >= 1 || (update && value === UNLIMITED)) continue;
    throw new ValidationException(`${INVALID}Requested ${member} for OnDemandThroughput for table is outside of valid range`);
  }
}

/** UpdateTable's answer: the maxima merged, a removed one as -1. */
export function mergedOnDemand(current: OnDemandThroughput | undefined, wanted: OnDemandThroughput): OnDemandThroughput {
  return { ...current, ...Object.fromEntries(MEMBERS.filter((m) => wanted[m] !== undefined).map((m) => [m, wanted[m]])) };
}

/** What is kept: the merged maxima without the removed ones; none when both are gone. */
export function storedOnDemand(merged: OnDemandThroughput): OnDemandThroughput | undefined {
  const kept = Object.fromEntries(MEMBERS.filter((m) => merged[m] !== undefined && merged[m] !== UNLIMITED).map((m) => [m, merged[m]]));
  return Object.keys(kept).length > 0 ? kept : undefined;
}
