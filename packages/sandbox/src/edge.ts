import {
  AwsError,
  jsonErrorResponse,
  presignedScope,
  queryErrorEnvelope,
  requestId,
  signingNameOf,
  type AwsService,
  type EdgeRequest,
  type EdgeResponse,
  type EventBus,
} from "@sam-sandbox/core";

/**
 * CORS for browser SDKs (amazon-cognito-identity-js, Amplify, the AWS SDK v3) calling the edge
 * directly. Every answer carrying an Origin gets "*" and these readable headers (a superset of
 * AWS's "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date").
 */
const EDGE_EXPOSE_HEADERS =
  "x-amzn-requestid,x-amzn-errortype,x-amzn-errormessage,date,x-amz-function-error,x-amz-log-result,x-amz-executed-version,x-amz-crc32,etag,x-amz-request-id,x-amz-version-id";
/** What a bare OPTIONS (no Access-Control-Request-*) is told. */
const EDGE_METHODS = "GET,HEAD,PUT,POST,DELETE,PATCH,OPTIONS";
/** AWS's JSON endpoints let browsers cache a preflight for two days. */
const EDGE_PREFLIGHT_MAX_AGE_SECONDS = 172_800;

/**
 * A preflight to an AWS API, answered as AWS's endpoints answer it (dynamodb, cognito-idp and
 * cognito-identity, recorded by the AWS SDK team's cors-test): 200, no body, origin "*", the
 * requested method and headers echoed back, Max-Age 172800. Echoing matters: the Fetch standard
 * never lets an Allow-Headers "*" cover Authorization, which every signed SDK call sends
 * (browsers that follow it block such a call; Chromium 156 still lets it through).
 */
function edgePreflight(req: EdgeRequest): EdgeResponse {
  // Without an Origin it is no CORS request, and DynamoDB answers no Access-Control-* headers
  // (Alternator's test_cors.py::test_cors_not_used, run against DynamoDB).
  if (req.headers.origin === undefined) return { status: 200, headers: { "x-amzn-requestid": requestId(), "content-length": "0" }, body: "" };
  const headers: Record<string, string> = {
    "x-amzn-requestid": requestId(),
    "access-control-allow-origin": "*",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
    "access-control-allow-methods": req.headers["access-control-request-method"] ?? EDGE_METHODS,
    "access-control-expose-headers": EDGE_EXPOSE_HEADERS,
    "access-control-max-age": String(EDGE_PREFLIGHT_MAX_AGE_SECONDS),
    "content-length": "0",
  };
  return { status: 200, headers, body: "" };
}

/** Serves requests by their Host before any AWS API routing (Lambda function URLs). */
export interface HostFront {
  matches(req: EdgeRequest): boolean;
  handle(req: EdgeRequest): Promise<EdgeResponse>;
}

/**
 * The edge port: one HTTP endpoint speaking every emulated AWS API (DESIGN.md rule 3).
 * A request whose Host a front claims (<id>.lambda-url.<region>.localhost) goes to it;
 * any other to the service whose X-Amz-Target prefix, SigV4 signing name or path prefix
 * matches, in that order.
 */
export class EdgeRouter {
  private readonly byTarget = new Map<string, AwsService>();
  private readonly bySigningName = new Map<string, AwsService>();
  private readonly byPath: Array<[string, AwsService]> = [];

  constructor(
    private readonly services: AwsService[],
    private readonly events: EventBus,
    private readonly info: () => Record<string, unknown>,
    private readonly fronts: readonly HostFront[] = [],
  ) {
    for (const service of services) {
      for (const prefix of service.route.targetPrefixes ?? []) this.byTarget.set(prefix, service);
      for (const name of service.route.signingNames ?? []) this.bySigningName.set(name, service);
      for (const prefix of service.route.pathPrefixes ?? []) this.byPath.push([prefix, service]);
    }
    this.byPath.sort((a, b) => b[0].length - a[0].length);
  }

