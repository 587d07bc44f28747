/** Succeed and Fail ("Succeed workflow state", "Fail workflow state"). */
import type { Json } from "../json.js";
import type { StateOutcome, StateRun } from "../execution.js";
import { pathSources } from "../execution.js";
import { StatesFailure, runtimeError } from "../failure.js";
import { evaluateDynamic } from "../payload.js";
import { inspect, inputPath, jsonataField, jsonataOutput, outputPath } from "../io.js";

export function runSucceed(run: StateRun): StateOutcome | Promise<StateOutcome> {
  if (run.language === "JSONata") return succeedJsonata(run);
  return { output: outputPath(run, inputPath(run, run.rawInput)), next: undefined };
}

async function succeedJsonata(run: StateRun): Promise<StateOutcome> {
  return { output: await jsonataOutput(run, run.def.Output, {}, run.rawInput), next: undefined };
}

function text(value: Json, field: string): string {
  if (typeof value === "string") return value;
  throw runtimeError(`The value of the field '${field}' must be a string, but was '${JSON.stringify(value)}'`);
}

export function runFail(run: StateRun): Promise<StateOutcome> {
  if (run.language === "JSONata") return failJsonata(run);
  const def = run.def;
  let error = def.Error;
  let cause = def.Cause;
  // A Fail state has no InputPath: TestState shows its input as is.
  inspect(run, "afterInputPath", run.rawInput);
  const sources = pathSources(run, run.rawInput);
  if (def.ErrorPath !== undefined) error = text(evaluateDynamic("ErrorPath", def.ErrorPath, sources, run.frame.env.random), "ErrorPath");
  if (def.CausePath !== undefined) cause = text(evaluateDynamic("CausePath", def.CausePath, sources, run.frame.env.random), "CausePath");
  throw new StatesFailure(error ?? "", cause, "task", { located: true });
}

async function failJsonata(run: StateRun): Promise<StateOutcome> {
  const def = run.def;
  let error = def.Error;
  let cause = def.Cause;
  if (error !== undefined) error = text(await jsonataField(run, error, "Error"), "Error");
  if (cause !== undefined) cause = text(await jsonataField(run, cause, "Cause"), "Cause");
  throw new StatesFailure(error ?? "", cause, "task", { located: true });
}
