import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  EventBus,
  FileStore,
  MemoryStore,
  RealClock,
  SandboxError,
  serveHandler,
  watchIdleMemory,
  type IdleMemoryWatcher,
  silentLogger,
  OffsetClock,
  signingNameOf,
  type AwsDispatcher,
  type AwsService,
  type EdgeRequest,
  type EventSourcePoller,
  type LambdaInvoker,
  type ServeOptions,
  type Store,
} from "@sam-sandbox/core";
import { emptyApp, findTemplate, loadTemplate, stackOfLogicalId, type AppModel } from "@sam-sandbox/template";
import { createLambda } from "@sam-sandbox/lambda";
import { createApiGateway, createFunctionUrlFront, createWebSocketGateway, MAX_PAYLOAD_BYTES, type ApiGateway } from "@sam-sandbox/apigateway";
import { createDynamoDb } from "@sam-sandbox/dynamodb";
import { createLogs } from "@sam-sandbox/logs";
import { createXRay } from "@sam-sandbox/xray";
import { createSns } from "@sam-sandbox/sns";
import { createSqs } from "@sam-sandbox/sqs";
import type { Kinesis } from "@sam-sandbox/kinesis";
import { createEventBridge } from "@sam-sandbox/eventbridge";
import { S3_ROUTE } from "@sam-sandbox/s3/route";
import { cognitoRoute, identityRoute } from "@sam-sandbox/cognito/route";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import type { Sandbox, SandboxOptions } from "./api.js";
import { ServiceDispatcher } from "./dispatcher.js";
import { EdgeRouter } from "./edge.js";
import { applyEnvVars, readEnvVars } from "./envVars.js";
import { forwardFunctionLogs } from "./logLines.js";
import { lazyService } from "./lazyService.js";
import { timeService } from "./time.js";
import { dynamoDbStreamPoller, settingsOf } from "./eventSources.js";
import {
  createEventSourceMapping,
  createTemplateBucket,
  createTemplateStateMachine,
  createTemplateTable,
  enableKinesisStreaming,
  enableTimeToLive,
  subscribeFromTemplate,
  templateOnFailure,
  templateSchedules,
  templatePermissions,
  withLayerDirs,
} from "./templateResources.js";
import { deployBucketContents } from "./bucketDeployments.js";
import { createTemplateVersionsAndAliases } from "./lambdaVersions.js";
import { createTemplateXRayResources } from "./xrayResources.js";
import {
  createSnsQueueSubscriptions, createTemplateQueues, hasQueueResources, snsQueueSubscriptions, startTemplateQueueMappings, templateQueueMappings,
} from "./sqsResources.js";
import { createTemplateLogsResources } from "./logsResources.js";
import { createTemplateStreams, hasKinesisResources, startTemplateStreamMappings, templateStreamMappings } from "./kinesisResources.js";
import { createTemplateSchedulerResources, hasSchedulerResources } from "./schedulerResources.js";
import { createTemplateCloudWatchAlarms, hasCloudWatchAlarms } from "./cloudWatchResources.js";
import { createTemplateKmsResources, hasKmsResources } from "./kmsResources.js";
import { createTemplateSesResources, hasSesResources } from "./sesResources.js";
import { createTemplateCognitoResources, hasCognitoResources } from "./cognitoResources.js";
import { createTemplateIdentityPoolResources, hasIdentityPoolResources } from "./cognitoIdentityResources.js";
import { createControlPlane } from "./controlPlane.js";
import { createDeployedApis } from "./deployedApis.js";
import { createDeployedWebSockets } from "./deployedWebSockets.js";
import { createTemplateParameters, createTemplateSecrets, resolveTemplateReferences, secretsNeeds } from "./secretsResources.js";
import { createTemplateEventBridge, eventBridgeSchedules } from "./eventBridgeResources.js";
import { s3NotificationPorts } from "./s3Destinations.js";
import { stepFunctionsEventBus } from "./stepFunctionsEvents.js";
import { needsSsmTypedParameters, readSsmTypedParameters, readsSsmTypedParameters, recordResolvedValues } from "./ssmParameterTypes.js";

// A regular expression a client supplies (a Parameter Store AllowedPattern, a Step Functions
// regex) that backtracks past V8's budget is re-run on V8's linear-time engine instead of
// freezing the whole sandbox. That engine cannot run every pattern (backreferences, lookarounds,
// and on Node 20 the i and u flags): where those are common, the services run the regex on a
// worker with a deadline (Logs Insights queries, API Gateway templates and authorizer
// expressions, JSONata's $match). Process-wide: V8's flags are per process.
setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");

// Parameter Store's and Secrets Manager's edge routes (as createSsm() / createSecretsManager() declare them).
const SSM_ROUTE: AwsService["route"] = { targetPrefixes: ["AmazonSSM"], signingNames: ["ssm"] };
const SECRETS_MANAGER_ROUTE: AwsService["route"] = { targetPrefixes: ["secretsmanager"], signingNames: ["secretsmanager"] };
// KMS's edge route (as createKms() declares it), known before it loads.
const KMS_ROUTE: AwsService["route"] = { targetPrefixes: ["TrentService"], signingNames: ["kms"] };
/** Their state lives in the shared store, which the sandbox closes: nothing else to close. */
const withNoClose = <T extends object>(service: T) => ({ ...service, close: async () => undefined });

