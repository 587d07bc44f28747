/**
 * Stored bucket configurations on the wire: each Put<Name> checks its document as S3 does and
 * keeps it; Get<Name> answers it back (or S3's default, or the not-found error); Delete<Name>
 * removes it.
 */
import { MIN_TIERING_DAYS } from "../engine/intelligentTiering.js";
import type { KeyedConfigKind, XmlConfigName } from "../engine/state.js";
import {
  crossLocationLogging, defaultRetentionNotPositive, defaultRetentionTooLarge, emptyRoutingCondition, idMismatch, indexDocumentNotWellFormed, invalidArgument, invalidBucketState, invalidInventoryDestination,
  invalidRedirectProtocol, invalidRequest, invalidTargetBucketForLogging, kmsKeyWithoutKms, malformedXml, noSuchConfiguration, redirectAllWithRules, replaceKeyAndPrefix,
  S3Error, tieringDaysTooFew,
} from "../errors.js";
import { MAX_DEFAULT_RETENTION_DAYS, MAX_DEFAULT_RETENTION_YEARS, MAX_RULE_ID_LENGTH } from "../limits.js";
import { s3Model } from "../generated/s3.js";
import { checkLifecycle, withIsoDates, withRuleIds } from "./lifecycleConfig.js";
import { empty, xmlOk, type ActionHandler, type S3Call } from "./call.js";
import { configurationBody, document, el, isNode, nodes, text, type XmlNode } from "./xml.js";

type Check = (node: XmlNode, call: S3Call) => void;

/** An element's text must be one of `allowed` (MalformedXML otherwise; absent passes unless `required`). */
function oneOf(node: XmlNode, name: string, allowed: readonly string[], required = false): void {
  const value = text(node, name);
  if (value === undefined ? required : !allowed.includes(value)) throw malformedXml();
}

const PUBLIC_ACCESS_FLAGS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;

/** A website configuration as S3 checks it (texts AWS-recorded: localstack test_validate_website_configuration). */
function checkWebsite(node: XmlNode): void {
  if (node.RedirectAllRequestsTo !== undefined) {
    if (node.IndexDocument !== undefined || node.ErrorDocument !== undefined || node.RoutingRules !== undefined) throw redirectAllWithRules();
    return;
  }
  if (node.IndexDocument === undefined) {
    throw invalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty", "IndexDocument", "null");
  }
  const suffix = isNode(node.IndexDocument) ? (text(node.IndexDocument, "Suffix") ?? "") : "";
  if (suffix === "" || suffix.includes("/")) throw indexDocumentNotWellFormed(suffix);
  const rules = isNode(node.RoutingRules) ? nodes(node.RoutingRules, "RoutingRule") : [];
  for (const rule of rules) {
    const condition = rule.Condition;
    if (condition !== undefined && (!isNode(condition) || Object.keys(condition).length === 0)) throw emptyRoutingCondition();
    const redirect = rule.Redirect;
    if (!isNode(redirect) || Object.keys(redirect).length === 0) throw malformedXml();
    const protocol = text(redirect, "Protocol");
    if (protocol !== undefined && protocol !== "http" && protocol !== "https") throw invalidRedirectProtocol();
    if (text(redirect, "ReplaceKeyPrefixWith") !== undefined && text(redirect, "ReplaceKeyWith") !== undefined) throw replaceKeyAndPrefix();
  }
}

/** Logging writes into an existing bucket of the same region (AWS-recorded: test_put_bucket_logging_wrong_target). */
function checkLogging(node: XmlNode, call: S3Call): void {
  const enabled = node.LoggingEnabled;
  if (!isNode(enabled)) return;
  const target = text(enabled, "TargetBucket") ?? "";
  if (!call.engine.hasBucket(target)) throw invalidTargetBucketForLogging(target);
  const location = call.engine.headBucket({ Bucket: target }).BucketRegion;
  if (location !== call.engine.headBucket({ Bucket: call.bucket }).BucketRegion) throw crossLocationLogging(location);
}

const enumValues = (shape: string): readonly string[] => (s3Model.shapes[shape]?.values ?? []).map(String);
const INVENTORY_FORMATS = enumValues("InventoryFormat");
const INVENTORY_FREQUENCIES = enumValues("InventoryFrequency");
const INVENTORY_VERSIONS = enumValues("InventoryIncludedObjectVersions");
const INVENTORY_FIELDS = enumValues("InventoryOptionalField");

