/**
 * The template's SQS resources, made real at start-up: AWS::SQS::Queue (attributes, tags,
 * RedrivePolicy) and the event source mappings that poll them — SAM `Events: Type: SQS` on a
 * function (SAM names the mapping "<Function><EventId>") and AWS::Lambda::EventSourceMapping
 * with a queue ARN (what CDK writes) — and SAM's `SqsSubscription` on a function's SNS event
 * (a queue between the topic and the function). All are read from AppModel.resources.
 */
import { createHash } from "node:crypto";
import { SandboxError, type EventSourceMappingSettings, type Logger } from "@sam-sandbox/core";
import { DEFAULT_SQS_BATCH_SIZE, type Sqs } from "@sam-sandbox/sqs";
import { eventTarget, stackOfLogicalId, type AppModel, type ResolvedResource } from "@sam-sandbox/template";
import type { ServiceDispatcher } from "./dispatcher.js";

/** CloudFormation properties that are CreateQueue attributes, as text. */
const QUEUE_ATTRIBUTES = [
  "ContentBasedDeduplication", "DeduplicationScope", "DelaySeconds", "FifoQueue", "FifoThroughputLimit", "KmsDataKeyReusePeriodSeconds",
  "KmsMasterKeyId", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "RedriveAllowPolicy", "RedrivePolicy",
  "SqsManagedSseEnabled", "VisibilityTimeout",
];

export function hasQueueResources(app: AppModel): boolean {
  return Object.values(app.resources).some((r) => r.type === "AWS::SQS::Queue");
}

/** Template queues exist at start-up; one kept from an earlier run takes the template's attributes. */
export async function createTemplateQueues(sqs: Sqs, app: AppModel): Promise<void> {
  for (const resource of Object.values(app.resources)) {
    if (resource.type !== "AWS::SQS::Queue") continue;
    const name = resource.attributes.QueueName;
    const attributes: Record<string, string> = {};
    for (const key of QUEUE_ATTRIBUTES) {
      const value = resource.properties[key];
      if (value === undefined || value === null) continue;
      attributes[key] = typeof value === "object" ? JSON.stringify(value) : String(value);
    }
    const tags = Object.fromEntries(
      (Array.isArray(resource.properties.Tags) ? resource.properties.Tags : [])
        .filter(isRecord)
        .map((t) => [String(t.Key), String(t.Value)]),
    );
    try {
      try {
        await sqs.engine.createQueue({ QueueName: name, Attributes: attributes, tags });
      } catch (error) {
        if (!(error instanceof Error && "code" in error && error.code === "QueueNameExists")) throw error;
        const { FifoQueue: _fifo, ...settable } = attributes;
        await sqs.engine.setQueueAttributes({ QueueUrl: resource.ref, Attributes: settable });
      }
    } catch (error) {
      throw new SandboxError(`Queue ${resource.logicalId} (${name}) could not be created: ${error instanceof Error ? error.message : String(error)}`, {
        file: stackOfLogicalId(app, resource.logicalId).templateFile,
        line: resource.line,
        hint: "Check the queue's properties (VisibilityTimeout 0-43200, MessageRetentionPeriod 60-1209600, RedrivePolicy …).",
      });
    }
  }
}

/** An event source mapping from a queue, as the template defines it. */
export interface QueueMapping {
  logicalId: string;
  uuid: string;
  line?: number;
  settings: EventSourceMappingSettings;
}

/**
 * SAM `Events: Type: SNS` with `SqsSubscription` (samtranslator's SNS push event): `true` makes a
 * queue "<Function><EventId>Queue"; an object names one (QueueArn, QueueUrl) with BatchSize and
 * Enabled. The queue subscribes to the topic (with the event's FilterPolicy) and feeds the function.
 */
export interface SnsQueueSubscription {
  logicalId: string;
  functionName: string;
  topicArn: string;
  /** Set when SAM would create the queue. */
  createQueue?: string;
  queueArn: string;
  filterPolicy?: unknown;
  filterPolicyScope?: unknown;
  batchSize: number;
  enabled: boolean;
  line?: number;
}

