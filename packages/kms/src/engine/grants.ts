/** Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant (kept, never evaluated). */
import { createHash, randomBytes } from "node:crypto";
import * as errors from "../errors.js";
import { DEFAULT_GRANT_LIMIT } from "../limits.js";
import { change, findKey, put, remove, state, type KmsContext } from "./context.js";
import { listed, seconds } from "./page.js";
import type { StoredGrant } from "./types.js";

interface CreateGrantInput {
  KeyId: string;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  Operations: string[];
  Constraints?: Record<string, unknown>;
  Name?: string;
}

function entry(g: StoredGrant): Record<string, unknown> {
  const out: Record<string, unknown> = { KeyId: g.KeyArn, GrantId: g.GrantId };
  if (g.Name !== undefined) out.Name = g.Name;
  out.CreationDate = seconds(g.CreationDate);
  out.GranteePrincipal = g.GranteePrincipal;
  if (g.RetiringPrincipal !== undefined) out.RetiringPrincipal = g.RetiringPrincipal;
  out.IssuingAccount = g.IssuingAccount;
  out.Operations = g.Operations;
  if (g.Constraints !== undefined) out.Constraints = g.Constraints;
  return out;
}

export async function createGrant(ctx: KmsContext, input: CreateGrantInput) {
  const key = await findKey(ctx, input.KeyId);
  if (key.KeyState === "PendingDeletion") throw errors.pendingDeletion(key.Arn);
  // The API reference: a Name makes CreateGrant idempotent for the same key (the same grant).
  const same = input.Name === undefined ? undefined : Object.values(state(ctx).grants).find((g) => g.KeyId === key.KeyId && g.Name === input.Name);
  if (same) return { GrantToken: same.GrantToken, GrantId: same.GrantId };
  const token = randomBytes(96).toString("base64url");
  const grant: StoredGrant = {
    GrantId: createHash("sha256").update(randomBytes(32)).digest("hex"),
    KeyId: key.KeyId,
    KeyArn: key.Arn,
    CreationDate: ctx.clock.now(),
    GranteePrincipal: input.GranteePrincipal,
    IssuingAccount: `arn:${ctx.partition}:iam::${ctx.accountId}:root`,
    Operations: input.Operations,
    GrantToken: token,
    ...(input.Name !== undefined ? { Name: input.Name } : {}),
    ...(input.RetiringPrincipal !== undefined ? { RetiringPrincipal: input.RetiringPrincipal } : {}),
    ...(input.Constraints !== undefined ? { Constraints: input.Constraints } : {}),
  };
  await change(ctx, put("grants", grant.GrantId, grant));
  return { GrantToken: token, GrantId: grant.GrantId };
}

const ofKey = (ctx: KmsContext, keyId: string) => Object.values(state(ctx).grants).filter((g) => g.KeyId === keyId).sort((a, b) => a.CreationDate - b.CreationDate);

export async function listGrants(ctx: KmsContext, input: { KeyId: string; GrantId?: string; GranteePrincipal?: string; Limit?: number; Marker?: string }) {
  const key = await findKey(ctx, input.KeyId);
  let grants = ofKey(ctx, key.KeyId);
  if (input.GrantId !== undefined) {
    grants = grants.filter((g) => g.GrantId === input.GrantId);
    if (grants.length === 0) throw errors.invalidGrantId();
  }
  if (input.GranteePrincipal !== undefined) grants = grants.filter((g) => g.GranteePrincipal === input.GranteePrincipal);
  return listed("Grants", grants.map(entry), input.Limit ?? DEFAULT_GRANT_LIMIT, input.Marker);
}

export function listRetirableGrants(ctx: KmsContext, input: { RetiringPrincipal: string; Limit?: number; Marker?: string }) {
  const grants = Object.values(state(ctx).grants).filter((g) => g.RetiringPrincipal === input.RetiringPrincipal).sort((a, b) => a.CreationDate - b.CreationDate);
  return listed("Grants", grants.map(entry), input.Limit ?? DEFAULT_GRANT_LIMIT, input.Marker);
}

export async function retireGrant(ctx: KmsContext, input: { GrantToken?: string; KeyId?: string; GrantId?: string }): Promise<Record<string, never>> {
  let grant: StoredGrant | undefined;
  if (input.GrantToken !== undefined) {
    grant = Object.values(state(ctx).grants).find((g) => g.GrantToken === input.GrantToken);
    if (!grant) throw errors.invalidGrantToken();
  } else {
    if (input.KeyId === undefined || input.GrantId === undefined) throw errors.retireNeedsIds();
    const key = await findKey(ctx, input.KeyId);
    grant = state(ctx).grants[input.GrantId];
    if (!grant || grant.KeyId !== key.KeyId) throw errors.invalidGrantId();
  }
  await change(ctx, remove("grants", grant.GrantId));
  return {};
}

export async function revokeGrant(ctx: KmsContext, input: { KeyId: string; GrantId: string }): Promise<Record<string, never>> {
  const key = await findKey(ctx, input.KeyId);
  const grant = state(ctx).grants[input.GrantId];
  if (!grant || grant.KeyId !== key.KeyId) throw errors.invalidGrantId();
  await change(ctx, remove("grants", grant.GrantId));
  return {};
}
