/** The TaskRunner the service wires: resources → Lambda invoker and AWS dispatcher. */
import type { AwsDispatcher, Clock, LambdaInvoker } from "@sam-sandbox/core";
import type { Json } from "../asl/json.js";
import { TaskError, type TaskCall, type TaskRunner } from "../asl/ports.js";
import { invokeFunctionArn, lambdaInvoke } from "./lambda.js";
import { awsSdk, dynamodb, s3ItemIo, snsPublish, sqsSendMessage } from "./services.js";
import { httpInvoke, type Fetch } from "./http.js";
import { eventsPutEvents } from "./events.js";
import { apiGatewayInvoke, nodeApiSend, type ApiSend, type ApiUrlResolver } from "./apigateway.js";

export interface TaskPorts {
  readonly invoker?: LambdaInvoker;
  readonly dispatcher?: AwsDispatcher;
  readonly clock: Clock;
  /** The network for HTTP Tasks (arn:aws:states:::http:invoke); node's fetch by default. */
  readonly fetch?: Fetch;
  /** Where an API the host serves answers (arn:aws:states:::apigateway:invoke); others are called as named. */
  readonly apiUrl?: ApiUrlResolver;
  /** The network for apigateway:invoke; node's http(s) client by default. */
  readonly apiSend?: ApiSend;
}

function unsupported(call: TaskCall): TaskError {
  return new TaskError("States.Runtime", `The resource provided ${call.resource.arn} is not supported by the sandbox`);
}

export function createTaskRunner(ports: TaskPorts): TaskRunner {
  const { invoker, dispatcher, clock } = ports;
  const fetcher = ports.fetch ?? fetch;
  return {
    run(call: TaskCall): Promise<Json> {
      // A Lambda function ARN, the common Task, goes straight to the invoker (no promise of its own).
      const resource = call.resource;
      if (resource.kind === "lambda" && invoker) return invokeFunctionArn(invoker, resource.arn, call.parameters, call.traceHeader);
      return runOther(call);
    },
  };

  /** Every other resource: AWS service integrations, HTTP Tasks. */
  async function runOther(call: TaskCall): Promise<Json> {
    const resource = call.resource;
    // A Lambda function ARN without an invoker, an activity: nothing here answers it.
    if (resource.kind !== "service") throw unsupported(call);
    if (resource.sdk) {
      if (!dispatcher) throw unsupported(call);
      return awsSdk(dispatcher, resource.service, resource.action, call.parameters, call.traceHeader);
    }
    if (resource.service === "lambda" && resource.action === "invoke" && invoker) return lambdaInvoke(invoker, clock, call.parameters, call.traceHeader);
    if (resource.service === "dynamodb" && dispatcher) return dynamodb(dispatcher, clock, resource.action, call.parameters, call.traceHeader);
    if (resource.service === "http" && resource.action === "invoke" && resource.pattern === "request-response") return httpInvoke(fetcher, call.parameters, call.region, call.traceHeader);
    if (resource.service === "apigateway" && resource.action === "invoke" && (resource.pattern === "request-response" || resource.pattern === "waitForTaskToken")) {
      return apiGatewayInvoke(ports.apiSend ?? nodeApiSend, ports.apiUrl, call.parameters, call.traceHeader);
    }
    if (resource.service === "s3" && dispatcher) return s3ItemIo(dispatcher, resource.action, call.parameters, call.traceHeader);
    if (resource.service === "sns" && resource.action === "publish" && dispatcher) return snsPublish(dispatcher, clock, call.parameters, call.traceHeader);
    if (resource.service === "sqs" && resource.action === "sendMessage" && dispatcher) return sqsSendMessage(dispatcher, clock, call.parameters, call.traceHeader);
    if (resource.service === "events" && resource.action === "putEvents" && dispatcher) return eventsPutEvents(dispatcher, call.parameters, call.executionArn, call.traceHeader);
    throw unsupported(call);
  }
}
