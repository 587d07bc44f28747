/**
 * Lambda function URLs over HTTP: a request whose Host is <url-id>.lambda-url.<region>.localhost
 * (or .on.aws) invokes the URL's function with the function URL event and answers what the
 * function returned, as Lambda's function URLs do. CORS preflights are answered from the
 * URL's Cors; AWS_IAM URLs refuse unsigned requests (signatures are not verified locally),
 * NONE URLs refuse every request unless the function's policy lets "*" call lambda:InvokeFunctionUrl.
 */
import { performance } from "node:perf_hooks";
import type { Clock, EdgeRequest, EdgeResponse, EventBus, LambdaInvokeResult, LambdaInvoker, Logger } from "@sam-sandbox/core";
import { AwsError, StreamBody, requestId as uuid, sigV4AccessKey, traceId } from "@sam-sandbox/core";
import type { CorsConfig } from "../config.js";
import { applyHttpCors, httpPreflightHeaders, isPreflight } from "../cors.js";
import { FunctionUrlBadGateway, FunctionUrlForbidden, FunctionUrlNotFound, FunctionUrlThrottled, type GatewayResponse } from "../errors.js";
import { headerPairs, REPLACED_REQUEST_HEADERS } from "../http/incoming.js";
import { isRecord, parsePayload, type MappedResponse } from "../http/outgoing.js";
import { v2Response } from "../http/v2-response.js";
import { publishRequest, toEdgeResponse, withoutHopByHop } from "../respond.js";
import { isFunctionUrlHost, parseFunctionUrlHost, type FunctionUrlTarget } from "./config.js";
import { functionUrlRequest } from "./request.js";

export interface FunctionUrlFrontOptions {
  /** The function URL with this id, read on each request (the Lambda API adds and removes them). */
  lookup(urlId: string): FunctionUrlTarget | undefined;
  invoker: LambdaInvoker;
  accountId: string;
  clock: Clock;
  logger: Logger;
  /** Receives a `request` event per request (the terminal's log line). */
  events?: EventBus;
}

export interface FunctionUrlFront {
  /** Whether the request's Host names a function URL (<id>.lambda-url.<region>.localhost or .on.aws). */
  matches(req: EdgeRequest): boolean;
  /** Serves one request; never throws. */
  handle(req: EdgeRequest): Promise<EdgeResponse>;
}

// "HttpResponseStream.from()" ends the JSON prelude of a streamed response with 8 NUL bytes,
// and sets this content type on the stream: a prelude follows (aws-lambda-nodejs-runtime-interface-client).
const PRELUDE_END = Buffer.alloc(8);
const PRELUDE_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";
// A stream's content type unless the function set one (the Node.js runtime's DEFAULT_CONTENT_TYPE).
const DEFAULT_STREAM_CONTENT_TYPE = "application/octet-stream";

