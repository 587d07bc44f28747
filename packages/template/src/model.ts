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
  /** "arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>", stable per name, region and account. */
  stackId: string;
  /** The template's Description, when it has one. */
  description?: string;
  /**
   * The Parameters section's values as given (overrides, else Default); lists comma-joined. An
   * AWS::SSM::Parameter::Value<…> parameter has its `ssmType`, its value is the SSM parameter's name and
   * `resolvedValue` the SSM parameter's value once read from Parameter Store (LoadTemplateOptions.ssmParameterValues);
   * `line` is the parameter's line in the template, `referenced` whether resources or outputs read it.
   */
  parameters: Array<{ name: string; value: string; noEcho: boolean; ssmType?: string; resolvedValue?: string; line?: number; referenced?: boolean }>;
  region: string;
  accountId: string;
  functions: FunctionSpec[];
  /** Functions the template declares that the sandbox does not run (container images), with the warning that says why. */
  skippedFunctions?: SkippedFunction[];
  apis: ApiSpec[];
  /** AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET (CloudFormation only: SAM has no WebSocket resource). */
  webSocketApis: WebSocketApiSpec[];
  tables: TableSpec[];
  /** AWS::Serverless::StateMachine and AWS::StepFunctions::StateMachine. */
  stateMachines: StateMachineSpec[];
  /** AWS::SNS::Topic. */
  topics: TopicSpec[];
  /**
   * Every SNS subscription, each once: AWS::SNS::Subscription, the Subscription list of an
   * AWS::SNS::Topic, and SAM `Events: Type: SNS` on functions. Create topics first.
   */
  subscriptions: SubscriptionSpec[];
  /** DynamoDB stream → function: SAM `Events: Type: DynamoDB` and AWS::Lambda::EventSourceMapping. */
  eventSourceMappings: EventSourceMappingSpec[];
  /** AWS::S3::Bucket, with the functions its object events invoke. */
  buckets: BucketSpec[];
  /** Resolved Outputs (name → value as a string; Export.Name resolved too). */
  outputs: Record<string, { value: string; description?: string; exportName?: string }>;
  /** One line per unsupported resource type etc. ("AWS::Kinesis::Stream MyStream is not emulated yet; skipped"). */
  warnings: string[];
  /** Every resource after SAM transforms and intrinsic resolution, for services added later. */
  resources: Record<string, ResolvedResource>;
  /** The roles SAM generates ("<Function>Role" for functions and state machines without a Role), left out of `resources`. */
  generatedRoles: Array<{ logicalId: string; roleName: string }>;
  /**
   * The nested stacks (AWS::CloudFormation::Stack, AWS::Serverless::Application) whose templates were
   * loaded, nested ones too. Their resources run with this stack's, under "<path>/<LogicalId>" in
   * `resources`, `functions`, … ("Child/Function", "Child/Grandchild/Table").
   */
  nestedStacks?: NestedStackSpec[];
}

