/**
 * What Step Functions keeps (through the Store port): state machines, Standard
 * executions and their histories. The history is the journal of an execution; a
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
  tags: Record<string, string>;
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
}

export interface SfnState {
  machines: Map<string, StateMachineRecord>;
  executions: Map<string, ExecutionRecord>;
  histories: Map<string, HistoryEvent[]>;
}

export type SfnRecord =
  | { t: "machine"; machine: StateMachineRecord }
  | { t: "deleteMachine"; arn: string }
  | { t: "execution"; execution: ExecutionRecord }
  | { t: "events"; arn: string; events: HistoryEvent[] };

interface Snapshot {
  machines: StateMachineRecord[];
  executions: ExecutionRecord[];
  histories: Record<string, HistoryEvent[]>;
}

export const sfnCodec: StateCodec<SfnState, SfnRecord> = {
  empty: () => ({ machines: new Map(), executions: new Map(), histories: new Map() }),
  fromSnapshot(json) {
    const snapshot = json as Partial<Snapshot>;
    return {
      machines: new Map((snapshot.machines ?? []).map((m) => [m.arn, m])),
      executions: new Map((snapshot.executions ?? []).map((e) => [e.arn, e])),
      histories: new Map(Object.entries(snapshot.histories ?? {})),
    };
  },
  toSnapshot(state): Snapshot {
    // Express executions live in memory only (AWS keeps no record of them either).
    const executions = [...state.executions.values()].filter((e) => e.type === "STANDARD");
    return {
      machines: [...state.machines.values()],
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
