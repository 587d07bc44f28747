/** Shared by Parallel and Map: the state's input before its branches, and its result after. */
import type { Json } from "../json.js";
import type { ExecutionEnv, StateOutcome, StateRun } from "../execution.js";
import { StatesFailure } from "../failure.js";
import { inspect, inputPath, jsonPathAssign, jsonataAssign, jsonataOutput, outputPath, resultPath, resultSelector } from "../io.js";
import { nextOf } from "./flow.js";

export async function finishWithResult(run: StateRun, result: Json): Promise<StateOutcome> {
  const def = run.def;
  if (run.language === "JSONata") {
    const extra = { result };
    const assigned = await jsonataAssign(run, def.Assign, extra);
    const output = await jsonataOutput(run, def.Output, extra, result);
    return { output, next: nextOf(def), assigned };
  }
  const assigned = jsonPathAssign(run, def.Assign, result);
  return { output: outputPath(run, inspect(run, "afterResultPath", resultPath(run, run.rawInput, resultSelector(run, result)))), next: nextOf(def), assigned };
}

/** TestState with a mock: the mocked result goes through ResultSelector/ResultPath/OutputPath; a mocked error is thrown. */
export function mockedOutcome(run: StateRun, mock: NonNullable<ExecutionEnv["testMock"]>): Promise<StateOutcome> {
  if ("result" in mock) return finishWithResult(run, mock.result);
  throw new StatesFailure(mock.error, mock.cause);
}

export { inputPath };
