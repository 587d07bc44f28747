/**
 * SNS on the wire: awsQuery (form-urlencoded Action=…, XML answers), which every AWS SDK
 * and awscli speak to SNS, and the awsJson 1.0 form (X-Amz-Target "AmazonSNS.<Action>")
 * some emulator-aware clients send. Also the unsigned GETs SNS's own links make: the
 * SubscribeURL / UnsubscribeURL (query actions) and the SigningCertURL.
 */
import {
  AwsError, checkQueryScalars, dropNullMembers, invalidAction, jsonResponse, missingAction, parseJsonBody, queryJsonErrorResponse, queryErrorResponse, queryParams, queryResponse,
  readQueryInput, requestId, TRACE_HEADER, type EdgeRequest, type EdgeResponse, type Logger, type Tracer,
} from "@sam-sandbox/core";
import type { SnsEngine } from "./engine/engine.js";
import { CERT_PATH } from "./engine/urls.js";
import type { Signer } from "./engine/signing.js";
import { tracePublish } from "./tracing.js";
import { snsModel } from "./generated/sns.js";
import { jsonValidatorFor, validatorFor } from "./validation.js";

type Input = Record<string, unknown>;
/** `traceHeader`: the X-Amzn-Trace-Id a Publish passes on to its deliveries. */
type Action = (engine: SnsEngine, input: Input, traceHeader: string | undefined) => unknown;

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Input): T => input as T;

/** AWS action name → engine method. */
const ACTIONS: Record<string, Action> = {
  CreateTopic: (e, i) => e.createTopic(as(i)),
  DeleteTopic: (e, i) => e.deleteTopic(as(i)),
  ListTopics: (e, i) => e.listTopics(as(i)),
  GetTopicAttributes: (e, i) => e.getTopicAttributes(as(i)),
  SetTopicAttributes: (e, i) => e.setTopicAttributes(as(i)),
  AddPermission: (e, i) => e.addPermission(as(i)),
  RemovePermission: (e, i) => e.removePermission(as(i)),
  Subscribe: (e, i) => e.subscribe(as(i)),
  ConfirmSubscription: (e, i) => e.confirmSubscription(as(i)),
  Unsubscribe: (e, i) => e.unsubscribe(as(i)),
  ListSubscriptions: (e, i) => e.listSubscriptions(as(i)),
  ListSubscriptionsByTopic: (e, i) => e.listSubscriptionsByTopic(as(i)),
  GetSubscriptionAttributes: (e, i) => e.getSubscriptionAttributes(as(i)),
  SetSubscriptionAttributes: (e, i) => e.setSubscriptionAttributes(as(i)),
  Publish: (e, i, h) => e.publish(as(i), h),
  PublishBatch: (e, i, h) => e.publishBatch(as(i), h),
  TagResource: (e, i) => e.tagResource(as(i)),
  UntagResource: (e, i) => e.untagResource(as(i)),
  ListTagsForResource: (e, i) => e.listTagsForResource(as(i)),
  PutDataProtectionPolicy: (e, i) => e.putDataProtectionPolicy(as(i)),
  GetDataProtectionPolicy: (e, i) => e.getDataProtectionPolicy(as(i)),
  CreatePlatformApplication: (e, i) => e.createPlatformApplication(as(i)),
  GetPlatformApplicationAttributes: (e, i) => e.getPlatformApplicationAttributes(as(i)),
  SetPlatformApplicationAttributes: (e, i) => e.setPlatformApplicationAttributes(as(i)),
  ListPlatformApplications: (e, i) => e.listPlatformApplications(as(i)),
  DeletePlatformApplication: (e, i) => e.deletePlatformApplication(as(i)),
  CreatePlatformEndpoint: (e, i) => e.createPlatformEndpoint(as(i)),
  GetEndpointAttributes: (e, i) => e.getEndpointAttributes(as(i)),
  SetEndpointAttributes: (e, i) => e.setEndpointAttributes(as(i)),
  ListEndpointsByPlatformApplication: (e, i) => e.listEndpointsByPlatformApplication(as(i)),
  DeleteEndpoint: (e, i) => e.deleteEndpoint(as(i)),
  SetSMSAttributes: (e, i) => e.setSMSAttributes(as(i)),
  GetSMSAttributes: (e, i) => e.getSMSAttributes(as(i)),
  CheckIfPhoneNumberIsOptedOut: (e, i) => e.checkIfPhoneNumberIsOptedOut(as(i)),
  ListPhoneNumbersOptedOut: (e, i) => e.listPhoneNumbersOptedOut(as(i)),
  OptInPhoneNumber: (e, i) => e.optInPhoneNumber(as(i)),
  GetSMSSandboxAccountStatus: (e) => e.getSMSSandboxAccountStatus(),
  CreateSMSSandboxPhoneNumber: (e, i) => e.createSMSSandboxPhoneNumber(as(i)),
  VerifySMSSandboxPhoneNumber: (e, i) => e.verifySMSSandboxPhoneNumber(as(i)),
  ListSMSSandboxPhoneNumbers: (e, i) => e.listSMSSandboxPhoneNumbers(as(i)),
  DeleteSMSSandboxPhoneNumber: (e, i) => e.deleteSMSSandboxPhoneNumber(as(i)),
  ListOriginationNumbers: (e) => e.listOriginationNumbers(),
};

