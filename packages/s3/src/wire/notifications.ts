/**
 * Put/GetBucketNotificationConfiguration on the wire: TopicConfiguration (Topic),
 * QueueConfiguration (Queue), CloudFunctionConfiguration (CloudFunction) and
 * EventBridgeConfiguration, in the Smithy model's order and element names.
 */
import { hex } from "@sam-sandbox/core";
import type { FilterRule, NotificationBase } from "../engine/state.js";
import { invalidFilterRuleName, malformedXml } from "../errors.js";
import { empty, xmlOk, type ActionHandler } from "./call.js";
import { document, el, nodes, parseXmlBody, text } from "./xml.js";

type XmlNode = Record<string, unknown>;

export const PutBucketNotificationConfiguration: ActionHandler = async ({ engine, bucket, body, req }) => {
  engine.headBucket({ Bucket: bucket });
  const config = parseXmlBody(body, "NotificationConfiguration");
  const read = <T>(element: string, arnElement: string, make: (base: NotificationBase, arn: string) => T): T[] =>
    nodes(config, element).map((c) => {
      const arn = text(c, arnElement);
      const events = Array.isArray(c.Event) ? c.Event.map(String) : [];
      if (arn === undefined || events.length === 0) throw malformedXml();
      return make({ Id: text(c, "Id") ?? hex(16), Events: events, FilterRules: filterRules(c) }, arn);
    });
  await engine.putBucketNotificationConfiguration({
    Bucket: bucket,
    TopicConfigurations: read("TopicConfiguration", "Topic", (base, arn) => ({ ...base, TopicArn: arn })),
    QueueConfigurations: read("QueueConfiguration", "Queue", (base, arn) => ({ ...base, QueueArn: arn })),
    LambdaFunctionConfigurations: read("CloudFunctionConfiguration", "CloudFunction", (base, arn) => ({ ...base, LambdaFunctionArn: arn })),
    EventBridgeConfiguration: config.EventBridgeConfiguration !== undefined,
    SkipDestinationValidation: req.headers["x-amz-skip-destination-validation"]?.toLowerCase() === "true",
  });
  return empty(200);
};

/** Rule names are case-insensitive ("PREFIX" is prefix); S3 answers them as Prefix / Suffix. */
function filterRules(config: XmlNode): FilterRule[] {
  const filter = config.Filter as XmlNode | undefined;
  const key = filter?.S3Key as XmlNode | undefined;
  if (!key) return [];
  return nodes(key, "FilterRule").map((r): FilterRule => {
    const name = text(r, "Name") ?? "";
    const value = text(r, "Value") ?? "";
    const lower = name.toLowerCase();
    if (lower !== "prefix" && lower !== "suffix") throw invalidFilterRuleName(name);
    return { Name: lower, Value: value };
  });
}

export const GetBucketNotificationConfiguration: ActionHandler = ({ engine, bucket }) => {
  const config = engine.getBucketNotificationConfiguration({ Bucket: bucket });
  const element = (name: string, arnElement: string, c: NotificationBase, arn: string) =>
    `<${name}>${el("Id", c.Id)}${el(arnElement, arn)}${c.Events.map((e) => el("Event", e)).join("")}${filterXml(c.FilterRules)}</${name}>`;
  const inner = [
    ...config.TopicConfigurations.map((c) => element("TopicConfiguration", "Topic", c, c.TopicArn)),
    ...config.QueueConfigurations.map((c) => element("QueueConfiguration", "Queue", c, c.QueueArn)),
    ...config.LambdaFunctionConfigurations.map((c) => element("CloudFunctionConfiguration", "CloudFunction", c, c.LambdaFunctionArn)),
    config.EventBridgeConfiguration ? "<EventBridgeConfiguration></EventBridgeConfiguration>" : "",
  ];
  return xmlOk(document("NotificationConfiguration", inner.join("")));
};

function filterXml(rules: FilterRule[]): string {
  if (rules.length === 0) return "";
  const capitalized = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
  return `<Filter><S3Key>${rules.map((r) => `<FilterRule>${el("Name", capitalized(r.Name))}${el("Value", r.Value)}</FilterRule>`).join("")}</S3Key></Filter>`;
}
