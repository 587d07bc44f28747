/**
 * What a SAM function's events invoke: its AutoPublishAlias when it has one, as SAM connects
 * every event source to the alias and not to the function (samtranslator sam_resources.py
 * _generate_event_resources: "function": lambda_alias or lambda_function).
 */
import type { FunctionSpec } from "../model.js";

export interface EventTarget {
  /** "name" or "name:alias": what the Lambda port is invoked with. */
  functionName: string;
  /** The function's ARN, or its alias's ("…:function:name:alias"). */
  arn: string;
}

export function eventTarget(fn: Pick<FunctionSpec, "functionName" | "arn" | "autoPublishAlias">): EventTarget {
  const alias = fn.autoPublishAlias;
  return alias === undefined ? { functionName: fn.functionName, arn: fn.arn } : { functionName: `${fn.functionName}:${alias}`, arn: `${fn.arn}:${alias}` };
}
