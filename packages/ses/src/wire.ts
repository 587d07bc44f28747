/**
 * SES on the wire, one signing name ("ses") for both APIs, told apart by path:
 * - the v1 API (2010-12-01): awsQuery, form-urlencoded Action=… on POST /, XML answers;
 * - SESv2 (2019-09-27): restJson under /v2/email/…, found by method and path from the model's
 *   HTTP bindings, errors as x-amzn-ErrorType with a JSON message;
 * - the outbox: GET /_aws/ses (LocalStack's shape, `id` and `email` filters), DELETE /_aws/ses.
 */
import {
  AwsError, InternalFailure, UnknownOperationException, createAwsQueryHandler, dropNullMembers, matchRestJsonRoute, requestId, restJsonErrorResponse, restJsonInput,
  restJsonResponse, restJsonRoutes, type AwsQueryAction, type EdgeRequest, type EdgeResponse, type Logger,
} from "@sam-sandbox/core";
import type { SesEngine } from "./engine/engine.js";
import { toV2Error } from "./errors.js";
import { SES_ACTIONS, sesModel } from "./generated/ses.js";
import { sesV2Model } from "./generated/sesv2.js";
import { v2ValidatorFor, validatorFor } from "./validation.js";

type Input = Record<string, unknown>;

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Input): T => input as T;

/** v1 action name → engine method. */
const ACTIONS: Record<string, AwsQueryAction<SesEngine>> = {
  SendEmail: (e, i) => e.sendEmail(as(i)),
  SendRawEmail: (e, i) => e.sendRawEmail(as(i)),
  SendTemplatedEmail: (e, i) => e.sendTemplatedEmail(as(i)),
  SendBulkTemplatedEmail: (e, i) => e.sendBulkTemplatedEmail(as(i)),
  CreateTemplate: (e, i) => e.createTemplate(as(i)),
  GetTemplate: (e, i) => e.getTemplate(as(i)),
  UpdateTemplate: (e, i) => e.updateTemplate(as(i)),
  DeleteTemplate: (e, i) => e.deleteTemplate(as(i)),
  ListTemplates: (e, i) => e.listTemplates(as(i)),
  TestRenderTemplate: (e, i) => e.testRenderTemplate(as(i)),
  VerifyEmailIdentity: (e, i) => e.verifyEmailIdentity(as(i)),
  VerifyEmailAddress: (e, i) => e.verifyEmailAddress(as(i)),
  VerifyDomainIdentity: (e, i) => e.verifyDomainIdentity(as(i)),
  VerifyDomainDkim: (e, i) => e.verifyDomainDkim(as(i)),
  GetIdentityDkimAttributes: (e, i) => e.getIdentityDkimAttributes(as(i)),
  ListIdentities: (e, i) => e.listIdentities(as(i)),
  ListVerifiedEmailAddresses: (e) => e.listVerifiedEmailAddresses(),
  GetIdentityVerificationAttributes: (e, i) => e.getIdentityVerificationAttributes(as(i)),
  SetIdentityMailFromDomain: (e, i) => e.setIdentityMailFromDomain(as(i)),
  GetIdentityMailFromDomainAttributes: (e, i) => e.getIdentityMailFromDomainAttributes(as(i)),
  SetIdentityNotificationTopic: (e, i) => e.setIdentityNotificationTopic(as(i)),
  SetIdentityHeadersInNotificationsEnabled: (e, i) => e.setIdentityHeadersInNotificationsEnabled(as(i)),
  SetIdentityFeedbackForwardingEnabled: (e, i) => e.setIdentityFeedbackForwardingEnabled(as(i)),
  GetIdentityNotificationAttributes: (e, i) => e.getIdentityNotificationAttributes(as(i)),
  PutIdentityPolicy: (e, i) => e.putIdentityPolicy(as(i)),
  GetIdentityPolicies: (e, i) => e.getIdentityPolicies(as(i)),
  ListIdentityPolicies: (e, i) => e.listIdentityPolicies(as(i)),
  DeleteIdentityPolicy: (e, i) => e.deleteIdentityPolicy(as(i)),
  DeleteIdentity: (e, i) => e.deleteIdentity(as(i)),
  DeleteVerifiedEmailAddress: (e, i) => e.deleteVerifiedEmailAddress(as(i)),
  GetSendQuota: (e) => e.getSendQuota(),
  GetSendStatistics: (e) => e.getSendStatistics(),
  GetAccountSendingEnabled: (e) => e.getAccountSendingEnabled(),
  CreateConfigurationSet: (e, i) => e.createConfigurationSet(as(i)),
  DeleteConfigurationSet: (e, i) => e.deleteConfigurationSet(as(i)),
  ListConfigurationSets: (e, i) => e.listConfigurationSets(as(i)),
  DescribeConfigurationSet: (e, i) => e.describeConfigurationSet(as(i)),
  UpdateConfigurationSetSendingEnabled: (e, i) => e.updateConfigurationSetSendingEnabled(as(i)),
  UpdateConfigurationSetReputationMetricsEnabled: (e, i) => e.updateConfigurationSetReputationMetricsEnabled(as(i)),
  PutConfigurationSetDeliveryOptions: (e, i) => e.putConfigurationSetDeliveryOptions(as(i)),
  CreateConfigurationSetEventDestination: (e, i) => e.createConfigurationSetEventDestination(as(i)),
  UpdateConfigurationSetEventDestination: (e, i) => e.updateConfigurationSetEventDestination(as(i)),
  DeleteConfigurationSetEventDestination: (e, i) => e.deleteConfigurationSetEventDestination(as(i)),
};

