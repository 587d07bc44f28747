/** Configuration sets: stored and listed (their event destinations: eventDestinations.ts). */
import { ConfigurationSetAlreadyExistsException, ConfigurationSetDoesNotExistException } from "../errors.js";
import { DEFAULT_PAGE_SIZE } from "../limits.js";
import { commit, seconds, type SesContext } from "./context.js";
import { page } from "./page.js";
import type { ConfigurationSet } from "./state.js";

export function configurationSetOf(ctx: SesContext, name: string) {
  const set = ctx.durable.state.configurationSets.get(name);
  if (!set) throw new ConfigurationSetDoesNotExistException(name);
  return set;
}

export async function createConfigurationSet(ctx: SesContext, input: { ConfigurationSet: { Name: string } }): Promise<Record<string, never>> {
  const name = input.ConfigurationSet.Name;
  if (ctx.durable.state.configurationSets.has(name)) throw new ConfigurationSetAlreadyExistsException(name);
  await commit(ctx, { t: "putConfigurationSet", set: { name, created: ctx.clock.now() } });
  return {};
}

export async function deleteConfigurationSet(ctx: SesContext, input: { ConfigurationSetName: string }): Promise<Record<string, never>> {
  configurationSetOf(ctx, input.ConfigurationSetName);
  await commit(ctx, { t: "deleteConfigurationSet", name: input.ConfigurationSetName });
  return {};
}

export function listConfigurationSets(ctx: SesContext, input: { MaxItems?: number; NextToken?: string }) {
  const all = [...ctx.durable.state.configurationSets.values()].map((s) => ({ Name: s.name }));
  const found = page(all, input.MaxItems ?? all.length, input.NextToken);
  return { ConfigurationSets: found.items, ...(found.next ? { NextToken: found.next } : {}) };
}

/** The reputation options of a set as both APIs describe them (SES v1 ReputationOptions: sending defaults to true, metrics to false, LastFreshStart null until a fresh start). */
function reputationOf(ctx: SesContext, set: ConfigurationSet) {
  return {
    SendingEnabled: set.sendingEnabled ?? true,
    ReputationMetricsEnabled: set.reputationMetricsEnabled ?? false,
    ...(set.lastFreshStart !== undefined ? { LastFreshStart: seconds(set.lastFreshStart) } : {}),
  };
}

export function describeConfigurationSet(ctx: SesContext, input: { ConfigurationSetName: string; ConfigurationSetAttributeNames?: string[] }) {
  const set = configurationSetOf(ctx, input.ConfigurationSetName);
  // Each part is described when asked for by name (DescribeConfigurationSet API reference); delivery
  // options only once put, as an unset TlsPolicy has no value to show.
  const asked = new Set(input.ConfigurationSetAttributeNames ?? []);
  return {
    ConfigurationSet: { Name: set.name },
    ...(asked.has("eventDestinations") ? { EventDestinations: set.eventDestinations ?? [] } : {}),
    // v1's DeliveryOptions has the TLS policy alone (SESv2 adds a sending pool and a maximum delivery time).
    ...(asked.has("deliveryOptions") && set.deliveryOptions !== undefined
      ? { DeliveryOptions: set.deliveryOptions.TlsPolicy !== undefined ? { TlsPolicy: set.deliveryOptions.TlsPolicy } : {} }
      : {}),
    ...(asked.has("reputationOptions") ? { ReputationOptions: reputationOf(ctx, set) } : {}),
  };
}

/**
 * Turns sending with the set on or off. Enabling it again after it was off resets the set's
 * reputation metrics, a "fresh start" (ReputationOptions.LastFreshStart, SES API reference).
 */
export async function updateConfigurationSetSendingEnabled(ctx: SesContext, input: { ConfigurationSetName: string; Enabled: boolean }): Promise<Record<string, never>> {
  const set = configurationSetOf(ctx, input.ConfigurationSetName);
  const freshStart = input.Enabled && set.sendingEnabled === false;
  await commit(ctx, { t: "putConfigurationSet", set: { ...set, sendingEnabled: input.Enabled, ...(freshStart ? { lastFreshStart: ctx.clock.now() } : {}) } });
  return {};
}

export async function updateConfigurationSetReputationMetricsEnabled(ctx: SesContext, input: { ConfigurationSetName: string; Enabled: boolean }): Promise<Record<string, never>> {
  const set = configurationSetOf(ctx, input.ConfigurationSetName);
  await commit(ctx, { t: "putConfigurationSet", set: { ...set, reputationMetricsEnabled: input.Enabled } });
  return {};
}

/** Sets (or, with no DeliveryOptions, clears) the set's TLS policy. */
export async function putConfigurationSetDeliveryOptions(ctx: SesContext, input: { ConfigurationSetName: string; DeliveryOptions?: { TlsPolicy?: string } }): Promise<Record<string, never>> {
  const { deliveryOptions: _previous, ...set } = configurationSetOf(ctx, input.ConfigurationSetName);
  await commit(ctx, { t: "putConfigurationSet", set: { ...set, ...(input.DeliveryOptions !== undefined ? { deliveryOptions: input.DeliveryOptions } : {}) } });
  return {};
}

// SESv2 (creating and describing with options: configurationSetsV2.ts)

export function listConfigurationSetsV2(ctx: SesContext, input: { PageSize?: number; NextToken?: string }) {
  const found = page([...ctx.durable.state.configurationSets.keys()], input.PageSize ?? DEFAULT_PAGE_SIZE, input.NextToken);
  return { ConfigurationSets: found.items, ...(found.next ? { NextToken: found.next } : {}) };
}
