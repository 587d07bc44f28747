/**
 * State machine actions: CreateStateMachine, DescribeStateMachine, ListStateMachines,
 * UpdateStateMachine, DeleteStateMachine, ValidateStateMachineDefinition and tags.
 */
import { uuid } from "@sam-sandbox/core";
import type { Json } from "../asl/json.js";
import { validateDefinition } from "../definition/validate.js";
import { invalidDefinitionMessage } from "../definition/diagnostics.js";
import {
  InvalidDefinition,
  ResourceNotFound,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
} from "../../errors.js";
import { DEFAULT_PAGE_SIZE } from "../../limits.js";
import type { Registry } from "./registry.js";
import type { StateMachineRecord, StateMachineType } from "./state.js";
import { checkName, checkRoleArn, checkStateMachineArn, decodeToken, encodeToken } from "./names.js";

type Input = Record<string, unknown>;

const DEFAULT_LOGGING: Json = { level: "OFF", includeExecutionData: false };
const DEFAULT_TRACING: Json = { enabled: false };

export function seconds(ms: number): number {
  return ms / 1000;
}

function checkDefinition(definition: string, type: StateMachineType): void {
  const { diagnostics } = validateDefinition(definition, { type });
  const errors = diagnostics.filter((d) => d.severity === "ERROR");
  if (errors.length > 0) throw new InvalidDefinition(invalidDefinitionMessage(errors));
}

function logging(input: Input): Json {
  const given = input.loggingConfiguration as Record<string, Json> | undefined;
  if (!given) return DEFAULT_LOGGING;
  return { level: given.level ?? "OFF", includeExecutionData: given.includeExecutionData ?? false, ...(given.destinations ? { destinations: given.destinations } : {}) };
}

function sameJson(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function requireMachine(registry: Registry, arn: string): StateMachineRecord {
  checkStateMachineArn(arn);
  const machine = registry.state.machines.get(arn);
  if (!machine) throw new StateMachineDoesNotExist(arn);
  return machine;
}

export async function createStateMachine(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const name = input.name as string;
  const definition = input.definition as string;
  const roleArn = input.roleArn as string;
  const type = ((input.type as string | undefined) ?? "STANDARD") as StateMachineType;
  checkName(name);
  checkRoleArn(roleArn);
  const loggingConfiguration = logging(input);
  const tracingConfiguration = (input.tracingConfiguration as Json | undefined) ?? DEFAULT_TRACING;
  const arn = registry.arn("stateMachine", name);
  const existing = registry.state.machines.get(arn);
  if (existing) {
    // Idempotent: same name, definition, type, logging and tracing returns the machine.
    if (existing.definition === definition && existing.type === type && sameJson(existing.loggingConfiguration, loggingConfiguration) && sameJson(existing.tracingConfiguration, tracingConfiguration)) {
      return { stateMachineArn: existing.arn, creationDate: seconds(existing.creationDate) };
    }
    throw new StateMachineAlreadyExists(arn);
  }
  checkDefinition(definition, type);
  const tags: Record<string, string> = {};
  for (const tag of (input.tags as { key: string; value: string }[] | undefined) ?? []) tags[tag.key] = tag.value ?? "";
  const machine: StateMachineRecord = {
    arn,
    name,
    definition,
    roleArn,
    type,
    creationDate: registry.clock.now(),
    loggingConfiguration,
    tracingConfiguration,
    tags,
    ...(typeof input.description === "string" ? { description: input.description } : {}),
  };
  registry.state.machines.set(arn, machine);
  await registry.commit({ t: "machine", machine });
  return { stateMachineArn: arn, creationDate: seconds(machine.creationDate) };
}

export function describeStateMachine(registry: Registry, input: Input): Record<string, unknown> {
  const m = requireMachine(registry, input.stateMachineArn as string);
  const out: Record<string, unknown> = {
    stateMachineArn: m.arn,
    name: m.name,
    status: "ACTIVE",
    definition: m.definition,
    roleArn: m.roleArn,
    type: m.type,
    creationDate: seconds(m.creationDate),
    loggingConfiguration: m.loggingConfiguration,
    tracingConfiguration: m.tracingConfiguration,
  };
  if (m.revisionId !== undefined) out.revisionId = m.revisionId;
  if (m.description !== undefined) out.description = m.description;
  return out;
}

export function listStateMachines(registry: Registry, input: Input): Record<string, unknown> {
  const all = [...registry.state.machines.values()].sort((a, b) => a.creationDate - b.creationDate || a.name.localeCompare(b.name));
  const offset = decodeToken(input.nextToken as string | undefined);
  const size = (input.maxResults as number | undefined) || DEFAULT_PAGE_SIZE;
  const page = all.slice(offset, offset + size);
  const out: Record<string, unknown> = {
    stateMachines: page.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: seconds(m.creationDate) })),
  };
  if (offset + size < all.length) out.nextToken = encodeToken(offset + size);
  return out;
}

export async function updateStateMachine(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const m = requireMachine(registry, input.stateMachineArn as string);
  const definition = input.definition as string | undefined;
  if (definition !== undefined) checkDefinition(definition, m.type);
  if (typeof input.roleArn === "string") checkRoleArn(input.roleArn);
  const updated: StateMachineRecord = {
    ...m,
    definition: definition ?? m.definition,
    roleArn: (input.roleArn as string | undefined) ?? m.roleArn,
    loggingConfiguration: input.loggingConfiguration !== undefined ? logging(input) : m.loggingConfiguration,
    tracingConfiguration: (input.tracingConfiguration as Json | undefined) ?? m.tracingConfiguration,
    updateDate: registry.clock.now(),
    revisionId: uuid(),
  };
  registry.state.machines.set(m.arn, updated);
  await registry.commit({ t: "machine", machine: updated });
  return { updateDate: seconds(updated.updateDate ?? 0), revisionId: updated.revisionId };
}

export async function deleteStateMachine(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const arn = input.stateMachineArn as string;
  checkStateMachineArn(arn);
  if (registry.state.machines.delete(arn)) await registry.commit({ t: "deleteMachine", arn });
  return {};
}

export function validateStateMachineDefinition(input: Input): Record<string, unknown> {
  const type = ((input.type as string | undefined) ?? "STANDARD") as StateMachineType;
  const { diagnostics } = validateDefinition(input.definition as string, { type });
  const failed = diagnostics.some((d) => d.severity === "ERROR");
  return { result: failed ? "FAIL" : "OK", diagnostics, truncated: false };
}

function taggable(registry: Registry, arn: string): StateMachineRecord {
  const machine = registry.state.machines.get(arn);
  if (!machine) throw new ResourceNotFound(arn);
  return machine;
}

export async function tagResource(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const machine = taggable(registry, input.resourceArn as string);
  const tags = { ...machine.tags };
  for (const tag of input.tags as { key: string; value?: string }[]) tags[tag.key] = tag.value ?? "";
  const updated = { ...machine, tags };
  registry.state.machines.set(machine.arn, updated);
  await registry.commit({ t: "machine", machine: updated });
  return {};
}

export async function untagResource(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const machine = taggable(registry, input.resourceArn as string);
  const tags = { ...machine.tags };
  for (const key of input.tagKeys as string[]) delete tags[key];
  const updated = { ...machine, tags };
  registry.state.machines.set(machine.arn, updated);
  await registry.commit({ t: "machine", machine: updated });
  return {};
}

export function listTagsForResource(registry: Registry, input: Input): Record<string, unknown> {
  const machine = taggable(registry, input.resourceArn as string);
  return { tags: Object.entries(machine.tags).map(([key, value]) => ({ key, value })) };
}
