/** Pass ("Pass workflow state"): passes its input on, or a fixed Result / transformed input. */
import type { StateOutcome, StateRun } from "../execution.js";
import { inputPath, jsonPathAssign, jsonataAssign, jsonataOutput, outputPath, parameters, resultPath } from "../io.js";
import { nextOf } from "./flow.js";

export async function runPass(run: StateRun): Promise<StateOutcome> {
  const def = run.def;
  const raw = run.rawInput;
  if (run.language === "JSONata") {
    const assigned = await jsonataAssign(run, def.Assign, {});
    const output = await jsonataOutput(run, def.Output, {}, raw);
    return { output, next: nextOf(def), assigned };
  }
  const effective = inputPath(run, raw);
  const result = def.Result !== undefined ? def.Result : parameters(run, effective);
  const assigned = jsonPathAssign(run, def.Assign, result);
  return { output: outputPath(run, resultPath(run, raw, result)), next: nextOf(def), assigned };
}
