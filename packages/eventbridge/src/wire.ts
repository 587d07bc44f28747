/**
 * EventBridge on the wire: awsJson 1.1, X-Amz-Target "AWSEvents.<Action>" (what every AWS
 * SDK and awscli send), through core's shared awsJson request loop.
 */
import { AwsError, createAwsJsonHandler, dropNullMembersAnywhere, parseJsonBody, TRACE_HEADER, type AwsJsonAction, type Logger } from "@sam-sandbox/core";
import type { EventBridgeEngine } from "./engine/engine.js";
import { InternalException } from "./errors.js";
import { eventbridgeModel } from "./generated/eventbridge.js";
import { validatorFor } from "./validation.js";
import { listEndpoints, listEventSources } from "./engine/crossAccountSources.js";

/** X-Amz-Target prefix of the EventBridge API. */
export const TARGET_PREFIX = "AWSEvents";

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Record<string, unknown>): T => input as T;

/** AWS action name → engine method. */
const ACTIONS: Record<string, AwsJsonAction<EventBridgeEngine>> = {
  PutEvents: (e, i, req) => e.putEvents(as(i), req.headers[TRACE_HEADER]),
  CreateEventBus: (e, i) => e.createEventBus(as(i)),
  DescribeEventBus: (e, i) => e.describeEventBus(as(i)),
  ListEventBuses: (e, i) => e.listEventBuses(as(i)),
  DeleteEventBus: (e, i) => e.deleteEventBus(as(i)),
  UpdateEventBus: (e, i) => e.updateEventBus(as(i)),
  PutPermission: (e, i) => e.putPermission(as(i)),
  RemovePermission: (e, i) => e.removePermission(as(i)),
  PutRule: (e, i) => e.putRule(as(i)),
  DescribeRule: (e, i) => e.describeRule(as(i)),
  ListRules: (e, i) => e.listRules(as(i)),
  ListRuleNamesByTarget: (e, i) => e.listRuleNamesByTarget(as(i)),
  DeleteRule: (e, i) => e.deleteRule(as(i)),
  EnableRule: (e, i) => e.enableRule(as(i)),
  DisableRule: (e, i) => e.disableRule(as(i)),
  PutTargets: (e, i) => e.putTargets(as(i)),
  RemoveTargets: (e, i) => e.removeTargets(as(i)),
  ListTargetsByRule: (e, i) => e.listTargetsByRule(as(i)),
  TestEventPattern: (e, i) => e.testEventPattern(as(i)),
  TagResource: (e, i) => e.tagResource(as(i)),
  UntagResource: (e, i) => e.untagResource(as(i)),
  ListTagsForResource: (e, i) => e.listTagsForResource(as(i)),
  CreateConnection: (e, i) => e.connections.createConnection(as(i)),
  DescribeConnection: (e, i) => e.connections.describeConnection(as(i)),
  ListConnections: (e, i) => e.connections.listConnections(as(i)),
  UpdateConnection: (e, i) => e.connections.updateConnection(as(i)),
  DeleteConnection: (e, i) => e.connections.deleteConnection(as(i)),
  CreateApiDestination: (e, i) => e.connections.createApiDestination(as(i)),
  DescribeApiDestination: (e, i) => e.connections.describeApiDestination(as(i)),
  ListApiDestinations: (e, i) => e.connections.listApiDestinations(as(i)),
  UpdateApiDestination: (e, i) => e.connections.updateApiDestination(as(i)),
  DeleteApiDestination: (e, i) => e.connections.deleteApiDestination(as(i)),
  CreateArchive: (e, i) => e.archives.createArchive(as(i)),
  DescribeArchive: (e, i) => e.archives.describeArchive(as(i)),
  ListArchives: (e, i) => e.archives.listArchives(as(i)),
  UpdateArchive: (e, i) => e.archives.updateArchive(as(i)),
  DeleteArchive: (e, i) => e.archives.deleteArchive(as(i)),
  StartReplay: (e, i) => e.archives.startReplay(as(i)),
  DescribeReplay: (e, i) => e.archives.describeReplay(as(i)),
  ListReplays: (e, i) => e.archives.listReplays(as(i)),
  CancelReplay: (e, i) => e.archives.cancelReplay(as(i)),
  ListEndpoints: (_e, i) => listEndpoints(as(i)),
  ListEventSources: (_e, i) => listEventSources(as(i)),
};

/** An action of the model the sandbox does not emulate: named in the error, once the request passed the model's checks. */
const notEmulated = (action: string) => new AwsError("UnknownOperationException", `The sandbox does not emulate the EventBridge action ${action}.`, 400);

/**
 * Every action of the model: the ones above, and the others refused after the model's
 * validation, so that a malformed request gets AWS's ValidationException first (localstack
 * test_events.snapshot.json test_create_connection_validations, recorded on AWS).
 */
const refuse = (action: string): AwsJsonAction<EventBridgeEngine> => () => {
  throw notEmulated(action);
};
const ALL_ACTIONS: Record<string, AwsJsonAction<EventBridgeEngine>> = {
  ...Object.fromEntries(Object.keys(eventbridgeModel.operations).map((action) => [action, refuse(action)])),
  ...ACTIONS,
};

export function createEventBridgeWire(engine: EventBridgeEngine, logger: Logger) {
  return createAwsJsonHandler(
    engine,
    {
      protocol: { version: "1.1" },
      label: "EventBridge",
      actions: ALL_ACTIONS,
      validatorFor,
      targetPrefix: TARGET_PREFIX,
      parseBody,
      unknownAction: (action) => (Object.hasOwn(eventbridgeModel.operations, action) ? notEmulated(action) : new AwsError("UnknownOperationException", "", 400)),
      internalError: () => new InternalException(),
    },
    logger,
  );
}

/**
 * The request body as the engine reads it: a member that is JSON null is absent, at any depth,
 * as AWS's Coral JSON deserializer reads it (a null list element is left for the model's
 * "Member must not be null" check).
 */
function parseBody(body: Buffer): Record<string, unknown> {
  return dropNullMembersAnywhere(parseJsonBody(body));
}
