import {
  ACCOUNT_MAX_READ_CAPACITY_UNITS,
  ACCOUNT_MAX_WRITE_CAPACITY_UNITS,
  TABLE_MAX_READ_CAPACITY_UNITS,
  TABLE_MAX_WRITE_CAPACITY_UNITS,
} from "../limits.js";

/** An account's provisioned-capacity quotas: DynamoDB's defaults (nothing is throttled locally). */
export function describeLimits() {
  return {
    AccountMaxReadCapacityUnits: ACCOUNT_MAX_READ_CAPACITY_UNITS,
    AccountMaxWriteCapacityUnits: ACCOUNT_MAX_WRITE_CAPACITY_UNITS,
    TableMaxReadCapacityUnits: TABLE_MAX_READ_CAPACITY_UNITS,
    TableMaxWriteCapacityUnits: TABLE_MAX_WRITE_CAPACITY_UNITS,
  };
}
