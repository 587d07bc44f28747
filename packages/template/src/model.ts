/**
 * The application model the template loader produces: every resource the sandbox
 * runs, with intrinsics resolved, SAM transforms applied and paths absolute.
 * packages/sandbox maps it onto each service's own configuration.
 */

export interface AppModel {
  /** Absolute path of the template file. */
  templateFile: string;
  /** Directory the template is in (CodeUri is relative to it). */
  dir: string;
  /**
   * The application's directory, where its `.sandbox/` state belongs: `dir`, or for a CDK
   * template in cdk.out the directory holding cdk.out (cdk synth rewrites cdk.out).
   */
  appDir: string;
  stackName: string;
  region: string;
  accountId: string;
  functions: FunctionSpec[];
  apis: ApiSpec[];
  tables: TableSpec[];
  /** Resolved Outputs (name → value as a string). */
  outputs: Record<string, { value: string; description?: string }>;
  /** One line per unsupported resource type etc. ("AWS::SQS::Queue MyQueue is not emulated yet; skipped"). */
  warnings: string[];
  /** Every resource after SAM transforms and intrinsic resolution, for services added later. */
  resources: Record<string, ResolvedResource>;
}

export interface ResolvedResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  /** What !Ref of this resource resolves to. */
  ref: string;
  /** Attributes !GetAtt may read (Arn, …). */
  attributes: Record<string, string>;
  /** 1-based line in the template, for messages. */
  line?: number;
}

export interface FunctionSpec {
  logicalId: string;
  /** FunctionName, or "<stack>-<LogicalId>-<suffix>" as CloudFormation generates. */
  functionName: string;
  arn: string;
  /** "index.handler" */
  handler: string;
  /** "nodejs20.x", … */
  runtime: string;
  /** Absolute directory of the code. */
  codeDir: string;
  /** SAM `Metadata: BuildMethod: esbuild` with its BuildProperties, when present. */
  build?: { method: "esbuild"; properties: Record<string, unknown> };
  timeoutSeconds: number;
  memorySizeMb: number;
  environment: Record<string, string>;
  architectures: string[];
  tracing?: "Active" | "PassThrough";
  layers: string[];
  reservedConcurrency?: number;
  description?: string;
  /** LoggingConfig.LogFormat */
  logFormat?: "Text" | "JSON";
  line?: number;
}

export interface ApiSpec {
  logicalId: string;
  /** "http" = API Gateway v2 HTTP API; "rest" = API Gateway v1 REST API. */
  kind: "http" | "rest";
  /** Generated 10-character lower-case id, stable per logical id. */
  apiId: string;
  name: string;
  /** "$default" for HTTP APIs unless StageName is given; "Prod" for implicit REST APIs. */
  stageName: string;
  cors?: CorsSpec;
  routes: RouteSpec[];
  /** True for ServerlessRestApi / ServerlessHttpApi created from function events. */
  implicit: boolean;
  /**
   * The API's authorization settings as written: SAM `Auth` (Authorizers, DefaultAuthorizer, …)
   * for AWS::Serverless::Api / HttpApi; absent for CloudFormation-style APIs (their routes carry it).
   */
  auth?: Record<string, unknown>;
  line?: number;
}

export interface RouteSpec {
  /** "GET", "POST", …, or "ANY". */
  method: string;
  /** "/items/{id}", "/{proxy+}", "$default". */
  path: string;
  /** Logical id of the function that serves the route. */
  functionLogicalId: string;
  /** Its resolved FunctionName (what the Lambda port is invoked with). */
  functionName: string;
  /** "2.0" (HTTP API default) or "1.0" (REST APIs, or HTTP API PayloadFormatVersion: "1.0"). */
  payloadFormatVersion: "1.0" | "2.0";
  /** Logical id of the event in the function's Events, for messages. */
  eventId: string;
  /** Authorizer configuration as written in the template (used by later issues). */
  auth?: Record<string, unknown>;
  timeoutMs?: number;
}

export interface CorsSpec {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
}

export interface TableSpec {
  logicalId: string;
  /** The DynamoDB CreateTable input, as the DynamoDB API takes it (TableName filled in). */
  createTableInput: Record<string, unknown>;
  /** TimeToLiveSpecification from the template, if any. */
  timeToLive?: { AttributeName: string; Enabled: boolean };
  /**
   * The stream ARN `!GetAtt Table.StreamArn` resolved to, when the table has a stream: the
   * DynamoDB service should give the table this stream label so the two agree.
   */
  streamArn?: string;
  line?: number;
}