export function snsQueueSubscriptions(app: AppModel): SnsQueueSubscription[] {
  const out: SnsQueueSubscription[] = [];
  // A function with an AutoPublishAlias is subscribed through its alias, as SAM maps it.
  const functionNames = new Map(app.functions.map((fn) => [fn.logicalId, eventTarget(fn).functionName]));
  for (const resource of Object.values(app.resources)) {
    if (resource.type !== "AWS::Serverless::Function") continue;
    const functionName = functionNames.get(resource.logicalId);
    const events = isRecord(resource.properties.Events) ? resource.properties.Events : {};
    for (const [eventId, event] of Object.entries(events)) {
      if (!isRecord(event) || event.Type !== "SNS" || !functionName) continue;
      const props = isRecord(event.Properties) ? event.Properties : {};
      const sqs = props.SqsSubscription;
      if (sqs === undefined || sqs === false || sqs === "false" || typeof props.Topic !== "string") continue;
      const logicalId = `${resource.logicalId}${eventId}`;
      const own = isRecord(sqs) ? sqs : undefined;
      let queueArn: string;
      let createQueue: string | undefined;
      if (own) {
        if (typeof own.QueueArn !== "string") {
          throw new SandboxError(`${logicalId}: SqsSubscription needs QueueArn and QueueUrl (or true for a queue SAM creates)`, { file: stackOfLogicalId(app, logicalId).templateFile, line: resource.line });
        }
        queueArn = own.QueueArn;
      } else {
        // A nested stack's function ("Child/Fn"): the queue is named after the nested stack, as CloudFormation names it there.
        const owner = stackOfLogicalId(app, `${logicalId}Queue`);
        createQueue = generatedName(owner.stackName, owner.logicalId);
        queueArn = `arn:aws:sqs:${app.region}:${app.accountId}:${createQueue}`;
      }
      out.push({
        logicalId,
        functionName,
        topicArn: props.Topic,
        ...(createQueue ? { createQueue } : {}),
        queueArn,
        ...(props.FilterPolicy !== undefined ? { filterPolicy: props.FilterPolicy } : {}),
        ...(props.FilterPolicyScope !== undefined ? { filterPolicyScope: props.FilterPolicyScope } : {}),
        batchSize: own?.BatchSize === undefined ? DEFAULT_SQS_BATCH_SIZE : Number(own.BatchSize),
        enabled: own?.Enabled === undefined || own.Enabled === true || own.Enabled === "true",
        line: resource.line,
      });
    }
  }
  return out;
}

