/**
 * State machine actions: CreateStateMachine, DescribeStateMachine, ListStateMachines,
 * UpdateStateMachine, DeleteStateMachine, ValidateStateMachineDefinition and tags.
 */
import { uuid } from "@sam-sandbox/core";
import type { Json } from "../asl/json.js";
import { validateDefinition } from "../definition/validate.js";
import { invalidDefinitionMessage } from "../definition/diagnostics.js";
import { withVariableReferences } from "../definition/variableReferences.js";
import {
  InvalidDefinition,
  InvalidLoggingConfiguration,
  MissingRequiredParameter,
  ResourceNotFound,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
} from "../../errors.js";
import { DEFAULT_PAGE_SIZE } from "../../limits.js";
import type { Registry } from "./registry.js";
import type { StateMachineRecord, StateMachineType } from "./state.js";
import { checkName, checkRoleArn, checkStateMachineArn, decodeToken, encodeToken, parseStateMachineArn } from "./names.js";
import { checkPublishInput, publishVersion } from "./versions.js";
import { checkLogDestination } from "./logDestinations.js";

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
  // A level other than OFF logs to exactly one log group (LocalStack's AWS-recorded test_sfn_api_logs).
  const destinations = Array.isArray(given.destinations) ? given.destinations.length : 0;
  if (((given.level ?? "OFF") !== "OFF" && destinations !== 1) || destinations > 1) throw new InvalidLoggingConfiguration("Must specify exactly one Log Destination.");
  return { level: given.level ?? "OFF", includeExecutionData: given.includeExecutionData ?? false, ...(given.destinations ? { destinations: given.destinations } : {}) };
}

function sameJson(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A state machine by its unqualified ARN (a version or alias ARN names no state machine here). */
export function requireMachine(registry: Registry, arn: string): StateMachineRecord {
  const target = parseStateMachineArn(arn);
  const machine = target.kind === "machine" ? registry.state.machines.get(arn) : undefined;
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
  checkPublishInput(input);
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
  await checkLogDestination(registry.logGroups, loggingConfiguration);
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
    ...(input.encryptionConfiguration !== undefined ? { encryptionConfiguration: input.encryptionConfiguration as Json } : {}),
    tags,
    ...(typeof input.description === "string" ? { description: input.description } : {}),
  };
  registry.state.machines.set(arn, machine);
  await registry.commit({ t: "machine", machine });
  const out: Record<string, unknown> = { stateMachineArn: arn, creationDate: seconds(machine.creationDate) };
  if (input.publish === true) out.stateMachineVersionArn = (await publishVersion(registry, machine, input.versionDescription as string | undefined)).arn;
  return out;
}

export function describeStateMachine(registry: Registry, input: Input): Record<string, unknown> {
  const arn = input.stateMachineArn as string;
  const target = parseStateMachineArn(arn);
  if (target.kind === "version") {
    // A version describes as its own ARN, with the revision it was published from and its description.
    const v = registry.state.versions.get(arn);
    const machine = registry.state.machines.get(target.machineArn);
    if (v === undefined || machine === undefined) throw new StateMachineDoesNotExist(arn);
    const out: Record<string, unknown> = {
      stateMachineArn: v.arn,
      name: machine.name,
      status: "ACTIVE",
      definition: v.definition,
      roleArn: v.roleArn,
      type: v.type,
      creationDate: seconds(v.creationDate),
      loggingConfiguration: v.loggingConfiguration,
      tracingConfiguration: v.tracingConfiguration,
    };
    if (v.encryptionConfiguration !== undefined) out.encryptionConfiguration = v.encryptionConfiguration;
    if (v.revisionId !== undefined) out.revisionId = v.revisionId;
    if (v.description !== undefined) out.description = v.description;
    withVariableReferences(out, v.definition);
    return out;
  }
  const m = requireMachine(registry, arn);
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
  // Answered as set, when it was (DescribeStateMachine's encryptionConfiguration).
  if (m.encryptionConfiguration !== undefined) out.encryptionConfiguration = m.encryptionConfiguration;
  if (m.revisionId !== undefined) out.revisionId = m.revisionId;
  withVariableReferences(out, m.definition);
  return out;
}

