/**
 * @sam-sandbox/lambda — runs Lambda functions (Node.js in worker threads; Python and
 * provided.* as subprocesses behind a Runtime API; one execution environment per worker or
 * process, reused warm), reloads them when their code changes, and serves the Lambda API
 * on the edge port.
 */
import type { AwsDispatcher, AwsService, Clock, EventBus, EventSourceMappingSettings, EventSourcePoller, LambdaInvoker, Logger, Store, Tracer } from "@sam-sandbox/core";
import { RealClock, SandboxError } from "@sam-sandbox/core";
import { LambdaEngine } from "./engine/engine.js";
import { adoptEventSourceMapping, resumeEventSourceMappings } from "./engine/eventSourceMappings.js";
import { LambdaPersistence } from "./engine/persistence.js";
import { addTemplateFunctionUrls, servedFunctionUrl, servedFunctionUrls, type FunctionUrlSettings, type ServedFunctionUrl } from "./engine/functionUrls.js";
import { lambdaWire } from "./wire.js";

/** A function to run. Structurally a subset of the template's FunctionSpec. */
export interface LambdaFunctionConfig {
  functionName: string;
  /** A template function's tags (its Tags, SAM's and CloudFormation's), as ListTags answers them. */
  tags?: Record<string, string>;
  arn: string;
  /** "index.handler", "src/handlers/get.handler" */
  handler: string;
  /** "nodejs20.x", … */
  runtime: string;
  /** Absolute directory of the code (CodeUri). */
  codeDir: string;
  /** SAM `Metadata: BuildMethod: esbuild` and its BuildProperties. */
  build?: { method: "esbuild"; properties: Record<string, unknown> };
  timeoutSeconds: number;
  memorySizeMb: number;
  /** EphemeralStorage.Size, the /tmp size in MB Lambda gives it (512 unless set); answered as set. */
  ephemeralStorageMb?: number;
  environment: Record<string, string>;
  architectures: string[];
  tracing?: "Active" | "PassThrough";
  /** Layer version ARNs (Layers), as configured. */
  layers: string[];
  /**
   * Absolute directories of those layers' content (ContentUri), in the same order: what
   * Lambda extracts to /opt. Node.js resolves packages from <dir>/nodejs/node_modules,
   * Python imports from <dir>/python; provided.* may find its bootstrap at <dir>/bootstrap.
   */
  layerDirs?: string[];
  /**
   * Local .zip archives unpacked before the function builds: its code (into codeDir) and its
   * layers' content (into layerDirs), as Lambda unpacks the packages it is given. Watched for changes.
   */
  packages?: Array<{ zip: string; dir: string }>;
  reservedConcurrency?: number;
  description?: string;
  logFormat?: "Text" | "JSON";
  /** LoggingConfig.ApplicationLogLevel / SystemLogLevel (JSON format only): lines below them are dropped (engine/logLevels.ts). */
  applicationLogLevel?: string;
  systemLogLevel?: string;
  /** LoggingConfig.LogGroup: where the function's logs go, "/aws/lambda/<functionName>" unless set. */
  logGroup?: string;
  /** SnapStart.ApplyOn: "PublishedVersions" is answered as SnapStart on published versions (no snapshot is taken locally). */
  snapStart?: "PublishedVersions" | "None";
  /** Execution role ARN (CreateFunction's Role); the template's functions get a generated one. */
  role?: string;
  /**
   * DeadLetterConfig.TargetArn (SAM `DeadLetterQueue`): an SNS topic or SQS queue that gets
   * the event of an asynchronous invocation that failed every attempt.
   */
  deadLetterTargetArn?: string;
  /**
   * KMSKeyArn (CloudFormation / SAM `KmsKeyArn`): the customer managed key Lambda would encrypt
   * the environment variables with. Answered as given; nothing is encrypted locally.
   */
  kmsKeyArn?: string;
  /** SAM `EventInvokeConfig` / AWS::Lambda::EventInvokeConfig: as PutFunctionEventInvokeConfig would set it. */
  eventInvokeConfig?: {
    qualifier: string;
    maximumRetryAttempts?: number;
    maximumEventAgeInSeconds?: number;
    onSuccess?: string;
    onFailure?: string;
  };
  /** SAM `FunctionUrlConfig` / AWS::Lambda::Url naming the function: as CreateFunctionUrlConfig would make them. */
  functionUrls?: FunctionUrlSettings[];
}

