import {
  AwsError,
  requestId,
  type AwsDispatcher,
  type AwsService,
  type DispatchOptions,
  type EdgeRequest,
} from "@sam-sandbox/core";

/** awsJson services reachable by (service, action): name → X-Amz-Target prefix. */
const JSON_TARGETS: Record<string, { prefix: string; version: "1.0" | "1.1" }> = {
  dynamodb: { prefix: "DynamoDB_20120810", version: "1.0" },
  dynamodbstreams: { prefix: "DynamoDBStreams_20120810", version: "1.0" },
  states: { prefix: "AWSStepFunctions", version: "1.0" },
  sfn: { prefix: "AWSStepFunctions", version: "1.0" },
  logs: { prefix: "Logs_20140328", version: "1.1" },
  sns: { prefix: "AmazonSNS", version: "1.0" },
  "cognito-idp": { prefix: "AWSCognitoIdentityProviderService", version: "1.1" },
  cognitoidentityprovider: { prefix: "AWSCognitoIdentityProviderService", version: "1.1" },
  "cognito-identity": { prefix: "AWSCognitoIdentityService", version: "1.1" },
};

/**
 * Calls an emulated API in-process through the same service code the edge port runs
 * (DESIGN.md rule 1): used to create template resources at start-up and, later, by
 * Step Functions' aws-sdk integrations.
 */
export class ServiceDispatcher implements AwsDispatcher {
  constructor(private readonly services: Map<string, AwsService>) {}

  async call(service: string, action: string, input: Record<string, unknown>, options?: DispatchOptions): Promise<Record<string, unknown>> {
    const target = JSON_TARGETS[service.toLowerCase()];
    const handler = target && this.findByTarget(target.prefix);
    if (!target || !handler) {
      throw new AwsError("UnknownOperationException", `Service ${service} is not reachable through the dispatcher.`, 400);
    }
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

  private findByTarget(prefix: string): AwsService | undefined {
    for (const service of this.services.values()) {
      if (service.route.targetPrefixes?.includes(prefix)) return service;
    }
    return undefined;
  }
}
