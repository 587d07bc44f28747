import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { HttpError } from "./http.js";

export const STATUSES = ["open", "done"] as const;
export type Status = (typeof STATUSES)[number];

export interface Todo {
  id: string;
  title: string;
  status: Status;
  createdAt: string;
  updatedAt: string;
}

export const MAX_TITLE_LENGTH = 200;
/** Name of the global secondary index keyed by status and creation time. */
export const BY_STATUS_INDEX = "byStatus";

/** Set by the template (`TABLE_NAME: !Ref TodosTable`). */
export const tableName = process.env.TABLE_NAME ?? "";

// Created once per execution environment and reused by warm invocations. No endpoint here:
// on AWS the SDK finds DynamoDB itself; in the sandbox AWS_ENDPOINT_URL points it at the edge.
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export function parseTitle(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new HttpError(400, "title must be a non-empty string");
  }
  if (value.length > MAX_TITLE_LENGTH) {
    throw new HttpError(400, `title must be at most ${MAX_TITLE_LENGTH} characters`);
  }
  return value.trim();
}

export function parseStatus(value: unknown): Status {
  if (typeof value !== "string" || !(STATUSES as readonly string[]).includes(value)) {
    throw new HttpError(400, `status must be one of: ${STATUSES.join(", ")}`);
  }
  return value as Status;
}
