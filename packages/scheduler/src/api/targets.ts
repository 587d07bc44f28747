/**
 * What a Scheduler API schedule's fire delivers, by its target's ARN (EventBridge Scheduler
 * user guide, "Templated targets" and "Universal targets"): a function is invoked
 * asynchronously, a state machine started, a queue sent and a topic published the Input (or
 * "{}"), an event bus put an event; `arn:aws:scheduler:::aws-sdk:<service>:<action>` calls the
 * action with the Input as its parameters. Other targets are logged as not reached.
 */
import type { AwsDispatcher, LambdaInvoker } from "@sam-sandbox/core";
import type { StoredTarget } from "./state.js";

export interface TargetPorts {
  invoker: LambdaInvoker;
  dispatcher: AwsDispatcher;
}

/** The text a target receives when the schedule has no Input. */
const DEFAULT_PAYLOAD = "{}";

export async function deliverToTarget(target: StoredTarget, ports: TargetPorts): Promise<void> {
  const payload = target.Input ?? DEFAULT_PAYLOAD;
  const parts = target.Arn.split(":");
  const service = parts[2];
  if (service === "lambda") {
    await ports.invoker.invoke({ functionName: target.Arn, payload: Buffer.from(payload), invocationType: "Event", source: "scheduler" });
  } else if (service === "states") {
    await ports.dispatcher.call("states", "StartExecution", { stateMachineArn: target.Arn, input: payload });
  } else if (service === "sqs") {
    const groupId = (target.SqsParameters as { MessageGroupId?: string } | undefined)?.MessageGroupId;
    const queueUrl = `https://sqs.${parts[3]}.amazonaws.com/${parts[4]}/${parts.slice(5).join(":")}`;
    await ports.dispatcher.call("sqs", "SendMessage", { QueueUrl: queueUrl, MessageBody: payload, ...(groupId !== undefined ? { MessageGroupId: groupId } : {}) });
  } else if (service === "sns") {
    await ports.dispatcher.call("sns", "Publish", { TopicArn: target.Arn, Message: payload });
  } else if (service === "events") {
    const parameters = (target.EventBridgeParameters ?? {}) as { DetailType?: string; Source?: string };
    const entry = { EventBusName: target.Arn, DetailType: parameters.DetailType, Source: parameters.Source, Detail: payload };
    await ports.dispatcher.call("events", "PutEvents", { Entries: [entry] });
  } else if (service === "scheduler" && parts[5] === "aws-sdk") {
    const action = parts[7] ?? "";
    await ports.dispatcher.call(parts[6] ?? "", action.charAt(0).toUpperCase() + action.slice(1), JSON.parse(payload) as Record<string, unknown>, { sdkNames: true });
  } else {
    throw new Error(`the sandbox does not reach ${service ?? target.Arn} targets`);
  }
}