/** X-Amz-Target prefixes of the JSON form. */
export const JSON_TARGET_PREFIXES = ["AmazonSNS", "AmazonSimpleNotificationService", "SNS_20100331"];

export function createSnsWire(engine: SnsEngine, signer: Signer, logger: Logger, tracer: Tracer, region: string) {
  const run = async (action: string, input: Input, req: EdgeRequest, id: string, json = false): Promise<unknown> => {
    // Own keys only: "constructor" or "__proto__" is no action.
    const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!handler) {
      if (Object.prototype.hasOwnProperty.call(snsModel.operations, action)) {
        throw new AwsError("InvalidAction", `The sandbox does not emulate the SNS action ${action}.`, 400);
      }
      throw invalidAction();
    }
    // The JSON form can carry nulls (a null member is absent, as AWS reads it); the Query form,
    // text where a number belongs.
    const shape = snsModel.operations[action]?.input ?? "";
    if (json) dropNullMembers(snsModel, shape, input);
    else checkQueryScalars(snsModel, shape, input);
    (json ? jsonValidatorFor : validatorFor)(action)?.(input);
    const header = req.headers[TRACE_HEADER];
    if (header === undefined || !tracer.enabled || !(action === "Publish" || action === "PublishBatch")) return handler(engine, input, header);
    return tracePublish(tracer, { action, input, header, requestId: id, region }, (h) => handler(engine, input, h));
  };

  const internal = (error: unknown): AwsError => {
    logger.error(`SNS: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new AwsError("InternalErrorException", "Internal Error", 500);
  };

  return async function handle(req: EdgeRequest): Promise<EdgeResponse> {
    const id = requestId();
    if (req.method === "GET" && req.path === CERT_PATH) {
      return { status: 200, headers: { "content-type": "application/x-pem-file" }, body: signer.publicKeyPem() };
    }
    const target = req.headers["x-amz-target"];
    if (target !== undefined) {
      try {
        const action = target.slice(target.lastIndexOf(".") + 1);
        const output = await run(action, parseJsonBody(req.body), req, id, true);
        return jsonResponse({ version: "1.0" }, id, output ?? {});
      } catch (error) {
        return queryJsonErrorResponse(snsModel, id, error instanceof AwsError ? error : internal(error));
      }
    }
    try {
      const params = queryParams(req);
      const action = params.get("Action");
      if (action === undefined || action === "") throw missingAction();
      const input = readQueryInput(snsModel, action, params);
      const output = await run(action, input, req, id);
      return queryResponse(snsModel, action, id, output);
    } catch (error) {
      return queryErrorResponse(snsModel, id, error instanceof AwsError ? error : internal(error));
    }
  };
}
