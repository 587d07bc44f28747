/** Keys: CreateKey … ListResourceTags (everything but cryptography, aliases and grants). */
import { randomBytes, randomUUID } from "node:crypto";
import * as errors from "../errors.js";
import { DEFAULT_LIST_LIMIT, DEFAULT_PENDING_WINDOW_DAYS, DEFAULT_ROTATION_PERIOD_DAYS, MAX_PENDING_WINDOW_DAYS, MIN_PENDING_WINDOW_DAYS, DEFAULT_GRANT_LIMIT } from "../limits.js";
import { change, DAY_MS, findKey, keyArn, nextRotation, put, state, sweep, usable, type KmsContext } from "./context.js";
import { newMaterial } from "./material.js";
import { listed, seconds } from "./page.js";
import { defaultPolicy } from "./policy.js";
import { algorithmsOf, KEY_SPECS } from "./specs.js";
import type { StoredKey, Tag } from "./types.js";

export interface CreateKeyInput {
  Policy?: string;
  Description?: string;
  KeyUsage?: string;
  CustomerMasterKeySpec?: string;
  KeySpec?: string;
  Origin?: string;
  Tags?: Tag[];
  MultiRegion?: boolean;
}

/** DescribeKey's KeyMetadata, members in the order KMS writes them. */
export function metadata(key: StoredKey, region: string, accountId: string): Record<string, unknown> {
  const m: Record<string, unknown> = {
    AWSAccountId: accountId,
    KeyId: key.KeyId,
    Arn: key.Arn,
    CreationDate: seconds(key.CreationDate),
    Enabled: key.KeyState === "Enabled",
    Description: key.Description,
    KeyUsage: key.KeyUsage,
    KeyState: key.KeyState,
  };
  if (key.DeletionDate !== undefined) m.DeletionDate = seconds(key.DeletionDate);
  m.Origin = key.Origin;
  m.KeyManager = key.KeyManager;
  m.CustomerMasterKeySpec = key.KeySpec;
  m.KeySpec = key.KeySpec;
  Object.assign(m, algorithmsOf(key.KeySpec, key.KeyUsage));
  m.MultiRegion = key.MultiRegion;
  if (key.MultiRegion) {
    // test_create_multi_region_key (recorded on AWS): a primary key with no replicas yet.
    m.MultiRegionConfiguration = { MultiRegionKeyType: "PRIMARY", PrimaryKey: { Arn: key.Arn, Region: region }, ReplicaKeys: [] };
  }
  if (key.PendingDeletionWindowInDays !== undefined) m.PendingDeletionWindowInDays = key.PendingDeletionWindowInDays;
  if (key.ValidTo !== undefined) m.ValidTo = seconds(key.ValidTo);
  if (key.ExpirationModel !== undefined) m.ExpirationModel = key.ExpirationModel;
  return m;
}

export function checkTags(tags: readonly Tag[]): void {
  for (const t of tags) if (t.TagKey.toLowerCase().startsWith("aws:")) throw errors.reservedTag();
}

export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.filter((t) => !added.some((a) => a.TagKey === t.TagKey));
  // A key given twice in one call keeps its last value.
  for (const t of added) {
    const at = out.findIndex((o) => o.TagKey === t.TagKey);
    if (at >= 0) out.splice(at, 1);
    out.push({ TagKey: t.TagKey, TagValue: t.TagValue });
  }
  return out;
}

export async function createKey(ctx: KmsContext, input: CreateKeyInput): Promise<{ KeyMetadata: Record<string, unknown> }> {
  const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
  if (input.KeyUsage === undefined && keySpec !== "SYMMETRIC_DEFAULT") throw errors.keyUsageRequired();
  const keyUsage = input.KeyUsage ?? "ENCRYPT_DECRYPT";
  const info = KEY_SPECS[keySpec];
  if (!info || !(keyUsage in info.usages)) throw errors.usageNotForSpec(keyUsage, keySpec);
  const origin = input.Origin ?? "AWS_KMS";
  if (origin !== "AWS_KMS" && origin !== "EXTERNAL") throw errors.notEmulated(`CreateKey with Origin ${origin}`);
  const tags = input.Tags ?? [];
  checkTags(tags);
  const keyId = input.MultiRegion === true ? `mrk-${randomBytes(16).toString("hex")}` : randomUUID();
  const external = origin === "EXTERNAL";
  const key: StoredKey = {
    KeyId: keyId,
    Arn: keyArn(ctx, keyId),
    CreationDate: ctx.clock.now(),
    Description: input.Description ?? "",
    KeyUsage: keyUsage,
    KeySpec: keySpec,
    // test_import_key_symmetric: an EXTERNAL key waits, disabled, for its material.
    KeyState: external ? "PendingImport" : "Enabled",
    Origin: origin,
    KeyManager: "CUSTOMER",
    MultiRegion: input.MultiRegion === true,
    Policy: input.Policy ?? defaultPolicy(ctx.partition, ctx.accountId),
    Tags: mergeTags([], tags),
    material: external ? [] : [await newMaterial(keySpec)],
    rotationEnabled: false,
    rotations: [],
  };
  await change(ctx, put("keys", keyId, key));
  return { KeyMetadata: metadata(key, ctx.region, ctx.accountId) };
}