// Step Functions' edge route (as createStepFunctions() declares it), known before it loads.
const STEP_FUNCTIONS_ROUTE: AwsService["route"] = { targetPrefixes: ["AWSStepFunctions"], signingNames: ["states"] };
const SCHEDULER_ROUTE: AwsService["route"] = { signingNames: ["scheduler"] };
// Kinesis' edge route (as createKinesis() declares it), known before it loads.
const KINESIS_ROUTE: AwsService["route"] = { signingNames: ["kinesis"], targetPrefixes: ["Kinesis_20131202"] };
// CloudWatch's edge route (as createCloudWatch() declares it: Query form by signing name, JSON by target).
const CLOUDWATCH_ROUTE: AwsService["route"] = { signingNames: ["monitoring"], targetPrefixes: ["GraniteServiceVersion20100801"] };
// SES's edge route (as createSes() declares it: v1 Query and SESv2 both sign as "ses"; the outbox at /_aws/ses).
const SES_ROUTE: AwsService["route"] = { signingNames: ["ses"], pathPrefixes: ["/_aws/ses"] };

function track(list: OffsetClock[], clock: OffsetClock): OffsetClock {
  list.push(clock);
  return clock;
}

export interface RunningSandbox extends Sandbox {
  app: AppModel;
  events: EventBus;
  /** Routes served on apiUrl. */
  routes: ReturnType<ApiGateway["routes"]>;
  /** The template's WebSocket APIs, upgraded on the app port (ws://127.0.0.1:3000/<stage>). */
  webSocketUrls: Array<{ api: string; url: string }>;
  /** Lambda function URLs served on the edge port (the template's, at start-up). */
  functionUrls: Array<{ functionName: string; qualifier?: string; url: string; authType: string }>;
  /** Where state is kept, or undefined with --in-memory. */
  dataDir?: string;
  dispatcher: ServiceDispatcher;
  /** Settles once every function's first build has finished (failed builds included). */
  prepared: Promise<void>;
  /** Settles once saved code is being watched (at once without `watch`): a save before then is not seen. */
  watching: Promise<void>;
  /** host:port of the X-Ray daemon's UDP listener (AWS_XRAY_DAEMON_ADDRESS), when one runs. */
  xrayDaemonAddress?: string;
  /** REST APIs an earlier run created with the API Gateway API, by deployed stage, with their edge URL (at start-up). */
  deployedRestApis: Array<{ apiId: string; name: string; stage: string; url: string }>;
  /** HTTP and WebSocket APIs an earlier run created with the API Gateway v2 API, by served stage, with their edge URL (at start-up). */
  createdHttpApis: Array<{ apiId: string; name: string; stage: string; url: string }>;
}

/**
 * Resolves `template` (a file or a directory) to the template file path. In a directory, `built`
 * takes `sam build`'s .aws-sam/build/template.yaml first, as `sam local` does (`sam validate` does not).
 */
export function resolveTemplateFile(template: string | undefined, options: { built?: boolean } = { built: true }): string {
  const target = resolve(template ?? process.cwd());
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new SandboxError(`No such file or directory: ${target}`, {
      hint: "Pass the directory that holds template.yaml, or the template file with -t.",
    });
  }
  return isDir ? findTemplate(target, options) : target;
}