export function listStateMachines(registry: Registry, input: Input): Record<string, unknown> {
  // By name, compared code unit by code unit: AWS listed statemachine_0_…, statemachine_10_… before
  // statemachine_1_… (LocalStack's AWS-recorded test_list_sms_pagination), not in creation order.
  const all = [...registry.state.machines.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
  const given = ["definition", "roleArn", "loggingConfiguration", "tracingConfiguration", "encryptionConfiguration"].filter((k) => input[k] !== undefined);
  // AWS's text (LocalStack's AWS-recorded test_create_update_state_machine_base_update_none).
  if (given.length === 0 && input.publish !== true) {
    throw new MissingRequiredParameter("Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
  }
  checkPublishInput(input);
  if (definition !== undefined) checkDefinition(definition, m.type);
  if (typeof input.roleArn === "string") checkRoleArn(input.roleArn);
  const next: StateMachineRecord = {
    ...m,
    definition: definition ?? m.definition,
    roleArn: (input.roleArn as string | undefined) ?? m.roleArn,
    loggingConfiguration: input.loggingConfiguration !== undefined ? logging(input) : m.loggingConfiguration,
    tracingConfiguration: (input.tracingConfiguration as Json | undefined) ?? m.tracingConfiguration,
    ...(input.encryptionConfiguration !== undefined ? { encryptionConfiguration: input.encryptionConfiguration as Json } : {}),
  };
  if (input.loggingConfiguration !== undefined) await checkLogDestination(registry.logGroups, next.loggingConfiguration);
  // An update that changes nothing keeps the revision (same revisionId, as AWS answers).
  const changed =
    next.definition !== m.definition ||
    next.roleArn !== m.roleArn ||
    !sameJson(next.loggingConfiguration, m.loggingConfiguration) ||
    !sameJson(next.tracingConfiguration, m.tracingConfiguration) ||
    !sameJson(next.encryptionConfiguration ?? null, m.encryptionConfiguration ?? null);
  const updated: StateMachineRecord = changed ? { ...next, updateDate: registry.clock.now(), revisionId: uuid() } : { ...m, updateDate: registry.clock.now() };
  registry.state.machines.set(m.arn, updated);
  await registry.commit({ t: "machine", machine: updated });
  const out: Record<string, unknown> = { updateDate: seconds(updated.updateDate ?? 0) };
  if (updated.revisionId !== undefined) out.revisionId = updated.revisionId;
  if (input.publish === true) out.stateMachineVersionArn = (await publishVersion(registry, updated, input.versionDescription as string | undefined)).arn;
  return out;
}

export async function deleteStateMachine(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const arn = input.stateMachineArn as string;
  const target = parseStateMachineArn(arn);
  if (target.kind !== "machine") {
    // DeleteStateMachine also deletes a version or an alias given by its ARN.
    const kind = target.kind === "version" ? "deleteVersion" : "deleteAlias";
    const map = target.kind === "version" ? registry.state.versions : registry.state.aliases;
    if (map.delete(arn)) await registry.commit({ t: kind, arn });
    return {};
  }
  checkStateMachineArn(arn);
  // Its versions and aliases go with it.
  for (const alias of [...registry.state.aliases.values()].filter((a) => a.machineArn === arn)) {
    registry.state.aliases.delete(alias.arn);
    await registry.commit({ t: "deleteAlias", arn: alias.arn });
  }
  for (const version of [...registry.state.versions.values()].filter((v) => v.machineArn === arn)) {
    registry.state.versions.delete(version.arn);
    await registry.commit({ t: "deleteVersion", arn: version.arn });
  }
  if (registry.state.machines.delete(arn)) await registry.commit({ t: "deleteMachine", arn });
  return {};
}

export function validateStateMachineDefinition(input: Input): Record<string, unknown> {
  const type = ((input.type as string | undefined) ?? "STANDARD") as StateMachineType;
  const { diagnostics } = validateDefinition(input.definition as string, { type });
  const failed = diagnostics.some((d) => d.severity === "ERROR");
  return { result: failed ? "FAIL" : "OK", diagnostics, truncated: false };
}

/** State machines and activities carry tags. */
function tagsOf(registry: Registry, arn: string): { tags: Record<string, string>; save(tags: Record<string, string>): Promise<void> } {
  const machine = registry.state.machines.get(arn);
  if (machine !== undefined) {
    return {
      tags: machine.tags,
      async save(tags) {
        const updated = { ...machine, tags };
        registry.state.machines.set(arn, updated);
        await registry.commit({ t: "machine", machine: updated });
      },
    };
  }
  const activity = registry.state.activities.get(arn);
  if (activity !== undefined) {
    return {
      tags: activity.tags,
      async save(tags) {
        const updated = { ...activity, tags };
        registry.state.activities.set(arn, updated);
        await registry.commit({ t: "activity", activity: updated });
      },
    };
  }
  throw new ResourceNotFound(arn);
}

export async function tagResource(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const resource = tagsOf(registry, input.resourceArn as string);
  const tags = { ...resource.tags };
  for (const tag of input.tags as { key: string; value?: string }[]) tags[tag.key] = tag.value ?? "";
  await resource.save(tags);
  return {};
}

export async function untagResource(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const resource = tagsOf(registry, input.resourceArn as string);
  const tags = { ...resource.tags };
  for (const key of input.tagKeys as string[]) delete tags[key];
  await resource.save(tags);
  return {};
}

export function listTagsForResource(registry: Registry, input: Input): Record<string, unknown> {
  const resource = tagsOf(registry, input.resourceArn as string);
  return { tags: Object.entries(resource.tags).map(([key, value]) => ({ key, value })) };
}
