import type { Clock, DurableState } from "@sam-sandbox/core";
import * as aliases from "./aliases.js";
import type { KmsContext } from "./context.js";
import * as crypto from "./cryptography.js";
import * as grants from "./grants.js";
import * as imports from "./imports.js";
import * as keys from "./keys.js";
import * as templateKeys from "./templateKeys.js";
import type { KmsRecord, KmsState } from "./types.js";

type In<F> = F extends (ctx: KmsContext, input: infer I) => unknown ? I : never;

export interface KmsEngineOptions {
  durable: DurableState<KmsState, KmsRecord>;
  clock: Clock;
  region: string;
  accountId: string;
  partition: string;
}

/** AWS KMS: one method per action, each AWS's action name in camelCase. */
export class KmsEngine {
  private readonly ctx: KmsContext;

  constructor(options: KmsEngineOptions) {
    this.ctx = options;
  }

  createKey = (i: In<typeof keys.createKey>) => keys.createKey(this.ctx, i);
  describeKey = (i: In<typeof keys.describeKey>) => keys.describeKey(this.ctx, i);
  listKeys = (i: In<typeof keys.listKeys>) => keys.listKeys(this.ctx, i);
  enableKey = (i: In<typeof keys.enableKey>) => keys.enableKey(this.ctx, i);
  disableKey = (i: In<typeof keys.disableKey>) => keys.disableKey(this.ctx, i);
  scheduleKeyDeletion = (i: In<typeof keys.scheduleKeyDeletion>) => keys.scheduleKeyDeletion(this.ctx, i);
  cancelKeyDeletion = (i: In<typeof keys.cancelKeyDeletion>) => keys.cancelKeyDeletion(this.ctx, i);
  updateKeyDescription = (i: In<typeof keys.updateKeyDescription>) => keys.updateKeyDescription(this.ctx, i);
  getKeyPolicy = (i: In<typeof keys.getKeyPolicy>) => keys.getKeyPolicy(this.ctx, i);
  putKeyPolicy = (i: In<typeof keys.putKeyPolicy>) => keys.putKeyPolicy(this.ctx, i);
  listKeyPolicies = (i: In<typeof keys.listKeyPolicies>) => keys.listKeyPolicies(this.ctx, i);
  enableKeyRotation = (i: In<typeof keys.enableKeyRotation>) => keys.enableKeyRotation(this.ctx, i);
  disableKeyRotation = (i: In<typeof keys.disableKeyRotation>) => keys.disableKeyRotation(this.ctx, i);
  getKeyRotationStatus = (i: In<typeof keys.getKeyRotationStatus>) => keys.getKeyRotationStatus(this.ctx, i);
  rotateKeyOnDemand = (i: In<typeof keys.rotateKeyOnDemand>) => keys.rotateKeyOnDemand(this.ctx, i);
  listKeyRotations = (i: In<typeof keys.listKeyRotations>) => keys.listKeyRotations(this.ctx, i);
  tagResource = (i: In<typeof keys.tagResource>) => keys.tagResource(this.ctx, i);
  untagResource = (i: In<typeof keys.untagResource>) => keys.untagResource(this.ctx, i);
  listResourceTags = (i: In<typeof keys.listResourceTags>) => keys.listResourceTags(this.ctx, i);

  /** Not AWS actions: the template's AWS::KMS::Key and AWS::KMS::Alias, made at start-up. */
  putTemplateKey = (keyId: string, input: templateKeys.TemplateKeyInput) => templateKeys.putTemplateKey(this.ctx, keyId, input);
  putTemplateAlias = (aliasName: string, targetKeyId: string) => templateKeys.putTemplateAlias(this.ctx, aliasName, targetKeyId);

  createAlias = (i: In<typeof aliases.createAlias>) => aliases.createAlias(this.ctx, i);
  updateAlias = (i: In<typeof aliases.updateAlias>) => aliases.updateAlias(this.ctx, i);
  deleteAlias = (i: In<typeof aliases.deleteAlias>) => aliases.deleteAlias(this.ctx, i);
  listAliases = (i: In<typeof aliases.listAliases>) => aliases.listAliases(this.ctx, i);

  encrypt = (i: In<typeof crypto.encrypt>) => crypto.encrypt(this.ctx, i);
  decrypt = (i: In<typeof crypto.decrypt>) => crypto.decrypt(this.ctx, i);
  reEncrypt = (i: In<typeof crypto.reEncrypt>) => crypto.reEncrypt(this.ctx, i);
  generateDataKey = (i: In<typeof crypto.generateDataKey>) => crypto.generateDataKey(this.ctx, i);
  generateDataKeyWithoutPlaintext = (i: In<typeof crypto.generateDataKeyWithoutPlaintext>) => crypto.generateDataKeyWithoutPlaintext(this.ctx, i);
  generateDataKeyPair = (i: In<typeof crypto.generateDataKeyPair>) => crypto.generateDataKeyPair(this.ctx, i);
  generateDataKeyPairWithoutPlaintext = (i: In<typeof crypto.generateDataKeyPairWithoutPlaintext>) => crypto.generateDataKeyPairWithoutPlaintext(this.ctx, i);
  generateRandom = (i: { NumberOfBytes?: number }) => crypto.generateRandom(i);
  sign = (i: In<typeof crypto.sign>) => crypto.sign(this.ctx, i);
  verify = (i: In<typeof crypto.verify>) => crypto.verify(this.ctx, i);
  getPublicKey = (i: In<typeof crypto.getPublicKey>) => crypto.getPublicKey(this.ctx, i);
  generateMac = (i: In<typeof crypto.generateMac>) => crypto.generateMac(this.ctx, i);
  verifyMac = (i: In<typeof crypto.verifyMac>) => crypto.verifyMac(this.ctx, i);

  getParametersForImport = (i: In<typeof imports.getParametersForImport>) => imports.getParametersForImport(this.ctx, i);
  importKeyMaterial = (i: In<typeof imports.importKeyMaterial>) => imports.importKeyMaterial(this.ctx, i);
  deleteImportedKeyMaterial = (i: In<typeof imports.deleteImportedKeyMaterial>) => imports.deleteImportedKeyMaterial(this.ctx, i);

  createGrant = (i: In<typeof grants.createGrant>) => grants.createGrant(this.ctx, i);
  listGrants = (i: In<typeof grants.listGrants>) => grants.listGrants(this.ctx, i);
  listRetirableGrants = (i: In<typeof grants.listRetirableGrants>) => grants.listRetirableGrants(this.ctx, i);
  retireGrant = (i: In<typeof grants.retireGrant>) => grants.retireGrant(this.ctx, i);
  revokeGrant = (i: In<typeof grants.revokeGrant>) => grants.revokeGrant(this.ctx, i);
}