export async function describeKey(ctx: KmsContext, input: { KeyId: string }): Promise<{ KeyMetadata: Record<string, unknown> }> {
  return { KeyMetadata: metadata(await findKey(ctx, input.KeyId), ctx.region, ctx.accountId) };
}

export async function listKeys(ctx: KmsContext, input: { Limit?: number; Marker?: string }) {
  await sweep(ctx);
  const keys = Object.values(state(ctx).keys)
    .sort((a, b) => a.CreationDate - b.CreationDate || (a.KeyId < b.KeyId ? -1 : 1))
    .map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn }));
  return listed("Keys", keys, input.Limit ?? DEFAULT_LIST_LIMIT, input.Marker);
}

/** Writes a changed copy of the key. */
async function update(ctx: KmsContext, key: StoredKey, edit: (k: StoredKey) => void): Promise<StoredKey> {
  const next = structuredClone(key);
  edit(next);
  await change(ctx, put("keys", key.KeyId, next));
  return next;
}

function notPendingDeletion(key: StoredKey): StoredKey {
  if (key.KeyState === "PendingDeletion") throw errors.pendingDeletion(key.Arn);
  return key;
}

export async function enableKey(ctx: KmsContext, input: { KeyId: string }): Promise<Record<string, never>> {
  const key = notPendingDeletion(await findKey(ctx, input.KeyId));
  if (key.KeyState === "PendingImport") throw errors.pendingImport(key.Arn);
  await update(ctx, key, (k) => (k.KeyState = "Enabled"));
  return {};
}

export async function disableKey(ctx: KmsContext, input: { KeyId: string }): Promise<Record<string, never>> {
  const key = notPendingDeletion(await findKey(ctx, input.KeyId));
  if (key.KeyState === "PendingImport") throw errors.pendingImport(key.Arn);
  await update(ctx, key, (k) => (k.KeyState = "Disabled"));
  return {};
}

export async function scheduleKeyDeletion(ctx: KmsContext, input: { KeyId: string; PendingWindowInDays?: number }) {
  const days = input.PendingWindowInDays ?? DEFAULT_PENDING_WINDOW_DAYS;
  if (days < MIN_PENDING_WINDOW_DAYS || days > MAX_PENDING_WINDOW_DAYS) throw errors.pendingWindowRange();
  const key = notPendingDeletion(await findKey(ctx, input.KeyId));
  const deletion = ctx.clock.now() + days * DAY_MS;
  await update(ctx, key, (k) => {
    k.KeyState = "PendingDeletion";
    k.DeletionDate = deletion;
    k.PendingDeletionWindowInDays = days;
  });
  return { KeyId: key.Arn, DeletionDate: seconds(deletion), KeyState: "PendingDeletion", PendingWindowInDays: days };
}

export async function cancelKeyDeletion(ctx: KmsContext, input: { KeyId: string }) {
  const key = await findKey(ctx, input.KeyId);
  if (key.KeyState !== "PendingDeletion") throw errors.notPendingDeletion(key.Arn);
  // The API reference: "When this operation succeeds, the key state of the KMS key is Disabled."
  await update(ctx, key, (k) => {
    k.KeyState = k.material.length === 0 ? "PendingImport" : "Disabled";
    delete k.DeletionDate;
    delete k.PendingDeletionWindowInDays;
  });
  return { KeyId: key.Arn };
}

export async function updateKeyDescription(ctx: KmsContext, input: { KeyId: string; Description: string }): Promise<Record<string, never>> {
  const key = notPendingDeletion(await findKey(ctx, input.KeyId));
  await update(ctx, key, (k) => (k.Description = input.Description));
  return {};
}

export async function getKeyPolicy(ctx: KmsContext, input: { KeyId: string; PolicyName?: string }) {
  const key = await findKey(ctx, input.KeyId);
  const name = input.PolicyName ?? "default";
  if (name !== "default") throw errors.noSuchPolicy();
  return { Policy: key.Policy, PolicyName: name };
}

