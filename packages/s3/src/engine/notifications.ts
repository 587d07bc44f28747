/**
 * S3 event notifications: a bucket's LambdaFunction/Queue/Topic configurations name the
 * events (s3:ObjectCreated:*, s3:ObjectRemoved:Delete, …) and key filters (prefix, suffix)
 * whose event message (event structure 2.1) S3 sends to a function (asynchronously), an
 * SQS queue (as the message body) or an SNS topic (Subject "Amazon S3 Notification"); with
 * an EventBridgeConfiguration every event also goes to EventBridge (eventBridgeEvent.ts).
 */
import { hex, type Clock, type LambdaInvoker, type Logger } from "@sam-sandbox/core";
import { OWNER } from "./context.js";
import { eventBridgeEntry, type EventBridgeEntry } from "./eventBridgeEvent.js";
import { currentS3Request, type S3RequestContext } from "./requestContext.js";
import type { Bucket, NotificationBase, S3Object } from "./state.js";

export type CreatedEvent = "ObjectCreated:Put" | "ObjectCreated:Post" | "ObjectCreated:Copy" | "ObjectCreated:CompleteMultipartUpload";

export interface Notifier {
  objectCreated(bucket: Bucket, eventName: CreatedEvent, object: S3Object): void;
  /** ObjectRemoved:Delete, or ObjectRemoved:DeleteMarkerCreated in a versioned bucket. */
  objectRemoved(bucket: Bucket, key: string, eventName?: RemovedEvent, versionId?: string): void;
  /** A deletion made by a lifecycle rule (lifecycle/sweeper.ts). */
  lifecycleExpired(bucket: Bucket, key: string, eventName: LifecycleEvent, versionId?: string): void;
  /** An archived object's restore: initiated (RestoreObject), completed, or its restored copy expired (restoreEvents.ts). */
  objectRestored(bucket: Bucket, eventName: RestoreEvent, object: S3Object, restoreExpires?: number): void;
  /** PutObjectTagging, DeleteObjectTagging, or a PutObjectAcl that changed the ACL. */
  objectSettingChanged(bucket: Bucket, eventName: SettingEvent, object: S3Object): void;
}

export type RemovedEvent = "ObjectRemoved:Delete" | "ObjectRemoved:DeleteMarkerCreated";
export type LifecycleEvent = "LifecycleExpiration:Delete" | "LifecycleExpiration:DeleteMarkerCreated";
export type RestoreEvent = "ObjectRestore:Post" | "ObjectRestore:Completed" | "ObjectRestore:Delete";
export type SettingEvent = "ObjectTagging:Put" | "ObjectTagging:Delete" | "ObjectAcl:Put";

/**
 * Events of an object's tags and ACL: event version 2.3, and an object of key, eTag (and versionId) without size or
 * sequencer (LocalStack test_s3_notifications_sqs.snapshot.json test_object_tagging_put_event,
 * test_object_tagging_delete_event, test_object_put_acl, AWS-recorded).
 */
const SETTING_EVENTS: ReadonlySet<string> = new Set<SettingEvent>(["ObjectTagging:Put", "ObjectTagging:Delete", "ObjectAcl:Put"]);

/** For an engine used without Lambda. */
export const NO_NOTIFIER: Notifier = { objectCreated() {}, objectRemoved() {}, lifecycleExpired() {}, objectRestored() {}, objectSettingChanged() {} };

/** SQS queues notifications go to (wired by packages/sandbox); `send` rejects when the queue refuses. */
export interface NotificationQueues {
  exists(queueArn: string): boolean | Promise<boolean>;
  /** `traceHeader`: the X-Amzn-Trace-Id of the request the event is of, sent as the message's AWSTraceHeader. */
  send(queueArn: string, body: string, traceHeader?: string): Promise<void>;
}

/** SNS topics notifications are published to (wired by packages/sandbox). */
export interface NotificationTopics {
  exists(topicArn: string): boolean | Promise<boolean>;
  publish(topicArn: string, subject: string, message: string): Promise<void>;
}

/** Lambda functions LambdaFunctionConfigurations name (invoked through the LambdaInvoker port). */
export interface NotificationFunctions {
  exists(functionArn: string): boolean | Promise<boolean>;
}

/** EventBridge's PutEvents on the default bus (wired by packages/sandbox). */
export interface NotificationEventBus {
  putEvents(entries: EventBridgeEntry[]): Promise<void>;
}

export interface NotificationPorts {
  invoker?: LambdaInvoker;
  functions?: NotificationFunctions;
  queues?: NotificationQueues;
  topics?: NotificationTopics;
  eventBridge?: NotificationEventBus;
}

