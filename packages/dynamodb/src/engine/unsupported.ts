/**
 * Actions DynamoDB has but the sandbox does not emulate (they need other AWS services or
 * several regions): a clear UnknownOperationException instead of a bare one.
 */
import { UnknownOperationException } from "@sam-sandbox/core";
import { MESSAGES } from "../errors.js";

/** Each action with the feature it belongs to, as the message names it. */
const UNSUPPORTED: Record<string, string> = {
  CreateGlobalTable: "global tables are",
  DescribeGlobalTable: "global tables are",
  DescribeGlobalTableSettings: "global tables are",
  ListGlobalTables: "global tables are",
  UpdateGlobalTable: "global tables are",
  UpdateGlobalTableSettings: "global tables are",
  DescribeTableReplicaAutoScaling: "replica auto scaling is",
  UpdateTableReplicaAutoScaling: "replica auto scaling is",
  // Newer than the generated model (AWS SDK for JavaScript v3 client-dynamodb 3.1169's commands):
  // SearchVectors' example in its typings answered a bare UnknownOperationException ("UnknownError").
  SearchVectors: "vector search is",
  StartBulkPutItems: "bulk operations are",
  DescribeBulkOperation: "bulk operations are",
  ListBulkOperations: "bulk operations are",
  CancelBulkOperation: "bulk operations are",
};

/** One entry per unsupported action for the wire's action table. */
export const UNSUPPORTED_ACTIONS: Record<string, () => never> = Object.fromEntries(
  Object.entries(UNSUPPORTED).map(([name, feature]) => [
    name,
    () => {
      throw new UnknownOperationException(MESSAGES.unsupportedAction(name, feature));
    },
  ]),
);
