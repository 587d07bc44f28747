import { randomUUID } from "node:crypto";
import type { Clock, DurableState } from "@sam-sandbox/core";
import * as errors from "../errors.js";
import { newMaterial } from "./material.js";
import { defaultPolicy } from "./policy.js";
import { applyRecord, type Collection, type KmsChange, type KmsRecord, type KmsState, type StoredKey } from "./types.js";

/** What every action works with: the state and the ports. */
export interface KmsContext {
  readonly durable: DurableState<KmsState, KmsRecord>;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function put(collection: Collection, key: string, value: unknown): KmsChange {
  return { collection, key, value };
}

export function remove(collection: Collection, key: string): KmsChange {
  return { collection, key };
}

/** Applies the changes in memory and makes them durable before the action answers. */
export async function change(ctx: KmsContext, ...changes: KmsChange[]): Promise<void> {
  if (changes.length === 0) return;
  const record: KmsRecord = { changes };
  // The state holds its own copy: an action editing an entity in place later must not alter a queued record.
  applyRecord(ctx.durable.state, structuredClone(record));
  await ctx.durable.commit(record);
}

export const state = (ctx: KmsContext): KmsState => ctx.durable.state;

export const keyArn = (ctx: KmsContext, keyId: string): string => `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:key/${keyId}`;
export const aliasArn = (ctx: KmsContext, aliasName: string): string => `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:${aliasName}`;

/** Key ids are UUIDs; multi-Region keys' are mrk- and 32 hex digits. */
const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;

/**
 * The services' AWS managed keys: each alias/aws/<service> names a key KMS creates on its first
 * use (moto's RESERVED_ALIASES, and the services this sandbox serves).
 */
export const AWS_MANAGED_ALIASES = [
  "alias/aws/acm", "alias/aws/dynamodb", "alias/aws/ebs", "alias/aws/elasticfilesystem", "alias/aws/es", "alias/aws/glue", "alias/aws/kinesis",
  "alias/aws/kinesisvideo", "alias/aws/lambda", "alias/aws/logs", "alias/aws/rds", "alias/aws/redshift", "alias/aws/s3", "alias/aws/secretsmanager",
  "alias/aws/sns", "alias/aws/sqs", "alias/aws/ssm", "alias/aws/xray",
];

/**
 * What an AWS managed key's description says it protects: the Developer Guide reserves "Default
 * master key that protects my … when no other key is defined" for them; these are as AWS writes
 * them in public describe-key output (others say "<service> data").
 */
const MANAGED_KEY_DATA: Record<string, string> = { s3: "S3 objects", ebs: "EBS volumes", glue: "Glue data" };

/** The alias name an alias name or alias ARN gives, or undefined for a key id or key ARN. */
export function aliasNameOf(ctx: KmsContext, id: string): string | undefined {
  if (id.startsWith("alias/")) return id;
  if (id.startsWith("arn:") && id.includes(":alias/")) {
    const region = id.split(":")[3] ?? "";
    if (region !== ctx.region) throw errors.aliasNotFound(id);
    return `alias/${id.slice(id.indexOf(":alias/") + ":alias/".length)}`;
  }
  return undefined;
}

/**
 * The key a KeyId names: a key id, key ARN, alias name or alias ARN (AWS managed aliases make
 * their key on first use). Keys whose deletion date has passed are gone.
 */
export async function findKey(ctx: KmsContext, id: string, options: { aliases?: boolean } = {}): Promise<StoredKey> {
  await sweep(ctx);
  const alias = aliasNameOf(ctx, id);
  let keyId: string;
  let arn: string;
  if (alias !== undefined) {
    if (options.aliases === false) throw errors.aliasTargetsAlias();
    const target = state(ctx).aliases[alias]?.TargetKeyId ?? (AWS_MANAGED_ALIASES.includes(alias) ? await createManagedKey(ctx, alias) : undefined);
    if (target === undefined) throw errors.aliasNotFound(aliasArn(ctx, alias));
    keyId = target;
    arn = keyArn(ctx, keyId);
  } else if (id.startsWith("arn:")) {
    const parts = id.split(":");
    const resource = parts.slice(5).join(":");
    if (!resource.startsWith("key/")) throw errors.invalidKeyId(id);
    if (parts[3] !== ctx.region) throw errors.invalidArnRegion(parts[3] ?? "");
    keyId = resource.slice("key/".length);
    arn = id;
  } else {
    keyId = id;
    arn = keyArn(ctx, keyId);
  }
  if (!KEY_ID.test(keyId)) throw errors.invalidKeyId(keyId);
  const key = state(ctx).keys[keyId];
  if (!key || arn !== key.Arn) throw errors.keyNotFound(arn);
  return key;
}

/** Refuses a key whose state does not allow an operation that uses it (Developer Guide "Key states of AWS KMS keys"). */
export function usable(key: StoredKey, options: { disabled?: boolean } = {}): StoredKey {
  if (key.KeyState === "PendingDeletion") throw errors.pendingDeletion(key.Arn);
  if (key.KeyState === "Disabled" && options.disabled !== true) throw errors.disabled(key.Arn);
  if (key.KeyState === "PendingImport" && options.disabled !== true) throw errors.pendingImport(key.Arn);
  return key;
}

/** AWS managed keys are symmetric, enabled, rotated every year, with a policy for the service. */
async function createManagedKey(ctx: KmsContext, alias: string): Promise<string> {
  const keyId = randomUUID();
  const now = ctx.clock.now();
  const service = alias.slice("alias/aws/".length);
  const key: StoredKey = {
    KeyId: keyId,
    Arn: keyArn(ctx, keyId),
    CreationDate: now,
    Description: `Default master key that protects my ${MANAGED_KEY_DATA[service] ?? `${service} data`} when no other key is defined`,
    KeyUsage: "ENCRYPT_DECRYPT",
    KeySpec: "SYMMETRIC_DEFAULT",
    KeyState: "Enabled",
    Origin: "AWS_KMS",
    KeyManager: "AWS",
    MultiRegion: false,
    Policy: defaultPolicy(ctx.partition, ctx.accountId),
    Tags: [],
    material: [await newMaterial("SYMMETRIC_DEFAULT")],
    rotationEnabled: true,
    rotationPeriodInDays: 365,
    rotationStarted: now,
    rotations: [],
  };
  await change(ctx, put("keys", keyId, key), put("aliases", alias, { AliasName: alias, AliasArn: aliasArn(ctx, alias), TargetKeyId: keyId, CreationDate: now, LastUpdatedDate: now }));
  return keyId;
}

/**
 * Time's effects, read from the Clock when the state is next used: keys past their deletion
 * date are deleted (with their aliases and grants), keys due an automatic rotation rotate.
 */
export async function sweep(ctx: KmsContext): Promise<void> {
  const now = ctx.clock.now();
  const s = state(ctx);
  const changes: KmsChange[] = [];
  for (const pending of Object.values(s.imports)) if (pending.ParametersValidTo <= now) changes.push(remove("imports", pending.ImportToken));
  for (const key of Object.values(s.keys)) {
    if (key.KeyState === "PendingDeletion" && key.DeletionDate !== undefined && key.DeletionDate <= now) {
      changes.push(remove("keys", key.KeyId));
      for (const alias of Object.values(s.aliases)) if (alias.TargetKeyId === key.KeyId) changes.push(remove("aliases", alias.AliasName));
      for (const grant of Object.values(s.grants)) if (grant.KeyId === key.KeyId) changes.push(remove("grants", grant.GrantId));
      for (const pending of Object.values(s.imports)) if (pending.KeyId === key.KeyId) changes.push(remove("imports", pending.ImportToken));
      continue;
    }
    // Imported key material that expired is deleted: the key waits for material again (API reference ImportKeyMaterial, ValidTo).
    if (key.ValidTo !== undefined && key.ValidTo <= now && key.material.length > 0) {
      const expired = structuredClone(key);
      expired.material = [];
      if (expired.KeyState !== "PendingDeletion") expired.KeyState = "PendingImport";
      delete expired.ValidTo;
      delete expired.ExpirationModel;
      changes.push(put("keys", key.KeyId, expired));
      continue;
    }
    if (key.KeyState !== "Enabled") continue;
    // Every rotation due since the last look (time may have jumped several periods).
    let rotated: StoredKey | undefined;
    for (let due = nextRotation(key); due !== undefined && due <= now; due = nextRotation(rotated)) {
      rotated ??= structuredClone(key);
      rotated.material.push(await newMaterial("SYMMETRIC_DEFAULT"));
      rotated.rotations.push({ RotationDate: due, RotationType: "AUTOMATIC" });
    }
    if (rotated) changes.push(put("keys", key.KeyId, rotated));
  }
  await change(ctx, ...changes);
}

/** When automatic rotation next happens: a period after it started or the last automatic rotation. */
export function nextRotation(key: StoredKey): number | undefined {
  if (!key.rotationEnabled || key.rotationStarted === undefined) return undefined;
  const last = key.rotations.filter((r) => r.RotationType === "AUTOMATIC" && r.RotationDate >= (key.rotationStarted ?? 0)).at(-1)?.RotationDate ?? key.rotationStarted;
  return last + (key.rotationPeriodInDays ?? 365) * DAY_MS;
}