/** The Subject S3 publishes its messages to SNS topics with (AWS-recorded, localstack test_s3_notifications_sns). */
export const SNS_SUBJECT = "Amazon S3 Notification";

/**
 * Who lifecycle events name, and their event version (S3 User Guide, "Configuring S3 Lifecycle
 * event notifications": "eventVersion":"2.3", "principalId":"s3.amazonaws.com").
 */
const LIFECYCLE_SOURCE = { eventVersion: "2.3", principal: "s3.amazonaws.com", sourceIp: "s3.amazonaws.com" } as const;

/**
 * Who a completed restore's event names: S3 itself, for the bucket owner (an ObjectRestore:Completed message S3
 * delivered: "principalId":"AmazonCustomer:<owner>", "sourceIPAddress":"s3.amazonaws.com", eventVersion 2.1; and
 * EventBridge's "requester":"s3.amazonaws.com", S3 User Guide "EventBridge event message structure").
 */
const RESTORE_COMPLETED_SOURCE = { eventVersion: "2.1", principal: `AmazonCustomer:${OWNER.ID}`, sourceIp: "s3.amazonaws.com", requester: "s3.amazonaws.com" } as const;

export interface EventSource {
  eventVersion: string;
  principal: string;
  sourceIp: string;
  /** EventBridge's `requester` when it is not the principal. */
  requester?: string;
}

/** A restore's facts its events carry (glacierEventData.restoreEventData; EventBridge's source-storage-class, restore-expiry-time). */
export interface RestoreDetails {
  storageClass: string;
  expires?: number;
}

export interface ObjectDetails {
  size?: number;
  eTag?: string;
  versionId?: string;
}

/** Whether a configuration's event list ("s3:ObjectCreated:*", "s3:ObjectCreated:Put") covers an event. */
export function matchesEvent(events: readonly string[], eventName: string): boolean {
  const full = `s3:${eventName}`;
  return events.some((e) => e === full || (e.endsWith(":*") && full.startsWith(e.slice(0, -1))));
}

export function matchesFilter(config: NotificationBase, key: string): boolean {
  return config.FilterRules.every((rule) => (rule.Name.toLowerCase() === "prefix" ? key.startsWith(rule.Value) : key.endsWith(rule.Value)));
}