export type { FunctionUrlCors, FunctionUrlSettings, ServedFunctionUrl } from "./engine/functionUrls.js";

/**
 * Attributes of a message Lambda sends to a dead-letter queue (RequestID, ErrorCode,
 * ErrorMessage), shaped as SNS Publish and SQS SendMessage take MessageAttributes.
 */
export type MessageAttributes = Record<string, { DataType: "String" | "Number"; StringValue: string }>;

export interface LambdaOptions {
  functions: LambdaFunctionConfig[];
  region: string;
  accountId: string;
  /** The edge URL handlers' SDK clients call (AWS_ENDPOINT_URL inside the function). */
  edgeUrl: string;
  /** host:port of the sandbox's X-Ray daemon (AWS_XRAY_DAEMON_ADDRESS inside the function), when it listens. */
  xrayDaemonAddress?: string;
  /** Where esbuild writes bundles (one directory per function). */
  buildDir: string;
  /** The sandbox clock: idle environments are reclaimed and async retries wait on it. */
  clock: Clock;
  logger: Logger;
  events: EventBus;
  /**
   * Measures function timeouts, which are wall-clock time. Default: real time. Tests may
   * pass `new RealClock(0.05)` to make a 1-second Timeout expire after 50 ms.
   */
  wallClock?: Clock;
  /** How long an idle environment is kept warm (sandbox clock). Default 10 minutes. */
  idleEnvironmentMs?: number;
  /**
   * Hot reload: watch each function's code directory and layers; a change rebuilds the
   * function and new invocations run the new code (a build error keeps the old code serving).
   */
  watch?: boolean;
  /**
   * false: a function's Timeout is not enforced, so a debugger can hold it at a breakpoint
   * (`sandbox up --inspect`); its context still reports the configured deadline. Default true.
   */
  enforceTimeouts?: boolean;
  /** The account's concurrent executions limit. Default 1000, as AWS's default quota. */
  concurrencyLimit?: number;
  /**
   * Execution environments one function version runs side by side before further
   * invocations wait for one to free up (queued, not throttled; each environment still
   * serves one invocation at a time). Default: the machine's cores, at least 2. An
   * invocation that keeps waiting (a function slow on I/O) starts one more anyway;
   * `Infinity` starts one per concurrent invocation at once, as AWS does.
   */
  maxEnvironments?: number;
  /** The python3 interpreter for Python functions. Default: SANDBOX_PYTHON, else found on PATH. */
  python?: string;
  /**
   * Delivers an asynchronous invocation's record to an OnSuccess / OnFailure destination
   * that is not a Lambda function (SNS topic, SQS queue, EventBridge bus): `record` is the
   * JSON invocation record. Destinations that are functions here are invoked directly.
   * A dead-letter queue gets the event itself as `record`, with `attributes`.
   */
  destinations?: (destinationArn: string, record: string, attributes?: MessageAttributes) => Promise<void>;
  /**
   * Whether `destinations` reaches the service behind an ARN. A dead-letter queue or
   * destination it does not reach is named in one warning when configured. Default: SNS
   * topics (and Lambda functions, which the engine invokes itself).
   */
  deliverable?: (targetArn: string) => boolean;
  /**
   * The event source mapping API (CreateEventSourceMapping, …) runs mappings through these,
   * by the service of the source ARN ("dynamodb" for DynamoDB streams). A source whose
   * service has none is answered with InvalidParameterValueException.
   */
  eventSources?: Readonly<Record<string, EventSourcePoller>>;
  /**
   * Records X-Ray segments (AWS::Lambda, AWS::Lambda::Function with Initialization /
   * Invocation / Overhead) for `Tracing: Active` functions and for invocations whose caller
   * sampled the trace. Default: none recorded; functions still get _X_AMZN_TRACE_ID.
   */
  tracer?: Tracer;
  /**
   * Reaches the sandbox's other services: CreateFunction, UpdateFunctionCode and
   * PublishLayerVersion read a package given as S3Bucket / S3Key from S3 through it
   * (GetObject). Without it such a package is refused.
   */
  dispatcher?: AwsDispatcher;
  /**
   * Keeps what the Lambda API creates and changes (functions created with CreateFunction,
   * their versions, aliases, policies, URLs and settings; layers; code signing configs;
   * event source mappings) across restarts. Default: nothing kept (as a MemoryStore). Zips are
   * extracted under `buildDir`, which must then be a directory that stays (the data directory).
   * The template's functions always come back as the template defines them.
   */
  store?: Store;
}

