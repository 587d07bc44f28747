import { clfTime, headerValue, isTextMediaType } from "../http/incoming.js";
import { v2EventHead, v2Http } from "../http/v2-request.js";

/** What the function URL event is built from. */
export interface FunctionUrlRequest {
  urlId: string;
  method: string;
  /** Path as received, percent-encoded. */
  path: string;
  rawQuery: string;
  /** Headers as received plus those Lambda adds (x-forwarded-*, x-amzn-trace-id). */
  headers: Array<[string, string]>;
  body: Buffer;
  sourceIp: string;
  timeEpoch: number;
  requestId: string;
  /** Host name without the port: requestContext.domainName. */
  domainName: string;
  /** The caller for an AWS_IAM URL (from its SigV4 credential); undefined for NONE, whose accountId is "anonymous". */
  iam?: { accessKey: string; accountId: string };
}

/**
 * The event of a function URL invocation: payload format 2.0 as Lambda's developer guide
 * documents it for function URLs ("Request payload format"): routeKey and stage
 * "$default", apiId and domainPrefix the url id, no pathParameters or stageVariables;
 * bodies that are not text arrive base64-encoded.
 */
export function functionUrlRequest(input: FunctionUrlRequest): Record<string, unknown> {
  const event = v2EventHead("$default", input.path, input.rawQuery, input.headers);
  const requestContext: Record<string, unknown> = {
    accountId: input.iam?.accountId ?? "anonymous",
    apiId: input.urlId,
  };
  if (input.iam) {
    requestContext.authorizer = {
      iam: {
        accessKey: input.iam.accessKey,
        accountId: input.iam.accountId,
        callerId: input.iam.accessKey,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: `arn:aws:iam::${input.iam.accountId}:user/${input.iam.accessKey}`,
        userId: input.iam.accessKey,
      },
    };
  }
  Object.assign(requestContext, {
    domainName: input.domainName,
    domainPrefix: input.urlId,
    http: v2Http(input.method, input.path, input.sourceIp, input.headers),
    requestId: input.requestId,
    routeKey: "$default",
    stage: "$default",
    time: clfTime(input.timeEpoch),
    timeEpoch: input.timeEpoch,
  });
  event.requestContext = requestContext;
  if (input.body.length > 0) {
    const binary = !isTextMediaType(headerValue(input.headers, "content-type"));
    event.body = binary ? input.body.toString("base64") : input.body.toString("utf8");
    event.isBase64Encoded = binary;
  } else {
    event.isBase64Encoded = false;
  }
  return event;
}
