/** KMS on the wire: awsJson 1.1, X-Amz-Target TrentService.<Action>. */
import { checkWithoutNulls, coralJsonTypeRules, createAwsJsonHandler, createValidator, jsonWithDoubles, UnknownOperationException, type AwsJsonAction, type EdgeRequest, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import type { KmsEngine } from "./engine/engine.js";
import { dryRunSucceeded, notEmulated } from "./errors.js";
import { KMS_ACTIONS, kmsModel } from "./generated/kms.js";

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Record<string, unknown>): T => input as T;

/**
 * DryRun: the call is checked (the key, its state and usage, the algorithms) and answered with
 * DryRunOperationException instead of its result. Only actions that change nothing run whole;
 * the grant actions check their key alone.
 */
function dryRun(run: AwsJsonAction<KmsEngine>, check?: (e: KmsEngine, i: Record<string, unknown>) => Promise<unknown>): AwsJsonAction<KmsEngine> {
  return async (e, i, req) => {
    if (i.DryRun !== true) return run(e, i, req);
    await (check ? check(e, i) : run(e, i, req));
    throw dryRunSucceeded();
  };
}
const keyOnly = (e: KmsEngine, i: Record<string, unknown>) => (typeof i.KeyId === "string" ? e.describeKey({ KeyId: i.KeyId }) : Promise.resolve());

const ACTIONS: Record<string, AwsJsonAction<KmsEngine>> = {
  CreateKey: (e, i) => e.createKey(as(i)),
  DescribeKey: (e, i) => e.describeKey(as(i)),
  ListKeys: (e, i) => e.listKeys(as(i)),
  EnableKey: (e, i) => e.enableKey(as(i)),
  DisableKey: (e, i) => e.disableKey(as(i)),
  ScheduleKeyDeletion: (e, i) => e.scheduleKeyDeletion(as(i)),
  CancelKeyDeletion: (e, i) => e.cancelKeyDeletion(as(i)),
  UpdateKeyDescription: (e, i) => e.updateKeyDescription(as(i)),
  GetKeyPolicy: (e, i) => e.getKeyPolicy(as(i)),
  PutKeyPolicy: (e, i) => e.putKeyPolicy(as(i)),
  ListKeyPolicies: (e, i) => e.listKeyPolicies(as(i)),
  EnableKeyRotation: (e, i) => e.enableKeyRotation(as(i)),
  DisableKeyRotation: (e, i) => e.disableKeyRotation(as(i)),
  GetKeyRotationStatus: (e, i) => e.getKeyRotationStatus(as(i)),
  RotateKeyOnDemand: (e, i) => e.rotateKeyOnDemand(as(i)),
  ListKeyRotations: (e, i) => e.listKeyRotations(as(i)),
  TagResource: (e, i) => e.tagResource(as(i)),
  UntagResource: (e, i) => e.untagResource(as(i)),
  ListResourceTags: (e, i) => e.listResourceTags(as(i)),
  CreateAlias: (e, i) => e.createAlias(as(i)),
  UpdateAlias: (e, i) => e.updateAlias(as(i)),
  DeleteAlias: (e, i) => e.deleteAlias(as(i)),
  ListAliases: (e, i) => e.listAliases(as(i)),
  Encrypt: dryRun((e, i) => e.encrypt(as(i))),
  Decrypt: dryRun((e, i) => e.decrypt(as(i))),
  ReEncrypt: dryRun((e, i) => e.reEncrypt(as(i))),
  GenerateDataKey: dryRun((e, i) => e.generateDataKey(as(i))),
  GenerateDataKeyWithoutPlaintext: dryRun((e, i) => e.generateDataKeyWithoutPlaintext(as(i))),
  GenerateDataKeyPair: dryRun((e, i) => e.generateDataKeyPair(as(i))),
  GenerateDataKeyPairWithoutPlaintext: dryRun((e, i) => e.generateDataKeyPairWithoutPlaintext(as(i))),
  GenerateRandom: (e, i) => e.generateRandom(as(i)),
  Sign: dryRun((e, i) => e.sign(as(i))),
  Verify: dryRun((e, i) => e.verify(as(i))),
  GetPublicKey: (e, i) => e.getPublicKey(as(i)),
  GenerateMac: dryRun((e, i) => e.generateMac(as(i))),
  VerifyMac: dryRun((e, i) => e.verifyMac(as(i))),
  GetParametersForImport: (e, i) => e.getParametersForImport(as(i)),
  ImportKeyMaterial: (e, i) => e.importKeyMaterial(as(i)),
  DeleteImportedKeyMaterial: (e, i) => e.deleteImportedKeyMaterial(as(i)),
  CreateGrant: dryRun((e, i) => e.createGrant(as(i)), keyOnly),
  ListGrants: (e, i) => e.listGrants(as(i)),
  ListRetirableGrants: (e, i) => e.listRetirableGrants(as(i)),
  RetireGrant: dryRun((e, i) => e.retireGrant(as(i)), keyOnly),
  RevokeGrant: dryRun((e, i) => e.revokeGrant(as(i)), keyOnly),
};

/** Constraint failures are ValidationException ("1 validation error detected: …"); a wrong JSON type a SerializationException. */
const validator = createValidator(kmsModel, { jsonTypes: coralJsonTypeRules("com.amazonaws.kms") });

/** Dates are epoch seconds written as the Java service writes doubles (a whole second keeps its ".0"). */
const DATES: ReadonlySet<string> = new Set(["ParametersValidTo", "CreationDate", "DeletionDate", "ValidTo", "NextRotationDate", "RotationDate", "LastUpdatedDate", "OnDemandRotationStartDate"]);

export function createKmsWire(engine: KmsEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return createAwsJsonHandler(engine, {
    protocol: { version: "1.1" },
    label: "KMS",
    actions: ACTIONS,
    targetPrefix: "TrentService",
    validatorFor: (action) => checkWithoutNulls(kmsModel, action, validator.forOperation(action)),
    unknownAction: (action) => (KMS_ACTIONS.includes(action) ? notEmulated(action) : new UnknownOperationException()),
    outputJson: (_action, output) => jsonWithDoubles(output, DATES),
  }, logger);
}