export async function putKeyPolicy(ctx: KmsContext, input: { KeyId: string; PolicyName?: string; Policy: string }): Promise<Record<string, never>> {
  const key = notPendingDeletion(await findKey(ctx, input.KeyId));
  if ((input.PolicyName ?? "default") !== "default") throw errors.noSuchPolicy();
  await update(ctx, key, (k) => (k.Policy = input.Policy));
  return {};
}

export async function listKeyPolicies(ctx: KmsContext, input: { KeyId: string }) {
  await findKey(ctx, input.KeyId);
  // The API reference: "The only valid value is default."
  return { PolicyNames: ["default"], Truncated: false };
}

/** Rotation is for symmetric encryption keys with KMS-made material. */
function rotatable(key: StoredKey): StoredKey {
  if (key.KeySpec !== "SYMMETRIC_DEFAULT") throw errors.rotationUnsupported(key.Arn, key.KeySpec);
  if (key.Origin !== "AWS_KMS") throw errors.wrongOrigin(key.Arn, key.Origin);
  return key;
}

export async function enableKeyRotation(ctx: KmsContext, input: { KeyId: string; RotationPeriodInDays?: number }): Promise<Record<string, never>> {
  const key = rotatable(await findKey(ctx, input.KeyId));
  if (key.KeyState === "Disabled") throw errors.disabled(key.Arn);
  notPendingDeletion(key);
  const period = input.RotationPeriodInDays ?? key.rotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
  await update(ctx, key, (k) => {
    if (!k.rotationEnabled || k.rotationPeriodInDays !== period) k.rotationStarted = ctx.clock.now();
    k.rotationEnabled = true;
    k.rotationPeriodInDays = period;
  });
  return {};
}

export async function disableKeyRotation(ctx: KmsContext, input: { KeyId: string }): Promise<Record<string, never>> {
  const key = rotatable(await findKey(ctx, input.KeyId));
  if (key.KeyState === "Disabled") throw errors.disabled(key.Arn);
  notPendingDeletion(key);
  await update(ctx, key, (k) => {
    k.rotationEnabled = false;
    delete k.rotationStarted;
  });
  return {};
}

export async function getKeyRotationStatus(ctx: KmsContext, input: { KeyId: string }) {
  const key = await findKey(ctx, input.KeyId);
  const out: Record<string, unknown> = { KeyRotationEnabled: key.rotationEnabled, KeyId: key.KeyId };
  const next = nextRotation(key);
  if (key.rotationEnabled) out.RotationPeriodInDays = key.rotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
  if (next !== undefined) out.NextRotationDate = seconds(next);
  return out;
}

export async function rotateKeyOnDemand(ctx: KmsContext, input: { KeyId: string }) {
  const key = usable(rotatable(await findKey(ctx, input.KeyId)));
  const material = await newMaterial("SYMMETRIC_DEFAULT");
  await update(ctx, key, (k) => {
    k.material.push(material);
    k.rotations.push({ RotationDate: ctx.clock.now(), RotationType: "ON_DEMAND" });
  });
  return { KeyId: key.KeyId };
}

export async function listKeyRotations(ctx: KmsContext, input: { KeyId: string; Limit?: number; Marker?: string }) {
  const key = rotatable(await findKey(ctx, input.KeyId));
  const rotations = key.rotations.map((r) => ({ KeyId: key.KeyId, RotationDate: seconds(r.RotationDate), RotationType: r.RotationType }));
  return listed("Rotations", rotations, input.Limit ?? DEFAULT_GRANT_LIMIT, input.Marker);
}

export async function tagResource(ctx: KmsContext, input: { KeyId: string; Tags: Tag[] }): Promise<Record<string, never>> {
  const key = notPendingDeletion(await findKey(ctx, input.KeyId));
  checkTags(input.Tags);
  await update(ctx, key, (k) => (k.Tags = mergeTags(k.Tags, input.Tags)));
  return {};
}

export async function untagResource(ctx: KmsContext, input: { KeyId: string; TagKeys: string[] }): Promise<Record<string, never>> {
  const key = notPendingDeletion(await findKey(ctx, input.KeyId));
  await update(ctx, key, (k) => (k.Tags = k.Tags.filter((t) => !input.TagKeys.includes(t.TagKey))));
  return {};
}

export async function listResourceTags(ctx: KmsContext, input: { KeyId: string; Limit?: number; Marker?: string }) {
  const key = await findKey(ctx, input.KeyId);
  return listed("Tags", key.Tags, input.Limit ?? DEFAULT_GRANT_LIMIT, input.Marker);
}
