/**
 * CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases. An alias names a
 * version (or $LATEST); Invoke with it as Qualifier runs that version, or another one
 * for a share of calls (RoutingConfig.AdditionalVersionWeights).
 */
import { InvalidParameterValueException, ResourceConflictException, ResourceNotFoundException, WITHOUT_TYPE, messages } from "../errors.js";
import { LATEST_VERSION } from "../limits.js";
import { checkRevision, obj, page, str, type ApiContext, type Input } from "./apiContext.js";
import type { AliasRecord, FunctionRecord } from "./registry.js";
import { provisionedChanged } from "./provisionedConcurrency.js";

export function createAlias(ctx: ApiContext, input: Input): Record<string, unknown> {
  const name = String(input.Name);
  const functionVersion = String(input.FunctionVersion);
  // A missing function is named with the version the alias would point to (as AWS answers).
  const { name: functionName } = ctx.registry.parse(String(input.FunctionName));
  const record = ctx.registry.find(functionName);
  if (!record) throw new ResourceNotFoundException(messages.functionNotFound(`${ctx.registry.arnOf(functionName)}:${functionVersion}`));
  requireVersion(record, functionVersion);
  if (record.aliases.has(name)) throw new ResourceConflictException(messages.aliasExists(aliasArn(record, name)));
  const alias: AliasRecord = {
    name,
    functionVersion,
    description: str(input, "Description") ?? "",
    revisionId: ctx.registry.newRevisionId(),
    routing: routingOf(record, input, functionVersion),
  };
  record.aliases.set(name, alias);
  return aliasConfiguration(record, alias);
}

export function getAlias(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = ctx.registry.get(String(input.FunctionName));
  return aliasConfiguration(record, findAlias(record, String(input.Name)));
}

export function updateAlias(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = ctx.registry.get(String(input.FunctionName));
  const alias = findAlias(record, String(input.Name));
  checkRevision(str(input, "RevisionId"), alias.revisionId);
  const functionVersion = str(input, "FunctionVersion") ?? alias.functionVersion;
  requireVersion(record, functionVersion);
  const updated: AliasRecord = {
    name: alias.name,
    functionVersion,
    description: str(input, "Description") ?? alias.description,
    revisionId: ctx.registry.newRevisionId(),
    routing: obj(input, "RoutingConfig") ? routingOf(record, input, functionVersion) : alias.routing,
  };
  record.aliases.set(alias.name, updated);
  return aliasConfiguration(record, updated);
}

export function deleteAlias(ctx: ApiContext, input: Input): void {
  const record = ctx.registry.get(String(input.FunctionName));
  if (record.aliases.delete(String(input.Name))) {
    record.forget(String(input.Name));
    provisionedChanged(ctx.concurrency, record);
  }
}

export function listAliases(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = ctx.registry.get(String(input.FunctionName));
  const version = str(input, "FunctionVersion");
  const aliases = [...record.aliases.values()].filter((a) => version === undefined || a.functionVersion === version);
  return page(aliases.map((a) => aliasConfiguration(record, a)), input, "Aliases");
}

function aliasConfiguration(record: FunctionRecord, alias: AliasRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    AliasArn: aliasArn(record, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId,
  };
  if (alias.routing) out.RoutingConfig = { AdditionalVersionWeights: alias.routing };
  return out;
}

function aliasArn(record: FunctionRecord, name: string): string {
  return `${record.latest.config.arn}:${name}`;
}

function findAlias(record: FunctionRecord, name: string): AliasRecord {
  const alias = record.aliases.get(name);
  if (!alias) throw new ResourceNotFoundException(messages.aliasNotFound(aliasArn(record, name)));
  return alias;
}

function requireVersion(record: FunctionRecord, version: string): void {
  if (version !== LATEST_VERSION && !record.versions.has(version)) {
    throw new ResourceNotFoundException(messages.functionNotFound(`${record.latest.config.arn}:${version}`));
  }
}

function routingOf(record: FunctionRecord, input: Input, functionVersion: string): Record<string, number> | undefined {
  const weights = obj(obj(input, "RoutingConfig") ?? {}, "AdditionalVersionWeights");
  if (!weights || Object.keys(weights).length === 0) return undefined;
  if (Object.keys(weights).length > 1) throw new InvalidParameterValueException(messages.routingTooMany());
  // Answered without "Type" (localstack test_notfound_and_invalid_routingconfigs, recorded on AWS).
  if (functionVersion === LATEST_VERSION) throw new InvalidParameterValueException(messages.routingOnLatest(), { ...WITHOUT_TYPE });
  const out: Record<string, number> = {};
  for (const [version, weight] of Object.entries(weights)) {
    if (version === functionVersion) throw new InvalidParameterValueException(messages.routingSameVersion(version));
    requireVersion(record, version);
    out[version] = Number(weight);
  }
  return out;
}
