/**
 * Actions DynamoDB has but the sandbox does not emulate (they need other AWS services or
 * several regions): a clear UnknownOperationException instead of a bare one.
 */
import { UnknownOperationException } from "@sam-sandbox/core";
import { MESSAGES } from "../errors.js";

const UNSUPPORTED = [
  "CreateGlobalTable",
  "DescribeGlobalTable",
  "DescribeGlobalTableSettings",
  "ListGlobalTables",
  "UpdateGlobalTable",
  "UpdateGlobalTableSettings",
  "DescribeTableReplicaAutoScaling",
  "UpdateTableReplicaAutoScaling",
  "EnableKinesisStreamingDestination",
  "DisableKinesisStreamingDestination",
  "DescribeKinesisStreamingDestination",
  "UpdateKinesisStreamingDestination",
] as const;

/** One entry per unsupported action for the wire's action table. */
export const UNSUPPORTED_ACTIONS: Record<string, () => never> = Object.fromEntries(
  UNSUPPORTED.map((name) => [
    name,
    () => {
      throw new UnknownOperationException(MESSAGES.unsupportedAction(name));
    },
  ]),
);
