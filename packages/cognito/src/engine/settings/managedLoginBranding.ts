/**
 * CreateManagedLoginBranding … DeleteManagedLoginBranding: managed login styles, one per app
 * client (ManagedLoginBrandingExistsException for a second). Settings and Assets are kept as
 * given; an update merges into them ("preserves existing style settings that you don't specify",
 * API reference), an asset replacing the one of its category and color mode. The sandbox does not
 * carry Cognito's default style document, so ReturnMergedResources adds nothing to what was set.
 */
import { randomUUID } from "node:crypto";
import { InvalidParameterException, ManagedLoginBrandingExistsException, ResourceNotFoundException } from "../../errors.js";
import { clientOf, poolOf, type CognitoContext, type Input } from "../context.js";
import { writeExtras, type ManagedLoginBranding } from "../extras.js";
import type { PoolState } from "../state.js";

type Json = Record<string, unknown>;

const objectOf = (value: unknown): Json | undefined => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined);
const assetsOf = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const assetKey = (a: Json): string => `${String(a.Category)}/${String(a.ColorMode)}`;

/** Settings merged member by member; arrays and values replace. */
function merge(base: Json, change: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(change)) {
    const a = objectOf(out[k]);
    const b = objectOf(v);
    out[k] = a && b ? merge(a, b) : v;
  }
  return out;
}

/** Assets keyed by category and color mode: two for one slot are refused (AWS's wording was not found). */
function mergeAssets(base: Json[], change: Json[]): Json[] {
  const seen = new Set<string>();
  for (const a of change) {
    if (seen.has(assetKey(a))) throw new InvalidParameterException(`Assets has more than one ${String(a.Category)} asset for color mode ${String(a.ColorMode)}.`);
    seen.add(assetKey(a));
  }
  return [...base.filter((a) => !seen.has(assetKey(a))), ...change.map((a) => ({ ...a, ResourceId: typeof a.ResourceId === "string" ? a.ResourceId : randomUUID() }))];
}

/** UseCognitoProvidedValues "must also omit values for Settings and Assets" (API reference); AWS's wording was not found. */
function checkDefaults(input: Input): boolean {
  const defaults = input.UseCognitoProvidedValues === true;
  if (defaults && (input.Settings !== undefined || assetsOf(input.Assets).length > 0)) {
    throw new InvalidParameterException("Settings and Assets cannot be given when UseCognitoProvidedValues is true.");
  }
  return defaults;
}

function output(pool: PoolState, b: ManagedLoginBranding): Json {
  return {
    ManagedLoginBrandingId: b.id,
    UserPoolId: pool.pool.id,
    UseCognitoProvidedValues: b.useCognitoProvidedValues,
    ...(b.settings ? { Settings: b.settings } : {}),
    Assets: b.assets,
    CreationDate: b.created / 1000,
    LastModifiedDate: b.modified / 1000,
  };
}

/** The pool's styles whose app client still exists. */
function brandings(pool: PoolState): ManagedLoginBranding[] {
  return Object.values(pool.extras.brandings ?? {}).filter((b) => pool.clients.has(b.clientId));
}

/** AWS's wording for an unknown style was not found: the sandbox's follows the pool's and client's. */
function brandingOf(pool: PoolState, id: string): ManagedLoginBranding {
  const branding = brandings(pool).find((b) => b.id === id);
  if (!branding) throw new ResourceNotFoundException(`Managed login branding ${id} does not exist.`);
  return branding;
}

async function save(ctx: CognitoContext, pool: PoolState, branding: ManagedLoginBranding): Promise<void> {
  await writeExtras(ctx, pool, { brandings: { ...pool.extras.brandings, [branding.id]: branding } });
}

/** `id` is given by the sandbox for a template's style: the same id on every start. */
export async function createManagedLoginBranding(ctx: CognitoContext, input: Input, id?: string): Promise<Json> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const { client } = clientOf(ctx, String(input.ClientId), pool.pool.id);
  if (brandings(pool).some((b) => b.clientId === client.clientId)) throw new ManagedLoginBrandingExistsException();
  const defaults = checkDefaults(input);
  const settings = objectOf(input.Settings);
  const now = ctx.clock.now();
  const branding: ManagedLoginBranding = {
    id: id ?? randomUUID(),
    clientId: client.clientId,
    useCognitoProvidedValues: defaults,
    ...(settings ? { settings } : {}),
    assets: mergeAssets([], assetsOf(input.Assets)),
    created: now,
    modified: now,
  };
  await save(ctx, pool, branding);
  return { ManagedLoginBranding: output(pool, branding) };
}

export function describeManagedLoginBranding(ctx: CognitoContext, input: Input): Json {
  const pool = poolOf(ctx, String(input.UserPoolId));
  return { ManagedLoginBranding: output(pool, brandingOf(pool, String(input.ManagedLoginBrandingId))) };
}

export function describeManagedLoginBrandingByClient(ctx: CognitoContext, input: Input): Json {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const { client } = clientOf(ctx, String(input.ClientId), pool.pool.id);
  const branding = brandings(pool).find((b) => b.clientId === client.clientId);
  if (!branding) throw new ResourceNotFoundException(`Managed login branding for client ${client.clientId} does not exist.`);
  return { ManagedLoginBranding: output(pool, branding) };
}

/** UseCognitoProvidedValues true reverts to Cognito's defaults: what was set is dropped. */
export async function updateManagedLoginBranding(ctx: CognitoContext, input: Input): Promise<Json> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const branding = brandingOf(pool, String(input.ManagedLoginBrandingId));
  const defaults = checkDefaults(input);
  const settings = objectOf(input.Settings);
  const updated: ManagedLoginBranding = defaults
    ? { id: branding.id, clientId: branding.clientId, useCognitoProvidedValues: true, assets: [], created: branding.created, modified: ctx.clock.now() }
    : {
        ...branding,
        useCognitoProvidedValues: false,
        ...(settings ? { settings: merge(branding.settings ?? {}, settings) } : {}),
        assets: mergeAssets(branding.assets, assetsOf(input.Assets)),
        modified: ctx.clock.now(),
      };
  await save(ctx, pool, updated);
  return { ManagedLoginBranding: output(pool, updated) };
}

export async function deleteManagedLoginBranding(ctx: CognitoContext, input: Input): Promise<Json> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const branding = brandingOf(pool, String(input.ManagedLoginBrandingId));
  const { [branding.id]: _deleted, ...rest } = pool.extras.brandings ?? {};
  await writeExtras(ctx, pool, { brandings: rest });
  return {};
}
