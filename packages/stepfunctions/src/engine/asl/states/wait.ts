/** Wait ("Wait workflow state"): sleeps on the Clock for Seconds or until Timestamp. */
import type { Json } from "../json.js";
import type { StateOutcome, StateRun } from "../execution.js";
import { pathSources } from "../execution.js";
import { runtimeError, queryError } from "../failure.js";
import { evaluatePath } from "../jsonpath.js";
import { parseTimestamp } from "../choice.js";
import { inputPath, jsonPathAssign, jsonataAssign, jsonataField, jsonataOutput, outputPath } from "../io.js";
import { sleep } from "../timers.js";
import { nextOf } from "./flow.js";

function secondsMs(value: Json): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value * 1000 : undefined;
}

async function jsonataDelay(run: StateRun): Promise<number> {
  const def = run.def;
  const now = run.frame.env.clock.now();
  const elapsed = now - run.enteredTime;
  if (def.Seconds !== undefined) {
    const value = typeof def.Seconds === "number" ? def.Seconds : await jsonataField(run, def.Seconds, "Seconds");
    const ms = secondsMs(value);
    if (ms === undefined) throw queryError(`The value for the field 'Seconds' must be a non-negative integer, but was '${JSON.stringify(value)}'`, "Seconds");
    return ms - elapsed;
  }
  const value = def.Timestamp === undefined ? null : await jsonataField(run, def.Timestamp, "Timestamp");
  const at = parseTimestamp(value);
  // AWS's text (LocalStack's AWS-recorded test_wait_timestamp_jsonata).
  if (at === undefined) throw queryError(`The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${shown(value)}`, "Timestamp");
  return at - now;
}

/** How AWS writes a referenced value in a SecondsPath / TimestampPath cause ("$.x == value"). */
function shown(value: Json): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

// Causes as AWS records them (LocalStack's AWS-recorded Wait snapshots).
function jsonPathDelay(run: StateRun, effective: Json): number {
  const def = run.def;
  const now = run.frame.env.clock.now();
  // Measured from the state's entry, so a Wait resumed after a restart only waits what is left.
  const elapsed = now - run.enteredTime;
  if (typeof def.Seconds === "number") return def.Seconds * 1000 - elapsed;
  if (typeof def.Timestamp === "string") return (parseTimestamp(def.Timestamp) ?? now) - now;
  const sources = pathSources(run, effective);
  if (def.SecondsPath !== undefined) {
    const path = def.SecondsPath;
    const result = evaluatePath(path, sources);
    if (!result.found) throw runtimeError(`The SecondsPath parameter does not reference an input value: ${path}`);
    const value = result.value;
    if (typeof value !== "number" || !Number.isInteger(value)) throw runtimeError(`The SecondsPath parameter cannot be parsed as a long value: ${path} == ${shown(value)}`);
    if (value < 0) throw runtimeError(`The SecondsPath parameter references a negative value: ${path} == ${value}`);
    return value * 1000 - elapsed;
  }
  if (def.TimestampPath !== undefined) {
    const path = def.TimestampPath;
    const result = evaluatePath(path, sources);
    if (!result.found) throw runtimeError(`The TimestampPath parameter does not reference an input value: ${path}`);
    const at = parseTimestamp(result.value);
    if (at === undefined) {
      throw runtimeError(`The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${shown(result.value)}`);
    }
    return at - now;
  }
  return 0;
}

export async function runWait(run: StateRun): Promise<StateOutcome> {
  const def = run.def;
  const raw = run.rawInput;
  if (run.language === "JSONata") {
    await sleep(run.frame, await jsonataDelay(run));
    const assigned = await jsonataAssign(run, def.Assign, {});
    const output = await jsonataOutput(run, def.Output, {}, raw);
    return { output, next: nextOf(def), assigned };
  }
  const effective = inputPath(run, raw);
  await sleep(run.frame, jsonPathDelay(run, effective));
  const assigned = jsonPathAssign(run, def.Assign, effective);
  return { output: outputPath(run, effective), next: nextOf(def), assigned };
}
