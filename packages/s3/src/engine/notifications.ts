/**
 * S3 event notifications to Lambda: a bucket's LambdaFunctionConfigurations name the
 * events (s3:ObjectCreated:*, s3:ObjectRemoved:Delete, …) and key filters (prefix, suffix)
 * that invoke a function asynchronously with S3's event message (event structure 2.1).
 */
import { hex, type Clock, type LambdaInvoker, type Logger } from "@sam-sandbox/core";
import { OWNER } from "./context.js";
import type { Bucket, LambdaNotification, S3Object } from "./state.js";

export type CreatedEvent = "ObjectCreated:Put" | "ObjectCreated:Post" | "ObjectCreated:Copy" | "ObjectCreated:CompleteMultipartUpload";

export interface Notifier {
  objectCreated(bucket: Bucket, eventName: CreatedEvent, object: S3Object): void;
  /** ObjectRemoved:Delete, or ObjectRemoved:DeleteMarkerCreated in a versioned bucket. */
  objectRemoved(bucket: Bucket, key: string, eventName?: RemovedEvent, versionId?: string): void;
  /** A deletion made by a lifecycle rule (lifecycle/sweeper.ts). */
  lifecycleExpired(bucket: Bucket, key: string, eventName: LifecycleEvent, versionId?: string): void;
}

export type RemovedEvent = "ObjectRemoved:Delete" | "ObjectRemoved:DeleteMarkerCreated";
export type LifecycleEvent = "LifecycleExpiration:Delete" | "LifecycleExpiration:DeleteMarkerCreated";

/** For an engine used without Lambda. */
export const NO_NOTIFIER: Notifier = { objectCreated() {}, objectRemoved() {}, lifecycleExpired() {} };

/**
 * Who lifecycle events name, and their event version (S3 User Guide, "Configuring S3 Lifecycle
 * event notifications": "eventVersion":"2.3", "principalId":"s3.amazonaws.com").
 */
const LIFECYCLE_SOURCE = { eventVersion: "2.3", principal: "s3.amazonaws.com", sourceIp: "s3.amazonaws.com" } as const;

interface EventSource {
  eventVersion: string;
  principal: string;
  sourceIp: string;
}

/** Whether a configuration's event list ("s3:ObjectCreated:*", "s3:ObjectCreated:Put") covers an event. */
export function matchesEvent(events: readonly string[], eventName: string): boolean {
  const full = `s3:${eventName}`;
  return events.some((e) => e === full || (e.endsWith(":*") && full.startsWith(e.slice(0, -1))));
}

export function matchesFilter(config: LambdaNotification, key: string): boolean {
  return config.FilterRules.every((rule) => (rule.Name.toLowerCase() === "prefix" ? key.startsWith(rule.Value) : key.endsWith(rule.Value)));
}

/** Keys in event messages are URL-encoded as a form value is: "my photo.jpg" → "my+photo.jpg", "/" kept. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+")
    .replace(/%2F/g, "/");
}

export class LambdaNotifier implements Notifier {
  private sequence = 0;

  constructor(
    private readonly options: { invoker?: LambdaInvoker; clock: Clock; logger: Logger; accountId: string },
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

  private send(bucket: Bucket, eventName: string, key: string, details: { size?: number; eTag?: string; versionId?: string }, source?: EventSource): void {
    const invoker = this.options.invoker;
    if (!invoker || bucket.notifications.length === 0) return;
    for (const config of bucket.notifications) {
      if (!matchesEvent(config.Events, eventName) || !matchesFilter(config, key)) continue;
      const payload = Buffer.from(JSON.stringify({ Records: [this.record(bucket, config.Id, eventName, key, details, source)] }));
      invoker.invoke({ functionName: config.LambdaFunctionArn, payload, invocationType: "Event", source: "s3" }).catch((error: unknown) => {
        this.options.logger.warn(`S3 notification to ${config.LambdaFunctionArn} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }

  private record(bucket: Bucket, configurationId: string, eventName: string, key: string, details: { size?: number; eTag?: string; versionId?: string }, source?: EventSource) {
    const principal = source?.principal ?? `AWS:${this.options.accountId}`;
    // The sequencer orders events for one key: hex that grows with time, then with each event.
    const sequencer = `${this.options.clock.now().toString(16).toUpperCase().padStart(12, "0")}${(this.sequence++ % 0x10000).toString(16).toUpperCase().padStart(4, "0")}`;
    return {
      eventVersion: source?.eventVersion ?? "2.1",
      eventSource: "aws:s3",
      awsRegion: bucket.region,
      eventTime: new Date(this.options.clock.now()).toISOString(),
      eventName,
      userIdentity: { principalId: principal },
      requestParameters: { sourceIPAddress: source?.sourceIp ?? "127.0.0.1" },
      responseElements: { "x-amz-request-id": hex(8).toUpperCase(), "x-amz-id-2": hex(32) },
      s3: {
        s3SchemaVersion: "1.0",
        configurationId,
        bucket: { name: bucket.name, ownerIdentity: { principalId: OWNER.ID }, arn: `arn:aws:s3:::${bucket.name}` },
        object: { key: encodeEventKey(key), ...details, sequencer },
      },
    };
  }
}
