/**
 * PutProvisionedConcurrencyConfig, GetProvisionedConcurrencyConfig,
 * DeleteProvisionedConcurrencyConfig and ListProvisionedConcurrencyConfigs: stored on a
 * published version or an alias. Lambda answers Put with IN_PROGRESS and reports READY once
 * the environments are allocated; the sandbox has nothing to allocate, so a config read
 * back is READY. (Environments still start on the first invocation, not in advance.)
 */
import {
  InvalidParameterValueException,
  ProvisionedConcurrencyConfigNotFoundException,
  ResourceConflictException,
  ResourceNotFoundException,
  messages,
} from "../errors.js";
import { LATEST_VERSION, MINIMUM_UNRESERVED_CONCURRENCY } from "../limits.js";
import { num, page, str, type ApiContext, type Input } from "./apiContext.js";
import type { Concurrency } from "./concurrency.js";
import type { FunctionRecord } from "./registry.js";

export function putProvisionedConcurrencyConfig(ctx: ApiContext, input: Input): Record<string, unknown> {
  if (str(input, "Qualifier") === LATEST_VERSION) throw new InvalidParameterValueException(messages.provisionedOnUnpublished());
  const { record, qualifier } = qualified(ctx, input);
  const requested = num(input, "ProvisionedConcurrentExecutions") ?? 0;
  const alias = record.aliases.get(qualifier);
  if (alias?.functionVersion === LATEST_VERSION) throw new InvalidParameterValueException(messages.provisionedOnUnpublished());
  if (alias && record.provisionedConcurrency.has(alias.functionVersion)) throw new ResourceConflictException(messages.provisionedAliasOnProvisionedVersion());
  if (!alias && [...record.aliases.values()].some((a) => a.functionVersion === qualifier && record.provisionedConcurrency.has(a.name))) {
    throw new ResourceConflictException(messages.provisionedVersionUnderAlias());
  }
  const others = [...record.provisionedConcurrency].filter(([q]) => q !== qualifier).reduce((sum, [, c]) => sum + c.requested, 0);
  const reserved = ctx.concurrency.reservedOf(record.name);
  if (reserved !== undefined && reserved < others + requested) throw new InvalidParameterValueException(messages.provisionedAboveReserved());
  // As PutFunctionConcurrency: a smaller configured account limit keeps a tenth unreserved.
  const minimum = Math.min(MINIMUM_UNRESERVED_CONCURRENCY, Math.floor(ctx.concurrency.accountLimit / 10));
  if (ctx.concurrency.unreserved() - requested < minimum) {
    throw new InvalidParameterValueException(messages.provisionedBelowUnreserved(minimum));
  }
  const lastModified = new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, "+0000");
  record.provisionedConcurrency.set(qualifier, { requested, lastModified });
  provisionedChanged(ctx.concurrency, record);
  return {
    RequestedProvisionedConcurrentExecutions: requested,
    AvailableProvisionedConcurrentExecutions: 0,
    AllocatedProvisionedConcurrentExecutions: 0,
    Status: "IN_PROGRESS",
    LastModified: lastModified,
  };
}

export function getProvisionedConcurrencyConfig(ctx: ApiContext, input: Input): Record<string, unknown> {
  if (str(input, "Qualifier") === LATEST_VERSION) throw new InvalidParameterValueException(messages.provisionedNeedsQualifier());
  const { record, qualifier } = qualified(ctx, input);
  const config = record.provisionedConcurrency.get(qualifier);
  if (!config) throw new ProvisionedConcurrencyConfigNotFoundException(messages.provisionedNotFound());
  return ready(config);
}

/** Deleting a config that does not exist is no error, as on Lambda. */
export function deleteProvisionedConcurrencyConfig(ctx: ApiContext, input: Input): void {
  if (str(input, "Qualifier") === LATEST_VERSION) throw new InvalidParameterValueException(messages.provisionedNeedsQualifier());
  const { record, qualifier } = qualified(ctx, input);
  record.provisionedConcurrency.delete(qualifier);
  provisionedChanged(ctx.concurrency, record);
}

/** The function's provisioned concurrency, its versions and aliases together. */
export function provisionedTotal(record: FunctionRecord): number {
  let total = 0;
  for (const config of record.provisionedConcurrency.values()) total += config.requested;
  return total;
}

/** Tells Concurrency the function's provisioned total, carved out of its reservation. */
export function provisionedChanged(concurrency: Concurrency, record: FunctionRecord): void {
  concurrency.setProvisioned(record.name, provisionedTotal(record));
}

export function listProvisionedConcurrencyConfigs(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = ctx.registry.get(String(input.FunctionName));
  const items = [...record.provisionedConcurrency].map(([qualifier, config]) => ({ FunctionArn: `${record.config.arn}:${qualifier}`, ...ready(config) }));
  return page(items, input, "ProvisionedConcurrencyConfigs");
}

function ready(config: { requested: number; lastModified: string }): Record<string, unknown> {
  return {
    RequestedProvisionedConcurrentExecutions: config.requested,
    AvailableProvisionedConcurrentExecutions: config.requested,
    AllocatedProvisionedConcurrentExecutions: config.requested,
    Status: "READY",
    LastModified: config.lastModified,
  };
}

/** The function and the version or alias named (Cannot find alias arn / Function not found otherwise). */
function qualified(ctx: ApiContext, input: Input): { record: FunctionRecord; qualifier: string } {
  const parsed = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  const qualifier = parsed.qualifier ?? "";
  const record = ctx.registry.find(parsed.name);
  const arn = `${ctx.registry.arnOf(parsed.name)}:${qualifier}`;
  if (/^\d+$/.test(qualifier)) {
    if (!record?.versions.has(qualifier)) throw new ResourceNotFoundException(messages.functionNotFound(arn));
  } else if (!record?.aliases.has(qualifier)) {
    throw new ResourceNotFoundException(messages.aliasNotFound(arn));
  }
  return { record, qualifier };
}
