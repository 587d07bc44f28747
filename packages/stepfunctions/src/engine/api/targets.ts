/**
 * What StartExecution / StartSyncExecution run: a state machine, one of its versions, or
 * the version an alias routes to.
 */
import { InvalidExecutionInput, StateMachineDoesNotExist } from "../../errors.js";
import { parseJsonText, type Json } from "../asl/json.js";
import type { Registry } from "./registry.js";
import type { StateMachineRecord, StateMachineType } from "./state.js";
import { parseStateMachineArn } from "./names.js";
import { pickVersion } from "./aliases.js";
import { jacksonError, jacksonNestingError } from "../jackson.js";

export interface Runnable {
  readonly machine: StateMachineRecord;
  readonly definition: string;
  readonly roleArn: string;
  readonly type: StateMachineType;
  readonly revisionId?: string;
  readonly updateDate?: number;
  readonly versionArn?: string;
  readonly aliasArn?: string;
}

export function resolveRunnable(registry: Registry, arn: string, random: () => number = Math.random): Runnable {
  const target = parseStateMachineArn(arn);
  const machine = registry.state.machines.get(target.machineArn);
  if (machine === undefined) throw new StateMachineDoesNotExist(arn);
  if (target.kind === "machine") {
    return {
      machine,
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: machine.type,
      ...(machine.revisionId !== undefined ? { revisionId: machine.revisionId } : {}),
      ...(machine.updateDate !== undefined ? { updateDate: machine.updateDate } : {}),
    };
  }
  let versionArn = target.arn;
  let aliasArn: string | undefined;
  if (target.kind === "alias") {
    const alias = registry.state.aliases.get(target.arn);
    if (alias === undefined) throw new StateMachineDoesNotExist(arn);
    aliasArn = alias.arn;
    versionArn = pickVersion(alias, random);
  }
  const version = registry.state.versions.get(versionArn);
  if (version === undefined) throw new StateMachineDoesNotExist(arn);
  return {
    machine,
    definition: version.definition,
    roleArn: version.roleArn,
    type: version.type,
    versionArn: version.arn,
    ...(version.revisionId !== undefined ? { revisionId: version.revisionId } : {}),
    ...(aliasArn !== undefined ? { aliasArn } : {}),
  };
}

/** StartExecution's input check, with Jackson's texts as AWS writes them; returns the parsed input. */
export function checkExecutionInput(text: string): Json {
  if (text.trim() === "") throw new InvalidExecutionInput("Invalid execution input.");
  // Jackson refuses JSON nested deeper than 1000 levels (its StreamConstraintsException text);
  // a 100,000-level input overflowed the stack of every state that read it.
  const tooDeep = jacksonNestingError(text);
  if (tooDeep !== undefined) throw new InvalidExecutionInput(tooDeep);
  const parsed = parseJsonText(text);
  if (parsed !== undefined) return parsed;
  throw new InvalidExecutionInput(jacksonError(text)?.message ?? text);
}