export interface LambdaRuntime {
  /** The Lambda API, for the edge (signing name "lambda", path /2015-03-31/functions). */
  service: AwsService;
  /** Invokes functions for other services (API Gateway, Step Functions, …). */
  invoker: LambdaInvoker;
  /** Builds every function now (build errors show at start-up instead of on first call). */
  prepare(): Promise<Array<{ functionName: string; errorType: string; errorMessage: string }>>;
  /** The code of these functions (all when omitted) changed: rebuild and start fresh environments. */
  reload(functionNames?: readonly string[]): void;
  /** Settles when hot reload watches the code (at once without `watch`). */
  watching(): Promise<void>;
  /**
   * A mapping the sandbox started itself (the template's `Events: Type: DynamoDB`), by the
   * service that runs it: ListEventSourceMappings shows it and the API manages it.
   */
  adoptEventSourceMapping(uuid: string, service: string, settings: EventSourceMappingSettings): void;
  /**
   * The event source mappings an earlier run created through the API poll again (from where
   * they stopped). Call once, when every service they invoke through is up.
   */
  resumeEventSourceMappings(): void;
  /** Every function URL (the template's and CreateFunctionUrlConfig's) whose function exists. */
  functionUrls(): ServedFunctionUrl[];
  /** The function URL whose host name carries this id (case-insensitive). */
  functionUrl(urlId: string): ServedFunctionUrl | undefined;
  /** Stops every environment. */
  close(): Promise<void>;
}

export async function createLambda(options: LambdaOptions): Promise<LambdaRuntime> {
  const seen = new Set<string>();
  for (const fn of options.functions) {
    if (seen.has(fn.functionName)) {
      throw new SandboxError(`Two functions are named ${fn.functionName}`, { hint: "FunctionName must be unique in a region." });
    }
    seen.add(fn.functionName);
  }
  const engine = new LambdaEngine({
    ...options,
    wallClock: options.wallClock ?? new RealClock(),
    python: options.python ?? process.env.SANDBOX_PYTHON,
  });
  addTemplateFunctionUrls(engine, options.functions);
  // --in-memory keeps nothing: no journal, and no need to look for what changed.
  if (options.store?.durable) engine.persistence = await LambdaPersistence.open(options.store, engine, seen);
  const handle = lambdaWire(engine, options.logger);
  return {
    service: {
      name: "lambda",
      route: {
        signingNames: ["lambda"],
        pathPrefixes: [
          "/2015-03-31/functions",
          "/2015-03-31/event-source-mappings",
          "/2016-08-19/account-settings",
          "/2017-03-31/tags",
          "/2017-10-31/functions",
          "/2018-10-31/layers",
          "/2019-09-25/functions",
          "/2019-09-30/functions",
          "/2021-11-15/functions",
          "/2021-10-31/functions",
          "/2020-04-22/code-signing-configs",
          "/2020-06-30/functions",
          "/2021-07-20/functions",
          "/2024-08-31/functions",
        ],
      },
      handle,
      close: () => engine.close(),
    },
    invoker: engine,
    prepare: () => engine.prepare(),
    reload: (names) => engine.reload(names),
    watching: () => engine.watching(),
    adoptEventSourceMapping: (uuid, service, settings) => adoptEventSourceMapping(engine, uuid, service, settings),
    resumeEventSourceMappings: () => resumeEventSourceMappings(engine),
    functionUrls: () => servedFunctionUrls(engine),
    functionUrl: (urlId) => servedFunctionUrl(engine, urlId),
    close: () => engine.close(),
  };
}
