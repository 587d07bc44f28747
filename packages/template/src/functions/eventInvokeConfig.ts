/**
 * How asynchronous invocations of a function are retried and where their outcome goes:
 * SAM's `EventInvokeConfig` function property and CloudFormation's
 * `AWS::Lambda::EventInvokeConfig` resource, as PutFunctionEventInvokeConfig takes them.
 */
import { templateError } from "../errors.js";
import type { EventInvokeConfigSpec, FunctionSpec, ResolvedResource } from "../model.js";
import type { FunctionIndex } from "../apis/functionIndex.js";
import type { Stack } from "../stack.js";
import { isRecord } from "../util.js";
import { where, type FunctionContext } from "./common.js";

/** SAM: `EventInvokeConfig: { MaximumEventAgeInSeconds, MaximumRetryAttempts, DestinationConfig: { OnSuccess|OnFailure: { Type, Destination } } }`. */
export function samEventInvokeConfig(fn: FunctionContext, qualifier: string): EventInvokeConfigSpec | undefined {
  const value = fn.props.EventInvokeConfig;
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw templateError(`EventInvokeConfig of ${fn.logicalId} must be a map`, where(fn, "EventInvokeConfig"));
  const destinations = isRecord(value.DestinationConfig) ? value.DestinationConfig : {};
  const destination = (key: "OnSuccess" | "OnFailure"): string | undefined => {
    const d = destinations[key];
    if (!isRecord(d)) return undefined;
    if (typeof d.Destination === "string" && d.Destination !== "") return d.Destination;
    // SAM creates a queue or topic when Destination is left out; the sandbox does not.
    fn.warnings.add(`EventInvokeConfig ${key} of ${fn.logicalId} has no Destination (SAM would create one); ignored`);
    return undefined;
  };
  return settings(value, destination("OnSuccess"), destination("OnFailure"), qualifier);
}

/** CloudFormation: AWS::Lambda::EventInvokeConfig resources, attached to the template's functions they name. */
export function cfnEventInvokeConfigs(stack: Stack, resources: readonly ResolvedResource[], functions: FunctionIndex): void {
  for (const resource of resources) {
    if (resource.type !== "AWS::Lambda::EventInvokeConfig") continue;
    const props = resource.properties;
    const fn: FunctionSpec | undefined = functions.find(props.FunctionName);
    if (!fn) {
      stack.warnings.add(`AWS::Lambda::EventInvokeConfig ${resource.logicalId} names a function that is not in the template; skipped`);
      continue;
    }
    const destinations = isRecord(props.DestinationConfig) ? props.DestinationConfig : {};
    const destination = (key: "OnSuccess" | "OnFailure"): string | undefined => {
      const d = destinations[key];
      return isRecord(d) && typeof d.Destination === "string" && d.Destination !== "" ? d.Destination : undefined;
    };
    const qualifier = typeof props.Qualifier === "string" ? props.Qualifier : "$LATEST";
    fn.eventInvokeConfig = settings(props, destination("OnSuccess"), destination("OnFailure"), qualifier);
  }
}

function settings(props: Record<string, unknown>, onSuccess: string | undefined, onFailure: string | undefined, qualifier: string): EventInvokeConfigSpec {
  const int = (value: unknown) => (value === undefined || value === null || value === "" ? undefined : Number(value));
  return {
    qualifier,
    maximumRetryAttempts: int(props.MaximumRetryAttempts),
    maximumEventAgeInSeconds: int(props.MaximumEventAgeInSeconds),
    onSuccess,
    onFailure,
  };
}
