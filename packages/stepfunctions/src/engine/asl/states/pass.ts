/** Pass ("Pass workflow state"): passes its input on, or a fixed Result / transformed input. */
import type { StateOutcome, StateRun } from "../execution.js";
import { inspect, inputPath, jsonPathAssign, jsonataAssign, jsonataOutput, outputPath, parameters, resultPath } from "../io.js";
import { nextOf } from "./flow.js";

export function runPass(run: StateRun): StateOutcome | Promise<StateOutcome> {
  if (run.language === "JSONata") return passJsonata(run);
  const def = run.def;
  const raw = run.rawInput;
  // With a Result the input is not read (TestState inspects no afterInputPath / afterParameters then).
  const result = def.Result !== undefined ? inspect(run, "result", def.Result) : parameters(run, inputPath(run, raw));
  inspect(run, "afterResultSelector", result);
  const assigned = jsonPathAssign(run, def.Assign, result);
  return { output: outputPath(run, inspect(run, "afterResultPath", resultPath(run, raw, result))), next: nextOf(def), assigned };
}

async function passJsonata(run: StateRun): Promise<StateOutcome> {
  const def = run.def;
  const assigned = await jsonataAssign(run, def.Assign, {});
  const output = await jsonataOutput(run, def.Output, {}, run.rawInput);
  return { output, next: nextOf(def), assigned };
}
