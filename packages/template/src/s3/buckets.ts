/**
 * AWS::S3::Bucket → BucketSpec: the bucket's name (BucketName, or the one CloudFormation
 * generates) and the functions its events invoke, from the two places a template declares
 * them: the bucket's NotificationConfiguration.LambdaConfigurations, SAM `Events: Type: S3`
 * on a function (which SAM turns into a LambdaConfiguration of the bucket it names), and the
 * Custom::S3BucketNotifications resource `cdk synth` writes for `bucket.addEventNotification`;
 * and the SQS queues, SNS topics and EventBridge the same configurations notify.
 */
import type { FunctionIndex } from "../apis/functionIndex.js";
import type { BucketCorsRuleSpec, BucketDestinationSpec, BucketLifecycleRuleSpec, BucketNotificationSpec, BucketSettingsSpec, BucketSpec, FunctionSpec, ResolvedResource } from "../model.js";
import { eventsOf } from "../sam/events.js";
import { stackTags } from "../stackTags.js";
import type { Stack } from "../stack.js";
import { isRecord } from "../util.js";
import { eventTarget } from "../functions/target.js";

export function buildBuckets(
  stack: Stack,
  resources: ResolvedResource[],
  functions: FunctionIndex,
  samFunctions: [ResolvedResource, FunctionSpec][],
): BucketSpec[] {
  const buckets: BucketSpec[] = resources
    .filter((r) => r.type === "AWS::S3::Bucket")
    .map((r) => ({
      logicalId: r.logicalId,
      bucketName: r.ref,
      arn: r.attributes.Arn,
      tags: Array.isArray(r.properties.Tags) ? r.properties.Tags.filter(isRecord).map((t) => ({ Key: String(t.Key), Value: String(t.Value) })) : [],
      systemTags: Object.entries(stackTags(stack.info, r.logicalId)).map(([Key, Value]) => ({ Key, Value })),
      notifications: cfnNotifications(stack, r, functions),
      ...cfnDestinations(r),
      ...corsOf(r),
      ...versioningOf(r),
      ...settingsOf(r),
      line: r.line,
    }));
  const byName = new Map(buckets.map((b) => [b.bucketName, b]));
  for (const [resource, fn] of samFunctions) {
    const resolvedEvents = isRecord(resource.properties.Events) ? resource.properties.Events : {};
    for (const [eventId] of eventsOf(stack.resources.get(resource.logicalId)?.properties ?? {})) {
      const event = resolvedEvents[eventId];
      if (!isRecord(event) || event.Type !== "S3") continue;
      const props = isRecord(event.Properties) ? event.Properties : {};
      const bucket = byName.get(String(props.Bucket));
      if (!bucket) {
        stack.warnings.add(`${resource.logicalId}: the S3 event ${eventId} names bucket ${String(props.Bucket)}, which is not an AWS::S3::Bucket of this template; nothing triggers it`);
        continue;
      }
      bucket.notifications.push({
        id: `${resource.logicalId}${eventId}`,
        // SAM's notification names the function's alias when it has one.
        functionArn: eventTarget(fn).arn,
        events: (Array.isArray(props.Events) ? props.Events : [props.Events]).map(String),
        filterRules: filterRules(props.Filter),
      });
    }
  }
  for (const resource of resources) {
    if (resource.type === CDK_NOTIFICATIONS) cdkNotifications(stack, resource, byName, functions);
  }
  return buckets;
}

/** The custom resource CDK's BucketNotificationsHandler applies with PutBucketNotificationConfiguration. */
export const CDK_NOTIFICATIONS = "Custom::S3BucketNotifications";