export function createFunctionUrlFront(options: FunctionUrlFrontOptions): FunctionUrlFront {
  return {
    matches: (req) => isFunctionUrlHost(req.headers.host),
    handle: async (req) => {
      const started = performance.now();
      let response: EdgeResponse;
      try {
        response = await serve(options, req);
      } catch (error) {
        options.logger.error(`function URL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        response = errorResponse(new FunctionUrlBadGateway(), uuid());
      }
      publishRequest(options.events, req, response.status, started);
      return response;
    },
  };
}

async function serve(options: FunctionUrlFrontOptions, req: EdgeRequest): Promise<EdgeResponse> {
  const requestId = uuid();
  const host = parseFunctionUrlHost(req.headers.host);
  const target = host && options.lookup(host.urlId);
  if (!target) return errorResponse(new FunctionUrlNotFound(), requestId);
  const cors = target.cors && corsConfig(target.cors);
  if (cors && isPreflight(req.method, req.headers)) {
    const headers = Object.entries(httpPreflightHeaders(cors, req.headers.origin ?? ""));
    return finish(200, headers, Buffer.alloc(0), requestId, undefined);
  }
  const signer = sigV4AccessKey(req);
  if (target.authType === "AWS_IAM" && !signer) return errorResponse(new FunctionUrlForbidden(), requestId);
  // AuthType NONE still needs a policy statement letting "*" call lambda:InvokeFunctionUrl
  // (localstack test_lambda_permission_url_invocation, recorded on AWS: 403 without AddPermission).
  if (target.authType === "NONE" && target.publicInvokeAllowed === false) {
    options.logger.warn(
      `function URL of ${target.functionName} answered 403: AuthType NONE needs a policy statement letting "*" call lambda:InvokeFunctionUrl ` +
        `(aws lambda add-permission --function-name ${target.functionName}${target.qualifier ? ` --qualifier ${target.qualifier}` : ""} --statement-id FunctionURLAllowPublicAccess --action lambda:InvokeFunctionUrl --principal "*" --function-url-auth-type NONE)`,
    );
    return errorResponse(new FunctionUrlForbidden(), requestId);
  }

  const incoming = req.headers["x-amzn-trace-id"];
  const trace = incoming?.includes("Root=") ? incoming : `Root=${traceId(options.clock.now())}`;
  const event = functionUrlRequest({
    urlId: target.urlId,
    method: req.method.toUpperCase(),
    path: req.path,
    rawQuery: req.rawQuery,
    headers: withLambdaHeaders(req, trace),
    body: req.body,
    sourceIp: req.sourceIp ?? "127.0.0.1",
    timeEpoch: options.clock.now(),
    requestId,
    domainName: (req.headers.host ?? "").replace(/:\d+$/, ""),
    iam: target.authType === "AWS_IAM" && signer ? { accessKey: signer, accountId: options.accountId } : undefined,
  });

  // RESPONSE_STREAM: what a streaming handler writes goes out as it comes, from its first write.
  const streaming = target.invokeMode === "RESPONSE_STREAM" ? new ResponseStream() : undefined;
  let result: LambdaInvokeResult;
  try {
    const running = options.invoker.invoke({
      functionName: target.functionName,
      qualifier: target.qualifier,
      payload: Buffer.from(JSON.stringify(event)),
      invocationType: "RequestResponse",
      traceHeader: trace,
      source: "url",
      // The answer's x-amzn-RequestId is the invocation's (localstack test_request_id_invoke_url, recorded on AWS).
      requestId,
      ...(streaming ? { onChunk: streaming.onChunk } : {}),
    });
    if (streaming) {
      const first = await Promise.race([running, streaming.firstChunk]);
      if ("chunk" in first) return openStream(streaming, first, running, cors && { cors, origin: req.headers.origin }, requestId, trace);
      result = first;
    } else result = await running;
  } catch (error) {
    if (error instanceof AwsError && error.code === "TooManyRequestsException") return errorResponse(new FunctionUrlThrottled(), requestId);
    options.logger.warn(`function URL ${target.urlId} could not invoke ${target.functionName}: ${error instanceof Error ? error.message : String(error)}`);
    return errorResponse(new FunctionUrlBadGateway(), requestId);
  }
  // An error or a timeout of the function: Lambda answers 502 without the function's error.
  if (result.functionError || result.statusCode !== 200) return errorResponse(new FunctionUrlBadGateway(), requestId);
  const mapped = target.invokeMode === "RESPONSE_STREAM" ? streamed(result.payload, result.contentType) : v2Response(result.payload, "application/json", true);
  if (!mapped) {
    options.logger.warn(`${target.functionName} returned a response its function URL cannot map`);
    return errorResponse(new FunctionUrlBadGateway(), requestId);
  }
  const headers = cors ? applyHttpCors(cors, req.headers.origin, mapped.headers) : mapped.headers;
  return finish(mapped.status, headers, mapped.body, requestId, trace);
}

/**
 * The answer of a RESPONSE_STREAM function that began writing: status and headers from its
 * HTTP prelude (in the first chunk) or its content type, then its writes as they come, until it is done.
 */
function openStream(
  streaming: ResponseStream,
  first: FirstChunk,
  running: Promise<LambdaInvokeResult>,
  cors: { cors: CorsConfig; origin: string | undefined } | undefined,
  requestId: string,
  trace: string,
): EdgeResponse {
  const mapped = streamed(first.chunk, first.contentType);
  running.then(
    (done) => {
      // A function that fails once its response has begun: the response is cut off.
      if (done.functionError || done.statusCode !== 200) streaming.body.fail(new Error("the function failed while streaming"));
      else streaming.body.end();
    },
    (error: unknown) => streaming.body.fail(error),
  );
  if (mapped.body.length > 0) streaming.body.push(mapped.body);
  const headers = cors ? applyHttpCors(cors.cors, cors.origin, mapped.headers) : mapped.headers;
  return streamingFinish(mapped.status, headers, streaming.body, requestId, trace);
}

interface FirstChunk {
  chunk: Buffer;
  /** The stream's content type (responseStream.setContentType; HttpResponseStream.from's when a prelude comes). */
  contentType: string;
}

/** A RESPONSE_STREAM invocation's writes: the first one decides the status, the rest follow it. */
class ResponseStream {
  readonly body = new StreamBody();
  readonly firstChunk: Promise<FirstChunk>;
  private opened: ((first: FirstChunk) => void) | undefined;

  constructor() {
    this.firstChunk = new Promise((resolve) => {
      this.opened = resolve;
    });
  }

  readonly onChunk = (chunk: Buffer, contentType: string): void => {
    if (chunk.length === 0) return;
    const opened = this.opened;
    if (opened) {
      this.opened = undefined;
      opened({ chunk, contentType });
    } else this.body.push(chunk);
  };
}

/**
 * A RESPONSE_STREAM function's output (collected, or its first chunk): the HTTP prelude HttpResponseStream.from()
 * writes (status, headers, cookies) then the body; without one, a 200 of the bytes written with
 * the stream's content type. `contentType` undefined: a handler that does not stream.
 */
function streamed(payload: Buffer, contentType: string | undefined): MappedResponse {
  if (contentType !== undefined && contentType !== PRELUDE_CONTENT_TYPE) return { status: 200, headers: [["content-type", contentType]], body: payload };
  const end = payload.indexOf(PRELUDE_END);
  const metadata = end > 0 ? parsePayload(payload.subarray(0, end)) : undefined;
  if (metadata && isRecord(metadata.value)) {
    const prelude = v2Response(Buffer.from(JSON.stringify({ ...metadata.value, body: "" })), "application/octet-stream");
    if (prelude) return { ...prelude, body: payload.subarray(end + PRELUDE_END.length) };
  }
  return { status: 200, headers: [["content-type", DEFAULT_STREAM_CONTENT_TYPE]], body: payload };
}

/** Lambda's Cors (PascalCase) as API Gateway's CORS helpers take it. */
function corsConfig(cors: NonNullable<FunctionUrlTarget["cors"]>): CorsConfig {
  return {
    allowOrigins: cors.AllowOrigins ?? [],
    allowHeaders: cors.AllowHeaders ?? [],
    allowMethods: cors.AllowMethods ?? [],
    exposeHeaders: cors.ExposeHeaders ?? [],
    ...(cors.MaxAge !== undefined ? { maxAge: cors.MaxAge } : {}),
    allowCredentials: cors.AllowCredentials === true,
  };
}

/** Request headers as sent, then those Lambda adds on its way to the function. */
function withLambdaHeaders(req: EdgeRequest, trace: string): Array<[string, string]> {
  const out = headerPairs(req).filter(([name]) => !REPLACED_REQUEST_HEADERS.has(name.toLowerCase()));
  const forwardedFor = req.headers["x-forwarded-for"];
  const sourceIp = req.sourceIp ?? "127.0.0.1";
  out.push(
    ["x-amzn-trace-id", trace],
    ["x-forwarded-for", forwardedFor ? `${forwardedFor}, ${sourceIp}` : sourceIp],
    ["x-forwarded-port", /:(\d+)$/.exec(req.headers.host ?? "")?.[1] ?? "80"],
    ["x-forwarded-proto", "http"],
  );
  return out;
}

function finish(status: number, pairs: Array<[string, string]>, body: Buffer, requestId: string, trace: string | undefined): EdgeResponse {
  const all = withoutHopByHop(pairs);
  all.push(["content-length", String(body.length)], ["x-amzn-RequestId", requestId]);
  if (trace) all.push(["X-Amzn-Trace-Id", trace]);
  return toEdgeResponse(status, all, body);
}

/** A streamed answer: no Content-Length, so it goes chunked. */
function streamingFinish(status: number, pairs: Array<[string, string]>, body: StreamBody, requestId: string, trace: string): EdgeResponse {
  const all = withoutHopByHop(pairs);
  all.push(["x-amzn-RequestId", requestId], ["X-Amzn-Trace-Id", trace]);
  return { ...toEdgeResponse(status, all, Buffer.alloc(0)), stream: body };
}

function errorResponse(error: GatewayResponse, requestId: string): EdgeResponse {
  const headers: Array<[string, string]> = [];
  if (error.contentType) headers.push(["content-type", error.contentType]);
  if (error.errorTypeHeader) headers.push(["x-amzn-ErrorType", error.code]);
  return finish(error.statusCode, headers, Buffer.from(error.body), requestId, undefined);
}
