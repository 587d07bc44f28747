/** Bucket actions on the wire. */
import { isRegionName } from "./regions.js";
import { document, el, isoTime, nodes, parseXmlBody, text } from "./xml.js";
import { empty, xmlOk, type ActionHandler } from "./call.js";
import { invalidLocationConstraint, malformedXml } from "../errors.js";
import type { FilterRule, LambdaNotification } from "../engine/state.js";
import { hex } from "@sam-sandbox/core";

export const ListBuckets: ActionHandler = ({ engine, query }) => {
  const prefix = query.get("prefix");
  const { Buckets, Owner } = engine.listBuckets(prefix === null ? {} : { Prefix: prefix });
  const buckets = Buckets.map((b) => `<Bucket>${el("Name", b.Name)}${el("CreationDate", isoTime(b.CreationDate.getTime()))}${el("BucketRegion", b.BucketRegion)}</Bucket>`);
  return xmlOk(document("ListAllMyBucketsResult", `<Owner>${el("ID", Owner.ID)}${el("DisplayName", Owner.DisplayName)}</Owner><Buckets>${buckets.join("")}</Buckets>${prefix === null ? "" : el("Prefix", prefix)}`));
};

export const CreateBucket: ActionHandler = async ({ engine, bucket, body, region }) => {
  let constraint: string | undefined;
  if (body.length > 0) {
    const config = parseXmlBody(body, "CreateBucketConfiguration");
    constraint = text(config, "LocationConstraint");
    if (constraint !== undefined && constraint !== "" && !isRegionName(constraint)) throw invalidLocationConstraint(constraint);
  }
  const { Location } = await engine.createBucket({ Bucket: bucket, LocationConstraint: constraint, requestRegion: region });
  return empty(200, { location: Location });
};

export const DeleteBucket: ActionHandler = async ({ engine, bucket }) => {
  await engine.deleteBucket({ Bucket: bucket });
  return empty(204);
};

export const HeadBucket: ActionHandler = ({ engine, bucket }) => {
  const { BucketRegion } = engine.headBucket({ Bucket: bucket });
  return empty(200, { "x-amz-bucket-region": BucketRegion, "x-amz-access-point-alias": "false" });
};

export const GetBucketLocation: ActionHandler = ({ engine, bucket }) => {
  const { LocationConstraint } = engine.getBucketLocation({ Bucket: bucket });
  return xmlOk(document("LocationConstraint", LocationConstraint ?? "").replace("></LocationConstraint>", "/>"));
};

/** An unversioned bucket's versioning configuration: no Status at all. */
export const GetBucketVersioning: ActionHandler = ({ engine, bucket }) => {
  engine.headBucket({ Bucket: bucket });
  return xmlOk(document("VersioningConfiguration", ""));
};

export const PutBucketNotificationConfiguration: ActionHandler = async ({ engine, bucket, body }) => {
  engine.headBucket({ Bucket: bucket });
  const config = parseXmlBody(body, "NotificationConfiguration");
  const lambdas = nodes(config, "CloudFunctionConfiguration").map((c): LambdaNotification => {
    const arn = text(c, "CloudFunction");
    const events = Array.isArray(c.Event) ? c.Event.map(String) : [];
    if (arn === undefined || events.length === 0) throw malformedXml();
    const filter = c.Filter as Record<string, unknown> | undefined;
    const key = filter?.S3Key as Record<string, unknown> | undefined;
    const rules = key ? nodes(key, "FilterRule").map((r): FilterRule => ({ Name: (text(r, "Name") ?? "").toLowerCase() === "suffix" ? "suffix" : "prefix", Value: text(r, "Value") ?? "" })) : [];
    return { Id: text(c, "Id") ?? hex(16), LambdaFunctionArn: arn, Events: events, FilterRules: rules };
  });
  await engine.putBucketNotificationConfiguration({ Bucket: bucket, LambdaFunctionConfigurations: lambdas });
  return empty(200);
};

export const GetBucketNotificationConfiguration: ActionHandler = ({ engine, bucket }) => {
  const { LambdaFunctionConfigurations } = engine.getBucketNotificationConfiguration({ Bucket: bucket });
  const inner = LambdaFunctionConfigurations.map((c) => {
    const rules = c.FilterRules.map((r) => `<FilterRule>${el("Name", r.Name)}${el("Value", r.Value)}</FilterRule>`).join("");
    return `<CloudFunctionConfiguration>${el("Id", c.Id)}${el("CloudFunction", c.LambdaFunctionArn)}${c.Events.map((e) => el("Event", e)).join("")}${rules ? `<Filter><S3Key>${rules}</S3Key></Filter>` : ""}</CloudFunctionConfiguration>`;
  });
  return xmlOk(document("NotificationConfiguration", inner.join("")));
};