  readonly handle = async (req: EdgeRequest): Promise<EdgeResponse> => {
    // A function URL's Host wins over signatures and paths: its requests are the app's, signed or not.
    const front = this.fronts.find((f) => f.matches(req));
    if (front) return front.handle(req);
    const started = performance.now();
    const service = this.route(req);
    if (req.method === "OPTIONS" && !service?.route.ownsCors) {
      return edgePreflight(req);
    }
    let res: EdgeResponse;
    if (service) {
      res = await service.handle(req);
    } else if (req.method === "GET" && (req.path === "/_sandbox/health" || req.path === "/")) {
      res = { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(this.info()) };
    } else if ((req.method === "GET" || req.method === "HEAD") && req.path === "/_localstack/health") {
      // LocalStack's health check, for the scripts and compose files that wait on it (same port, 4566).
      res = { status: 200, headers: { "content-type": "application/json" }, body: req.method === "HEAD" ? "" : JSON.stringify(localStackHealth(this.info())) };
    } else {
      res = unknownService(req);
    }
    // Only browsers read these, and a browser's cross-origin request always names its Origin.
    if (req.headers.origin !== undefined && !service?.route.ownsCors) {
      res.headers["access-control-allow-origin"] = "*";
      res.headers["access-control-expose-headers"] = EDGE_EXPOSE_HEADERS;
    }
    if (this.events.listenerCount("request") > 0) {
      const target = req.headers["x-amz-target"];
      this.events.emit("request", {
        source: "edge",
        method: req.method,
        path: req.path,
        status: res.status,
        durationMs: performance.now() - started,
        service: service?.name,
        action: target ? target.slice(target.lastIndexOf(".") + 1) : undefined,
      });
    }
    return res;
  };

  private route(req: EdgeRequest): AwsService | undefined {
    const target = req.headers["x-amz-target"];
    if (target) {
      const dot = target.lastIndexOf(".");
      const byTarget = this.byTarget.get(dot >= 0 ? target.slice(0, dot) : target);
      if (byTarget) return byTarget;
    }
    const signingName = signingNameOf(req.headers.authorization) ?? presignedScope(req.rawQuery)?.service;
    if (signingName) {
      const bySigningName = this.bySigningName.get(signingName);
      if (bySigningName) return bySigningName;
    }
    // An unsigned request a service recognises by its shape (S3's virtual-hosted Host) is
    // that service's whatever its path: GET /Traces.json of bucket "site" is an object.
    const claimed = this.services.find((s) => s.route.claims?.(req));
    if (claimed) return claimed;
    for (const [prefix, service] of this.byPath) {
      if (req.path.startsWith(prefix)) return service;
    }
    return this.services.find((s) => s.route.fallback?.(req));
  }

  async close(): Promise<void> {
    for (const service of this.services) await service.close?.();
  }
}

/** The Action of an awsQuery request: a form-urlencoded POST body naming one. */
export function queryAction(req: EdgeRequest): string | undefined {
  if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return undefined;
  return new URLSearchParams(req.body.toString("utf8")).get("Action") ?? undefined;
}

/** What AWS answers a request no service understands: an UnknownOperationException. */
function unknownService(req: EdgeRequest): EdgeResponse {
  const target = req.headers["x-amz-target"];
  const signingName = signingNameOf(req.headers.authorization);
  const action = queryAction(req);
  const what = target
    ? `X-Amz-Target ${target}`
    : signingName
      ? `service "${signingName}"${action === undefined ? "" : ` action ${action}`}`
      : `${req.method} ${req.path}`;
  const error = new AwsError(
    "UnknownOperationException",
    `The sandbox does not emulate ${what}. Emulated: see GET /_sandbox/health on this port.`,
    400,
  );
  const id = requestId();
  // An awsQuery caller (aws-sdk v2's Auto Scaling, boto3) parses only AWS's XML error envelope.
  if (action !== undefined) return queryErrorEnvelope({ code: error.code, status: error.statusCode, type: "Sender" }, error.message, id);
  return jsonErrorResponse({ version: "1.0", errorType: (e) => `com.amazon.coral.service#${e.code}` }, id, error);
}

/**
 * LocalStack's `/_localstack/health` answer: each service "running" (the sandbox serves them all
 * from its start; LocalStack says "available" for one not started yet), edition and version.
 */
function localStackHealth(info: Record<string, unknown>): Record<string, unknown> {
  const names = (Array.isArray(info.services) ? info.services.map(String) : []).filter((name) => !name.startsWith("sandbox-"));
  return { services: Object.fromEntries(names.map((name) => [name, "running"])), edition: "community", version: "sandbox" };
}
