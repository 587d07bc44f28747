/** Configuration sets: stored and listed (their event destinations: eventDestinations.ts). */
import { ConfigurationSetAlreadyExistsException, ConfigurationSetDoesNotExistException } from "../errors.js";
import { DEFAULT_PAGE_SIZE } from "../limits.js";
import { commit, type SesContext } from "./context.js";
import { page } from "./page.js";

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

export function describeConfigurationSet(ctx: SesContext, input: { ConfigurationSetName: string; ConfigurationSetAttributeNames?: string[] }) {
  const set = configurationSetOf(ctx, input.ConfigurationSetName);
  // Event destinations are described when asked for by name (DescribeConfigurationSet API reference).
  const withDestinations = input.ConfigurationSetAttributeNames?.includes("eventDestinations") ?? false;
  return { ConfigurationSet: { Name: set.name }, ...(withDestinations ? { EventDestinations: set.eventDestinations ?? [] } : {}) };
}

// SESv2

export function createConfigurationSetV2(ctx: SesContext, input: { ConfigurationSetName: string }) {
  return createConfigurationSet(ctx, { ConfigurationSet: { Name: input.ConfigurationSetName } });
}

export function getConfigurationSet(ctx: SesContext, input: { ConfigurationSetName: string }) {
  return { ConfigurationSetName: configurationSetOf(ctx, input.ConfigurationSetName).name, Tags: [] };
}

export function listConfigurationSetsV2(ctx: SesContext, input: { PageSize?: number; NextToken?: string }) {
  const found = page([...ctx.durable.state.configurationSets.keys()], input.PageSize ?? DEFAULT_PAGE_SIZE, input.NextToken);
  return { ConfigurationSets: found.items, ...(found.next ? { NextToken: found.next } : {}) };
}