function cdkNotifications(stack: Stack, resource: ResolvedResource, byName: Map<string, BucketSpec>, functions: FunctionIndex): void {
  const bucket = byName.get(String(resource.properties.BucketName));
  const config = resource.properties.NotificationConfiguration;
  if (!bucket || !isRecord(config)) {
    stack.warnings.add(`${resource.logicalId}: its bucket is not an AWS::S3::Bucket of this template; its notifications are skipped`);
    return;
  }
  addCdkDestinations(bucket, resource.logicalId, config);
  const lambdas = Array.isArray(config.LambdaFunctionConfigurations) ? config.LambdaFunctionConfigurations.filter(isRecord) : [];
  for (const [i, c] of lambdas.entries()) {
    const key = isRecord(c.Filter) && isRecord(c.Filter.Key) ? c.Filter.Key : undefined;
    const rules = key && Array.isArray(key.FilterRules) ? key.FilterRules.filter(isRecord) : [];
    bucket.notifications.push({
      id: `${resource.logicalId}${i + 1}`,
      functionArn: functions.arn(c.LambdaFunctionArn) ?? String(c.LambdaFunctionArn),
      events: Array.isArray(c.Events) ? c.Events.map(String) : [],
      filterRules: rules.map((r) => ({ name: String(r.Name).toLowerCase() === "suffix" ? "suffix" : "prefix", value: String(r.Value ?? "") })),
    });
  }
}

function cfnNotifications(stack: Stack, bucket: ResolvedResource, functions: FunctionIndex): BucketNotificationSpec[] {
  const config = bucket.properties.NotificationConfiguration;
  if (!isRecord(config)) return [];
  const lambdas = Array.isArray(config.LambdaConfigurations) ? config.LambdaConfigurations.filter(isRecord) : [];
  return lambdas.map((c, i) => {
    return {
      id: `${bucket.logicalId}Lambda${i + 1}`,
      functionArn: functions.arn(c.Function) ?? String(c.Function),
      events: [String(c.Event)],
      filterRules: filterRules(c.Filter),
    };
  });
}

/** `QueueConfigurations: [{ Event, Queue, Filter }]`, `TopicConfigurations: [{ Event, Topic, Filter }]`, `EventBridgeConfiguration: { EventBridgeEnabled }`. */
function cfnDestinations(bucket: ResolvedResource): { destinations?: BucketDestinationSpec[]; eventBridge?: boolean } {
  const config = bucket.properties.NotificationConfiguration;
  if (!isRecord(config)) return {};
  const list = (value: unknown) => (Array.isArray(value) ? value.filter(isRecord) : []);
  const destinations: BucketDestinationSpec[] = [
    ...list(config.QueueConfigurations).map((c, i): BucketDestinationSpec => ({
      id: `${bucket.logicalId}Queue${i + 1}`, kind: "queue", arn: String(c.Queue), events: [String(c.Event)], filterRules: filterRules(c.Filter),
    })),
    ...list(config.TopicConfigurations).map((c, i): BucketDestinationSpec => ({
      id: `${bucket.logicalId}Topic${i + 1}`, kind: "topic", arn: String(c.Topic), events: [String(c.Event)], filterRules: filterRules(c.Filter),
    })),
  ];
  const eventBridge = isRecord(config.EventBridgeConfiguration) && bool(config.EventBridgeConfiguration.EventBridgeEnabled) === true;
  return { ...(destinations.length > 0 ? { destinations } : {}), ...(eventBridge ? { eventBridge } : {}) };
}

/** CDK's NotificationConfiguration is S3's API shape: QueueArn / TopicArn, Events, Filter.Key.FilterRules. */
function addCdkDestinations(bucket: BucketSpec, logicalId: string, config: Record<string, unknown>): void {
  const list = (value: unknown) => (Array.isArray(value) ? value.filter(isRecord) : []);
  const rulesOf = (c: Record<string, unknown>) => {
    const key = isRecord(c.Filter) && isRecord(c.Filter.Key) ? c.Filter.Key : undefined;
    const rules = key && Array.isArray(key.FilterRules) ? key.FilterRules.filter(isRecord) : [];
    return rules.map((r) => ({ name: String(r.Name).toLowerCase() === "suffix" ? ("suffix" as const) : ("prefix" as const), value: String(r.Value ?? "") }));
  };
  const destinations = [
    ...list(config.QueueConfigurations).map((c, i): BucketDestinationSpec => ({
      id: String(c.Id ?? `${logicalId}Queue${i + 1}`), kind: "queue", arn: String(c.QueueArn), events: strings(c.Events), filterRules: rulesOf(c),
    })),
    ...list(config.TopicConfigurations).map((c, i): BucketDestinationSpec => ({
      id: String(c.Id ?? `${logicalId}Topic${i + 1}`), kind: "topic", arn: String(c.TopicArn), events: strings(c.Events), filterRules: rulesOf(c),
    })),
  ];
  if (destinations.length > 0) bucket.destinations = [...(bucket.destinations ?? []), ...destinations];
  if (config.EventBridgeConfiguration !== undefined) bucket.eventBridge = true;
}

