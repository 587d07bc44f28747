/** Secrets Manager on the wire: awsJson 1.1, X-Amz-Target secretsmanager.<Action>. */
import {
  checkWithoutNulls, coralJsonTypeRules, createAwsJsonHandler, createValidator, jsonWithDoubles, UnknownOperationException, type AwsJsonAction, type EdgeRequest,
  type EdgeResponse, type Logger,
} from "@sam-sandbox/core";
import type { SecretsManagerEngine } from "./engine/engine.js";
import { notEmulated, tokenRequired } from "./errors.js";
import { SECRETSMANAGER_ACTIONS, secretsManagerModel } from "./generated/secretsmanager.js";

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Record<string, unknown>): T => input as T;

/**
 * The SDKs and the CLI fill ClientRequestToken in; a raw request that stores a value without one
 * is refused before anything else (localstack test_no_client_request_token, recorded on AWS).
 */
function withToken(i: Record<string, unknown>, code: "InvalidRequestException" | "InvalidParameterException" = "InvalidRequestException"): Record<string, unknown> {
  const value = i.SecretString !== undefined || i.SecretBinary !== undefined || code === "InvalidParameterException";
  if (value && i.ClientRequestToken === undefined) throw tokenRequired(code);
  return i;
}

const ACTIONS: Record<string, AwsJsonAction<SecretsManagerEngine>> = {
  CreateSecret: (e, i) => e.createSecret(as(withToken(i))),
  GetSecretValue: (e, i) => e.getSecretValue(as(i)),
  BatchGetSecretValue: (e, i) => e.batchGetSecretValue(as(i)),
  PutSecretValue: (e, i) => e.putSecretValue(as(withToken(i))),
  UpdateSecret: (e, i) => e.updateSecret(as(withToken(i))),
  DescribeSecret: (e, i) => e.describeSecret(as(i)),
  ListSecrets: (e, i) => e.listSecrets(as(i)),
  DeleteSecret: (e, i) => e.deleteSecret(as(i)),
  RestoreSecret: (e, i) => e.restoreSecret(as(i)),
  ListSecretVersionIds: (e, i) => e.listSecretVersionIds(as(i)),
  UpdateSecretVersionStage: (e, i) => e.updateSecretVersionStage(as(i)),
  GetRandomPassword: (e, i) => e.getRandomPassword(as(i)),
  TagResource: (e, i) => e.tagResource(as(i)),
  UntagResource: (e, i) => e.untagResource(as(i)),
  PutResourcePolicy: (e, i) => e.putResourcePolicy(as(i)),
  GetResourcePolicy: (e, i) => e.getResourcePolicy(as(i)),
  DeleteResourcePolicy: (e, i) => e.deleteResourcePolicy(as(i)),
  ValidateResourcePolicy: (e, i) => e.validateResourcePolicy(as(i)),
  RotateSecret: (e, i) => e.rotateSecret(as(withToken(i, "InvalidParameterException"))),
  CancelRotateSecret: (e, i) => e.cancelRotateSecret(as(i)),
};

/**
 * Constraint failures are ValidationException ("1 validation error detected: …"), as AWS
 * answers them; a value of the wrong JSON type is a SerializationException, as from every
 * coral JSON service.
 */
const validator = createValidator(secretsManagerModel, { jsonTypes: coralJsonTypeRules("com.amazonaws.secretsmanager") });

/**
 * Dates are written as the Java service writes doubles, so a whole second keeps its ".0": the
 * AWS CLI's examples print "LastAccessedDate": 1673395200.0 (a day's midnight, list-secrets.rst)
 * and "CreatedDate": 1.51197446236E9 (list-secret-version-ids.rst); JSON.stringify would write an integer.
 */
const DATES: ReadonlySet<string> = new Set(["CreatedDate", "DeletedDate", "DeletionDate", "LastAccessedDate", "LastChangedDate", "LastRotatedDate", "NextRotationDate"]);

export function createSecretsManagerWire(engine: SecretsManagerEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return createAwsJsonHandler(engine, {
    protocol: { version: "1.1" },
    label: "Secrets Manager",
    actions: ACTIONS,
    targetPrefix: "secretsmanager",
    validatorFor: (action) => checkWithoutNulls(secretsManagerModel, action, validator.forOperation(action)),
    unknownAction: (action) => (SECRETSMANAGER_ACTIONS.includes(action) ? notEmulated(action) : new UnknownOperationException()),
    outputJson: (_action, output) => jsonWithDoubles(output, DATES),
  }, logger);
}
