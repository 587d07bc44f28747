/**
 * DynamoDB's awsJson 1.0 protocol ↔ the engine. The hot path is: parse the body once,
 * validate it against AWS's model, run the engine, stringify the result once.
 */
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import {
  AwsError,
  jsonErrorResponse,
  rawJsonResponse,
  SerializationException,
  targetAction,
  UnknownOperationException,
  type AwsJsonOptions,
  type EdgeRequest,
  type EdgeResponse,
  type Logger,
} from "@sam-sandbox/core";
import type { DynamoDbEngine } from "./engine/engine.js";
import * as backups from "./engine/backups/index.js";
import * as contributorInsights from "./engine/contributorInsights.js";
import * as kinesisStreaming from "./engine/kinesisStreaming.js";
import { describeEndpoints } from "./engine/describeEndpoints.js";
import { describeLimits } from "./engine/describeLimits.js";
import * as resourcePolicy from "./engine/resourcePolicy.js";
import * as transfers from "./engine/transfers/index.js";
import { UNSUPPORTED_ACTIONS } from "./engine/unsupported.js";
import { outputJson } from "./engine/itemJson.js";
import { errorType } from "./errors.js";
import { MAX_REQUEST_BODY_BYTES } from "./limits.js";
import { compressResponse } from "./responseCompression.js";
import { validatorFor } from "./validation.js";

export const TARGET_PREFIX = "DynamoDB_20120810";

// Coral's SerializationException capitalizes its body key: {"__type":"com.amazon.coral.service#SerializationException","Message":…}
// (dynalite test/helpers.js assertSerialization, recorded against DynamoDB). So do TransactionCanceledException
// (its model member is "Message"; the body quoted in pynamodb/PynamoDB#1144) and a ConditionalCheckFailedException
// carrying the item (localstack test_return_values_on_conditions_check_failure snapshot, recorded on AWS; moto's note).
const PROTOCOL: AwsJsonOptions = {
  version: "1.0",
  errorType,
  crc32: true,
  messageKey: (error) =>
    error.code === "SerializationException" ||
    error.code === "TransactionCanceledException" ||
    (error.code === "ConditionalCheckFailedException" && error.extra.Item !== undefined)
      ? "Message"
      : "message",
};

type Action = (engine: DynamoDbEngine, input: never) => unknown;

/** Every action the sandbox serves, by its AWS name. */
const ACTIONS: Record<string, Action> = {
  CreateTable: (e, i) => e.createTable(i),
  DescribeTable: (e, i) => e.describeTable(i),
  ListTables: (e, i) => e.listTables(i),
  DeleteTable: (e, i) => e.deleteTable(i),
  UpdateTable: (e, i) => e.updateTable(i),
  PutItem: (e, i) => e.putItem(i),
  GetItem: (e, i) => e.getItem(i),
  UpdateItem: (e, i) => e.updateItem(i),
  DeleteItem: (e, i) => e.deleteItem(i),
  Query: (e, i) => e.query(i),
  Scan: (e, i) => e.scan(i),
  BatchGetItem: (e, i) => e.batchGetItem(i),
  BatchWriteItem: (e, i) => e.batchWriteItem(i),
  TransactWriteItems: (e, i) => e.transactWriteItems(i),
  TransactGetItems: (e, i) => e.transactGetItems(i),
  ExecuteStatement: (e, i) => e.executeStatement(i),
  BatchExecuteStatement: (e, i) => e.batchExecuteStatement(i),
  ExecuteTransaction: (e, i) => e.executeTransaction(i),
  DescribeTimeToLive: (e, i) => e.describeTimeToLive(i),
  UpdateTimeToLive: (e, i) => e.updateTimeToLive(i),
  // DynamoDB answers these with an empty body, not "{}" (Alternator's test_manual_requests.py::
  // test_tags_return_empty_body, run against DynamoDB): an undefined output is written as no body.
  TagResource: async (e, i) => void (await e.tagResource(i)),
  UntagResource: async (e, i) => void (await e.untagResource(i)),
  ListTagsOfResource: (e, i) => e.listTagsOfResource(i),
  CreateBackup: (e, i) => backups.createBackup(e, i),
  DescribeBackup: (e, i) => backups.describeBackup(e, i),
  ListBackups: (e, i) => backups.listBackups(e, i),
  DeleteBackup: (e, i) => backups.deleteBackup(e, i),
  RestoreTableFromBackup: (e, i) => backups.restoreTableFromBackup(e, i),
  RestoreTableToPointInTime: (e, i) => backups.restoreTableToPointInTime(e, i),
  DescribeContinuousBackups: (e, i) => backups.describeContinuousBackups(e, i),
  ExportTableToPointInTime: (e, i) => transfers.exportTableToPointInTime(e, i),
  DescribeExport: (e, i) => transfers.describeExport(e, i),
  ListExports: (e, i) => transfers.listExports(e, i),
  ImportTable: (e, i) => transfers.importTable(e, i),
  DescribeImport: (e, i) => transfers.describeImport(e, i),
  ListImports: (e, i) => transfers.listImports(e, i),
  UpdateContinuousBackups: (e, i) => backups.updateContinuousBackups(e, i),
  DescribeLimits: () => describeLimits(),
  DescribeEndpoints: (e) => describeEndpoints(e),
  GetResourcePolicy: (e, i) => resourcePolicy.getResourcePolicy(e, i),
  PutResourcePolicy: (e, i) => resourcePolicy.putResourcePolicy(e, i),
  DeleteResourcePolicy: (e, i) => resourcePolicy.deleteResourcePolicy(e, i),
  DescribeContributorInsights: (e, i) => contributorInsights.describeContributorInsights(e, i),
  UpdateContributorInsights: (e, i) => contributorInsights.updateContributorInsights(e, i),
  ListContributorInsights: (e, i) => contributorInsights.listContributorInsights(e, i),
  EnableKinesisStreamingDestination: (e, i) => kinesisStreaming.enableKinesisStreamingDestination(e, i),
  DescribeKinesisStreamingDestination: (e, i) => kinesisStreaming.describeKinesisStreamingDestination(e, i),
  DisableKinesisStreamingDestination: (e, i) => kinesisStreaming.disableKinesisStreamingDestination(e, i),
  UpdateKinesisStreamingDestination: (e, i) => kinesisStreaming.updateKinesisStreamingDestination(e, i),
  ...UNSUPPORTED_ACTIONS,
};