/** An inventory configuration: its own Id, a bucket ARN destination and the model's enums (AWS-recorded: test_s3_put_inventory_report_exceptions). */
function checkInventory(node: XmlNode, id: string): void {
  if (text(node, "Id") !== id) throw idMismatch();
  const destination = isNode(node.Destination) ? node.Destination.S3BucketDestination : undefined;
  if (!isNode(destination)) throw malformedXml();
  if (!(text(destination, "Bucket") ?? "").startsWith("arn:aws:s3:::")) throw invalidInventoryDestination();
  oneOf(destination, "Format", INVENTORY_FORMATS, true);
  if (!isNode(node.Schedule)) throw malformedXml();
  oneOf(node.Schedule, "Frequency", INVENTORY_FREQUENCIES, true);
  oneOf(node, "IncludedObjectVersions", INVENTORY_VERSIONS, true);
  const fields = isNode(node.OptionalFields) ? node.OptionalFields.Field : undefined;
  for (const field of Array.isArray(fields) ? fields : fields === undefined ? [] : [fields]) {
    if (typeof field !== "string" || !INVENTORY_FIELDS.includes(field)) throw malformedXml();
  }
}

// Replication texts: "Versioning must be 'Enabled' …" with BucketName (moto's test_replication_config, AWS-verified);
// the destination and DeleteMarkerReplication texts as S3 answered them to Terraform (quoted in public build logs).
const DESTINATION_MUST_EXIST = "Destination bucket must exist.";
const DESTINATION_NEEDS_VERSIONING = "Destination bucket must have versioning enabled.";
const DELETE_MARKER_REPLICATION_REQUIRED = "DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema.";

/**
 * A replication configuration: a Role and rules, each Enabled or Disabled with a destination
 * bucket; a rule with a Filter (the V2 schema) names its DeleteMarkerReplication; both buckets
 * keep versions. The sandbox stores it; no object is copied.
 */
function checkReplication(node: XmlNode, call: S3Call): void {
  const rules = nodes(node, "Rule");
  if (!text(node, "Role") || rules.length === 0) throw malformedXml();
  for (const rule of rules) {
    oneOf(rule, "Status", ["Enabled", "Disabled"], true);
    if (rule.Prefix !== undefined && rule.Filter !== undefined) throw malformedXml();
    if (!isNode(rule.Destination) || !text(rule.Destination, "Bucket")) throw malformedXml();
    if ((text(rule, "ID") ?? "").length > MAX_RULE_ID_LENGTH) throw invalidArgument("ID length should not exceed allowed limit of 255", "ID", text(rule, "ID") ?? "");
    for (const status of ["DeleteMarkerReplication", "ExistingObjectReplication"]) {
      const child = rule[status];
      if (child !== undefined && (!isNode(child) || !["Enabled", "Disabled"].includes(text(child, "Status") ?? ""))) throw malformedXml();
    }
  }
  if (call.engine.getBucketVersioning({ Bucket: call.bucket }).Status !== "Enabled") {
    throw new S3Error("InvalidRequest", "Versioning must be 'Enabled' on the bucket to apply a replication configuration", 400, { BucketName: call.bucket });
  }
  for (const rule of rules) {
    if (rule.Filter !== undefined && rule.DeleteMarkerReplication === undefined) throw invalidRequest(DELETE_MARKER_REPLICATION_REQUIRED);
    const destination = /^arn:aws[\w-]*:s3:::([^/:]+)$/.exec(text(rule.Destination as XmlNode, "Bucket") ?? "")?.[1];
    if (destination === undefined || !call.engine.hasBucket(destination)) throw invalidRequest(DESTINATION_MUST_EXIST);
    if (call.engine.getBucketVersioning({ Bucket: destination }).Status !== "Enabled") throw invalidRequest(DESTINATION_NEEDS_VERSIONING);
  }
}

