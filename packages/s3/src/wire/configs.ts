/**
 * Stored bucket configurations on the wire: each Put<Name> checks its document as S3 does and
 * keeps it; Get<Name> answers it back (or S3's default, or the not-found error); Delete<Name>
 * removes it.
 */
import type { KeyedConfigKind, XmlConfigName } from "../engine/state.js";
import { invalidArgument, invalidBucketState, invalidRequest, malformedXml, noSuchConfiguration } from "../errors.js";
import { checkLifecycle, withRuleIds } from "./lifecycleConfig.js";
import { empty, xmlOk, type ActionHandler, type S3Call } from "./call.js";
import { configurationBody, document, el, isNode, nodes, text, type XmlNode } from "./xml.js";

type Check = (node: XmlNode, call: S3Call) => void;

/** An element's text must be one of `allowed` (MalformedXML otherwise; absent passes unless `required`). */
function oneOf(node: XmlNode, name: string, allowed: readonly string[], required = false): void {
  const value = text(node, name);
  if (value === undefined ? required : !allowed.includes(value)) throw malformedXml();
}

const CHECKS: Partial<Record<XmlConfigName, Check>> = {
  lifecycle: checkLifecycle,
  website: (node) => {
    if (node.IndexDocument === undefined && node.RedirectAllRequestsTo === undefined) {
      throw invalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty", "IndexDocument", "null");
    }
  },
  ownership: (node) => {
    const rules = nodes(node, "Rule");
    if (rules.length !== 1) throw malformedXml();
    oneOf(rules[0], "ObjectOwnership", ["BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"], true);
  },
  publicAccessBlock: (node) => {
    for (const name of ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]) oneOf(node, name, ["true", "false"]);
  },
  encryption: (node) => {
    const rules = nodes(node, "Rule");
    if (rules.length === 0) throw malformedXml();
    for (const rule of rules) {
      const apply = rule.ApplyServerSideEncryptionByDefault;
      if (apply !== undefined) {
        if (!isNode(apply)) throw malformedXml();
        oneOf(apply, "SSEAlgorithm", ["AES256", "aws:kms", "aws:kms:dsse"], true);
      }
    }
  },
  requestPayment: (node) => oneOf(node, "Payer", ["Requester", "BucketOwner"], true),
  accelerate: (node, call) => {
    oneOf(node, "Status", ["Enabled", "Suspended"], true);
    if (call.bucket.includes(".")) throw invalidRequest("S3 Transfer Acceleration is not supported for buckets with periods (.) in their names");
  },
  objectLock: (node, call) => {
    oneOf(node, "ObjectLockEnabled", ["Enabled"], true);
    if (call.engine.getBucketVersioning({ Bucket: call.bucket }).Status !== "Enabled") {
      throw invalidBucketState("Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
    }
  },
};

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
};

/** Lifecycle answers carry the minimum object size transitions apply to (S3's default since 2024). */
const LIFECYCLE_HEADERS = { "x-amz-transition-default-minimum-object-size": "all_storage_classes_128K" };

function put(name: Exclude<XmlConfigName, "acl">, status = 200): ActionHandler {
  return async (call) => {
    call.engine.headBucket({ Bucket: call.bucket });
    const { node, inner } = configurationBody(call.body, ROOTS[name]);
    CHECKS[name]?.(node, call);
    await call.engine.putXmlConfig({ Bucket: call.bucket, name, xml: name === "lifecycle" ? withRuleIds(inner) : inner });
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

// Analytics, inventory, metrics and intelligent-tiering configurations, by Id.

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
    await call.engine.putKeyedConfig({ Bucket: call.bucket, kind, Id, xml: inner });
    return empty(kind === "intelligentTiering" ? 204 : 200);
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
  return ({ engine, bucket }) => {
    const { root, list } = KEYED[kind];
    const items = engine.listKeyedConfigs({ Bucket: bucket, kind }).map((xml) => `<${root}>${xml}</${root}>`);
    return xmlOk(document(list, `${items.join("")}${el("IsTruncated", false)}`));
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
