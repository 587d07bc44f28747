/**
 * State machine versions: PublishStateMachineVersion, ListStateMachineVersions,
 * DeleteStateMachineVersion, and publish=true on CreateStateMachine / UpdateStateMachine.
 * Behaviour and texts as AWS records them (LocalStack's AWS-recorded test_sfn_api_versioning).
 */
import { ConflictException, SfnValidationException, StateMachineDoesNotExist } from "../../errors.js";
import { DEFAULT_PAGE_SIZE } from "../../limits.js";
import type { Registry } from "./registry.js";
import type { StateMachineRecord, VersionRecord } from "./state.js";
import { decodeToken, encodeToken, parseStateMachineArn } from "./names.js";

type Input = Record<string, unknown>;

function seconds(ms: number): number {
  return ms / 1000;
}

export function versionsOf(registry: Registry, machineArn: string): VersionRecord[] {
  return [...registry.state.versions.values()].filter((v) => v.machineArn === machineArn).sort((a, b) => b.version - a.version);
}

/** CreateStateMachine / UpdateStateMachine: versionDescription needs publish=true. */
export function checkPublishInput(input: Input): void {
  if (input.versionDescription !== undefined && input.publish !== true) {
    throw new SfnValidationException("Version description can only be set when publish is true");
  }
}

/**
 * Publishes the machine's current revision. Publishing a revision that is already the
 * latest version returns that version (AWS's publish is idempotent).
 */
export async function publishVersion(registry: Registry, machine: StateMachineRecord, description: string | undefined): Promise<VersionRecord> {
  const latest = versionsOf(registry, machine.arn)[0];
  if (latest !== undefined && latest.revisionId === machine.revisionId && latest.definition === machine.definition && latest.roleArn === machine.roleArn) {
    return latest;
  }
  const number = (machine.latestVersion ?? 0) + 1;
  const version: VersionRecord = {
    arn: `${machine.arn}:${number}`,
    machineArn: machine.arn,
    version: number,
    definition: machine.definition,
    roleArn: machine.roleArn,
    type: machine.type,
    loggingConfiguration: machine.loggingConfiguration,
    tracingConfiguration: machine.tracingConfiguration,
    ...(machine.encryptionConfiguration !== undefined ? { encryptionConfiguration: machine.encryptionConfiguration } : {}),
    creationDate: registry.clock.now(),
    ...(machine.revisionId !== undefined ? { revisionId: machine.revisionId } : {}),
    ...(description !== undefined ? { description } : {}),
  };
  const updated: StateMachineRecord = { ...machine, latestVersion: number };
  registry.state.machines.set(machine.arn, updated);
  registry.state.versions.set(version.arn, version);
  await registry.commit({ t: "machine", machine: updated });
  await registry.commit({ t: "version", version });
  return version;
}

export async function publishStateMachineVersion(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const arn = input.stateMachineArn as string;
  const target = parseStateMachineArn(arn);
  const machine = target.kind === "machine" ? registry.state.machines.get(arn) : undefined;
  if (machine === undefined) throw new StateMachineDoesNotExist(arn);
  const revisionId = input.revisionId as string | undefined;
  if (revisionId !== undefined && revisionId !== machine.revisionId) {
    throw new ConflictException(
      `Failed to publish the State Machine version for revision ${revisionId}. The current State Machine revision is ${machine.revisionId ?? "INITIAL"}.`,
    );
  }
  const version = await publishVersion(registry, machine, input.description as string | undefined);
  return { creationDate: seconds(version.creationDate), stateMachineVersionArn: version.arn };
}

export function listStateMachineVersions(registry: Registry, input: Input): Record<string, unknown> {
  const arn = input.stateMachineArn as string;
  const target = parseStateMachineArn(arn);
  if (target.kind !== "machine") throw new StateMachineDoesNotExist(arn);
  const all = versionsOf(registry, arn);
  const offset = decodeToken(input.nextToken as string | undefined);
  const size = (input.maxResults as number | undefined) || DEFAULT_PAGE_SIZE;
  const out: Record<string, unknown> = {
    stateMachineVersions: all.slice(offset, offset + size).map((v) => ({ stateMachineVersionArn: v.arn, creationDate: seconds(v.creationDate) })),
  };
  if (offset + size < all.length) out.nextToken = encodeToken(offset + size);
  return out;
}

export async function deleteStateMachineVersion(registry: Registry, input: Input): Promise<Record<string, unknown>> {
  const arn = input.stateMachineVersionArn as string;
  const target = parseStateMachineArn(arn);
  if (target.kind !== "version") throw new SfnValidationException(`Invalid state machine version ARN: '${arn}'`);
  if (!registry.state.versions.has(arn)) return {};
  const referencing = [...registry.state.aliases.values()].filter((a) => a.routingConfiguration.some((r) => r.stateMachineVersionArn === arn));
  if (referencing.length > 0) {
    throw new ConflictException(
      `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${referencing.map((a) => a.name).join(", ")}]`,
    );
  }
  registry.state.versions.delete(arn);
  await registry.commit({ t: "deleteVersion", arn });
  return {};
}
