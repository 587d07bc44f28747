/**
 * CreateStateMachine / UpdateStateMachine refuse a LoggingConfiguration whose log group does
 * not exist ("Invalid Logging Configuration: Log Destination not found."), asked of the Logs
 * service through the dispatcher the sandbox wires (DESIGN.md rule 1).
 */
import { isAwsError, type AwsDispatcher } from "@sam-sandbox/core";
import type { Json } from "../asl/json.js";
import { InvalidLoggingConfiguration } from "../../errors.js";

/** The empty stream AWS makes in a log group it is given as a destination. */
const VALIDATION_LOG_STREAM = "log_stream_created_by_aws_to_validate_log_delivery_subscriptions";

/** true / false: the log group exists or not; undefined: nothing could tell. */
export type LogGroupLookup = (logGroupArn: string) => Promise<boolean | undefined>;

/** "arn:aws:logs:us-east-1:000000000000:log-group:/aws/states/x:*" → "/aws/states/x". */
export function logGroupNameOf(arn: string): string | undefined {
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/.exec(arn);
  return match?.[1];
}

export function logGroupLookup(dispatcher: AwsDispatcher): LogGroupLookup {
  return async (arn) => {
    const name = logGroupNameOf(arn);
    if (name === undefined) return undefined;
    let out: Record<string, unknown>;
    try {
      out = await dispatcher.call("logs", "DescribeLogGroups", { logGroupNamePrefix: name });
    } catch (error) {
      // No Logs service in this sandbox: the destination cannot be checked.
      if (isAwsError(error)) return undefined;
      throw error;
    }
    if (!Array.isArray(out.logGroups)) return undefined;
    const found = out.logGroups.some((g) => typeof g === "object" && g !== null && (g as { logGroupName?: unknown }).logGroupName === name);
    // AWS checks it can deliver by making an empty stream (the group then has two streams once an
    // execution has logged: LocalStack's AWS-validated test_logs waits for them).
    if (found) {
      try {
        await dispatcher.call("logs", "CreateLogStream", { logGroupName: name, logStreamName: VALIDATION_LOG_STREAM });
      } catch (error) {
        // Already made for an earlier state machine (ResourceAlreadyExistsException), or gone meanwhile.
        if (!isAwsError(error)) throw error;
      }
    }
    return found;
  };
}

/** The log group of a stored LoggingConfiguration (`destinations[0].cloudWatchLogsLogGroup.logGroupArn`). */
function destinationArn(logging: Json): string | undefined {
  if (typeof logging !== "object" || logging === null || Array.isArray(logging)) return undefined;
  const destinations = logging.destinations;
  const first = Array.isArray(destinations) ? destinations[0] : undefined;
  if (typeof first !== "object" || first === null || Array.isArray(first)) return undefined;
  const group = first.cloudWatchLogsLogGroup;
  if (typeof group !== "object" || group === null || Array.isArray(group)) return undefined;
  return typeof group.logGroupArn === "string" ? group.logGroupArn : undefined;
}

export async function checkLogDestination(lookup: LogGroupLookup | undefined, logging: Json): Promise<void> {
  const arn = destinationArn(logging);
  if (lookup === undefined || arn === undefined) return;
  if ((await lookup(arn)) === false) throw new InvalidLoggingConfiguration("Log Destination not found.");
}