/** Keys in event messages are URL-encoded as a form value is: "my photo.jpg" → "my+photo.jpg", "/" kept. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+")
    .replace(/%2F/g, "/");
}

export class EventNotifier implements Notifier {
  private sequence = 0;

  constructor(
    private readonly options: NotificationPorts & { clock: Clock; logger: Logger; accountId: string },
  ) {}

  objectCreated(bucket: Bucket, eventName: CreatedEvent, object: S3Object): void {
    this.send(bucket, eventName, object.key, {
      size: object.size,
      eTag: object.etag.replace(/"/g, ""),
      ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
    });
  }

  objectRemoved(bucket: Bucket, key: string, eventName: RemovedEvent = "ObjectRemoved:Delete", versionId?: string): void {
    this.send(bucket, eventName, key, versionId === undefined ? {} : { versionId });
  }

  lifecycleExpired(bucket: Bucket, key: string, eventName: LifecycleEvent, versionId?: string): void {
    this.send(bucket, eventName, key, versionId === undefined ? {} : { versionId }, LIFECYCLE_SOURCE);
  }

  /**
   * S3 User Guide, "Event notification types": s3:ObjectRestore:Post (a restore was initiated, sent as the request's
   * event), :Completed (S3's, with glacierEventData, "only visible for s3:ObjectRestore:Completed events") and :Delete
   * (the restored copy expired: event version 2.3, as "object restoration delete events" are).
   */
  objectRestored(bucket: Bucket, eventName: RestoreEvent, object: S3Object, restoreExpires?: number): void {
    const details = { size: object.size, eTag: object.etag.replace(/"/g, ""), ...(object.versionId === undefined ? {} : { versionId: object.versionId }) };
    const source = eventName === "ObjectRestore:Completed" ? RESTORE_COMPLETED_SOURCE : eventName === "ObjectRestore:Delete" ? LIFECYCLE_SOURCE : undefined;
    this.send(bucket, eventName, object.key, details, source, { storageClass: object.storageClass, ...(restoreExpires === undefined ? {} : { expires: restoreExpires }) });
  }

  objectSettingChanged(bucket: Bucket, eventName: SettingEvent, object: S3Object): void {
    this.send(bucket, eventName, object.key, { eTag: object.etag.replace(/"/g, ""), ...(object.versionId === undefined ? {} : { versionId: object.versionId }) });
  }

  private send(bucket: Bucket, eventName: string, key: string, details: ObjectDetails, source?: EventSource, restore?: RestoreDetails): void {
    const { invoker, queues, topics, eventBridge } = this.options;
    const wanted = (config: NotificationBase) => matchesEvent(config.Events, eventName) && matchesFilter(config, key);
    const lambdas = invoker ? bucket.notifications.filter(wanted) : [];
    const toQueues = queues ? bucket.queueNotifications.filter(wanted) : [];
    const toTopics = topics ? bucket.topicNotifications.filter(wanted) : [];
    const toEventBridge = eventBridge !== undefined && bucket.eventBridge;
    if (lambdas.length + toQueues.length + toTopics.length === 0 && !toEventBridge) return;
    // The request the event is of: none for S3's own events (lifecycle, restore completion), whose timers may run in one.
    const request = source === undefined ? currentS3Request() : undefined;
    const event = this.event(bucket, eventName, key, details, source, request);
    const glacier = eventName === "ObjectRestore:Completed" && restore?.expires !== undefined
      ? { glacierEventData: { restoreEventData: { lifecycleRestorationExpiryTime: new Date(restore.expires).toISOString(), lifecycleRestoreStorageClass: restore.storageClass } } }
      : {};
    const message = (configurationId: string) => JSON.stringify({ Records: [{ ...event.record, s3: { ...event.record.s3, configurationId }, ...glacier }] });
    for (const config of lambdas) {
      this.deliver(config.LambdaFunctionArn, () => invoker?.invoke({ functionName: config.LambdaFunctionArn, payload: Buffer.from(message(config.Id)), invocationType: "Event", source: "s3" }));
    }
    // The request's X-Amzn-Trace-Id goes on as the message's AWSTraceHeader (LocalStack test_s3_notifications_sqs test_xray_header, AWS-recorded).
    for (const config of toQueues) this.deliver(config.QueueArn, () => queues?.send(config.QueueArn, message(config.Id), request?.traceHeader));
    for (const config of toTopics) this.deliver(config.TopicArn, () => topics?.publish(config.TopicArn, SNS_SUBJECT, message(config.Id)));
    if (toEventBridge) {
      const entry = eventBridgeEntry({
        bucket, eventName, key, details, sequencer: event.sequencer, requestId: event.requestId, requester: source ? (source.requester ?? source.principal) : this.options.accountId,
        sourceIp: source ? undefined : (request?.sourceIp ?? "127.0.0.1"), time: this.options.clock.now(), ...(restore === undefined ? {} : { restore }),
      });
      if (entry) this.deliver("EventBridge", () => eventBridge?.putEvents([entry]));
    }
  }

  /** Delivery happens after the request has been answered; a failure is logged, as S3 drops it. */
  private deliver(destination: string, send: () => Promise<unknown> | undefined): void {
    Promise.resolve()
      .then(send)
      .catch((error: unknown) => {
        this.options.logger.warn(`S3 notification to ${destination} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
  }

  private event(bucket: Bucket, eventName: string, key: string, details: ObjectDetails, source?: EventSource, request?: S3RequestContext) {
    const principal = source?.principal ?? `AWS:${this.options.accountId}`;
    // The sequencer orders events for one key: hex that grows with time, then with each event.
    const sequencer = `${this.options.clock.now().toString(16).toUpperCase().padStart(12, "0")}${(this.sequence++ % 0x10000).toString(16).toUpperCase().padStart(4, "0")}`;
    // A request's event names its x-amz-request-id and x-amz-id-2 (S3 User Guide, "Event message structure": responseElements).
    const requestId = request?.requestId ?? hex(8).toUpperCase();
    const record = {
      eventVersion: source?.eventVersion ?? (SETTING_EVENTS.has(eventName) ? "2.3" : "2.1"),
      eventSource: "aws:s3",
      awsRegion: bucket.region,
      eventTime: new Date(this.options.clock.now()).toISOString(),
      eventName,
      userIdentity: { principalId: principal },
      requestParameters: { sourceIPAddress: source?.sourceIp ?? request?.sourceIp ?? "127.0.0.1" },
      responseElements: { "x-amz-request-id": requestId, "x-amz-id-2": request?.hostId ?? hex(32) },
      s3: {
        s3SchemaVersion: "1.0",
        configurationId: "",
        bucket: { name: bucket.name, ownerIdentity: { principalId: OWNER.ID }, arn: `arn:aws:s3:::${bucket.name}` },
        // An ObjectRestore:Post record's object has its eTag (LocalStack test_s3_notifications_sqs.snapshot.json test_restore_object, AWS-recorded).
        object: { key: encodeEventKey(key), ...details, ...(SETTING_EVENTS.has(eventName) ? {} : { sequencer }) },
      },
    };
    return { record, sequencer, requestId };
  }
}
