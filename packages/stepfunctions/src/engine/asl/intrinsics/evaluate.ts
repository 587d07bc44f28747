import type { Json } from "../json.js";
import { runtimeError } from "../failure.js";
import { evaluatePath, type PathSources } from "../jsonpath.js";
import { toJsonText } from "../json.js";
import { parseIntrinsic, type IntrinsicArg, type IntrinsicCall } from "./parser.js";
import { INTRINSICS } from "./functions.js";

/** Evaluates an intrinsic call written as a ".$" value. */
export function evaluateIntrinsic(text: string, sources: PathSources, random: () => number = Math.random): Json {
  return callIntrinsic(parseIntrinsic(text), sources, random);
}

function callIntrinsic(call: IntrinsicCall, sources: PathSources, random: () => number): Json {
  const impl = INTRINSICS[call.name];
  if (impl === undefined) throw runtimeError(`The function '${call.name}' is not a supported intrinsic function`);
  const args = call.args.map((arg) => argValue(arg, sources, random));
  return impl(args, random);
}

function argValue(arg: IntrinsicArg, sources: PathSources, random: () => number): Json {
  if (arg.kind === "literal") return arg.value;
  if (arg.kind === "call") return callIntrinsic(arg.call, sources, random);
  const result = evaluatePath(arg.path, sources);
  if (!result.found) {
    const target = arg.path.startsWith("$$") ? sources.context() : sources.input;
    throw runtimeError(`The JsonPath argument for the field '${arg.path}' could not be found in the input '${toJsonText(target)}'`);
  }
  return result.value;
}