/** Creates SAM's queues and subscribes them to their topics (after the topics exist). */
export async function createSnsQueueSubscriptions(sqs: Sqs, dispatcher: ServiceDispatcher, specs: readonly SnsQueueSubscription[], logger: Logger): Promise<void> {
  for (const spec of specs) {
    if (spec.createQueue) await sqs.engine.createQueue({ QueueName: spec.createQueue });
    const attributes: Record<string, string> = {};
    if (spec.filterPolicy !== undefined) attributes.FilterPolicy = typeof spec.filterPolicy === "string" ? spec.filterPolicy : JSON.stringify(spec.filterPolicy);
    if (typeof spec.filterPolicyScope === "string") attributes.FilterPolicyScope = spec.filterPolicyScope;
    try {
      await dispatcher.call("sns", "Subscribe", { TopicArn: spec.topicArn, Protocol: "sqs", Endpoint: spec.queueArn, Attributes: attributes, ReturnSubscriptionArn: true });
    } catch (error) {
      logger.warn(`${spec.logicalId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The template's mappings from SQS queues: SAM `Events: Type: SQS`, AWS::Lambda::EventSourceMapping, SAM's SqsSubscription queues. */
export function templateQueueMappings(app: AppModel): QueueMapping[] {
  const out: QueueMapping[] = [];
  for (const spec of snsQueueSubscriptions(app)) {
    const logicalId = `${spec.logicalId}EventSourceMapping`;
    out.push({
      logicalId,
      uuid: stableUuid(`${app.stackName}/${logicalId}/`),
      line: spec.line,
      settings: {
        functionName: spec.functionName,
        eventSourceArn: spec.queueArn,
        enabled: spec.enabled,
        batchSize: spec.batchSize,
        startingPosition: "LATEST",
        maximumBatchingWindowInSeconds: 0,
        maximumRetryAttempts: -1,
        maximumRecordAgeInSeconds: -1,
        bisectBatchOnFunctionError: false,
        functionResponseTypes: [],
      },
    });
  }
  // A function with an AutoPublishAlias is subscribed through its alias, as SAM maps it.
  const functionNames = new Map(app.functions.map((fn) => [fn.logicalId, eventTarget(fn).functionName]));
  for (const resource of Object.values(app.resources)) {
    if (resource.type === "AWS::Serverless::Function") {
      const events = isRecord(resource.properties.Events) ? resource.properties.Events : {};
      const functionName = functionNames.get(resource.logicalId);
      for (const [eventId, event] of Object.entries(events)) {
        if (!isRecord(event) || event.Type !== "SQS" || !functionName) continue;
        const props = isRecord(event.Properties) ? event.Properties : {};
        out.push(mapping(app, `${resource.logicalId}${eventId}`, resource, functionName, props.Queue, props));
      }
    } else if (resource.type === "AWS::Lambda::EventSourceMapping") {
      const source = resource.properties.EventSourceArn;
      if (typeof source !== "string" || source.split(":")[2] !== "sqs") continue;
      out.push(mapping(app, resource.logicalId, resource, mappingFunctionName(app, resource), source, resource.properties));
    }
  }
  return out;
}

/**
 * The function an AWS::Lambda::EventSourceMapping invokes, as the template names it: FunctionName
 * may name an alias or version ("name:live", "arn:…:function:name:live"), which the mapping invokes.
 * A function the template does not have stops start-up with the file and line.
 */
export function mappingFunctionName(app: AppModel, resource: ResolvedResource): string {
  const target = String(resource.properties.FunctionName ?? "");
  const [unqualified, qualifier] = splitQualifier(target);
  const fn = app.functions.find((f) => f.functionName === unqualified || f.arn === unqualified || f.logicalId === target);
  if (!fn) {
    throw new SandboxError(`AWS::Lambda::EventSourceMapping ${resource.logicalId} targets ${target}, which is not a function of this template`, {
      file: stackOfLogicalId(app, resource.logicalId).templateFile,
      line: resource.line,
    });
  }
  return qualifier === undefined ? fn.functionName : `${fn.functionName}:${qualifier}`;
}

/** "arn:…:function:name:live" → ["arn:…:function:name", "live"]; "name:live" → ["name", "live"]; no qualifier → [target, undefined]. */
export function splitQualifier(target: string): [string, string | undefined] {
  const m = /^((?:arn:[^:]+:lambda:[^:]*:[^:]*:function:)?[a-zA-Z0-9_-]+):([a-zA-Z0-9$_-]+)$/.exec(target);
  return m ? [m[1], m[2]] : [target, undefined];
}

function mapping(app: AppModel, logicalId: string, resource: ResolvedResource, functionName: string, queue: unknown, props: Record<string, unknown>): QueueMapping {
  const where = { file: stackOfLogicalId(app, resource.logicalId).templateFile, line: resource.line };
  if (typeof queue !== "string" || queue.split(":")[2] !== "sqs") {
    throw new SandboxError(`${logicalId}: the SQS event's Queue must be a queue ARN (!GetAtt <Queue>.Arn), not ${JSON.stringify(queue)}`, where);
  }
  const number = (key: string, fallback: number) => {
    const value = props[key];
    if (value === undefined || value === null) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n)) throw new SandboxError(`${key} of ${logicalId} must be a whole number`, where);
    return n;
  };
  const filters = isRecord(props.FilterCriteria) && Array.isArray(props.FilterCriteria.Filters) ? props.FilterCriteria.Filters.filter(isRecord) : undefined;
  // ScalingConfig.MaximumConcurrency (2-1000) needs nothing: one poller per mapping invokes one batch at a time.
  return {
    logicalId,
    // !Ref of an AWS::Lambda::EventSourceMapping is its UUID.
    uuid: resource.type === "AWS::Lambda::EventSourceMapping" ? resource.ref : stableUuid(`${app.stackName}/${logicalId}/`),
    line: resource.line,
    settings: {
      functionName,
      eventSourceArn: queue,
      enabled: props.Enabled === undefined || props.Enabled === true || props.Enabled === "true",
      batchSize: number("BatchSize", DEFAULT_SQS_BATCH_SIZE),
      startingPosition: "LATEST",
      maximumBatchingWindowInSeconds: number("MaximumBatchingWindowInSeconds", 0),
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      functionResponseTypes: Array.isArray(props.FunctionResponseTypes) ? props.FunctionResponseTypes.map(String) : [],
      ...(filters ? { filterCriteria: { Filters: filters.map((f) => ({ Pattern: typeof f.Pattern === "string" ? f.Pattern : JSON.stringify(f.Pattern ?? {}) })) } } : {}),
    },
  };
}

/** Starts the template's queue mappings; a mistake in one names the template resource. */
export function startTemplateQueueMappings(sqs: Sqs, mappings: readonly QueueMapping[], app: AppModel): void {
  for (const m of mappings) {
    try {
      sqs.poller.start(m.settings, m.uuid);
    } catch (error) {
      const hint = error instanceof SandboxError ? error.hint : undefined;
      const { templateFile: file } = stackOfLogicalId(app, m.logicalId);
      throw new SandboxError(`${m.logicalId}: ${error instanceof Error ? error.message : String(error)}`, { file, line: m.line, ...(hint ? { hint } : {}) });
    }
  }
}

/** CloudFormation's name for a resource it names: "<stack>-<LogicalId>-<SUFFIX>", at most 80 characters for a queue. */
function generatedName(stackName: string, logicalId: string): string {
  const suffix = createHash("sha256").update(`${stackName}/${logicalId}`).digest("hex").slice(0, 12).toUpperCase();
  const budget = 80 - suffix.length - 2;
  let stack = stackName;
  let id = logicalId;
  if (stack.length + id.length > budget) {
    stack = stack.slice(0, Math.max(Math.floor(budget / 2), budget - id.length));
    id = id.slice(0, budget - stack.length);
  }
  return `${stack}-${id}-${suffix}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** A UUID stable per stack and SAM event (SAM's generated mapping has no !Ref here). */
export function stableUuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
