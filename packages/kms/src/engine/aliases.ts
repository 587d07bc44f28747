/** Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. */
import * as errors from "../errors.js";
import { DEFAULT_LIST_LIMIT } from "../limits.js";
import { aliasArn, AWS_MANAGED_ALIASES, change, findKey, put, remove, state, sweep, type KmsContext } from "./context.js";
import { listed, seconds } from "./page.js";
import type { StoredAlias } from "./types.js";

function checkName(name: string): void {
  if (!name.startsWith("alias/")) throw errors.aliasPrefix();
  if (name.startsWith("alias/aws/")) throw errors.reservedAlias();
}

export async function createAlias(ctx: KmsContext, input: { AliasName: string; TargetKeyId: string }): Promise<Record<string, never>> {
  checkName(input.AliasName);
  await sweep(ctx);
  if (state(ctx).aliases[input.AliasName]) throw errors.aliasExists(aliasArn(ctx, input.AliasName));
  const key = await findKey(ctx, input.TargetKeyId, { aliases: false });
  if (key.KeyState === "PendingDeletion") throw errors.pendingDeletion(key.Arn);
  const now = ctx.clock.now();
  const alias: StoredAlias = { AliasName: input.AliasName, AliasArn: aliasArn(ctx, input.AliasName), TargetKeyId: key.KeyId, CreationDate: now, LastUpdatedDate: now };
  await change(ctx, put("aliases", alias.AliasName, alias));
  return {};
}

export async function updateAlias(ctx: KmsContext, input: { AliasName: string; TargetKeyId: string }): Promise<Record<string, never>> {
  checkName(input.AliasName);
  await sweep(ctx);
  const alias = state(ctx).aliases[input.AliasName];
  if (!alias) throw errors.aliasNotFound(aliasArn(ctx, input.AliasName));
  const key = await findKey(ctx, input.TargetKeyId, { aliases: false });
  // The Developer Guide's key-state table: the new target may not be pending deletion.
  if (key.KeyState === "PendingDeletion") throw errors.pendingDeletion(key.Arn);
  await change(ctx, put("aliases", alias.AliasName, { ...alias, TargetKeyId: key.KeyId, LastUpdatedDate: ctx.clock.now() }));
  return {};
}

export async function deleteAlias(ctx: KmsContext, input: { AliasName: string }): Promise<Record<string, never>> {
  checkName(input.AliasName);
  await sweep(ctx);
  if (!state(ctx).aliases[input.AliasName]) throw errors.aliasNotFound(aliasArn(ctx, input.AliasName));
  await change(ctx, remove("aliases", input.AliasName));
  return {};
}

/**
 * Every alias of the Region, the AWS managed ones included: those whose key does not exist yet
 * are listed without TargetKeyId, as ListAliases shows them on AWS.
 */
export async function listAliases(ctx: KmsContext, input: { KeyId?: string; Limit?: number; Marker?: string }) {
  const keyId = input.KeyId === undefined ? undefined : (await findKey(ctx, input.KeyId)).KeyId;
  await sweep(ctx);
  const stored = state(ctx).aliases;
  const entries: Record<string, unknown>[] = [];
  const names = [...new Set([...Object.keys(stored), ...(keyId === undefined ? AWS_MANAGED_ALIASES : [])])].sort();
  for (const name of names) {
    const alias = stored[name];
    if (keyId !== undefined && alias?.TargetKeyId !== keyId) continue;
    if (!alias) {
      entries.push({ AliasName: name, AliasArn: aliasArn(ctx, name) });
      continue;
    }
    entries.push({
      AliasName: alias.AliasName, AliasArn: alias.AliasArn, TargetKeyId: alias.TargetKeyId,
      CreationDate: seconds(alias.CreationDate), LastUpdatedDate: seconds(alias.LastUpdatedDate),
    });
  }
  return listed("Aliases", entries, input.Limit ?? DEFAULT_LIST_LIMIT, input.Marker);
}
