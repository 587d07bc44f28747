/**
 * SQS on the wire: the awsJson 1.0 protocol current SDKs speak (X-Amz-Target
 * "AmazonSQS.<Action>", errors with x-amzn-query-error as the model's awsQueryCompatible
 * trait asks), and the Query/XML protocol older SDKs and awscli v1 send (Action=SendMessage
 * form posts, to "/" or to the queue's URL).
 */
import {
  AwsError, UnknownOperationException, checkQueryScalars, dropNullMembers, jsonResponse, parseJsonBody, queryErrorResponse, queryJsonErrorResponse, queryParams, queryResponse, readQueryInput, requestId,
  type EdgeRequest, type EdgeResponse, type Logger, type ServiceModel,
} from "@sam-sandbox/core";
import type { SqsEngine } from "./engine/engine.js";
import { sqsModel } from "./generated/sqs.js";
import { validatorFor } from "./validation.js";
import { invalidAction } from "./errors.js";

/** A Query request without an Action: 404 and an empty UnknownOperationException document. */
function unknownOperation(id: string): EdgeResponse {
  return { status: 404, headers: { "content-type": "text/xml", "x-amzn-requestid": id }, body: "<UnknownOperationException/>" };
}

type Input = Record<string, unknown>;
/** `base`: the scheme and host the client used, which the queue URLs it is given start with. */
type Action = (engine: SqsEngine, input: Input, base: string) => unknown;

/** The input shape an engine method takes, once the model's checks have passed it. */
const as = <T>(input: Input): T => input as T;

/** The API checks what the template's queues are spared: a dead-letter queue that exists. */
const API_CHECKS = { deadLetterTargetMustExist: true };

/** AWS action name → engine method. */
const ACTIONS: Record<string, Action> = {
  CreateQueue: (e, i, b) => e.createQueue(as(i), b, API_CHECKS),
  GetQueueUrl: (e, i, b) => e.getQueueUrl(as(i), b),
  ListQueues: (e, i, b) => e.listQueues(as(i), b),
  ListDeadLetterSourceQueues: (e, i, b) => e.listDeadLetterSourceQueues(as(i), b),
  DeleteQueue: (e, i) => e.deleteQueue(as(i)),
  GetQueueAttributes: (e, i) => e.getQueueAttributes(as(i)),
  SetQueueAttributes: (e, i) => e.setQueueAttributes(as(i), API_CHECKS),
  PurgeQueue: (e, i) => e.purgeQueue(as(i)),
  TagQueue: (e, i) => e.tagQueue(as(i)),
  UntagQueue: (e, i) => e.untagQueue(as(i)),
  ListQueueTags: (e, i) => e.listQueueTags(as(i)),
  AddPermission: (e, i) => e.addPermission(as(i)),
  RemovePermission: (e, i) => e.removePermission(as(i)),
  SendMessage: (e, i) => e.sendMessage(as(i)),
  SendMessageBatch: (e, i) => e.sendMessageBatch(as(i)),
  ReceiveMessage: (e, i) => e.receiveMessage(as(i)),
  DeleteMessage: (e, i) => e.deleteMessage(as(i)),
  DeleteMessageBatch: (e, i) => e.deleteMessageBatch(as(i)),
  ChangeMessageVisibility: (e, i) => e.changeMessageVisibility(as(i)),
  ChangeMessageVisibilityBatch: (e, i) => e.changeMessageVisibilityBatch(as(i)),
  StartMessageMoveTask: (e, i) => e.moveTasks.startMessageMoveTask(as(i)),
  ListMessageMoveTasks: (e, i) => e.moveTasks.listMessageMoveTasks(as(i)),
  CancelMessageMoveTask: (e, i) => e.moveTasks.cancelMessageMoveTask(as(i)),
};

/** X-Amz-Target prefix of the JSON protocol. */
export const JSON_TARGET_PREFIX = "AmazonSQS";

/** The Query/XML answers carry SQS's namespace (the model, being awsJson, does not name it). */
const QUERY_MODEL: ServiceModel = { ...sqsModel, service: { ...sqsModel.service, xmlNamespace: "http://queue.amazonaws.com/doc/2012-11-05/" } };

/** A request's path names a queue: "/<account>/<name>". */
const QUEUE_PATH = /^\/(\d{12}|queue)\/[A-Za-z0-9_.-]+\/?$/;

export function createSqsWire(engine: SqsEngine, logger: Logger, edgeUrl: string) {
  const run = async (action: string, input: Input, base: string, json = false): Promise<unknown> => {
    const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!handler) {
      if (Object.hasOwn(sqsModel.operations, action)) {
        throw new AwsError("UnsupportedOperation", `The sandbox does not emulate the SQS action ${action}.`, 400);
      }
      // The JSON form's coral front end knows no such operation; the Query form answers InvalidAction.
      if (json) throw new UnknownOperationException();
      throw invalidAction(action);
    }
    // The JSON form can carry nulls (a null member is absent, as AWS reads it); the Query form,
    // text where a number belongs.
    const shape = sqsModel.operations[action]?.input ?? "";
    if (json) dropNullMembers(sqsModel, shape, input);
    else checkQueryScalars(sqsModel, shape, input);
    validatorFor(action, json)?.(input);
    return handler(engine, input, base);
  };

  const internal = (error: unknown): AwsError => {
    logger.error(`SQS: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new AwsError("InternalError", "We encountered an internal error. Please try again.", 500);
  };

  return async function handle(req: EdgeRequest): Promise<EdgeResponse> {
    const id = requestId();
    const host = req.headers.host;
    const base = host ? `http://${host}` : edgeUrl;
    const target = req.headers["x-amz-target"];
    if (target !== undefined) {
      try {
        const action = target.startsWith(`${JSON_TARGET_PREFIX}.`) ? target.slice(JSON_TARGET_PREFIX.length + 1) : "";
        const output = await run(action, parseJsonBody(req.body), base, true);
        return jsonResponse({ version: "1.0" }, id, output ?? {});
      } catch (error) {
        return queryJsonErrorResponse(sqsModel, id, error instanceof AwsError ? error : internal(error));
      }
    }
    try {
      const params = queryParams(req);
      const action = params.get("Action");
      // localstack TestSqsQueryApi test_get_without_query_returns_unknown_operation (validated on AWS).
      if (action === undefined || action === "") return unknownOperation(id);
      const input = readQueryInput(sqsModel, action, params);
      if (QUEUE_PATH.test(req.path)) {
        const takesQueueUrl = sqsModel.shapes[sqsModel.operations[action]?.input ?? ""]?.members?.QueueUrl !== undefined;
        // A queue's own URL takes the queue's actions and GetQueueUrl, not CreateQueue or ListQueues
        // (localstack TestSqsQueryApi test_get_create_queue_fails / test_get_list_queues_fails, validated on AWS).
        if (!takesQueueUrl && action !== "GetQueueUrl" && Object.hasOwn(sqsModel.operations, action)) throw invalidAction(action);
        // Older clients post to the queue's own URL and leave QueueUrl out.
        if (input.QueueUrl === undefined && takesQueueUrl) input.QueueUrl = `${base}${req.path.replace(/\/$/, "")}`;
      }
      const output = await run(action, input, base);
      return queryResponse(QUERY_MODEL, action, id, output);
    } catch (error) {
      const e = error instanceof AwsError ? error : internal(error);
      // The Query protocol words this one differently.
      const queryError = e.code === "QueueDoesNotExist" ? new AwsError(e.code, "The specified queue does not exist for this wsdl version.", e.statusCode) : e;
      return queryErrorResponse(QUERY_MODEL, id, queryError);
    }
  };
}