/** A nested stack the sandbox runs: its own name, parameters and outputs, as CloudFormation shows it. */
export interface NestedStackSpec {
  /** "Child", or "Child/Grandchild" for a stack nested in a nested stack: the prefix of its resources' ids. */
  path: string;
  /** Its logical id in the template that declares it. */
  logicalId: string;
  /** "<parent>-<LogicalId>-<SUFFIX>", as CloudFormation names nested stacks; its AWS::StackName. */
  stackName: string;
  /** Its Ref: "arn:aws:cloudformation:<region>:<account>:stack/<stackName>/<uuid>". */
  stackId: string;
  /** The stack id of the stack that declares it, and of the top-level stack. */
  parentId: string;
  rootId: string;
  /** Absolute path of its template. */
  templateFile: string;
  description?: string;
  parameters: AppModel["parameters"];
  outputs: AppModel["outputs"];
  /** Its own resources' logical ids (in `resources` as "<path>/<id>"), without those of stacks nested in it. */
  resourceIds: string[];
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

export interface SkippedFunction {
  logicalId: string;
  /** The warning the template gave for it. */
  reason: string;
}

export interface FunctionSpec {
  logicalId: string;
  /** ListTags: the user's Tags, SAM's lambda:createdBy (SAM functions) and CloudFormation's aws:cloudformation:* tags (stackTags.ts). */
  tags: Record<string, string>;
  /** FunctionName, or "<stack>-<LogicalId>-<suffix>" as CloudFormation generates. */
  functionName: string;
  arn: string;
  /** "index.handler" */
  handler: string;
  /** "nodejs20.x", … */
  runtime: string;
  /** Absolute directory of the code. */
  codeDir: string;
  /** A local .zip archive the code is unpacked from into codeDir (SAM `CodeUri: app.zip`, a zip asset, a Serverless Framework package). */
  codeZip?: string;
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
  /** LoggingConfig.ApplicationLogLevel / SystemLogLevel (JSON format only). */
  applicationLogLevel?: string;
  systemLogLevel?: string;
  /** LoggingConfig.LogGroup: the function's logs go there instead of /aws/lambda/<name>. */
  logGroup?: string;
  /** SnapStart.ApplyOn */
  snapStart?: "PublishedVersions" | "None";
  /** KmsKeyArn: the key Lambda would encrypt the environment variables with (answered as KMSKeyArn). */
  kmsKeyArn?: string;
  /**
   * SAM `AutoPublishAlias`: the alias (of version 1) SAM creates, which the function's events, URL and
   * EventInvokeConfig name instead of the function (eventTarget() in functions/target.ts).
   */
  autoPublishAlias?: string;
  /** SAM `DeadLetterQueue.TargetArn` / CloudFormation `DeadLetterConfig.TargetArn`: an SNS topic or SQS queue. */
  deadLetterTargetArn?: string;
  /** SAM `EventInvokeConfig` / an AWS::Lambda::EventInvokeConfig naming the function. */
  eventInvokeConfig?: EventInvokeConfigSpec;
  /** SAM `FunctionUrlConfig` / AWS::Lambda::Url resources naming the function (functions/functionUrls.ts). */
  functionUrls?: FunctionUrlSpec[];
  /**
   * SAM `Schedule` / `ScheduleV2` events: invoke the function (asynchronously) on this schedule.
   * A ScheduleV2 event runs as the AWS::Scheduler::Schedule SAM generates for it (in `resources`).
   */
  schedules: ScheduleSpec[];
  /**
   * The custom resource type (Custom::CDKBucketDeployment, …) this function is CDK's provider for, when the
   * sandbox does that resource's work itself: the function is never invoked at start-up, so its layers need not load.
   */
  cdkProviderFor?: string;
  line?: number;
}

/** A Lambda function URL (AWS::Lambda::Url), as CreateFunctionUrlConfig takes it. */
export interface FunctionUrlSpec {
  /** The 32-character id of its host name, the one Fn::GetAtt <Url>.FunctionUrl shows. */
  urlId: string;
  /** An alias; absent for the function itself. */
  qualifier?: string;
  authType: "NONE" | "AWS_IAM";
  /** As the Lambda API takes it: AllowOrigins, AllowMethods, AllowHeaders, ExposeHeaders, MaxAge, AllowCredentials. */
  cors?: {
    AllowCredentials?: boolean;
    AllowHeaders?: string[];
    AllowMethods?: string[];
    AllowOrigins?: string[];
    ExposeHeaders?: string[];
    MaxAge?: number;
  };
  invokeMode?: "BUFFERED" | "RESPONSE_STREAM";
}

/** Asynchronous invocation settings, as PutFunctionEventInvokeConfig takes them. */
export interface EventInvokeConfigSpec {
  /** "$LATEST", a version or an alias. */
  qualifier: string;
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  /** Destination ARNs. */
  onSuccess?: string;
  onFailure?: string;
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
  /** The stage's StageVariables (CloudFormation HTTP APIs), read by $stageVariables.<name> and event.stageVariables. */
  stageVariables?: Record<string, string>;
  cors?: CorsSpec;
  routes: RouteSpec[];
  /** True for ServerlessRestApi / ServerlessHttpApi created from function events. */
  implicit: boolean;
  /**
   * The API's authorization settings as written: SAM `Auth` (Authorizers, DefaultAuthorizer, …)
   * for AWS::Serverless::Api / HttpApi; absent for CloudFormation-style APIs (their routes carry it).
   */
  auth?: Record<string, unknown>;
  /** The API's authorizers, resolved from SAM `Auth.Authorizers` or AWS::ApiGateway(V2)::Authorizer (apis/auth.ts). */
  authorizers?: AuthorizerSpec[];
  /** REST APIs: the API keys usable on it (through a usage plan of its stage, or SAM Auth.UsagePlan). */
  apiKeys?: ApiKeySpec[];
  /** REST APIs: ApiKeySourceType AUTHORIZER (the key comes from the authorizer's usageIdentifierKey); HEADER when absent. */
  apiKeySource?: "HEADER" | "AUTHORIZER";
  /**
   * REST APIs: X-Ray active tracing of the stage (SAM `TracingEnabled`, AWS::ApiGateway::Stage
   * `TracingEnabled`). HTTP APIs have no X-Ray tracing on AWS; never set for them.
   */
  tracingEnabled?: boolean;
  /**
   * REST APIs: BinaryMediaTypes ("image/png", "image/*", "*\/*"), from SAM `BinaryMediaTypes`,
   * AWS::ApiGateway::RestApi `BinaryMediaTypes` (both with "~1" for "/") and an OpenAPI body's
   * x-amazon-apigateway-binary-media-types (apis/binaryMediaTypes.ts). Absent when none is named.
   */
  binaryMediaTypes?: string[];
  /** REST APIs: customized gateway responses by response type (apis/gatewayResponses.ts; packages/apigateway's GatewayResponseConfig). */
  gatewayResponses?: Record<string, GatewayResponseSpec>;
  /** HTTP APIs: the stage's DefaultRouteSettings and RouteSettings throttles (apis/throttling.ts; packages/apigateway's ApiConfig.throttling). */
  throttling?: { defaultRoute?: RouteThrottleSpec; routes?: Record<string, RouteThrottleSpec> };
  /**
   * GetRestApi's / GetApi's tags (stackTags.ts): REST APIs the user's Tags (AWS::ApiGateway::RestApi)
   * then CloudFormation's aws:cloudformation:*; SAM HTTP APIs httpapi:createdBy SAM then the user's Tags.
   */
  tags?: Record<string, string>;
  /** REST APIs: GetRestApi's version, "1.0" where SAM generated the swagger (its info.version). */
  version?: string;
  line?: number;
}

/** One customized REST gateway response, as AWS::ApiGateway::GatewayResponse writes it. */
export interface GatewayResponseSpec {
  statusCode?: string;
  /** "gatewayresponse.header.<Name>" → "'value'" or "method.request.header.<name>". */
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
}

/** A WebSocket API (packages/apigateway's WebSocketApiConfig accepts it). */
export interface WebSocketApiSpec {
  logicalId: string;
  /** Generated 10-character lower-case id: requestContext.apiId. */
  apiId: string;
  name: string;
  /** The Stage resource's StageName: the path of the API's URL (ws://127.0.0.1:3000/<stage>). */
  stageName: string;
  /** "$request.body.action" unless the template says otherwise. */
  routeSelectionExpression: string;
  stageVariables?: Record<string, string>;
  routes: WebSocketRouteSpec[];
  line?: number;
}

export interface WebSocketRouteSpec {
  /** "$connect", "$disconnect", "$default" or a custom key ("sendmessage"). */
  routeKey: string;
  functionLogicalId: string;
  functionName: string;
  /** True when an AWS::ApiGatewayV2::RouteResponse belongs to the route: the function's answer is sent to the client. */
  twoWay: boolean;
  /** Logical id of the Route resource, for messages. */
  eventId: string;
  timeoutMs?: number;
  /** $connect's Lambda REQUEST authorizer: its function and identity sources. */
  authorizer?: { functionName: string; identitySources: string[] };
}

/** ThrottlingRateLimit and ThrottlingBurstLimit of an HTTP API route. */
export interface RouteThrottleSpec {
  rateLimit?: number;
  burstLimit?: number;
}

export interface RouteSpec {
  /** "GET", "POST", …, or "ANY". */
  method: string;
  /** "/items/{id}", "/{proxy+}", "$default". */
  path: string;
  /** Logical id of the function that serves the route; "" when `stepFunctions` serves it. */
  functionLogicalId: string;
  /** Its resolved FunctionName (what the Lambda port is invoked with); "" when `stepFunctions` serves it. */
  functionName: string;
  /** Set when the integration calls Step Functions instead of a function (functionLogicalId and functionName are then ""). */
  stepFunctions?: StepFunctionsRouteSpec;
  /** Set when an HTTP API integration calls SQS or EventBridge directly (functionLogicalId and functionName are then ""). */
  serviceIntegration?: ServiceIntegrationRouteSpec;
  /** Set when a REST API integration is `Type: AWS` (non-proxy) to a service action with mapping templates (functionLogicalId and functionName are then ""). */
  awsIntegration?: AwsIntegrationRouteSpec;
  /** "2.0" (HTTP API default) or "1.0" (REST APIs, or HTTP API PayloadFormatVersion: "1.0"). */
  payloadFormatVersion: "1.0" | "2.0";
  /** Logical id of the event in the function's Events, for messages. */
  eventId: string;
  /** Authorizer configuration as written in the template (used by later issues). */
  auth?: Record<string, unknown>;
  /** The route's resolved authorizer (a name in its API's `authorizers`), scopes and API key requirement. */
  authorization?: RouteAuthorizationSpec;
  timeoutMs?: number;
  /** REST APIs: the method's request validator, models and required parameters (packages/apigateway's RequestValidation). */
  validation?: RequestValidationSpec;
  /** HTTP APIs, Lambda proxy and HTTP_PROXY routes: the integration's RequestParameters and ResponseParameters (apis/parameterMapping.ts). */
  parameterMapping?: { request?: Record<string, string>; response?: Record<string, Record<string, string>> };
  /** HTTP APIs: set when the integration is HTTP_PROXY to an http(s) endpoint (functionLogicalId and functionName are then ""). */
  httpProxy?: HttpProxyRouteSpec;
  /** REST API Lambda proxy routes: the integration's IntegrationHttpMethod when it is not POST (Lambda takes no other: API Gateway's 500). */
  integrationHttpMethod?: string;
}

/** An HTTP API HTTP_PROXY integration (packages/apigateway's HttpProxyIntegration): IntegrationUri / uri and IntegrationMethod / httpMethod. */
export interface HttpProxyRouteSpec {
  /** An http(s) URL; {name} takes the route's path variable (the greedy {proxy+} as {proxy}). */
  uri: string;
  /** Absent or "ANY": the request's own method. */
  method?: string;
}

/** A REST method's request validation, as packages/apigateway's RequestValidation takes it. */
export interface RequestValidationSpec {
  validateBody: boolean;
  validateParameters: boolean;
  /** Content type → the model's JSON Schema (draft 4). */
  models?: Record<string, unknown>;
  /** "method.request.querystring.x", "method.request.header.x", "method.request.path.x". */
  requiredParameters?: string[];
  /** SAM events: content type → model name, resolved into `models` from the API's Models. */
  modelNames?: Record<string, string>;
}

/** An API's authorizer, as packages/apigateway's AuthorizerConfig takes it. */
export type AuthorizerSpec =
  | {
      name: string;
      type: "TOKEN" | "REQUEST";
      /** The function invoked (its resolved FunctionName). */
      functionName: string;
      /** As AWS writes them: "method.request.header.X" (REST), "$request.header.X" (HTTP APIs). */
      identitySources: string[];
      validationExpression?: string;
      /** AuthorizerResultTtlInSeconds / ReauthorizeEvery. */
      ttlSeconds: number;
      /** HTTP APIs only. */
      payloadFormatVersion?: "1.0" | "2.0";
      simpleResponses?: boolean;
    }
  | { name: string; type: "JWT"; issuer: string; audience: string[]; identitySources: string[] }
  /** A REST API's Cognito user pool authorizer: the pools (ProviderARNs) whose tokens it accepts. */
  | { name: string; type: "COGNITO_USER_POOLS"; providerArns: string[]; identitySources: string[] };

/** A REST API key (AWS::ApiGateway::ApiKey, or the one SAM's Auth.UsagePlan creates). */
export interface ApiKeySpec {
  id: string;
  value: string;
  enabled: boolean;
  logicalId?: string;
  /** The template gives no Value: the sandbox made one (printed by `sandbox up`). */
  generated?: boolean;
  /** The usage plan's Throttle (RateLimit per second, BurstLimit). */
  throttle?: { rateLimit: number; burstLimit: number };
  /** The usage plan's ApiStages[].Throttle for this API, by "/<resource path>/<METHOD>" (RateLimit, BurstLimit). */
  methodThrottles?: Record<string, { rateLimit: number; burstLimit: number }>;
  /** The usage plan's Quota (Limit per Period; Offset: WEEK's first day after Sunday). */
  quota?: { limit: number; period: "DAY" | "WEEK" | "MONTH"; offset?: number };
}

export interface RouteAuthorizationSpec {
  authorizer?: string;
  scopes?: string[];
  apiKeyRequired?: boolean;
  /** AuthorizationType AWS_IAM: only SigV4-signed requests pass. */
  iam?: boolean;
}

export interface CorsSpec {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
  /** REST APIs from CloudFormation/CDK: the OPTIONS MOCK method the CORS was read from, which answers preflights as AWS runs it. */
  preflight?: AwsIntegrationRouteSpec;
  /** REST APIs: by resource path, its OPTIONS MOCK method: SAM `Cors` adds one to every path (header values as written, AllowMethods per path), CDK one per resource. */
  preflights?: Record<string, AwsIntegrationRouteSpec>;
  /** SAM REST `Cors`: what SAM's `Auth` puts on its OPTIONS methods (DefaultAuthorizer, ApiKeyRequired, unless Add…ToCorsPreflight is false). */
  preflightAuthorization?: RouteAuthorizationSpec;
}

export interface TableSpec {
  logicalId: string;
  /** The DynamoDB CreateTable input, as the DynamoDB API takes it (TableName filled in). */
  createTableInput: Record<string, unknown>;
  /** TimeToLiveSpecification from the template, if any. */
  timeToLive?: { AttributeName: string; Enabled: boolean };
  /** KinesisStreamSpecification from the template: the Kinesis Data Streams destination of the table's changes. */
  kinesisStream?: { StreamArn: string; ApproximateCreationDateTimePrecision?: string };
  /**
   * The stream ARN `!GetAtt Table.StreamArn` resolved to, when the table has a stream: the
   * DynamoDB service should give the table this stream label so the two agree.
   */
  streamArn?: string;
  line?: number;
}

/**
 * A route whose integration calls Step Functions. REST APIs (SAM `Api` events on a state
 * machine, or the same integration written in OpenAPI) start `stateMachineArn` with the
 * request body as the execution input through SAM's mapping template; HTTP APIs (AWS_PROXY
 * with IntegrationSubtype StepFunctions-*) build the call from `requestParameters`.
 */
export interface StepFunctionsRouteSpec {
  /** The Step Functions action called. REST routes always use StartExecution, as SAM writes them. */
  action: "StartExecution" | "StartSyncExecution" | "StopExecution";
  /** REST routes: the state machine started. HTTP API routes: RequestParameters.StateMachineArn when it is a plain ARN. */
  stateMachineArn?: string;
  /** The template's state machine behind stateMachineArn, when there is one. */
  stateMachineLogicalId?: string;
  /** REST routes: SAM's UnescapeMappingTemplate (undoes escapeJavaScript's \' (an escape JSON lacks) so single quotes in the body stay valid JSON). */
  unescapeMappingTemplate?: boolean;
  /** HTTP API routes: RequestParameters as written ({ StateMachineArn: "arn:…", Input: "$request.body", … }). */
  requestParameters?: Record<string, string>;
}

/**
 * An HTTP API route whose AWS_PROXY integration has IntegrationSubtype SQS-* or
 * EventBridge-PutEvents: `requestParameters` as written ({ QueueUrl: "https://…", MessageBody: "$request.body" }).
 */
export interface ServiceIntegrationRouteSpec {
  subtype: "SQS-SendMessage" | "SQS-ReceiveMessage" | "SQS-DeleteMessage" | "SQS-PurgeQueue" | "EventBridge-PutEvents";
  requestParameters: Record<string, string>;
}

/**
 * A REST API `Type: AWS` integration to a service action (packages/apigateway's AwsIntegration):
 * `Uri: arn:aws:apigateway:<region>:<service>:action/<Action>` or `…:path/<path>`, with its
 * RequestTemplates, RequestParameters, PassthroughBehavior and IntegrationResponses.
 */
export interface AwsIntegrationRouteSpec {
  service: string;
  action?: string;
  path?: string;
  /** HTTP_PROXY integrations ("http_proxy"): the endpoint URL and IntegrationHttpMethod (also S3's, "s3"). */
  uri?: string;
  httpMethod?: string;
  requestTemplates?: Record<string, string>;
  requestParameters?: Record<string, string>;
  passthroughBehavior?: string;
  /** ContentHandling / contentHandling: "CONVERT_TO_TEXT" or "CONVERT_TO_BINARY"; absent: passthrough. */
  contentHandling?: string;
  responses?: Array<{ statusCode: string; selectionPattern?: string; responseTemplates?: Record<string, string>; responseParameters?: Record<string, string>; contentHandling?: string }>;
}

export interface StateMachineSpec {
  logicalId: string;
  /** Name / StateMachineName, or "<LogicalId>-<12 characters>" as CloudFormation generates. */
  name: string;
  /** "arn:aws:states:<region>:<account>:stateMachine:<name>" — what !Ref returns. */
  arn: string;
  type: "STANDARD" | "EXPRESS";
  /** The Amazon States Language definition, parsed, after DefinitionSubstitutions. */
  definition: Record<string, unknown>;
  /**
   * The definition text the state machine is created with (CreateStateMachine `definition`):
   * DefinitionString as resolved, a DefinitionUri JSON file's text, or — for an inline
   * SAM Definition — the JSON SAM writes (keys sorted, 4-space indent); substitutions applied.
   */
  definitionString: string;
  /** DefinitionSubstitutions, resolved to strings (already applied to `definition`). */
  definitionSubstitutions: Record<string, string>;
  /** Role / RoleArn, or the ARN of SAM's generated "<LogicalId>Role". */
  roleArn: string;
  /** SAM Logging / LoggingConfiguration, as CreateStateMachine takes it (Destinations, IncludeExecutionData, Level). */
  loggingConfiguration?: Record<string, unknown>;
  /** SAM Tracing.Enabled / TracingConfiguration.Enabled. */
  tracingEnabled?: boolean;
  /** SAM `Schedule` / `ScheduleV2` events: start an execution on this schedule (ScheduleV2: through its generated AWS::Scheduler::Schedule). */
  schedules: ScheduleSpec[];
  tags: { key: string; value: string }[];
  line?: number;
}

export interface ScheduleSpec {
  /** Logical id of the event in the function's or state machine's Events. */
  eventId: string;
  /** "Schedule" (an EventBridge rule) or "ScheduleV2" (EventBridge Scheduler). */
  kind: "Schedule" | "ScheduleV2";
  /** "rate(5 minutes)", "cron(0 12 * * ? *)", or (ScheduleV2) "at(2026-01-01T00:00:00)". */
  expression: string;
  /** ScheduleV2 ScheduleExpressionTimezone (IANA name); schedules without one use UTC. */
  timezone?: string;
  /** The execution input as written (a JSON text); AWS passes "{}"-like event JSON when absent. */
  input?: string;
  /** Enabled / State (ENABLED unless set otherwise). */
  enabled: boolean;
  /**
   * The rule's name (Schedule: Name, or the name CloudFormation generates) or the schedule's
   * (ScheduleV2: Name, or "<Resource><EventId>" as SAM writes it); the scheduled event lists its ARN.
   */
  name: string;
  description?: string;
  /** 1-based line of the event in the template, for messages. */
  line?: number;
}

export interface TopicSpec {
  logicalId: string;
  /** TopicName, or "<stack>-<LogicalId>-<SUFFIX>" (with ".fifo" for FIFO topics). */
  topicName: string;
  /** What !Ref returns. */
  arn: string;
  fifoTopic: boolean;
  contentBasedDeduplication: boolean;
  displayName?: string;
  /** CreateTopic `Attributes` (string values, as the SNS API takes them): DisplayName, FifoTopic, KmsMasterKeyId, … */
  attributes: Record<string, string>;
  tags: { Key: string; Value: string }[];
  line?: number;
}

export interface SubscriptionSpec {
  /**
   * AWS::SNS::Subscription's logical id; "<Function><EventId>" for a SAM SNS event (SAM's
   * name for the subscription it generates); "<Topic>.Subscription[<i>]" for a topic's inline list.
   */
  logicalId: string;
  topicArn: string;
  /** The template's topic behind topicArn, when there is one. */
  topicLogicalId?: string;
  /** "lambda", "http", "https", "email", "email-json", "sqs", "sms", "application", "firehose". */
  protocol: string;
  endpoint: string;
  /** For protocol "lambda": the template's function behind the endpoint ARN, when there is one. */
  functionLogicalId?: string;
  functionName?: string;
  /** FilterPolicy, parsed (the template may give it as an object or a JSON string). */
  filterPolicy?: Record<string, unknown>;
  filterPolicyScope?: "MessageAttributes" | "MessageBody";
  rawMessageDelivery: boolean;
  /** Subscribe `Attributes` (string values, as the SNS API takes them): FilterPolicy as JSON, RawMessageDelivery, … */
  attributes: Record<string, string>;
  line?: number;
}

export interface EventSourceMappingSpec {
  /** AWS::Lambda::EventSourceMapping's logical id, or "<Function><EventId>" for a SAM event (SAM's name for it). */
  logicalId: string;
  /** The mapping's UUID (what !Ref returns), stable per logical id. */
  uuid: string;
  functionName: string;
  functionLogicalId: string;
  /** The DynamoDB stream ARN ("arn:aws:dynamodb:…:table/<name>/stream/<label>"). */
  eventSourceArn: string;
  /** The table the stream belongs to (read from the stream ARN). */
  tableName: string;
  /** The template's table, when the stream is one of its tables'. */
  tableLogicalId?: string;
  /** 1–10,000; Lambda's default 100. */
  batchSize: number;
  startingPosition: "TRIM_HORIZON" | "LATEST";
  /** 0–300; default 0. */
  maximumBatchingWindowInSeconds: number;
  /** FilterCriteria as written ({ Filters: [{ Pattern: "<JSON>" }] }). */
  filterCriteria?: { Filters: { Pattern: string }[] };
  /** -1 (retry until the record expires, the default) to 10,000. */
  maximumRetryAttempts: number;
  /** -1 (the default: no limit) or 60–604,800. */
  maximumRecordAgeInSeconds: number;
  bisectBatchOnFunctionError: boolean;
  /** [] or ["ReportBatchItemFailures"]. */
  functionResponseTypes: string[];
  /** 1–10; default 1. */
  parallelizationFactor: number;
  /** 0–900; default 0 (no tumbling windows). */
  tumblingWindowInSeconds: number;
  enabled: boolean;
  /** DestinationConfig as written (OnFailure.Destination: an SQS queue or SNS topic ARN; SAM's OnFailure.Type removed). */
  destinationConfig?: Record<string, unknown>;
  line?: number;
}

export interface BucketSpec {
  logicalId: string;
  /** BucketName, or "<stack>-<logicalid>-<suffix>" (lower-case) as CloudFormation generates. */
  bucketName: string;
  arn: string;
  tags: { Key: string; Value: string }[];
  /** CloudFormation's aws:cloudformation:* tags (stackTags.ts): GetBucketTagging lists them after the user's. */
  systemTags: { Key: string; Value: string }[];
  /** Lambda notifications: the bucket's NotificationConfiguration.LambdaConfigurations and SAM `Events: Type: S3`. */
  notifications: BucketNotificationSpec[];
  /** SQS and SNS notifications: NotificationConfiguration.QueueConfigurations / TopicConfigurations (and CDK's). */
  destinations?: BucketDestinationSpec[];
  /** NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled (or CDK's EventBridgeConfiguration). */
  eventBridge?: boolean;
  /** CorsConfiguration.CorsRules, in S3's terms (PutBucketCors). */
  corsRules?: BucketCorsRuleSpec[];
  /** VersioningConfiguration.Status. */
  versioning?: "Enabled" | "Suspended";
  /** BucketEncryption, LifecycleConfiguration, PublicAccessBlockConfiguration, OwnershipControls, WebsiteConfiguration, ObjectLockEnabled / ObjectLockConfiguration. */
  settings?: BucketSettingsSpec;
  /** CDK BucketDeployments (Custom::CDKBucketDeployment) into this bucket: files put in at start-up, as CDK's provider copies them on deploy. */
  deployments?: BucketDeploymentSpec[];
  line?: number;
}

/** One Custom::CDKBucketDeployment: its sources' files go to `keyPrefix` + their path inside the source. */
export interface BucketDeploymentSpec {
  logicalId: string;
  /** DestinationBucketKeyPrefix, "" for the bucket's root; a prefix without a trailing "/" gets one, as `aws s3 sync` writes it. */
  keyPrefix: string;
  /**
   * Each source's directory in cdk.out and its SourceMarkers (deploy-time values CDK wrote into the files as
   * `<<marker:0xbaba:N>>`, resolved), written JSON-escaped when SourceMarkersConfig says `jsonEscape`.
   */
  sources: { dir: string; markers: Record<string, unknown>; jsonEscape: boolean }[];
  /** `Exclude` / `Include` filters (`aws s3 sync` patterns: `*` any text, `?` one character), in that order. */
  exclude: string[];
  include: string[];
  /** SystemMetadata as CDK passes it (`content-type`, `cache-control`, …) and UserMetadata (x-amz-meta-*). */
  systemMetadata: Record<string, string>;
  userMetadata: Record<string, string>;
  line?: number;
}

/** A bucket's CloudFormation configuration properties, as S3's API names them. */
export interface BucketSettingsSpec {
  encryption?: { SSEAlgorithm: string; KMSMasterKeyID?: string; BucketKeyEnabled?: boolean }[];
  lifecycleRules?: BucketLifecycleRuleSpec[];
  publicAccessBlock?: { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean };
  objectOwnership?: string;
  website?: { IndexDocument?: string; ErrorDocument?: string; RedirectAllRequestsTo?: { HostName: string; Protocol?: string } };
  objectLockEnabled?: boolean;
  /** ObjectLockConfiguration.Rule.DefaultRetention: the retention every new version gets. */
  objectLockDefaultRetention?: { Mode: string; Days?: number; Years?: number };
}

export interface BucketLifecycleRuleSpec {
  ID?: string;
  Status: string;
  Prefix?: string;
  ExpirationInDays?: number;
  ExpirationDate?: string;
  NoncurrentVersionExpirationInDays?: number;
  AbortIncompleteMultipartUploadDays?: number;
  Transitions?: { StorageClass: string; TransitionInDays?: number; TransitionDate?: string }[];
  TagFilters?: { Key: string; Value: string }[];
  ObjectSizeGreaterThan?: number;
  ObjectSizeLessThan?: number;
  ExpiredObjectDeleteMarker?: boolean;
  NewerNoncurrentVersions?: number;
}

export interface BucketCorsRuleSpec {
  ID?: string;
  AllowedMethods: string[];
  AllowedOrigins: string[];
  AllowedHeaders: string[];
  ExposeHeaders: string[];
  MaxAgeSeconds?: number;
}

/** One queue or topic a bucket notifies. */
export interface BucketDestinationSpec {
  id: string;
  kind: "queue" | "topic";
  arn: string;
  events: string[];
  filterRules: { name: "prefix" | "suffix"; value: string }[];
}

export interface BucketNotificationSpec {
  id: string;
  functionArn: string;
  /** "s3:ObjectCreated:*", "s3:ObjectRemoved:Delete", … */
  events: string[];
  filterRules: { name: "prefix" | "suffix"; value: string }[];
}
