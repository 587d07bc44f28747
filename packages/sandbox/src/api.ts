import type { Clock, Logger } from "@sam-sandbox/core";

/** Options of `createSandbox()` and `sandbox up`. */
export interface SandboxOptions {
  /**
   * Template file, or a directory holding template.yaml|yml. Defaults to process.cwd(). `false`:
   * no application, the AWS APIs alone (state in `dataDir`, default ./.sandbox).
   */
  template?: string | false;
  /** App (API Gateway) port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Edge port speaking every AWS API; 0 picks a free one. Default 4566. */
  edgePort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * UDP port of an X-Ray daemon that records the segments X-Ray SDKs (Powertools Tracer,
   * aws-xray-sdk) in functions send; 2000 is their default. 0 picks a free one. None when
   * omitted (`sandbox up` listens on 2000).
   */
  xrayDaemonPort?: number;
  /** Keep no state on disk. */
  inMemory?: boolean;
  /** State directory. Default <app dir>/.sandbox. */
  dataDir?: string;
  /** Template parameter values. */
  parameterOverrides?: Record<string, string>;
  region?: string;
  /** Speeds up waits and retry back-off: 0 skips them, 0.1 makes them ten times shorter. */
  timeScale?: number;
  /**
   * Execution environments one function runs side by side before further invocations wait
   * for a free one (not throttled). Default: the machine's cores, at least 2. `Infinity`:
   * one per concurrent invocation at once, as AWS does.
   */
  maxEnvironments?: number;
  /**
   * A debugger may hold functions at breakpoints (`sandbox up --inspect`): Lambda Timeouts and
   * API Gateway integration timeouts are not enforced.
   */
  debug?: boolean;
  /** Hot reload: rebuild a function when its code changes (on for `sandbox up`). */
  watch?: boolean;
  clock?: Clock;
  /** Clock for TimeoutSeconds/HeartbeatSeconds when `clock` is scaled (--time-scale). */
  deadlines?: Clock;
  /**
   * SAM CLI's environment variables file (path or object): {"Parameters": {…}} for every
   * function, {"<LogicalId or FunctionName>": {…}} for one; replaces the values of variables the
   * template declares (`sam local invoke --env-vars`).
   */
  envVars?: string | Record<string, Record<string, unknown>>;
  /** Step Functions Local MockConfigFile (object or path). */
  mockConfig?: string | Record<string, unknown>;
  logger?: Logger;
}

export interface Sandbox {
  /** http://host:port of the application APIs. */
  apiUrl: string;
  /** http://host:edgePort — set AWS_ENDPOINT_URL to this. */
  endpoint: string;
  region: string;
  stop(): Promise<void>;
}
