/**
 * Not AWS actions: the template's AWS::KMS::Key and AWS::KMS::Alias, made (or brought to the
 * template's properties) at start-up under the ids the template gives them.
 */
import * as errors from "../errors.js";
import { DEFAULT_ROTATION_PERIOD_DAYS } from "../limits.js";
import { change, findKey, keyArn, put, state, sweep, type KmsContext } from "./context.js";
import { checkTags, mergeTags, type CreateKeyInput } from "./keys.js";
import { newMaterial } from "./material.js";
import { defaultPolicy } from "./policy.js";
import { KEY_SPECS } from "./specs.js";

export interface TemplateKeyInput extends CreateKeyInput {
  EnableKeyRotation?: boolean;
  RotationPeriodInDays?: number;
  Enabled?: boolean;
}

/**
 * An AWS::KMS::Key of the template, under the key id the template gave it (its !Ref): made on
 * the first start-up, its description, policy, tags, rotation and Enabled brought to the
 * template's on later ones. Its material stays, so data encrypted under it still decrypts.
 */
export async function putTemplateKey(ctx: KmsContext, keyId: string, input: TemplateKeyInput): Promise<void> {
  await sweep(ctx);
  let key = state(ctx).keys[keyId];
  if (!key) {
    const keySpec = input.KeySpec ?? "SYMMETRIC_DEFAULT";
    if (input.KeyUsage === undefined && keySpec !== "SYMMETRIC_DEFAULT") throw errors.keyUsageRequired();
    const keyUsage = input.KeyUsage ?? "ENCRYPT_DECRYPT";
    if (!(keyUsage in (KEY_SPECS[keySpec]?.usages ?? {}))) throw errors.usageNotForSpec(keyUsage, keySpec);
    key = {
      KeyId: keyId, Arn: keyArn(ctx, keyId), CreationDate: ctx.clock.now(), Description: "", KeyUsage: keyUsage, KeySpec: keySpec, KeyState: "Enabled",
      Origin: "AWS_KMS", KeyManager: "CUSTOMER", MultiRegion: input.MultiRegion === true, Policy: defaultPolicy(ctx.partition, ctx.accountId), Tags: [],
      material: [await newMaterial(keySpec)], rotationEnabled: false, rotations: [],
    };
  }
  const tags = input.Tags ?? [];
  checkTags(tags);
  const rotate = input.EnableKeyRotation === true;
  const period = input.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
  const next = structuredClone(key);
  next.Description = input.Description ?? "";
  if (input.Policy !== undefined) next.Policy = input.Policy;
  next.Tags = mergeTags([], tags);
  if (next.KeyState === "Enabled" || next.KeyState === "Disabled") next.KeyState = input.Enabled === false ? "Disabled" : "Enabled";
  if (rotate && (!key.rotationEnabled || key.rotationPeriodInDays !== period)) next.rotationStarted = ctx.clock.now();
  next.rotationEnabled = rotate;
  if (rotate) next.rotationPeriodInDays = period;
  else delete next.rotationStarted;
  await change(ctx, put("keys", keyId, next));
}

/** An AWS::KMS::Alias of the template: made, or moved to the template's key. */
export async function putTemplateAlias(ctx: KmsContext, aliasName: string, targetKeyId: string): Promise<void> {
  const key = await findKey(ctx, targetKeyId, { aliases: false });
  const existing = state(ctx).aliases[aliasName];
  if (existing?.TargetKeyId === key.KeyId) return;
  const now = ctx.clock.now();
  await change(ctx, put("aliases", aliasName, {
    AliasName: aliasName, AliasArn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:${aliasName}`, TargetKeyId: key.KeyId,
    CreationDate: existing?.CreationDate ?? now, LastUpdatedDate: now,
  }));
}
