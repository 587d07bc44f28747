/**
 * What the template defines, made real at start-up through the services' own APIs (the
 * dispatcher) or engines: tables, state machines, buckets, subscriptions, stream mappings,
 * schedules and layers. Each failure names the resource, and its file and line where known.
 */
import { dirname, resolve } from "node:path";
import { SandboxError, type Logger } from "@sam-sandbox/core";
import type { DynamoDb, StreamEventSourceMapping } from "@sam-sandbox/dynamodb";
import type { S3 } from "@sam-sandbox/s3";
import type { ScheduleDefinition, ScheduleTarget } from "@sam-sandbox/scheduler";
import { assetForObjectKey, eventTarget, isZipFile, serverlessPackage, stackOfLogicalId, unpackedDir } from "@sam-sandbox/template";
import type { AppModel, BucketSpec, EventTarget, EventSourceMappingSpec, ScheduleSpec, StateMachineSpec, SubscriptionSpec } from "@sam-sandbox/template";
import type { ServiceDispatcher } from "./dispatcher.js";
import { putTemplateNotifications, templateNotificationConfiguration } from "./s3Destinations.js";
import { optionsOf, type SendToDestination } from "./eventSources.js";

/** Template tables exist at start-up; a table kept from an earlier run is reused. */
export async function createTemplateTable(
  dispatcher: ServiceDispatcher,
  input: Record<string, unknown>,
  logger: { warn(m: string): void },
): Promise<void> {
  try {
    await dispatcher.call("dynamodb", "CreateTable", input);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ResourceInUseException") return;
    const message = error instanceof Error ? error.message : String(error);
    throw new SandboxError(`Table ${String(input.TableName)} could not be created: ${message}`, {
      hint: "Check the table's KeySchema and AttributeDefinitions in the template.",
    });
  }
}

/**
 * A function's Layers are ARNs; layers defined in the template (AWS::Serverless::LayerVersion
 * ContentUri, AWS::Lambda::LayerVersion Content) become directories importable as /opt is on AWS.
 * A layer given as a local .zip archive (`ContentUri: layer.zip`, a zip asset, a Serverless
 * Framework package) is unpacked by Lambda into <app>/.sandbox/packages/<LogicalId>; so is a
 * function's own archive (codeZip).
 */
export function withLayerDirs(app: AppModel, logger: Logger): Array<AppModel["functions"][number] & { layerDirs?: string[]; packages?: Array<{ zip: string; dir: string }> }> {
  const dirs = new Map<string, string>();
  const zips = new Map<string, { zip: string; dir: string }>();
  for (const resource of Object.values(app.resources)) {
    if (resource.type !== "AWS::Serverless::LayerVersion" && resource.type !== "AWS::Lambda::LayerVersion") continue;
    const uri = resource.properties.ContentUri ?? resource.properties.Content;
    const stack = stackOfLogicalId(app, resource.logicalId);
    const unpacked = (zip: string) => zips.set(resource.ref, { zip, dir: unpackedDir(dirname(stack.templateFile), stack.templateFile, stack.logicalId) });
    if (typeof uri === "string") {
      const path = resolve(app.dir, uri);
      if (isZipFile(path)) unpacked(path);
      else dirs.set(resource.ref, path);
    }
    // A CDK layer (Code.fromAsset): Content is the S3 object `cdk synth` publishes its cdk.out directory (or archive) as.
    const asset = isRecord(uri) ? assetForObjectKey(app.dir, uri.S3Key) : undefined;
    if (asset?.kind === "directory") dirs.set(resource.ref, asset.path);
    else if (asset) unpacked(asset.path);
    const packaged = isRecord(uri) && !asset ? serverlessPackage(app.dir, uri.S3Key) : undefined;
    if (packaged) unpacked(packaged);
  }
  return app.functions.map((fn) => {
    const packages: Array<{ zip: string; dir: string }> = fn.codeZip ? [{ zip: fn.codeZip, dir: fn.codeDir }] : [];
    const layerDirs: string[] = [];
    for (const arn of fn.layers) {
      const zip = zips.get(arn);
      const dir = dirs.get(arn) ?? zip?.dir;
      if (zip) packages.push(zip);
      if (dir) layerDirs.push(dir);
      // CDK's own providers (BucketDeployment's AWS CLI layer) never run: the sandbox does their work.
      else if (fn.cdkProviderFor !== undefined) continue;
      else logger.warn(`${fn.logicalId}: layer ${arn} is not defined in the template, so its code is not available locally.`);
    }
    return { ...fn, ...(fn.layers.length > 0 ? { layerDirs } : {}), ...(packages.length > 0 ? { packages } : {}) };
  });
}

