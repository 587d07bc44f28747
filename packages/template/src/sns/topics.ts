/** AWS::SNS::Topic → TopicSpec: the name and ARN !Ref gives, and CreateTopic's attributes. */
import type { ResolvedResource, TopicSpec } from "../model.js";
import { isRecord, isTrue } from "../util.js";

/** Topic properties that are CreateTopic attributes of the same name, passed on as strings. */
const STRING_ATTRIBUTES = ["DisplayName", "KmsMasterKeyId", "SignatureVersion", "TracingConfig", "FifoThroughputScope"];
/** Topic properties that CreateTopic takes as JSON text. */
const JSON_ATTRIBUTES = ["ArchivePolicy", "DeliveryPolicy"];

export function buildTopic(resource: ResolvedResource): TopicSpec {
  const props = resource.properties;
  const fifoTopic = isTrue(props.FifoTopic);
  const contentBasedDeduplication = isTrue(props.ContentBasedDeduplication);
  const attributes: Record<string, string> = {};
  for (const key of STRING_ATTRIBUTES) if (props[key] !== undefined) attributes[key] = String(props[key]);
  for (const key of JSON_ATTRIBUTES) if (props[key] !== undefined) attributes[key] = typeof props[key] === "string" ? props[key] : JSON.stringify(props[key]);
  if (fifoTopic) attributes.FifoTopic = "true";
  if (contentBasedDeduplication) attributes.ContentBasedDeduplication = "true";
  const spec: TopicSpec = {
    logicalId: resource.logicalId,
    topicName: resource.attributes.TopicName,
    arn: resource.ref,
    fifoTopic,
    contentBasedDeduplication,
    attributes,
    tags: Array.isArray(props.Tags) ? props.Tags.filter(isRecord).map((t) => ({ Key: String(t.Key), Value: String(t.Value) })) : [],
    line: resource.line,
  };
  if (typeof props.DisplayName === "string") spec.displayName = props.DisplayName;
  return spec;
}
