import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { HttpError } from "./http.js";

export interface Note {
  noteId: string;
  text: string;
  createdAt: string;
}

export const MAX_TEXT_LENGTH = 1000;

/** Set by the template (`TABLE_NAME: !Ref NotesTable`). */
export const tableName = process.env.TABLE_NAME ?? "";

// Created once per execution environment and reused by warm invocations. No endpoint here:
// on AWS the SDK finds DynamoDB itself; in the sandbox AWS_ENDPOINT_URL points it at the edge.
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export function parseText(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw new HttpError(400, "text must be a non-empty string");
  if (value.length > MAX_TEXT_LENGTH) throw new HttpError(400, `text must be at most ${MAX_TEXT_LENGTH} characters`);
  return value;
}