/** `Filter: { S3Key: { Rules: [{ Name: prefix, Value: uploads/ }] } }`. */
function filterRules(filter: unknown): { name: "prefix" | "suffix"; value: string }[] {
  const key = isRecord(filter) && isRecord(filter.S3Key) ? filter.S3Key : undefined;
  const rules = key && Array.isArray(key.Rules) ? key.Rules.filter(isRecord) : [];
  return rules.map((r) => ({ name: String(r.Name).toLowerCase() === "suffix" ? "suffix" : "prefix", value: String(r.Value ?? "") }));
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** `CorsConfiguration: { CorsRules: [{ AllowedOrigins, AllowedMethods, AllowedHeaders, ExposedHeaders, Id, MaxAge }] }`. */
function corsOf(bucket: ResolvedResource): { corsRules?: BucketCorsRuleSpec[] } {
  const config = bucket.properties.CorsConfiguration;
  if (!isRecord(config) || !Array.isArray(config.CorsRules)) return {};
  return {
    corsRules: config.CorsRules.filter(isRecord).map((r) => ({
      ...(r.Id !== undefined ? { ID: String(r.Id) } : {}),
      AllowedMethods: strings(r.AllowedMethods),
      AllowedOrigins: strings(r.AllowedOrigins),
      AllowedHeaders: strings(r.AllowedHeaders),
      ExposeHeaders: strings(r.ExposedHeaders),
      // CloudFormation puts a rule without MaxAge with MaxAgeSeconds 0 (LocalStack resources/test_s3.snapshot.json
      // test_cors_configuration "cors-info-only-required", AWS-recorded 2025; the 2023 recording had none).
      MaxAgeSeconds: r.MaxAge !== undefined ? Number(r.MaxAge) : 0,
    })),
  };
}

/** `VersioningConfiguration: { Status: Enabled | Suspended }`. */
function versioningOf(bucket: ResolvedResource): { versioning?: "Enabled" | "Suspended" } {
  const config = bucket.properties.VersioningConfiguration;
  if (!isRecord(config)) return {};
  return config.Status === "Enabled" || config.Status === "Suspended" ? { versioning: config.Status } : {};
}

const num = (value: unknown): number | undefined => (value === undefined ? undefined : Number(value));
const bool = (value: unknown): boolean | undefined => (value === undefined ? undefined : value === true || value === "true");
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** BucketEncryption, LifecycleConfiguration, PublicAccessBlockConfiguration, OwnershipControls, WebsiteConfiguration, ObjectLockEnabled / ObjectLockConfiguration. */
function settingsOf(bucket: ResolvedResource): { settings?: BucketSettingsSpec } {
  const p = bucket.properties;
  const settings: BucketSettingsSpec = {};
  const encryption = isRecord(p.BucketEncryption) ? p.BucketEncryption.ServerSideEncryptionConfiguration : undefined;
  if (Array.isArray(encryption)) {
    settings.encryption = encryption.filter(isRecord).map((r) => {
      const by = isRecord(r.ServerSideEncryptionByDefault) ? r.ServerSideEncryptionByDefault : {};
      return defined({ SSEAlgorithm: String(by.SSEAlgorithm ?? "AES256"), KMSMasterKeyID: by.KMSMasterKeyID === undefined ? undefined : String(by.KMSMasterKeyID), BucketKeyEnabled: bool(r.BucketKeyEnabled) });
    });
  }
  const lifecycle = isRecord(p.LifecycleConfiguration) ? p.LifecycleConfiguration.Rules : undefined;
  if (Array.isArray(lifecycle)) settings.lifecycleRules = lifecycle.filter(isRecord).map(lifecycleRule);
  if (isRecord(p.PublicAccessBlockConfiguration)) {
    const b = p.PublicAccessBlockConfiguration;
    settings.publicAccessBlock = defined({
      BlockPublicAcls: bool(b.BlockPublicAcls), IgnorePublicAcls: bool(b.IgnorePublicAcls), BlockPublicPolicy: bool(b.BlockPublicPolicy), RestrictPublicBuckets: bool(b.RestrictPublicBuckets),
    });
  }
  const ownership = isRecord(p.OwnershipControls) && Array.isArray(p.OwnershipControls.Rules) ? p.OwnershipControls.Rules.filter(isRecord)[0] : undefined;
  if (ownership?.ObjectOwnership !== undefined) settings.objectOwnership = String(ownership.ObjectOwnership);
  if (isRecord(p.WebsiteConfiguration)) {
    const w = p.WebsiteConfiguration;
    const redirect = isRecord(w.RedirectAllRequestsTo) ? w.RedirectAllRequestsTo : undefined;
    settings.website = defined({
      IndexDocument: w.IndexDocument === undefined ? undefined : String(w.IndexDocument),
      ErrorDocument: w.ErrorDocument === undefined ? undefined : String(w.ErrorDocument),
      RedirectAllRequestsTo: redirect ? defined({ HostName: String(redirect.HostName), Protocol: redirect.Protocol === undefined ? undefined : String(redirect.Protocol) }) : undefined,
    });
  }
  if (p.ObjectLockEnabled !== undefined) settings.objectLockEnabled = bool(p.ObjectLockEnabled);
  const lock = isRecord(p.ObjectLockConfiguration) ? p.ObjectLockConfiguration : undefined;
  const retention = isRecord(lock?.Rule) && isRecord(lock.Rule.DefaultRetention) ? lock.Rule.DefaultRetention : undefined;
  if (retention?.Mode !== undefined) settings.objectLockDefaultRetention = defined({ Mode: String(retention.Mode), Days: num(retention.Days), Years: num(retention.Years) });
  return Object.keys(settings).length > 0 ? { settings } : {};
}

function lifecycleRule(r: Record<string, unknown>): BucketLifecycleRuleSpec {
  const abort = isRecord(r.AbortIncompleteMultipartUpload) ? r.AbortIncompleteMultipartUpload : undefined;
  const noncurrent = isRecord(r.NoncurrentVersionExpiration) ? r.NoncurrentVersionExpiration : undefined;
  const tagFilters = (Array.isArray(r.TagFilters) ? r.TagFilters : []).filter(isRecord);
  const transitions = [...(Array.isArray(r.Transitions) ? r.Transitions : []), ...(isRecord(r.Transition) ? [r.Transition] : [])].filter(isRecord);
  return defined({
    ID: r.Id === undefined ? undefined : String(r.Id),
    Status: String(r.Status ?? "Enabled"),
    Prefix: r.Prefix === undefined ? undefined : String(r.Prefix),
    ExpirationInDays: num(r.ExpirationInDays),
    ExpirationDate: r.ExpirationDate === undefined ? undefined : String(r.ExpirationDate),
    NoncurrentVersionExpirationInDays: num(noncurrent?.NoncurrentDays ?? r.NoncurrentVersionExpirationInDays),
    AbortIncompleteMultipartUploadDays: num(abort?.DaysAfterInitiation),
    Transitions: transitions.length > 0
      ? transitions.map((t) => defined({ StorageClass: String(t.StorageClass), TransitionInDays: num(t.TransitionInDays), TransitionDate: t.TransitionDate === undefined ? undefined : String(t.TransitionDate) }))
      : undefined,
    TagFilters: tagFilters.length > 0 ? tagFilters.map((t) => ({ Key: String(t.Key), Value: String(t.Value) })) : undefined,
    // CloudFormation takes the sizes as strings ("1024") or numbers.
    ObjectSizeGreaterThan: num(r.ObjectSizeGreaterThan),
    ObjectSizeLessThan: num(r.ObjectSizeLessThan),
    ExpiredObjectDeleteMarker: bool(r.ExpiredObjectDeleteMarker),
    NewerNoncurrentVersions: num(noncurrent?.NewerNoncurrentVersions),
  });
}