/** SESv2 operation name → engine method. */
const V2_ACTIONS: Record<string, (engine: SesEngine, input: Input) => unknown> = {
  SendEmail: (e, i) => e.sendEmailV2(as(i)),
  SendBulkEmail: (e, i) => e.sendBulkEmail(as(i)),
  CreateEmailIdentity: (e, i) => e.createEmailIdentity(as(i)),
  GetEmailIdentity: (e, i) => e.getEmailIdentity(as(i)),
  ListEmailIdentities: (e, i) => e.listEmailIdentities(as(i)),
  DeleteEmailIdentity: (e, i) => e.deleteEmailIdentity(as(i)),
  CreateEmailTemplate: (e, i) => e.createEmailTemplate(as(i)),
  GetEmailTemplate: (e, i) => e.getEmailTemplate(as(i)),
  ListEmailTemplates: (e, i) => e.listEmailTemplates(as(i)),
  UpdateEmailTemplate: (e, i) => e.updateEmailTemplate(as(i)),
  DeleteEmailTemplate: (e, i) => e.deleteEmailTemplate(as(i)),
  TestRenderEmailTemplate: (e, i) => e.testRenderEmailTemplate(as(i)),
  GetAccount: (e) => e.getAccount(),
  CreateConfigurationSet: (e, i) => e.createConfigurationSetV2(as(i)),
  GetConfigurationSet: (e, i) => e.getConfigurationSet(as(i)),
  PutConfigurationSetDeliveryOptions: (e, i) => e.putConfigurationSetDeliveryOptionsV2(as(i)),
  PutConfigurationSetReputationOptions: (e, i) => e.putConfigurationSetReputationOptions(as(i)),
  PutConfigurationSetSendingOptions: (e, i) => e.putConfigurationSetSendingOptions(as(i)),
  PutConfigurationSetSuppressionOptions: (e, i) => e.putConfigurationSetSuppressionOptions(as(i)),
  TagResource: (e, i) => e.tagResource(as(i)),
  UntagResource: (e, i) => e.untagResource(as(i)),
  ListTagsForResource: (e, i) => e.listTagsForResource(as(i)),
  ListConfigurationSets: (e, i) => e.listConfigurationSetsV2(as(i)),
  DeleteConfigurationSet: (e, i) => e.deleteConfigurationSetV2(as(i)),
  CreateConfigurationSetEventDestination: (e, i) => e.createConfigurationSetEventDestinationV2(as(i)),
  GetConfigurationSetEventDestinations: (e, i) => e.getConfigurationSetEventDestinations(as(i)),
  UpdateConfigurationSetEventDestination: (e, i) => e.updateConfigurationSetEventDestinationV2(as(i)),
  DeleteConfigurationSetEventDestination: (e, i) => e.deleteConfigurationSetEventDestinationV2(as(i)),
};