/** A state machine kept from an earlier run takes the template's current definition. */
export async function createTemplateStateMachine(dispatcher: ServiceDispatcher, spec: StateMachineSpec, file: string): Promise<void> {
  const input = {
    name: spec.name,
    definition: spec.definitionString,
    roleArn: spec.roleArn,
    type: spec.type,
    ...(spec.loggingConfiguration ? { loggingConfiguration: spec.loggingConfiguration } : {}),
    ...(spec.tracingEnabled !== undefined ? { tracingConfiguration: { enabled: spec.tracingEnabled } } : {}),
    ...(spec.tags.length > 0 ? { tags: spec.tags } : {}),
  };
  try {
    try {
      await dispatcher.call("states", "CreateStateMachine", input);
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "StateMachineAlreadyExists")) throw error;
      await dispatcher.call("states", "UpdateStateMachine", { stateMachineArn: spec.arn, definition: spec.definitionString, roleArn: spec.roleArn });
    }
  } catch (error) {
    throw new SandboxError(`State machine ${spec.logicalId}: ${error instanceof Error ? error.message : String(error)}`, {
      file,
      line: spec.line,
      hint: "Fix the state machine's Definition (ASL) in the template.",
    });
  }
}

/**
 * The Schedule events (EventBridge rules) of the template's functions and state machines, as
 * the scheduler takes them. ScheduleV2 events run as the AWS::Scheduler::Schedule SAM
 * generates for them, through the Scheduler API (schedulerResources.ts): once, not here too.
 */
export function templateSchedules(app: AppModel): ScheduleDefinition[] {
  const definition = (logicalId: string, spec: ScheduleSpec, target: ScheduleTarget): ScheduleDefinition => ({
    id: `${logicalId}${spec.eventId}`,
    kind: spec.kind,
    name: spec.name,
    expression: spec.expression,
    timezone: spec.timezone,
    enabled: spec.enabled,
    target,
    input: spec.input,
    file: stackOfLogicalId(app, logicalId).templateFile,
    line: spec.line,
  });
  const lambdaTarget = ({ functionName, arn }: EventTarget): ScheduleTarget => ({ kind: "lambda", functionName, functionArn: arn });
  const rules = (specs: ScheduleSpec[]) => specs.filter((spec) => spec.kind === "Schedule");
  return [
    ...app.functions.flatMap((fn) =>
      // SAM's rule targets the function's AutoPublishAlias when it has one.
      rules(fn.schedules).map((spec) => definition(fn.logicalId, spec, lambdaTarget(eventTarget(fn))))),
    ...app.stateMachines.flatMap((machine) =>
      rules(machine.schedules).map((spec) => definition(machine.logicalId, spec, { kind: "states", stateMachineArn: machine.arn }))),
  ];
}

/**
 * Template buckets exist at start-up (one kept from an earlier run is reused), in the stack's
 * region as CloudFormation creates them; the template's notifications win.
 */
export async function createTemplateBucket(s3: S3, spec: BucketSpec, file: string, region: string): Promise<void> {
  try {
    if (!s3.engine.listBuckets().Buckets.some((b) => b.Name === spec.bucketName)) {
      // us-east-1 is the absence of a LocationConstraint; every other region is named.
      await s3.engine.createBucket({ Bucket: spec.bucketName, ...(region === "us-east-1" ? {} : { LocationConstraint: region }) });
    }
    await s3.engine.tagTemplateBucket({ Bucket: spec.bucketName, TagSet: spec.tags, SystemTags: spec.systemTags });
    await putTemplateNotifications(s3, templateNotificationConfiguration(spec));
    if (spec.corsRules) await s3.engine.putBucketCors({ Bucket: spec.bucketName, CORSRules: spec.corsRules });
    if (spec.versioning) await s3.engine.putBucketVersioning({ Bucket: spec.bucketName, Status: spec.versioning });
    if (spec.settings) await s3.engine.applyBucketSettings({ Bucket: spec.bucketName, settings: spec.settings });
  } catch (error) {
    throw new SandboxError(`Bucket ${spec.logicalId} (${spec.bucketName}) could not be created: ${error instanceof Error ? error.message : String(error)}`, {
      file,
      line: spec.line,
      hint: "Check the bucket's BucketName: 3-63 lower-case letters, digits, dots and hyphens.",
    });
  }
}

