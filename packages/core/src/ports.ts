/**
 * Cross-service ports (DESIGN.md rule 1). A service never imports another service;
 * it receives these interfaces, wired by packages/sandbox.
 */

export type InvocationType = "RequestResponse" | "Event" | "DryRun";

export interface LambdaInvokeRequest {
  /** Name, ARN or partial ARN, optionally with ":qualifier". */
  functionName: string;
  payload: Buffer;
  invocationType?: InvocationType;
  qualifier?: string;
  /** Base64 client context, as the Invoke API takes it. */
  clientContext?: string;
  /** X-Amzn-Trace-Id header value to propagate. */
  traceHeader?: string;
  /** Who called (for logs): "apigateway", "states", "edge", … */
  source?: string;
  /** The invocation's request id (context.awsRequestId), when the caller already answers with one; otherwise Lambda makes one. */
  requestId?: string;
  /**
   * Receives a streaming handler's writes as they happen (InvokeWithResponseStream, function
   * URLs in RESPONSE_STREAM mode); the result's payload then holds none of them.
   * `contentType`: the stream's (responseStream.setContentType, application/octet-stream by
   * default; HttpResponseStream.from's application/vnd.awslambda.http-integration-response).
   */
  onChunk?: (chunk: Buffer, contentType: string) => void;
}

export interface LambdaInvokeResult {
  /** 200 for RequestResponse, 202 for Event, 204 for DryRun. */
  statusCode: number;
  payload: Buffer;
  /** "Unhandled" when the function failed (X-Amz-Function-Error). */
  functionError?: string;
  /** Last 4 KB of the invocation's log, base64, when LogType Tail was asked. */
  logTail?: string;
  executedVersion: string;
  /** A streaming handler's content type (see `onChunk`); absent for a handler that does not stream. */
  contentType?: string;
}

export interface LambdaInvoker {
  invoke(request: LambdaInvokeRequest & { logType?: "None" | "Tail" }): Promise<LambdaInvokeResult>;
}

/**
 * Calls any emulated AWS API by service and action with a JSON-shaped input, as the
 * Step Functions `aws-sdk:*` integrations do. Served by the same code as the edge.
 */
export interface AwsDispatcher {
  call(service: string, action: string, input: Record<string, unknown>, options?: DispatchOptions): Promise<Record<string, unknown>>;
}

export interface DispatchOptions {
  /** X-Amzn-Trace-Id sent with the call, as an AWS SDK inside a traced caller sends it. */
  traceHeader?: string;
  /**
   * Step Functions' aws-sdk conventions: members named in PascalCase whatever the API's
   * casing, JSON values given to text members sent as their JSON text, outputs in PascalCase.
   */
  sdkNames?: boolean;
  /**
   * A blob payload in the answer (S3 GetObject's Body) comes back as a Buffer of its bytes
   * instead of UTF-8 text: for callers that read zips, gzip files and other binary objects.
   * (A Buffer or Uint8Array given for a blob payload is always sent as its bytes.)
   */
  binary?: boolean;
}

/**
 * The settings of one event source mapping (Lambda's CreateEventSourceMapping family), as
 * the service that owns the source runs it. Lambda keeps the mappings and their API; the
 * source's service (DynamoDB for streams) polls it and invokes the function.
 */
export interface EventSourceMappingSettings {
  /** The function (name or ARN, maybe qualified), as LambdaInvoker takes it. */
  functionName: string;
  eventSourceArn: string;
  enabled: boolean;
  batchSize: number;
  /** AT_TIMESTAMP: Kinesis streams only, from startingPositionTimestamp. */
  startingPosition: "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP";
  /** With AT_TIMESTAMP: epoch seconds. */
  startingPositionTimestamp?: number;
  maximumBatchingWindowInSeconds: number;
  /** -1: until the records expire. */
  maximumRetryAttempts: number;
  /** -1: no limit. */
  maximumRecordAgeInSeconds: number;
  bisectBatchOnFunctionError: boolean;
  functionResponseTypes: string[];
  filterCriteria?: { Filters?: { Pattern?: string }[] };
  /** Stream mappings: the DestinationConfig OnFailure ARN (SQS queue or SNS topic) told of each discarded batch. */
  onFailure?: string;
}

/** Runs the event source mappings whose source one service owns (wired by packages/sandbox). */
export interface EventSourcePoller {
  /** Whether the source exists (a DynamoDB stream ARN the service knows). */
  sourceExists(eventSourceArn: string): boolean;
  /**
   * Starts delivering; answers the mapping's UUID. With `uuid` (Lambda's, for a mapping it
   * keeps across restarts) the mapping takes that UUID and its position in the source is
   * kept under it, so starting it again with the same UUID resumes where it stopped.
   */
  start(settings: EventSourceMappingSettings, uuid?: string): string;
  /** New settings for a running mapping; its position in the source is kept. */
  update(uuid: string, settings: EventSourceMappingSettings): void;
  /** Stops delivering and forgets the mapping. */
  stop(uuid: string): Promise<void>;
  /** The mapping's LastProcessingResult ("OK", "PROBLEM: Function call failed"); undefined before its first batch. */
  lastProcessingResult?(uuid: string): string | undefined;
}

/**
 * CloudWatch's Embedded Metric Format: the log events a Lambda function writes to its log group
 * are handed over as CloudWatch Logs stores them, and those that are EMF documents become
 * metrics (wired by packages/sandbox from the function log forwarder to packages/cloudwatch).
 */
export interface EmbeddedMetrics {
  extract(logGroup: string, events: ReadonlyArray<{ timestamp: number; message: string }>): void;
}