export const OUTBOX_PATH = "/_aws/ses";
export const V2_PATH_PREFIX = "/v2/email/";

const notEmulated = (action: string) =>
  new AwsError("InvalidAction", `The sandbox does not emulate the SES action ${action}: it sends (to its outbox), and keeps identities, templates and configuration sets.`, 400);

/**
 * Bindings newer SESv2 models added beside the GETs botocore 1.43's model has: the AWS SDK for
 * JavaScript (3.117x) lists identities and configuration sets by POST, its paging in the body.
 */
const ROUTES = restJsonRoutes(sesV2Model, [["ListEmailIdentities", "POST", "/v2/email/list-identities"], ["ListConfigurationSets", "POST", "/v2/email/list-configuration-sets"]]);

function createV2Handler(engine: SesEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return async (req) => {
    const id = requestId();
    try {
      const found = matchRestJsonRoute(ROUTES, req.method, req.path);
      // The generated table holds the served operations' bindings only: any other SESv2 path lands here.
      if (found === undefined) {
        throw new UnknownOperationException(`The sandbox does not emulate SESv2's ${req.method} ${req.path}: it sends (to its outbox), and keeps identities, templates and configuration sets.`);
      }
      const operation = found.route.operation;
      const action = Object.hasOwn(V2_ACTIONS, operation) ? V2_ACTIONS[operation] : undefined;
      if (action === undefined) throw notEmulated(operation);
      const input = restJsonInput(sesV2Model, found.route, found.labels, req);
      // A member sent as JSON null is absent, as AWS reads it (a null PageSize answered 500).
      dropNullMembers(sesV2Model, sesV2Model.operations[operation]?.input ?? "", input);
      v2ValidatorFor(operation)?.(input);
      return restJsonResponse(id, (await action(engine, input)) ?? {});
    } catch (error) {
      if (error instanceof AwsError) return restJsonErrorResponse(id, toV2Error(error));
      logger.error(`SESv2: ${req.method} ${req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return restJsonErrorResponse(id, new InternalFailure());
    }
  };
}

/** GET lists the outbox, DELETE clears it (or one message by `id`): 204, as LocalStack answers. */
async function outbox(engine: SesEngine, req: EdgeRequest): Promise<EdgeResponse> {
  const query = new URLSearchParams(req.rawQuery);
  const id = query.get("id") ?? undefined;
  if (req.method === "GET") {
    const email = query.get("email") ?? undefined;
    const body = JSON.stringify({ messages: engine.sentEmails({ ...(id !== undefined ? { id } : {}), ...(email !== undefined ? { email } : {}) }) });
    return { status: 200, headers: { "content-type": "application/json" }, body };
  }
  if (req.method === "DELETE") {
    await engine.clearSentEmails(id);
    return { status: 204, headers: {}, body: "" };
  }
  return { status: 405, headers: { "content-type": "application/json", allow: "GET, DELETE" }, body: JSON.stringify({ message: "Method Not Allowed" }) };
}

export function createSesWire(engine: SesEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  const v1 = createAwsQueryHandler(
    engine,
    { model: sesModel, label: "SES", actions: ACTIONS, validatorFor, notEmulated, hasAction: (action) => SES_ACTIONS.includes(action) },
    logger,
  );
  const v2 = createV2Handler(engine, logger);
  return (req) => {
    if (req.path === OUTBOX_PATH) return outbox(engine, req);
    if (req.path.startsWith(V2_PATH_PREFIX)) return v2(req);
    return v1(req);
  };
}