/** Subscribing the same endpoint again returns the existing subscription, as on AWS. */
export async function subscribeFromTemplate(dispatcher: ServiceDispatcher, spec: SubscriptionSpec, logger: Logger): Promise<void> {
  try {
    await dispatcher.call("sns", "Subscribe", {
      TopicArn: spec.topicArn,
      Protocol: spec.protocol,
      Endpoint: spec.endpoint,
      Attributes: spec.attributes,
      ReturnSubscriptionArn: true,
    });
  } catch (error) {
    // Kept from an earlier run with other attributes: the template wins.
    logger.warn(`${spec.logicalId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The mapping's DestinationConfig OnFailure ARN (an SQS queue or SNS topic), when it has one. */
export function templateOnFailure(spec: EventSourceMappingSpec): string | undefined {
  const onFailure = spec.destinationConfig?.OnFailure;
  const destination = typeof onFailure === "object" && onFailure !== null ? (onFailure as { Destination?: unknown }).Destination : undefined;
  return typeof destination === "string" && destination.startsWith("arn:") ? destination : undefined;
}

/** `send` delivers the OnFailure records of discarded batches (DestinationConfig). */
export function createEventSourceMapping(dynamodb: DynamoDb, spec: EventSourceMappingSpec, file: string, logger: Logger, send?: SendToDestination): StreamEventSourceMapping {
  if (spec.parallelizationFactor > 1 || spec.tumblingWindowInSeconds > 0) {
    logger.warn(`${spec.logicalId}: ParallelizationFactor and TumblingWindowInSeconds are not emulated; ignored.`);
  }
  const destination = templateOnFailure(spec);
  if (spec.destinationConfig && !(destination && send)) logger.warn(`${spec.logicalId}: DestinationConfig without an OnFailure queue or topic ARN; ignored.`);
  try {
    return dynamodb.eventSources.create({
      ...optionsOf(spec),
      ...(destination && send ? { onFailure: { destination, send: (message: string) => send(destination, message) } } : {}),
      id: spec.uuid,
      ...(spec.tableLogicalId ? { tableName: spec.tableName } : { streamArn: spec.eventSourceArn }),
    });
  } catch (error) {
    if (error instanceof SandboxError) {
      throw new SandboxError(`${spec.logicalId}: ${error.message}`, { file, line: spec.line, hint: error.hint });
    }
    throw error;
  }
}

export async function enableTimeToLive(dispatcher: ServiceDispatcher, tableName: string, attributeName: string): Promise<void> {
  try {
    await dispatcher.call("dynamodb", "UpdateTimeToLive", {
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: attributeName, Enabled: true },
    });
  } catch (error) {
    // Kept from an earlier run: TTL is already on.
    if (error instanceof Error && /already enabled/.test(error.message)) return;
    throw new SandboxError(`TimeToLiveSpecification of table ${tableName}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The template's KinesisStreamSpecification: the table's changes go to the Kinesis stream. Once the
 * template's streams exist; a destination kept from an earlier run is left as it is.
 */
export async function enableKinesisStreaming(dispatcher: ServiceDispatcher, tableName: string, spec: { StreamArn: string; ApproximateCreationDateTimePrecision?: string }, logger: Logger): Promise<void> {
  try {
    await dispatcher.call("dynamodb", "EnableKinesisStreamingDestination", {
      TableName: tableName,
      StreamArn: spec.StreamArn,
      ...(spec.ApproximateCreationDateTimePrecision ? { EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: spec.ApproximateCreationDateTimePrecision } } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/must be DISABLED or ENABLE_FAILED/.test(message)) return;
    logger.warn(`KinesisStreamSpecification of table ${tableName}: ${message}`);
  }
}

/** An AddPermission input the template defines, by the logical id of its AWS::Lambda::Permission. */
export interface TemplatePermission {
  logicalId: string;
  line?: number;
  input: Record<string, unknown>;
}

/**
 * The template's AWS::Lambda::Permission resources (CDK writes them), and those SAM generates
 * for a function's Api, HttpApi, S3 and SNS events, as AddPermission inputs: each becomes a
 * statement of its function's policy (GetPolicy). CloudFormation names the statement
 * "<stack>-<LogicalId>-<suffix>"; here without the suffix.
 */
export function templatePermissions(app: AppModel): TemplatePermission[] {
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const permission = (logicalId: string, p: Record<string, unknown>, line?: number): TemplatePermission[] => {
    const functionName = text(p.FunctionName);
    if (!functionName || !text(p.Action) || !text(p.Principal)) return [];
    const input: Record<string, unknown> = {
      FunctionName: functionName,
      StatementId: `${app.stackName}-${logicalId}`.replace(/[^a-zA-Z0-9-_]/g, "").slice(0, 100),
      Action: p.Action,
      Principal: p.Principal,
    };
    for (const key of ["SourceArn", "SourceAccount", "PrincipalOrgID", "EventSourceToken", "FunctionUrlAuthType"]) {
      if (text(p[key])) input[key] = p[key];
    }
    // A Boolean property (CloudFormation passes "true" as written too): the Bool condition lambda:InvokedViaFunctionUrl.
    const viaUrl = p.InvokedViaFunctionUrl;
    if (typeof viaUrl === "boolean" || viaUrl === "true" || viaUrl === "false") input.InvokedViaFunctionUrl = viaUrl === true || viaUrl === "true";
    return [{ logicalId, line, input }];
  };
  const explicit = Object.values(app.resources)
    .filter((resource) => resource.type === "AWS::Lambda::Permission")
    .flatMap((resource) => permission(resource.logicalId, resource.properties, resource.line));
  return [...explicit, ...samEventPermissions(app).flatMap((p) => permission(p.logicalId, p.properties))];
}

/**
 * The AWS::Lambda::Permission resources SAM's transform adds for push events
 * (samtranslator/model/eventsources/push.py): "<Function><EventId>Permission[Prod]", on the
 * function's AutoPublishAlias when it has one (the alias's policy), all
 * stages of the API (stage "*"), path parameters as "*", ANY as "*".
 */
function samEventPermissions(app: AppModel): Array<{ logicalId: string; properties: Record<string, unknown> }> {
  const out: Array<{ logicalId: string; properties: Record<string, unknown> }> = [];
  const samFunctions = new Map(
    app.functions.filter((fn) => app.resources[fn.logicalId]?.type === "AWS::Serverless::Function").map((fn) => [fn.logicalId, fn]),
  );
  const invoke = (functionName: string, principal: string) => ({ Action: "lambda:InvokeFunction", FunctionName: functionName, Principal: principal });
  for (const api of app.apis) {
    for (const route of api.routes) {
      const fn = samFunctions.get(route.functionLogicalId);
      const events = app.resources[route.functionLogicalId]?.properties.Events;
      const event = isRecord(events) ? events[route.eventId] : undefined;
      if (!fn || !isRecord(event) || (event.Type !== "Api" && event.Type !== "HttpApi")) continue;
      const method = route.method.toUpperCase() === "ANY" ? "*" : route.method.toUpperCase();
      const path = route.path === "$default" ? "" : route.path.replace(/^(.+)\/$/, "$1").replace(/\{[a-zA-Z0-9._-]+\+?\}/g, "*");
      const suffix = api.kind === "rest" ? (/^[a-zA-Z0-9]+$/.test(api.stageName) && !api.implicit ? api.stageName : "Prod") : "";
      out.push({
        logicalId: `${fn.logicalId}${route.eventId}Permission${suffix}`,
        properties: { ...invoke(eventTarget(fn).arn, "apigateway.amazonaws.com"), SourceArn: `arn:aws:execute-api:${app.region}:${app.accountId}:${api.apiId}/*/${method}${path}` },
      });
    }
  }
  for (const fn of samFunctions.values()) {
    const events = app.resources[fn.logicalId]?.properties.Events;
    for (const [eventId, event] of Object.entries(isRecord(events) ? events : {})) {
      if (!isRecord(event)) continue;
      const props = isRecord(event.Properties) ? event.Properties : {};
      const logicalId = `${fn.logicalId}${eventId}Permission`;
      if (event.Type === "S3") out.push({ logicalId, properties: { ...invoke(eventTarget(fn).arn, "s3.amazonaws.com"), SourceAccount: app.accountId } });
      if (event.Type === "SNS" && typeof props.Topic === "string") {
        out.push({ logicalId, properties: { ...invoke(eventTarget(fn).arn, "sns.amazonaws.com"), SourceArn: props.Topic } });
      }
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