/**
 * A body past 16 MB: DynamoDB answers HTTP 413 (Alternator's test_too_large_request_content_length /
 * _chunked, run against DynamoDB), whose body was not recorded. The type is Coral's for a request it
 * cannot read and the message is the sandbox's own, so SDKs still name the failure.
 */
class RequestTooLarge extends AwsError {
  constructor() {
    super("SerializationException", `Request entity too large: the body is over DynamoDB's ${MAX_REQUEST_BODY_BYTES / 1024 / 1024} MB request limit`, 413);
  }
}

export class InternalServerError extends AwsError {
  constructor() {
    super("InternalServerError", "Internal server error", 500);
  }
}

/**
 * The body as sent: the SDKs may gzip a request (Content-Encoding: gzip, the AWS SDKs' request
 * compression). Another coding, or a body that is not gzip, is an InternalServerError, as
 * DynamoDB answers (Alternator's test_compressed_request.py, run against DynamoDB).
 */
function decodedBody(req: EdgeRequest): Buffer {
  const coding = req.headers["content-encoding"];
  if (coding === undefined) return req.body;
  if (coding.trim().toLowerCase() !== "gzip") throw new InternalServerError();
  try {
    return gunzipSync(req.body);
  } catch {
    throw new InternalServerError();
  }
}

/** A body that is missing or not JSON gets a bare SerializationException (recorded by dynalite). */
export function parseBody(body: Buffer): Record<string, unknown> {
  // dynalite test/listTables.js "should return 400 if no body", recorded against DynamoDB.
  if (body.length === 0) throw new SerializationException("");
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new SerializationException("");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SerializationException("Start of structure or map found where not expected");
  }
  const input = value as Record<string, unknown>;
  // A JSON null member means "absent" in AWS's JSON protocols.
  for (const name in input) if (input[name] === null) delete input[name];
  return input;
}

// DynamoDB's request ids are 52 characters of [0-9A-Z] (dynalite test/listTables.js, recorded
// against DynamoDB): a random prefix per process and a counter, no crypto call per request.
const REQUEST_ID_PREFIX = randomBytes(40)
  .reduce((id, byte) => id + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[byte % 36], "");
const REQUEST_ID_COUNTER_DIGITS = 12;
let requestCount = 0;

export function dynamoRequestId(): string {
  requestCount += 1;
  return REQUEST_ID_PREFIX + requestCount.toString(36).toUpperCase().padStart(REQUEST_ID_COUNTER_DIGITS, "0");
}

const JSON_CONTENT_TYPE = "application/json";

/** DynamoDB names itself "Server" on every answer, errors too (LocalStack's AWS-recorded test_dynamodb_task_service headers; Alternator's test_http_headers.py::test_server_header, run against DynamoDB). */
function served(res: EdgeResponse): EdgeResponse {
  res.headers.server = "Server";
  return res;
}

export function createHandler(engine: DynamoDbEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return async (req) => {
    const id = dynamoRequestId();
    if (req.body.length > MAX_REQUEST_BODY_BYTES) return served(jsonErrorResponse(PROTOCOL, id, new RequestTooLarge()));
    try {
      // DynamoDB reads the body before it looks at the target (recorded by dynalite).
      const input = parseBody(decodedBody(req));
      const target = req.headers["x-amz-target"];
      const name = target?.startsWith(`${TARGET_PREFIX}.`) ? targetAction(req) : undefined;
      const action = name === undefined ? undefined : ACTIONS[name];
      const validate = name === undefined ? undefined : validatorFor(name);
      if (name === undefined || action === undefined || validate === undefined) throw new UnknownOperationException();
      // Actions the sandbox does not emulate say so whatever their input.
      if (!Object.hasOwn(UNSUPPORTED_ACTIONS, name)) validate(input);
      const output = await action(engine, input as never);
      const res = rawJsonResponse(PROTOCOL, id, output === undefined ? "" : outputJson(output));
      // A request sent as application/json is answered as such (dynalite test/listTables.js, recorded against DynamoDB).
      if (req.headers["content-type"] === JSON_CONTENT_TYPE) res.headers["content-type"] = JSON_CONTENT_TYPE;
      return served(compressResponse(req, res));
    } catch (error) {
      if (error instanceof AwsError) return served(jsonErrorResponse(PROTOCOL, id, error));
      logger.error(`dynamodb: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return served(jsonErrorResponse(PROTOCOL, id, new InternalServerError()));
    }
  };
}
