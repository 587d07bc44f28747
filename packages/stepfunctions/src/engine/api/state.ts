/**
 * What Step Functions keeps (through the Store port): state machines with their versions
 * and aliases, activities, Standard executions and their histories. The history is the journal of an execution; a
 * checkpoint after each top-level state lets a running execution resume after a restart.
 */
import type { StateCodec } from "@sam-sandbox/core";
import type { Json } from "../asl/json.js";
import type { HistoryEvent } from "../asl/history.js";
import type { Checkpoint } from "../asl/execution.js";

export type StateMachineType = "STANDARD" | "EXPRESS";
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE";

export interface StateMachineRecord {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: StateMachineType;
  /** ms since the epoch */
  creationDate: number;
  updateDate?: number;
  revisionId?: string;
  description?: string;
  loggingConfiguration: Json;
  tracingConfiguration: Json;
  /** EncryptionConfiguration as given (type, kmsKeyId, kmsDataKeyReusePeriodSeconds); nothing is encrypted locally. */
  encryptionConfiguration?: Json;
  tags: Record<string, string>;
  /** The highest version number ever published (numbers are never reused). */
  latestVersion?: number;
}

/** A published version: an immutable copy of the machine (PublishStateMachineVersion). */
export interface VersionRecord {
  /** <stateMachineArn>:<version> */
  arn: string;
  machineArn: string;
  version: number;
  definition: string;
  roleArn: string;
  type: StateMachineType;
  loggingConfiguration: Json;
  tracingConfiguration: Json;
  encryptionConfiguration?: Json;
  /** The machine's revision it was published from (none before the first update). */
  revisionId?: string;
  description?: string;
  creationDate: number;
}

export interface RoutingEntry {
  stateMachineVersionArn: string;
  weight: number;
}

/** An alias routing executions to one or two versions by weight. */
export interface AliasRecord {
  /** <stateMachineArn>:<name> */
  arn: string;
  machineArn: string;
  name: string;
  description?: string;
  routingConfiguration: RoutingEntry[];
  creationDate: number;
  updateDate: number;
}

export interface ActivityRecord {
  arn: string;
  name: string;
  creationDate: number;
  tags: Record<string, string>;
  /** CreateActivity's EncryptionConfiguration, as given. */
  encryptionConfiguration?: Json;
}

export interface ExecutionRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  /** JSON text, as given */
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  roleArn: string;
  type: StateMachineType;
  /** The definition the execution runs (DescribeStateMachineForExecution). */
  definition: string;
  stateMachineName: string;
  updateDate?: number;
  revisionId?: string;
  checkpoint?: Checkpoint;
  /** The X-Amzn-Trace-Id StartExecution received (header, else its traceHeader member). */
  traceHeader?: string;
  /** Started on a version (directly or through an alias). */
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  /** RedriveExecution: how many times, when last, and where the next redrive starts. */
  redriveCount?: number;
  redriveDate?: number;
  redrivePoint?: Checkpoint;
}

export interface SfnState {
  machines: Map<string, StateMachineRecord>;
  versions: Map<string, VersionRecord>;
  aliases: Map<string, AliasRecord>;
  activities: Map<string, ActivityRecord>;
  executions: Map<string, ExecutionRecord>;
  histories: Map<string, HistoryEvent[]>;
}

export type SfnRecord =
  | { t: "machine"; machine: StateMachineRecord }
  | { t: "deleteMachine"; arn: string }
  | { t: "version"; version: VersionRecord }
  | { t: "deleteVersion"; arn: string }
  | { t: "alias"; alias: AliasRecord }
  | { t: "deleteAlias"; arn: string }
  | { t: "activity"; activity: ActivityRecord }
  | { t: "deleteActivity"; arn: string }
  | { t: "execution"; execution: ExecutionRecord }
  | { t: "events"; arn: string; events: HistoryEvent[] };

interface Snapshot {
  machines: StateMachineRecord[];
  versions: VersionRecord[];
  aliases: AliasRecord[];
  activities: ActivityRecord[];
  executions: ExecutionRecord[];
  histories: Record<string, HistoryEvent[]>;
}

export const sfnCodec: StateCodec<SfnState, SfnRecord> = {
  empty: () => ({ machines: new Map(), versions: new Map(), aliases: new Map(), activities: new Map(), executions: new Map(), histories: new Map() }),
  fromSnapshot(json) {
    const snapshot = json as Partial<Snapshot>;
    return {
      machines: new Map((snapshot.machines ?? []).map((m) => [m.arn, m])),
      versions: new Map((snapshot.versions ?? []).map((v) => [v.arn, v])),
      aliases: new Map((snapshot.aliases ?? []).map((a) => [a.arn, a])),
      activities: new Map((snapshot.activities ?? []).map((a) => [a.arn, a])),
      executions: new Map((snapshot.executions ?? []).map((e) => [e.arn, e])),
      histories: new Map(Object.entries(snapshot.histories ?? {})),
    };
  },
  toSnapshot(state): Snapshot {
    // Express executions live in memory only (AWS keeps no record of them either).
    const executions = [...state.executions.values()].filter((e) => e.type === "STANDARD");
    return {
      machines: [...state.machines.values()],
      versions: [...state.versions.values()],
      aliases: [...state.aliases.values()],
      activities: [...state.activities.values()],
      executions,
      histories: Object.fromEntries(executions.map((e) => [e.arn, state.histories.get(e.arn) ?? []])),
    };
  },
  apply(state, record) {
    switch (record.t) {
      case "machine":
        state.machines.set(record.machine.arn, record.machine);
        break;
      case "deleteMachine":
        state.machines.delete(record.arn);
        break;
      case "version":
        state.versions.set(record.version.arn, record.version);
        break;
      case "deleteVersion":
        state.versions.delete(record.arn);
        break;
      case "alias":
        state.aliases.set(record.alias.arn, record.alias);
        break;
      case "deleteAlias":
        state.aliases.delete(record.arn);
        break;
      case "activity":
        state.activities.set(record.activity.arn, record.activity);
        break;
      case "deleteActivity":
        state.activities.delete(record.arn);
        break;
      case "execution":
        state.executions.set(record.execution.arn, record.execution);
        break;
      case "events": {
        const list = state.histories.get(record.arn) ?? [];
        for (const event of record.events) if (event.id > list.length) list.push(event);
        state.histories.set(record.arn, list);
        break;
      }
    }
  },
};
