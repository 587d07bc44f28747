import {
  AwsError,
  DEFAULT_REGION,
  requestId,
  type AwsDispatcher,
  type AwsService,
  type DispatchOptions,
  type EdgeRequest,
  type ServiceModel,
} from "@sam-sandbox/core";
import { jsonClientModel, queryModel, restModel, operationName } from "./rest/models.js";
import { buildQueryRequest, readQueryResponse } from "./rest/query.js";
import { buildRestRequest, jsonValue } from "./rest/request.js";
import { fromJson } from "./rest/values.js";
import { readRestResponse } from "./rest/response.js";

/** awsJson services reachable by (service, action): name → X-Amz-Target prefix. */
const JSON_TARGETS: Record<string, { prefix: string; version: "1.0" | "1.1" }> = {
  dynamodb: { prefix: "DynamoDB_20120810", version: "1.0" },
  dynamodbstreams: { prefix: "DynamoDBStreams_20120810", version: "1.0" },
  states: { prefix: "AWSStepFunctions", version: "1.0" },
  sfn: { prefix: "AWSStepFunctions", version: "1.0" },
  logs: { prefix: "Logs_20140328", version: "1.1" },
  cloudwatchlogs: { prefix: "Logs_20140328", version: "1.1" },
  sns: { prefix: "AmazonSNS", version: "1.0" },
  sqs: { prefix: "AmazonSQS", version: "1.0" },
  kinesis: { prefix: "Kinesis_20131202", version: "1.1" },
  events: { prefix: "AWSEvents", version: "1.1" },
  eventbridge: { prefix: "AWSEvents", version: "1.1" },
  "cognito-idp": { prefix: "AWSCognitoIdentityProviderService", version: "1.1" },
  cognitoidentityprovider: { prefix: "AWSCognitoIdentityProviderService", version: "1.1" },
  "cognito-identity": { prefix: "AWSCognitoIdentityService", version: "1.1" },
  ssm: { prefix: "AmazonSSM", version: "1.1" },
  secretsmanager: { prefix: "secretsmanager", version: "1.1" },
  kms: { prefix: "TrentService", version: "1.1" },
};

/**
 * Calls an emulated API in-process through the same service code the edge port runs
 * (DESIGN.md rule 1): used to create template resources at start-up and by Step Functions'
 * aws-sdk integrations. awsJson services are called by X-Amz-Target; REST services
 * (Lambda, X-Ray, S3) by the HTTP bindings of their model, their outputs read back as
 * the aws-sdk integrations report them (PascalCase members).
 */
export class ServiceDispatcher implements AwsDispatcher {
  constructor(
    private readonly services: Map<string, AwsService>,
    private readonly region: string = DEFAULT_REGION,
  ) {}

  async call(service: string, action: string, input: Record<string, unknown>, options?: DispatchOptions): Promise<Record<string, unknown>> {
    const rest = restModel(service);
    if (rest) return this.callRest(service, await rest, action, input, options);
    const query = queryModel(service);
    if (query) return this.callQuery(service, await query, action, input, options);
    const target = JSON_TARGETS[service.toLowerCase()];
    const handler = target && this.findByTarget(target.prefix);
    if (!target || !handler) {
      throw new AwsError("UnknownOperationException", `Service ${service} is not reachable through the dispatcher.`, 400);
    }
    // The aws-sdk integrations' PascalCase names, mapped onto a camelCase API and back.
    const renaming = options?.sdkNames ? jsonClientModel(service) : undefined;
    if (renaming) {
      const model = await renaming;
      const operation = operationName(model, action) ?? action;
      const op = model.operations[operation];
      const body = await this.callJson(handler, target, operation, op?.input ? (jsonValue(model, op.input, input) as Record<string, unknown>) : input, options);
      return op?.output ? (fromJson(model, op.output, body) as Record<string, unknown>) : body;
    }
    return this.callJson(handler, target, action, input, options);
  }

  private async callJson(
    handler: AwsService,
    target: { prefix: string; version: "1.0" | "1.1" },
    action: string,
    input: Record<string, unknown>,
    options: DispatchOptions | undefined,
  ): Promise<Record<string, unknown>> {
    const req: EdgeRequest = {
      method: "POST",
      path: "/",
      rawQuery: "",
      headers: {
        "x-amz-target": `${target.prefix}.${action}`,
        "content-type": `application/x-amz-json-${target.version}`,
        "x-amzn-requestid": requestId(),
      },
      body: Buffer.from(JSON.stringify(input)),
    };
    if (options?.traceHeader !== undefined) req.headers["x-amzn-trace-id"] = options.traceHeader;
    const res = await handler.handle(req);
    // An event-stream answer (StartLiveTail) has no JSON output to give: it is closed, not left running.
    if (res.stream !== undefined) void res.stream[Symbol.asyncIterator]().return?.();
    const text = typeof res.body === "string" ? res.body : res.body.toString("utf8");
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (res.status >= 300) {
      const type = String(body.__type ?? "InternalFailure");
      const code = type.slice(type.lastIndexOf("#") + 1);
      const message = String(body.message ?? body.Message ?? "");
      const { __type: _type, message: _m, Message: _M, ...extra } = body;
      throw new AwsError(code, message, res.status, extra);
    }
    return body;
  }

  private async callRest(
    service: string,
    model: ServiceModel,
    action: string,
    input: Record<string, unknown>,
    options: DispatchOptions | undefined,
  ): Promise<Record<string, unknown>> {
    const signingName = model.service.signingName ?? service;
    const handler = this.findBySigningName(signingName);
    if (!handler) throw new AwsError("UnknownOperationException", `Service ${service} is not reachable through the dispatcher.`, 400);
    const operation = operationName(model, action);
    if (!operation) throw new AwsError("UnknownOperationException", `Unknown operation ${action} of service ${service}.`, 400);
    const req = buildRestRequest(model, operation, input, { signingName, region: this.region }, options?.sdkNames ?? false);
    if (options?.traceHeader !== undefined) req.headers["x-amzn-trace-id"] = options.traceHeader;
    return readRestResponse(model, operation, await handler.handle(req), options?.binary ?? false);
  }

  /** awsQuery services (STS): form-encoded request, XML answer. */
  private async callQuery(
    service: string,
    model: ServiceModel,
    action: string,
    input: Record<string, unknown>,
    options: DispatchOptions | undefined,
  ): Promise<Record<string, unknown>> {
    const handler = this.findBySigningName(model.service.signingName ?? service);
    if (!handler) throw new AwsError("UnknownOperationException", `Service ${service} is not reachable through the dispatcher.`, 400);
    const operation = operationName(model, action);
    if (!operation) throw new AwsError("UnknownOperationException", `Unknown operation ${action} of service ${service}.`, 400);
    const req = buildQueryRequest(model, operation, input);
    if (options?.traceHeader !== undefined) req.headers["x-amzn-trace-id"] = options.traceHeader;
    return readQueryResponse(model, operation, await handler.handle(req));
  }

  private findByTarget(prefix: string): AwsService | undefined {
    for (const service of this.services.values()) {
      if (service.route.targetPrefixes?.includes(prefix)) return service;
    }
    return undefined;
  }

  private findBySigningName(signingName: string): AwsService | undefined {
    for (const service of this.services.values()) {
      if (service.route.signingNames?.includes(signingName)) return service;
    }
    return undefined;
  }
}