/**
 * Builds every service the template needs, wires their ports and starts the app and
 * edge servers. `stop()` closes servers, workers and the store (compacting it).
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const logger = options.logger ?? silentLogger;
  // A request a service failed to answer: the client gets a bare 500, the terminal the reason.
  const internalError = (error: unknown) => logger.error(`Internal error answering a request: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  // Time is a port: a real clock that `sandbox time advance` can move forward, and that
  // --time-scale speeds up (waits and back-off); timeouts keep real time unless advanced.
  const offsetClocks: OffsetClock[] = [];
  const clock = options.clock ?? track(offsetClocks, new OffsetClock(new RealClock(options.timeScale ?? 1)));
  const deadlines = options.deadlines ?? (options.clock ? undefined : track(offsetClocks, new OffsetClock(new RealClock())));
  const region = options.region ?? DEFAULT_REGION;
  const accountId = DEFAULT_ACCOUNT_ID;
  const host = options.host ?? "127.0.0.1";
  const events = new EventBus();

  // template: false serves the AWS APIs alone, for resources the SDK or CLI creates.
  const templateFile = options.template === false ? undefined : resolveTemplateFile(options.template);
  // Read before anything starts: a mistake in the file stops here, with its name.
  const envVars = options.envVars === undefined ? undefined : readEnvVars(options.envVars);
  // A fixed app port is known now: WebSocket APIs' ApiEndpoint resolves to its ws:// URL.
  const appPort = options.port ?? 3000;
  const appUrl = appPort === 0 ? undefined : `http://${host}:${appPort}`;

  const cleanups: Array<() => Promise<void>> = [];
  // What a burst of requests grew is given back once they stop. (The Lambda environments'
  // worker threads hold little of it: asking them too gained 1 MB of 140.)
  const idleMemory = watchIdleMemory();
  cleanups.push(async () => idleMemory.stop());
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.error(`while stopping: ${String(error)}`));
    }
    cleanups.length = 0;
  };

  // The edge listens first: Lambda environments need its URL in AWS_ENDPOINT_URL, and an SQS
  // queue's URL (its !Ref) starts with it, since the AWS SDK sends a queue's requests to that host.
  let router: EdgeRouter | undefined;
  let edge: Awaited<ReturnType<typeof listen>>;
  let app: AppModel;
  const loadOptions = (ssmParameterValues?: Record<string, string>) =>
    ({ file: templateFile ?? "", parameterOverrides: options.parameterOverrides, region, accountId, appUrl, edgeUrl: edge.url, ...(ssmParameterValues ? { ssmParameterValues } : {}) });
  try {
    // The edge takes bodies of any size (a single S3 PUT may be 5 GB); the services bound their own.
    // HTTP/2 with prior knowledge too (h2c): AWS SDK v3's Kinesis client sends nothing else by default.
    edge = await listen(idleMemory, "edge", options.edgePort ?? 4566, host, (req) => {
      if (!router) return Promise.resolve({ status: 503, headers: {}, body: "starting" });
      return router.handle(req);
    }, { onError: internalError, h2c: true });
    cleanups.push(edge.close);
    app = templateFile === undefined ? emptyApp({ dir: process.cwd(), region, accountId }) : await loadTemplate(loadOptions());
  } catch (error) {
    await stopAll();
    throw error;
  }
  // A template with AWS::SSM::Parameter::Value<…> parameters is loaded again below, with their values.
  if (!readsSsmTypedParameters(app)) for (const warning of app.warnings) logger.warn(warning);

  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? join(app.appDir, ".sandbox"));
  const store: Store = dataDir ? new FileStore({ dir: dataDir, logger, quietMs: () => idleMemory.quietMs() }) : new MemoryStore();

  try {
    cleanups.push(() => store.close());

    // Parameter Store and Secrets Manager load on their first request, or now when the template
    // defines parameters or secrets or reads them with dynamic references: those are resolved
    // here, before any service reads the template's properties (function environments…).
    // Parameter Store answers /aws/reference/secretsmanager/… names from Secrets Manager (loaded then).
    const secrets = { read: async (id: string, selector: string | undefined) => (await secretsManager.load()).engine.reference(id, selector) };
    const ssm = lazyService("ssm", SSM_ROUTE, async () => (await import("@sam-sandbox/ssm")).createSsm({ store, clock, logger, region, accountId, secrets }).then(withNoClose));
    const secretsManager = lazyService("secretsmanager", SECRETS_MANAGER_ROUTE, async () =>
      // Rotation functions run through Lambda, started later: reached late-bound at RotateSecret time.
      (await import("@sam-sandbox/secretsmanager")).createSecretsManager({ store, clock, logger, region, accountId, invoker: { invoke: (request) => lateInvoker.invoke(request) } }),
    );
    // Scheduled rotations stop before the store closes.
    cleanups.push(() => secretsManager.close());
    // KMS loads on its first request (keys, aliases, grants and their material are in the shared store),
    // or at start-up for the template's keys and aliases (below).
    const kms = lazyService("kms", KMS_ROUTE, async () => (await import("@sam-sandbox/kms")).createKms({ store, clock, logger, region, accountId }));
    cleanups.push(() => kms.close());
    // Parameters of type AWS::SSM::Parameter::Value<…> are read from Parameter Store, as CloudFormation reads them at deploy time.
    if (needsSsmTypedParameters(app)) {
      const values = readSsmTypedParameters(app, await ssm.load());
      if (readsSsmTypedParameters(app)) {
        app = await loadTemplate(loadOptions(values));
        for (const warning of app.warnings) logger.warn(warning);
      } else recordResolvedValues(app, values);
    }
    const needs = secretsNeeds(app);
    if (needs.ssm) await createTemplateParameters(await ssm.load(), app);
    if (needs.secretsManager) await createTemplateSecrets(await secretsManager.load(), app);
    if (needs.ssm || needs.secretsManager) {
      resolveTemplateReferences(app, needs.ssm ? await ssm.load() : undefined, needs.secretsManager ? await secretsManager.load() : undefined);
    }
    if (hasKmsResources(app)) await createTemplateKmsResources(await kms.load(), app);

    // Lambda is created after DynamoDB (it needs the edge URL); stream mappings reach it late-bound.
    let invokeLambda: LambdaInvoker["invoke"] | undefined;
    const lateInvoker: LambdaInvoker = {
      invoke: (request) => {
        if (!invokeLambda) throw new SandboxError("Lambda is not started yet.");
        return invokeLambda(request);
      },
    };
    // Lambda reads deployment packages from S3, and DynamoDB exports to and imports from S3,
    // through the dispatcher, made once every service is.
    let dispatchLate: AwsDispatcher["call"] | undefined;
    const lateDispatcher: AwsDispatcher = {
      call: (service, action, input, callOptions) => {
        if (!dispatchLate) throw new SandboxError("The sandbox's services are not started yet.");
        return dispatchLate(service, action, input, callOptions);
      },
    };
    // X-Ray first: every service records its segments with xray.tracer.
    const xray = await createXRay({ store, clock, logger, region, accountId, daemonPort: options.xrayDaemonPort });
    cleanups.push(() => xray.close());
    const tracer = xray.tracer;

    const dynamodb = await createDynamoDb({ store, clock, logger, region, accountId, invoker: lateInvoker, tracer, dispatcher: lateDispatcher });
    cleanups.push(() => dynamodb.close());

    // Subscription filters invoke Lambda (created later) through the late-bound invoker.
    const logs = await createLogs({
      store, clock, logger, region, accountId, invoker: lateInvoker, deadlines,
      // Subscription filters to a Kinesis stream put their records into the sandbox's Kinesis (loaded on first use).
      streams: {
        putRecord: async (streamArn, partitionKey, data) => {
          await (await kinesis.load()).engine.putRecord({ StreamARN: streamArn, PartitionKey: partitionKey, Data: data.toString("base64") });
        },
      },
      // CreateExportTask writes into the sandbox's S3 (loaded on first use).
      exportTarget: {
        bucketExists: async (bucket) => (await s3.load()).engine.listBuckets().Buckets.some((b) => b.Name === bucket),
        putObject: async (bucket, key, body) => {
          await (await s3.load()).engine.putObject({ Bucket: bucket, Key: key, Body: body });
        },
      },
    });
    cleanups.push(async () => logs.close());
    // Every line a function writes lands in its CloudWatch log group, as on AWS.
    // Lines that are Embedded Metric Format documents also become CloudWatch metrics (CloudWatch loads on the first).
    const flushLogs = forwardFunctionLogs(events, clock, (group, stream, lines) => {
      logs.engine.append(group, stream, lines);
      if (lines.some((line) => mayBeEmbeddedMetrics(line.message))) {
        void cloudWatch.load().then((cw) => cw.embeddedMetrics.extract(group, lines), (error: unknown) => logger.error(`CloudWatch could not start: ${String(error)}`));
      }
    });
    cleanups.push(async () => flushLogs());

    // Queue mappings invoke Lambda (created next) through the late-bound invoker.
    const sqs = await createSqs({ store, clock, logger, region, accountId, edgeUrl: edge.url, invoker: lateInvoker });
    cleanups.push(() => sqs.close());

    // --in-memory keeps nothing in the app: each sandbox builds into its own temp folder,
    // so several in-memory sandboxes of one app (parallel test files) never share bundles.
    const buildDir = dataDir ? join(dataDir, "build") : mkdtempSync(join(tmpdir(), "sam-sandbox-build-"));
    if (!dataDir) cleanups.push(async () => rmSync(buildDir, { recursive: true, force: true }));

    // Destinations and dead-letter queues that are SNS topics publish through the SNS API,
    // SQS queues get the record through SendMessage.
    const destinations: NonNullable<Parameters<typeof createLambda>[0]["destinations"]> = async (arn, message, attributes) => {
      if (arn.split(":")[2] === "sqs") {
        await sqs.engine.sendMessage({ QueueUrl: sqs.engine.urlOfArn(arn) ?? arn, MessageBody: message, ...(attributes ? { MessageAttributes: attributes } : {}) });
        return;
      }
      await dispatcher.call("sns", "Publish", { TopicArn: arn, Message: message, ...(attributes ? { MessageAttributes: attributes } : {}) });
    };
    if (envVars) {
      for (const section of applyEnvVars(app, envVars.envVars)) {
        logger.warn(`${envVars.file ?? "envVars"}: "${section}" names no function of the template; its variables are not used.`);
      }
    }
    // Kinesis loads on its first request, or at start-up when the template has streams or mappings
    // from them, or an earlier run stored streams. Until then Lambda's mappings API sees no stream.
    let kinesisLoaded: Kinesis | undefined;
    const kinesis = lazyService("kinesis", KINESIS_ROUTE, async () => {
      const { createKinesis } = await import("@sam-sandbox/kinesis");
      // Stream mappings invoke Lambda late-bound; their OnFailure records go out as Lambda's destinations do.
      kinesisLoaded = await createKinesis({ store, clock, logger, region, accountId, invoker: lateInvoker, sendOnFailure: (arn, message) => destinations(arn, message) });
      return kinesisLoaded;
    });
    const kinesisPoller: EventSourcePoller = {
      sourceExists: (arn) => kinesisLoaded?.poller.sourceExists(arn) ?? false,
      start: (settings, uuid) => {
        if (!kinesisLoaded) throw new SandboxError(`No Kinesis stream ${settings.eventSourceArn}.`);
        return kinesisLoaded.poller.start(settings, uuid);
      },
      update: (uuid, settings) => kinesisLoaded?.poller.update(uuid, settings),
      stop: async (uuid) => kinesisLoaded?.poller.stop(uuid),
      lastProcessingResult: (uuid) => kinesisLoaded?.poller.lastProcessingResult?.(uuid),
    };
    const lambda = await createLambda({
      functions: withLayerDirs(app, logger),
      enforceTimeouts: options.debug !== true,
      region,
      accountId,
      edgeUrl: edge.url,
      ...(xray.daemon ? { xrayDaemonAddress: xray.daemon.address } : {}),
      buildDir,
      // Functions, layers and mappings made through the Lambda API; their zips lie in buildDir.
      store,
      // Idle environments and async retries keep real time: --time-scale 0 must not retire a
      // warm environment the moment it goes idle.
      clock: deadlines ?? clock,
      logger,
      events,
      watch: options.watch ?? false,
      maxEnvironments: options.maxEnvironments,
      tracer,
      deliverable: (arn) => arn.split(":")[2] === "sns" || arn.split(":")[2] === "sqs",
      // Stream mappings' OnFailure records go out the same way.
      eventSources: { dynamodb: dynamoDbStreamPoller(dynamodb, (arn, message) => destinations(arn, message)), sqs: sqs.poller, kinesis: kinesisPoller },
      destinations,
      dispatcher: lateDispatcher,
    });
    cleanups.push(() => lambda.close());
    // Stored secrets may have rotation schedules: Secrets Manager loads now (Lambda is up) so that they run without a first request.
    if (dataDir && existsSync(dataDir) && readdirSync(dataDir).some((file) => file.startsWith("secretsmanager."))) await secretsManager.load();
    // Before the functions stop: the stream batches being delivered finish and are checkpointed.
    cleanups.push(() => dynamodb.eventSources.close());
    // Likewise the queue batches being delivered settle (a batch cut short comes back after its visibility timeout).
    cleanups.push(() => sqs.eventSources.close());
    // And the stream batches of Kinesis mappings.
    cleanups.push(() => kinesis.close());
    invokeLambda = (request) => lambda.invoker.invoke(request);

    // sqs subscriptions send to the sandbox's queues (an ARN naming no queue fails as SQS answers it).
    const sns = await createSns({
      store, clock, logger, events, region, accountId, invoker: lambda.invoker, edgeUrl: edge.url, tracer, deadlines,
      queues: {
        send: async (arn, m) => {
          await sqs.engine.sendMessage({
            QueueUrl: sqs.engine.urlOfArn(arn) ?? arn,
            MessageBody: m.body,
            ...(m.attributes ? { MessageAttributes: m.attributes } : {}),
            ...(m.groupId !== undefined ? { MessageGroupId: m.groupId } : {}),
            ...(m.dedupId !== undefined ? { MessageDeduplicationId: m.dedupId } : {}),
            ...(m.traceHeader !== undefined ? { MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: m.traceHeader } } } : {}),
          });
        },
      },
    });
    cleanups.push(() => sns.close());

    // S3 (its XML parser, ~6 MB of a start-up's memory) loads on its first request, or now
    // when the template defines buckets. Object bodies are files next to the store's journal
    // (or in memory with --in-memory).
    const s3 = lazyService("s3", S3_ROUTE, async () => {
      const { createS3 } = await import("@sam-sandbox/s3");
      const blobDir = dataDir ? { blobDir: join(dataDir, "s3-objects") } : {};
      // Notifications reach queues, topics and EventBridge (created below, before S3 first loads) through ports.
      return createS3({ store, clock, logger, region, accountId, invoker: lambda.invoker, tracer, ...blobDir, ...s3NotificationPorts(sqs, sns, () => eventBridge, () => dispatcher) });
    });
    cleanups.push(() => s3.close());

    // Cognito user pools load on their first request, or now when the template defines pools.
    // Tokens' issuer is <edge>/<poolId>, whose /.well-known/jwks.json the edge serves.
    const cognito = lazyService("cognito-idp", cognitoRoute(region), async () => {
      const { createCognito } = await import("@sam-sandbox/cognito");
      // User import jobs log each line's outcome to CloudWatch Logs through the dispatcher.
      return createCognito({ store, clock, logger, region, accountId, edgeUrl: edge.url, invoker: lateInvoker, dispatcher: lateDispatcher });
    });
    cleanups.push(() => cognito.close());
    // Cognito identity pools load on their first request, or now when the template defines them;
    // GetId checks user-pool ID tokens against the user pools' keys (loading user pools if need be).
    const cognitoIdentity = lazyService("cognito-identity", identityRoute(), async () => {
      const { createCognitoIdentity } = await import("@sam-sandbox/cognito");
      return createCognitoIdentity({ store, clock, logger, region, accountId, userPools: async () => (await cognito.load()).engine });
    });
    cleanups.push(() => cognitoIdentity.close());

    const services = new Map<string, AwsService>();
    const dispatcher = new ServiceDispatcher(services, region);
    dispatchLate = (service, action, input, callOptions) => dispatcher.call(service, action, input, callOptions);
    // EventBridge delivers to functions (asynchronously) and, through the dispatcher, to SNS,
    // Step Functions and SQS; retries and rules' schedules follow the clock SAM schedules use.
    const ruleSchedules = eventBridgeSchedules({ clock: deadlines ?? clock, logger, invoker: lambda.invoker, dispatcher, region, accountId });
    const eventBridge = await createEventBridge({
      store, clock: deadlines ?? clock, logger, region, accountId, edgeUrl: edge.url, invoker: lambda.invoker, dispatcher, schedules: ruleSchedules,
    });
    cleanups.push(async () => ruleSchedules.close());
    cleanups.push(() => eventBridge.close());
    // Step Functions (~70 modules, a fifth of the start-up) loads once the sandbox is ready,
    // unless the template defines state machines; until then its API calls wait for it.
    const stepFunctions = lazyService("stepfunctions", STEP_FUNCTIONS_ROUTE, async () => {
      const { createStepFunctions } = await import("@sam-sandbox/stepfunctions");
      return createStepFunctions({
        store,
        clock,
        deadlines,
        logger,
        region,
        accountId,
        invoker: lateInvoker,
        dispatcher,
        mockConfig: options.mockConfig,
        // Executions resumed from disk wait until every service they may call is up.
        deferResume: true,
        tracer,
        // apigateway:invoke tasks reach the template's APIs on the app port (servedAppUrl, set once it listens).
        apiUrl: (apiId) => (app.apis.some((a) => a.apiId === apiId) ? servedAppUrl : undefined),
        // Standard executions' status changes go to EventBridge's default bus when a rule there may take them.
        eventBridge: stepFunctionsEventBus(eventBridge, logger),
      });
    });
    cleanups.push(() => stepFunctions.close());
    if (app.stateMachines.length > 0) await stepFunctions.load();
    // The EventBridge Scheduler API (CreateSchedule…) loads on its first request, or now when an
    // earlier run stored schedules; its schedules fire on the clock SAM schedules use.
    const schedulerApi = lazyService("scheduler", SCHEDULER_ROUTE, async () => {
      const { createSchedulerService } = await import("@sam-sandbox/scheduler");
      return createSchedulerService({ store, clock: deadlines ?? clock, logger, invoker: lambda.invoker, dispatcher, region, accountId });
    });
    cleanups.push(() => schedulerApi.close());
    if (dataDir && hasCollection(dataDir, "scheduler")) await schedulerApi.load();
    // CloudWatch metrics and alarms load on the first request or EMF line, or now when the template
    // defines alarms or an earlier run stored some (their evaluations resume); alarm actions go out through the dispatcher.
    const cloudWatch = lazyService("cloudwatch", CLOUDWATCH_ROUTE, async () => {
      const { createCloudWatch } = await import("@sam-sandbox/cloudwatch");
      const cw = await createCloudWatch({ store, clock: deadlines ?? clock, logger, region, accountId, dispatcher });
      // From then on each invocation counts in AWS/Lambda's Invocations, Errors and Duration.
      const onInvocation = (e: { functionName: string; durationMs: number; status: string }) => cw.engine.serviceMetrics.lambdaInvocation(e.functionName, e.durationMs, e.status !== "ok");
      events.on("invocation", onInvocation);
      return { ...cw, close: () => (events.off("invocation", onInvocation), cw.close()) };
    });
    cleanups.push(() => cloudWatch.close());
    if (dataDir && hasCollection(dataDir, "cloudwatch")) await cloudWatch.load();
    // SES loads on its first request (an API call or GET /_aws/ses), or at start-up for the template's identities and templates.
    const ses = lazyService("ses", SES_ROUTE, async () => (await import("@sam-sandbox/ses")).createSes({ store, clock, logger, region, accountId, dispatcher }));
    cleanups.push(() => ses.close());

    // Build every function now, in the background: the first request waits for its own build
    // only, and a broken handler is reported at start-up with its file and line.
    const prepared = lambda.prepare().then((failures) => {
      for (const f of failures) logger.error(`${f.functionName}: ${f.errorType}: ${f.errorMessage}`);
    });
    // Stopping waits for those builds: none may still be writing into the data directory
    // once stop() has returned (a test then deletes it).
    cleanups.push(() => prepared);

    if (offsetClocks.length > 0) services.set("sandbox-time", timeService(offsetClocks));
    // Lines still batched reach CloudWatch Logs before any Logs API call reads them.
    const logsService: AwsService = {
      ...logs.service,
      handle: (req) => {
        flushLogs();
        return logs.service.handle(req);
      },
    };
    for (const service of [dynamodb.service, dynamodb.streamsService, lambda.service, logsService, xray.service, sns.service, sqs.service, kinesis.service, s3.service, stepFunctions.service, cognito.service, cognitoIdentity.service, eventBridge.service, ssm.service, secretsManager.service, kms.service, schedulerApi.service, cloudWatch.service, ses.service]) {
      services.set(service.name, service);
    }
    // STS, CloudFormation (the template as a stack) and API Gateway's read APIs, each loaded on first use;
    // DescribeStacks shows the outputs' API URLs as the app port serves them.
    let servedAppUrl = appUrl;
    const controlPlane = createControlPlane({ app, store, clock, logger, region, accountId, appUrl: () => servedAppUrl, edgeUrl: () => edge.url });
    for (const service of controlPlane.services) {
      services.set(service.service.name, service.service);
      cleanups.push(() => service.close());
    }
    // Integration timeouts are deadlines: under --time-scale 0 a scaled clock would time out every request at once.
    const gatewayOptions = {
      integrationTimeouts: options.debug !== true,
      invoker: lambda.invoker, dispatcher, region, accountId, clock: deadlines ?? clock, logger, events, tracer,
      // Authorizers check tokens of the emulated user pools against the keys the edge publishes.
      cognitoIssuer: (poolId: string) => `${edge.url}/${poolId}`,
    };
    // REST APIs created with API Gateway's control plane answer on the edge port once deployed
    // (/restapis/<id>/<stage>/_user_request_/… and Host <id>.execute-api.…), the template's REST APIs by Host too.
    let appGateway: ApiGateway | undefined;
    const deployedApis = createDeployedApis({
      created: async () => (await controlPlane.apiGateway.load()).created,
      createdHttp: async () => (await controlPlane.apiGateway.load()).createdHttp,
      gateway: gatewayOptions,
      templateApi: {
        kind: (apiId) => app.apis.find((a) => a.apiId === apiId)?.kind,
        handle: (req) => (appGateway ? appGateway.handle(req) : Promise.resolve({ status: 503, headers: {}, body: "starting" })),
      },
      logger,
    });
    // Function URLs answer on the edge port by Host (<id>.lambda-url.<region>.localhost).
    // WebSocket APIs upgrade on the app port; their @connections API (apigatewaymanagementapi,
    // signed for "execute-api") answers on the edge port and on the app port.
    // WebSocket APIs created through the v2 control plane upgrade on the edge port (their ApiEndpoint) and on the app port at /<id>/<stage>;
    // the template's on the edge too, at /_aws/execute-api/<id>/<stage> and Host <id>.execute-api.… /<stage>.
    const webSockets = createWebSocketGateway({ apis: app.webSocketApis, invoker: lambda.invoker, clock: deadlines ?? clock, logger, events, region, accountId });
    cleanups.push(() => webSockets.close());
    const createdWebSockets = createDeployedWebSockets({ createdHttp: async () => (await controlPlane.apiGateway.load()).createdHttp, region, accountId, logger, templateApis: app.webSocketApis });
    const hasWebSockets = () => app.webSocketApis.length > 0 || createdWebSockets.used();
    const webSocketFronts = [
      { matches: (req: EdgeRequest) => hasWebSockets() && isConnectionsRequest(req) && webSockets.isManagementRequest(req), handle: (req: EdgeRequest) => webSockets.handleManagement(req) },
    ];
    const functionUrlFront = createFunctionUrlFront({ lookup: (urlId) => lambda.functionUrl(urlId), invoker: lambda.invoker, accountId, clock, logger, events });
    router = new EdgeRouter(
      [...services.values()],
      events,
      () => ({
        services: [...services.keys()],
        region,
        stackName: app.stackName,
      }),
      [functionUrlFront, deployedApis, ...webSocketFronts],
    );

    // Versions and aliases first: events, mappings, subscriptions and permissions may name an alias.
    await createTemplateVersionsAndAliases(dispatcher, app, logger);
    for (const table of app.tables) {
      const tableName = String(table.createTableInput.TableName);
      // !GetAtt Table.StreamArn was resolved with a label; the stream must carry the same one.
      const label = table.streamArn?.split("/stream/")[1];
      if (label) dynamodb.setStreamLabel(tableName, label);
      await createTemplateTable(dispatcher, table.createTableInput, logger);
      if (table.timeToLive?.Enabled) await enableTimeToLive(dispatcher, tableName, table.timeToLive.AttributeName);
    }

    if (hasQueueResources(app)) await createTemplateQueues(sqs, app);
    for (const topic of app.topics) {
      await dispatcher.call("sns", "CreateTopic", { Name: topic.topicName, Attributes: topic.attributes, Tags: topic.tags });
    }
    await createTemplateXRayResources(dispatcher, app);
    await createTemplateLogsResources(dispatcher, app);
    if (hasCognitoResources(app)) await createTemplateCognitoResources(await cognito.load(), app);
    if (hasIdentityPoolResources(app)) await createTemplateIdentityPoolResources(await cognitoIdentity.load(), app);
    if (app.buckets.length > 0) {
      const loaded = await s3.load();
      for (const bucket of app.buckets) await createTemplateBucket(loaded, bucket, stackOfLogicalId(app, bucket.logicalId).templateFile, app.region);
    }
    for (const subscription of app.subscriptions) {
      await subscribeFromTemplate(dispatcher, subscription, logger);
    }
    await createSnsQueueSubscriptions(sqs, dispatcher, snsQueueSubscriptions(app), logger);
    for (const mapping of app.eventSourceMappings) {
      const running = createEventSourceMapping(dynamodb, mapping, stackOfLogicalId(app, mapping.logicalId).templateFile, logger, destinations);
      const onFailure = templateOnFailure(mapping);
      lambda.adoptEventSourceMapping(running.UUID, "dynamodb", { ...settingsOf(running), ...(onFailure ? { onFailure } : {}) });
    }
    // SAM `Events: Type: SQS` and mappings from queues poll once Lambda is up; Lambda's API lists them.
    const queueMappings = templateQueueMappings(app);
    startTemplateQueueMappings(sqs, queueMappings, app);
    for (const mapping of queueMappings) lambda.adoptEventSourceMapping(mapping.uuid, "sqs", mapping.settings);
    // Template streams and SAM `Events: Type: Kinesis` / mappings from streams; stored streams and
    // mappings of an earlier run need Kinesis loaded before Lambda resumes them.
    if (hasKinesisResources(app) || (dataDir !== undefined && hasCollection(dataDir, "kinesis"))) {
      const loaded = await kinesis.load();
      await createTemplateStreams(loaded, app, logger);
      for (const mapping of startTemplateStreamMappings(loaded, templateStreamMappings(app), app, logger)) {
        lambda.adoptEventSourceMapping(mapping.uuid, "kinesis", mapping.settings);
      }
    }
    for (const table of app.tables) {
      if (table.kinesisStream) await enableKinesisStreaming(dispatcher, String(table.createTableInput.TableName), table.kinesisStream, logger);
    }
    // Mappings created through the Lambda API in an earlier run poll again once Lambda is up.
    lambda.resumeEventSourceMappings();
    for (const machine of app.stateMachines) {
      await createTemplateStateMachine(dispatcher, machine, stackOfLogicalId(app, machine.logicalId).templateFile);
    }
    for (const permission of templatePermissions(app)) {
      try {
        await dispatcher.call("lambda", "AddPermission", permission.input);
      } catch (error) {
        logger.warn(`${permission.logicalId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // Executions a previous run left RUNNING resume once every service is up: at once when
    // Step Functions is loaded, else just after start-up when the data directory holds its state.
    const resumeStepFunctions = () =>
      void stepFunctions.load().then(
        (sfn) => sfn.resume(),
        (error: unknown) => logger.error(`Step Functions could not start: ${String(error)}`),
      );
    if (stepFunctions.started) resumeStepFunctions();
    else if (dataDir && hasCollection(dataDir, "stepfunctions")) setTimeout(resumeStepFunctions, 0);

    // SAM Schedule events (rules) run on real time that `sandbox time advance` moves, never
    // on --time-scale (at 0 a rate(1 minute) schedule would fire in a tight loop).
    await createTemplateEventBridge(eventBridge, app);
    // Scheduler schedules (ScheduleV2 events too) once their targets, state machines included, exist: a rate fires at creation.
    if (hasSchedulerResources(app)) await createTemplateSchedulerResources(await schedulerApi.load(), app);
    // Alarms once their SNS topics and functions exist.
    if (hasCloudWatchAlarms(app)) await createTemplateCloudWatchAlarms(await cloudWatch.load(), app);
    if (hasSesResources(app)) await createTemplateSesResources(await ses.load(), app, (line) => logger.info(line));
    const schedules = templateSchedules(app);
    if (schedules.length > 0) {
      const { createScheduler } = await import("@sam-sandbox/scheduler");
      const scheduler = createScheduler({ clock: deadlines ?? clock, logger, invoker: lambda.invoker, dispatcher, region, accountId });
      cleanups.push(async () => scheduler.close());
      for (const schedule of schedules) scheduler.add(schedule);
    }
    // CDK BucketDeployments last: the notifications their files set off find every target (topics'
    // subscriptions, state machines, permissions, EventBridge rules) in place.
    if (app.buckets.some((bucket) => bucket.deployments !== undefined && bucket.deployments.length > 0)) {
      const loaded = await s3.load();
      for (const bucket of app.buckets) await deployBucketContents(loaded, bucket, logger);
    }

    const gateway = createApiGateway({ ...gatewayOptions, apis: app.apis });
    appGateway = gateway;
    // API Gateway reads no more than its 10 MB payload quota of a body (413 past it): the rest is dropped unbuffered.
    const api = await listen(idleMemory, "app", options.port ?? 3000, host, (req) =>
      hasWebSockets() && webSockets.isManagementRequest(req) ? webSockets.handleManagement(req) : gateway.handle(req),
    { maxBodyBytes: MAX_PAYLOAD_BYTES, onError: internalError });
    cleanups.unshift(api.close);
    servedAppUrl = api.url;
    webSockets.attach(api.server, { find: createdWebSockets.app });
    webSockets.attach(edge.server, { template: false, find: createdWebSockets.edge });

    // REST APIs an earlier run created and deployed are listed by `sandbox up` (their control plane loads now).
    const deployedRestApis: RunningSandbox["deployedRestApis"] = [];
    const createdHttpApis: RunningSandbox["createdHttpApis"] = [];
    if (dataDir && hasCollection(dataDir, "apigatewayv2")) {
      const { createdHttp } = await controlPlane.apiGateway.load();
      for (const api of createdHttp.apis()) {
        for (const served of createdHttp.servedStages(api.ApiId)) {
          // LocalStack's documented path form; the $default stage answers at the API's root (an HTTP API's).
          const base = `${api.ProtocolType === "WEBSOCKET" ? edge.url.replace(/^http/, "ws") : edge.url}/_aws/execute-api/${api.ApiId}`;
          const url = `${base}${served.stageName === "$default" && api.ProtocolType === "HTTP" ? "" : `/${encodeURIComponent(served.stageName)}`}`;
          createdHttpApis.push({ apiId: api.ApiId, name: api.Name, stage: served.stageName, url });
        }
      }
    }
    if (dataDir && hasCollection(dataDir, "apigateway")) {
      const { created } = await controlPlane.apiGateway.load();
      for (const apiId of created.ids()) {
        for (const served of created.servedStages(apiId)) {
          deployedRestApis.push({ apiId, name: served.name, stage: served.stageName, url: `${edge.url}/restapis/${apiId}/${served.stageName}/_user_request_` });
        }
      }
    }

    const sandbox: RunningSandbox = {
      apiUrl: api.url,
      endpoint: edge.url,
      region,
      app,
      events,
      routes: gateway.routes(),
      webSocketUrls: webSockets.urls(api.url),
      functionUrls: lambda.functionUrls().map(({ functionName, qualifier, url, authType }) => ({ functionName, ...(qualifier ? { qualifier } : {}), url, authType })),
      dataDir,
      dispatcher,
      prepared,
      watching: lambda.watching(),
      ...(xray.daemon ? { xrayDaemonAddress: xray.daemon.address } : {}),
      deployedRestApis,
      createdHttpApis,
      stop: stopAll,
    };
    return sandbox;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function listen(
  idleMemory: IdleMemoryWatcher,
  what: "app" | "edge",
  port: number,
  host: string,
  handle: Parameters<typeof serveHandler>[0],
  serve: Omit<ServeOptions, "port" | "host">,
) {
  try {
    return await serveHandler(
      (req) => {
        idleMemory.busy();
        return handle(req);
      },
      { port, host, ...serve },
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      const flag = what === "app" ? "--port" : "--edge-port";
      throw new SandboxError(`Port ${port} (${what === "app" ? "application APIs" : "AWS edge"}) is already in use.`, {
        hint: `Stop the other process, or choose another port with ${flag} <n> (${flag} 0 picks a free one).`,
      });
    }
    if (code === "EACCES") {
      throw new SandboxError(`Not allowed to listen on ${host}:${port}.`, { hint: "Use a port above 1024." });
    }
    throw error;
  }
}

/** An @connections request: signed for execute-api (as ApiGatewayManagementApiClient signs) or unsigned. */
function isConnectionsRequest(req: EdgeRequest): boolean {
  const signingName = signingNameOf(req.headers.authorization);
  return signingName === undefined || signingName === "execute-api";
}

/** Whether a FileStore in `dir` holds a collection's snapshot or journal ("<name>.snapshot.json", "<name>.journal.<n>"). */
function hasCollection(dir: string, name: string): boolean {
  try {
    return readdirSync(dir).some((file) => file.startsWith(`${name}.`));
  } catch {
    return false;
  }
}

/**
 * A cheap test of a log line before CloudWatch loads and parses it: only a line naming "_aws" can
 * be an EMF document (a JSON object, or a console.log line printing one: CloudWatch's emfPuts).
 */
function mayBeEmbeddedMetrics(message: string): boolean {
  return message.includes('"_aws"');
}