const CHECKS: Partial<Record<XmlConfigName, Check>> = {
  replication: checkReplication,
  logging: checkLogging,
  lifecycle: checkLifecycle,
  website: checkWebsite,
  ownership: (node) => {
    const rules = nodes(node, "Rule");
    if (rules.length !== 1) throw malformedXml();
    oneOf(rules[0], "ObjectOwnership", ["BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"], true);
  },
  publicAccessBlock: (node) => {
    for (const name of PUBLIC_ACCESS_FLAGS) oneOf(node, name, ["true", "false"]);
  },
  encryption: (node) => {
    // Exactly one rule; a KMS key only with a KMS algorithm (localstack test_s3_default_bucket_encryption_exc, AWS-recorded).
    const rules = nodes(node, "Rule");
    if (rules.length !== 1) throw malformedXml();
    const apply = rules[0].ApplyServerSideEncryptionByDefault;
    if (apply !== undefined) {
      if (!isNode(apply)) throw malformedXml();
      oneOf(apply, "SSEAlgorithm", ["AES256", "aws:kms", "aws:kms:dsse"], true);
      if (text(apply, "KMSMasterKeyID") !== undefined && !text(apply, "SSEAlgorithm")?.startsWith("aws:kms")) throw kmsKeyWithoutKms();
    }
  },
  requestPayment: (node) => oneOf(node, "Payer", ["Requester", "BucketOwner"], true),
  accelerate: (node, call) => {
    // The bucket's name is judged before the document (AWS-recorded).
    if (call.bucket.includes(".")) throw invalidRequest("S3 Transfer Acceleration is not supported for buckets with periods (.) in their names");
    oneOf(node, "Status", ["Enabled", "Suspended"], true);
  },
  objectLock: (node, call) => {
    oneOf(node, "ObjectLockEnabled", ["Enabled"], true);
    // A Rule holds a DefaultRetention with a Mode and one of Days or Years (localstack test_put_object_lock_configuration_exc, AWS-recorded).
    if (node.Rule !== undefined) {
      const rules = nodes(node, "Rule");
      const retention = rules.length === 1 ? rules[0].DefaultRetention : undefined;
      if (retention === undefined || !isNode(retention)) throw malformedXml();
      oneOf(retention, "Mode", ["GOVERNANCE", "COMPLIANCE"], true);
      if ((text(retention, "Days") === undefined) === (text(retention, "Years") === undefined)) throw malformedXml();
      checkRetentionPeriod(retention, "Days", MAX_DEFAULT_RETENTION_DAYS);
      checkRetentionPeriod(retention, "Years", MAX_DEFAULT_RETENTION_YEARS);
    }
    if (call.engine.getBucketVersioning({ Bucket: call.bucket }).Status !== "Enabled") {
      throw invalidBucketState("Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
    }
  },
};

/** A DefaultRetention's Days or Years: an integer (the schema's), above zero and at most `max`. */
function checkRetentionPeriod(retention: XmlNode, name: "Days" | "Years", max: number): void {
  const value = text(retention, name);
  if (value === undefined) return;
  if (!/^[+-]?\d+$/.test(value.trim())) throw malformedXml();
  const period = Number(value);
  if (period <= 0) throw defaultRetentionNotPositive(name);
  if (period > max) throw defaultRetentionTooLarge(name);
}

/** The document roots, as the Put request sends and the Get answer writes them. */
const ROOTS: Record<Exclude<XmlConfigName, "acl">, string> = {
  lifecycle: "LifecycleConfiguration",
  website: "WebsiteConfiguration",
  logging: "BucketLoggingStatus",
  ownership: "OwnershipControls",
  publicAccessBlock: "PublicAccessBlockConfiguration",
  encryption: "ServerSideEncryptionConfiguration",
  requestPayment: "RequestPaymentConfiguration",
  accelerate: "AccelerateConfiguration",
  objectLock: "ObjectLockConfiguration",
  replication: "ReplicationConfiguration",
};

/** Lifecycle answers carry the minimum object size transitions apply to (S3's default since 2024). */
const LIFECYCLE_HEADERS = { "x-amz-transition-default-minimum-object-size": "all_storage_classes_128K" };

/** The document as kept: lifecycle rules get ids; a public access block names all four flags, false if left out (AWS-recorded). */
function stored(name: Exclude<XmlConfigName, "acl">, node: XmlNode, inner: string): string {
  // S3 gives a lifecycle or replication rule without an ID one of its own, and a lifecycle Date its milliseconds.
  if (name === "lifecycle") return withIsoDates(withRuleIds(inner));
  if (name === "replication") return withRuleIds(inner);
  if (name === "publicAccessBlock") return PUBLIC_ACCESS_FLAGS.map((flag) => el(flag, text(node, flag) ?? "false")).join("");
  return inner;
}

function put(name: Exclude<XmlConfigName, "acl">, status = 200): ActionHandler {
  return async (call) => {
    call.engine.headBucket({ Bucket: call.bucket });
    const { node, inner } = configurationBody(call.body, ROOTS[name]);
    CHECKS[name]?.(node, call);
    await call.engine.putXmlConfig({ Bucket: call.bucket, name, xml: stored(name, node, inner) });
    return empty(status, name === "lifecycle" ? LIFECYCLE_HEADERS : {});
  };
}

function get(name: Exclude<XmlConfigName, "acl">): ActionHandler {
  return ({ engine, bucket }) => xmlOk(document(ROOTS[name], engine.getXmlConfig({ Bucket: bucket, name })), name === "lifecycle" ? LIFECYCLE_HEADERS : {});
}

function remove(name: Exclude<XmlConfigName, "acl">): ActionHandler {
  return async ({ engine, bucket }) => {
    await engine.deleteXmlConfig({ Bucket: bucket, name });
    return empty(204);
  };
}

export const PutBucketLifecycleConfiguration = put("lifecycle");
export const PutBucketLifecycle = put("lifecycle");
export const GetBucketLifecycleConfiguration = get("lifecycle");
export const GetBucketLifecycle = get("lifecycle");
export const DeleteBucketLifecycle = remove("lifecycle");
export const PutBucketWebsite = put("website");
export const GetBucketWebsite = get("website");
export const DeleteBucketWebsite = remove("website");
export const PutBucketLogging = put("logging");
export const GetBucketLogging = get("logging");
export const PutBucketOwnershipControls = put("ownership");
export const GetBucketOwnershipControls = get("ownership");
export const DeleteBucketOwnershipControls = remove("ownership");
export const PutPublicAccessBlock = put("publicAccessBlock");
export const GetPublicAccessBlock = get("publicAccessBlock");
export const DeletePublicAccessBlock = remove("publicAccessBlock");
export const PutBucketEncryption = put("encryption");
export const GetBucketEncryption = get("encryption");
export const DeleteBucketEncryption = remove("encryption");
export const PutBucketRequestPayment = put("requestPayment");
export const GetBucketRequestPayment = get("requestPayment");
export const PutBucketAccelerateConfiguration = put("accelerate");
export const GetBucketAccelerateConfiguration = get("accelerate");
export const PutObjectLockConfiguration = put("objectLock");
export const GetObjectLockConfiguration = get("objectLock");
export const PutBucketReplication = put("replication");
export const GetBucketReplication = get("replication");
export const DeleteBucketReplication = remove("replication");

// Analytics, inventory, metrics and intelligent-tiering configurations, by Id.

/** Each Tiering's Days: at least the tier's minimum (S3 API Reference, Tiering; the text as S3 answers it, cfn-lint#3992). */
function checkTierings(node: XmlNode): void {
  for (const tiering of nodes(node, "Tiering")) {
    const tier = text(tiering, "AccessTier");
    const days = Number(text(tiering, "Days"));
    if (tier !== "ARCHIVE_ACCESS" && tier !== "DEEP_ARCHIVE_ACCESS") continue;
    if (Number.isInteger(days) && days < MIN_TIERING_DAYS[tier]) throw tieringDaysTooFew(tier, MIN_TIERING_DAYS[tier]);
  }
}

const KEYED: Record<KeyedConfigKind, { root: string; list: string }> = {
  analytics: { root: "AnalyticsConfiguration", list: "ListBucketAnalyticsConfigurationResult" },
  inventory: { root: "InventoryConfiguration", list: "ListInventoryConfigurationsResult" },
  metrics: { root: "MetricsConfiguration", list: "ListMetricsConfigurationsResult" },
  intelligentTiering: { root: "IntelligentTieringConfiguration", list: "ListBucketIntelligentTieringConfigurationsOutput" },
};

/** The configuration's id query parameter: a configuration without one does not exist. */
function idOf(call: S3Call): string {
  const id = call.query.get("id");
  if (id === null || id === "") throw noSuchConfiguration();
  return id;
}

function putKeyed(kind: KeyedConfigKind): ActionHandler {
  return async (call) => {
    call.engine.headBucket({ Bucket: call.bucket });
    const { node, inner } = configurationBody(call.body, KEYED[kind].root);
    const Id = call.query.get("id") || text(node, "Id");
    if (!Id) throw malformedXml();
    if (kind === "inventory") checkInventory(node, Id);
    if (kind === "intelligentTiering") checkTierings(node);
    await call.engine.putKeyedConfig({ Bucket: call.bucket, kind, Id, xml: inner });
    // Every kind answers 204 (localstack test_put_bucket_metrics_configuration, test_s3_analytics_configurations, test_s3_inventory_report_crud, AWS-recorded).
    return empty(204);
  };
}

function getKeyed(kind: KeyedConfigKind): ActionHandler {
  return (call) => xmlOk(document(KEYED[kind].root, call.engine.getKeyedConfig({ Bucket: call.bucket, kind, Id: idOf(call) })));
}

function deleteKeyed(kind: KeyedConfigKind): ActionHandler {
  return async (call) => {
    await call.engine.deleteKeyedConfig({ Bucket: call.bucket, kind, Id: idOf(call) });
    return empty(204);
  };
}

function listKeyed(kind: KeyedConfigKind): ActionHandler {
  return ({ engine, bucket, query }) => {
    const { root, list } = KEYED[kind];
    const token = query.get("continuation-token") ?? undefined;
    const { configs, nextToken } = engine.listKeyedConfigs({ Bucket: bucket, kind, ContinuationToken: token });
    const items = configs.map((xml) => `<${root}>${xml}</${root}>`);
    return xmlOk(document(list, `${items.join("")}${el("IsTruncated", nextToken !== undefined)}${el("ContinuationToken", token)}${el("NextContinuationToken", nextToken)}`));
  };
}

export const PutBucketAnalyticsConfiguration = putKeyed("analytics");
export const GetBucketAnalyticsConfiguration = getKeyed("analytics");
export const DeleteBucketAnalyticsConfiguration = deleteKeyed("analytics");
export const ListBucketAnalyticsConfigurations = listKeyed("analytics");
export const PutBucketInventoryConfiguration = putKeyed("inventory");
export const GetBucketInventoryConfiguration = getKeyed("inventory");
export const DeleteBucketInventoryConfiguration = deleteKeyed("inventory");
export const ListBucketInventoryConfigurations = listKeyed("inventory");
export const PutBucketMetricsConfiguration = putKeyed("metrics");
export const GetBucketMetricsConfiguration = getKeyed("metrics");
export const DeleteBucketMetricsConfiguration = deleteKeyed("metrics");
export const ListBucketMetricsConfigurations = listKeyed("metrics");
export const PutBucketIntelligentTieringConfiguration = putKeyed("intelligentTiering");
export const GetBucketIntelligentTieringConfiguration = getKeyed("intelligentTiering");
export const DeleteBucketIntelligentTieringConfiguration = deleteKeyed("intelligentTiering");
export const ListBucketIntelligentTieringConfigurations = listKeyed("intelligentTiering");

// Bucket policy.

export const PutBucketPolicy: ActionHandler = async ({ engine, bucket, body }) => {
  await engine.putBucketPolicy({ Bucket: bucket, Policy: body.toString("utf8") });
  return empty(204);
};

export const GetBucketPolicy: ActionHandler = ({ engine, bucket }) => ({
  status: 200,
  headers: { "content-type": "application/json" },
  body: engine.getBucketPolicy({ Bucket: bucket }).Policy,
});

export const GetBucketPolicyStatus: ActionHandler = ({ engine, bucket }) =>
  xmlOk(document("PolicyStatus", el("IsPublic", engine.getBucketPolicyStatus({ Bucket: bucket }).IsPublic)));

export const DeleteBucketPolicy: ActionHandler = async ({ engine, bucket }) => {
  await engine.deleteBucketPolicy({ Bucket: bucket });
  return empty(204);
};
