/**
 * State machine aliases: CreateStateMachineAlias, DescribeStateMachineAlias,
 * UpdateStateMachineAlias, ListStateMachineAliases, DeleteStateMachineAlias, and the
 * weighted choice of a version when an execution starts on an alias. Texts as AWS records
 * them (LocalStack's AWS-recorded test_sfn_api_aliasing).
 */
import { AliasNotFound, ConflictException, ResourceNotFound, SfnValidationException, StateMachineDoesNotExist } from "../../errors.js";
import { DEFAULT_PAGE_SIZE } from "../../limits.js";
import type { Registry } from "./registry.js";
import type { AliasRecord, RoutingEntry } from "./state.js";
import { decodeToken, encodeToken, parseStateMachineArn } from "./names.js";

type Input = Record<string, unknown>;

function seconds(ms: number): number {
  return ms / 1000;
}

/** The routing configuration's checks beyond the model's (AWS's texts). */
function checkRouting(registry: Registry, routing: RoutingEntry[]): string {
  const arns = routing.map((r) => r.stateMachineVersionArn);
  const targets = arns.map((arn) => {
    try {
      return parseStateMachineArn(arn);
    } catch {
      return undefined;
    }
  });
  if (targets.some((t) => t === undefined || t.kind !== "version")) {
    throw new SfnValidationException(`Routing configuration must contain state machine version ARNs. Received: [${arns.join(", ")}]`);
  }
  if (new Set(arns).size !== arns.length) {
    throw new SfnValidationException(`Routing configuration must contain distinct state machine version ARNs. Received: [${arns.join(", ")}]`);
  }
  const machines = new Set(targets.map((t) => t?.machineArn));
  if (machines.size !== 1) {
    throw new SfnValidationException(`Routing configuration must contain state machine version ARNs of the same state machine. Received: [${arns.join(", ")}]`);
  }
  const sum = routing.reduce((total, r) => total + r.weight, 0);
  if (sum !== 100) throw new SfnValidationException(`Sum of routing configuration weights must equal 100. Received: [${routing.map((r) => r.weight).join(", ")}]`);
  for (const arn of arns) if (!registry.state.versions.has(arn)) throw new ResourceNotFound(arn);
  const [machineArn] = [...machines];
  if (machineArn === undefined || !registry.state.machines.has(machineArn)) throw new StateMachineDoesNotExist(machineArn ?? "");
  return machineArn;
}

function routingOf(input: unknown): RoutingEntry[] {
  return ((input as { stateMachineVersionArn: string; weight: number }[] | undefined) ?? []).map((r) => ({ stateMachineVersionArn: r.stateMachineVersionArn, weight: r.weight }));
}

function sameRouting(a: RoutingEntry[], b: RoutingEntry[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function createStateMachineAlias(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const name = input.name as string;
  const routing = routingOf(input.routingConfiguration);
  const machineArn = checkRouting(registry, routing);
  const arn = `${machineArn}:${name}`;
  const description = input.description as string | undefined;
  const existing = registry.state.aliases.get(arn);
  if (existing !== undefined) {
    // Idempotent for the same description and routing; a conflict otherwise.
    if (existing.description === description && sameRouting(existing.routingConfiguration, routing)) {
      return { stateMachineAliasArn: arn, creationDate: seconds(existing.creationDate) };
    }
    throw new ConflictException("Failed to create alias because an alias with the same name and a different routing configuration already exists.");
  }
  const now = registry.clock.now();
  const alias: AliasRecord = {
    arn,
    machineArn,
    name,
    routingConfiguration: routing,
    creationDate: now,
    updateDate: now,
    ...(description !== undefined ? { description } : {}),
  };
  registry.state.aliases.set(arn, alias);
  await registry.commit({ t: "alias", alias });
  return { stateMachineAliasArn: arn, creationDate: seconds(now) };
}

function requireAlias(registry: Registry, arn: string): AliasRecord {
  const target = parseStateMachineArn(arn);
  const alias = target.kind === "alias" ? registry.state.aliases.get(arn) : undefined;
  if (alias === undefined) throw new AliasNotFound();
  return alias;
}

export function describeStateMachineAlias(registry: Registry, input: Input): Record<string, unknown> {
  const alias = requireAlias(registry, input.stateMachineAliasArn as string);
  const out: Record<string, unknown> = { stateMachineAliasArn: alias.arn, name: alias.name };
  if (alias.description !== undefined) out.description = alias.description;
  out.routingConfiguration = alias.routingConfiguration;
  out.creationDate = seconds(alias.creationDate);
  out.updateDate = seconds(alias.updateDate);
  return out;
}

export async function updateStateMachineAlias(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const alias = requireAlias(registry, input.stateMachineAliasArn as string);
  if (input.description === undefined && input.routingConfiguration === undefined) {
    throw new SfnValidationException("Either the description or the RoutingConfiguration must be specified");
  }
  const routing = input.routingConfiguration === undefined ? alias.routingConfiguration : routingOf(input.routingConfiguration);
  if (input.routingConfiguration !== undefined) {
    const machineArn = checkRouting(registry, routing);
    if (machineArn !== alias.machineArn) {
      throw new SfnValidationException(`Routing configuration must contain state machine version ARNs of the same state machine. Received: [${routing.map((r) => r.stateMachineVersionArn).join(", ")}]`);
    }
  }
  const description = input.description === undefined ? alias.description : (input.description as string);
  const updated: AliasRecord = { ...alias, routingConfiguration: routing, updateDate: registry.clock.now(), ...(description !== undefined ? { description } : {}) };
  registry.state.aliases.set(alias.arn, updated);
  await registry.commit({ t: "alias", alias: updated });
  return { updateDate: seconds(updated.updateDate) };
}

export function listStateMachineAliases(registry: Registry, input: Input): Record<string, unknown> {
  const arn = input.stateMachineArn as string;
  const target = parseStateMachineArn(arn);
  if (target.kind !== "machine" || !registry.state.machines.has(arn)) throw new StateMachineDoesNotExist(arn);
  const all = [...registry.state.aliases.values()].filter((a) => a.machineArn === arn).sort((a, b) => a.creationDate - b.creationDate || a.name.localeCompare(b.name));
  const offset = decodeToken(input.nextToken as string | undefined);
  const size = (input.maxResults as number | undefined) || DEFAULT_PAGE_SIZE;
  const out: Record<string, unknown> = {
    stateMachineAliases: all.slice(offset, offset + size).map((a) => ({ stateMachineAliasArn: a.arn, creationDate: seconds(a.creationDate) })),
  };
  if (offset + size < all.length) out.nextToken = encodeToken(offset + size);
  return out;
}

export async function deleteStateMachineAlias(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const arn = input.stateMachineAliasArn as string;
  const target = parseStateMachineArn(arn);
  if (target.kind !== "alias") throw new SfnValidationException(`Invalid state machine alias ARN: '${arn}'`);
  if (registry.state.aliases.delete(arn)) await registry.commit({ t: "deleteAlias", arn });
  return {};
}

/** The version an execution on this alias runs: drawn by the routing weights. */
export function pickVersion(alias: AliasRecord, random: () => number): string {
  let draw = random() * 100;
  for (const entry of alias.routingConfiguration) {
    if (draw < entry.weight) return entry.stateMachineVersionArn;
    draw -= entry.weight;
  }
  return alias.routingConfiguration[alias.routingConfiguration.length - 1].stateMachineVersionArn;
}
