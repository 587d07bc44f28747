/** Bucket actions on the wire. */
import { isRegionName } from "./regions.js";
import { document, el, isoTime, parseXmlBody, text } from "./xml.js";
import { empty, xmlOk, type ActionHandler } from "./call.js";
import { invalidArgument, invalidBucketAclWithObjectOwnership, invalidLocationConstraint, malformedXml, invalidBucketRegion, illegalVersioningConfiguration, invalidObjectOwnershipHeader } from "../errors.js";
import { intParam } from "./headers.js";
import { requestedAcl } from "./aclRequest.js";
import { PRIVATE_ACL } from "../engine/storedConfigs.js";

const MAX_BUCKETS_MESSAGE = "Provided max-buckets not an integer or within integer range";

/**
 * Directory buckets (S3 Express One Zone) live in an Availability Zone and are made through the
 * zonal s3express endpoints; the sandbox has general purpose buckets only, so it lists none.
 */
export const ListDirectoryBuckets: ActionHandler = () => xmlOk(document("ListAllMyDirectoryBucketsResult", "<Buckets></Buckets>"));

export const ListBuckets: ActionHandler = ({ engine, query }) => {
  const prefix = query.get("prefix") ?? undefined;
  const region = query.get("bucket-region") ?? undefined;
  if (region !== undefined && !engine.isKnownRegion(region)) throw invalidBucketRegion(region);
  const { Buckets, Owner, ContinuationToken } = engine.listBuckets({
    Prefix: prefix, BucketRegion: region, MaxBuckets: intParam(query, "max-buckets", MAX_BUCKETS_MESSAGE), ContinuationToken: query.get("continuation-token") ?? undefined,
  });
  const buckets = Buckets.map((b) => `<Bucket>${el("Name", b.Name)}${el("CreationDate", isoTime(b.CreationDate.getTime()))}${el("BucketRegion", b.BucketRegion)}</Bucket>`);
  return xmlOk(
    document(
      "ListAllMyBucketsResult",
      `<Owner>${el("ID", Owner.ID)}</Owner><Buckets>${buckets.join("")}</Buckets>${el("ContinuationToken", ContinuationToken)}${el("Prefix", prefix)}`,
    ),
  );
};

export const CreateBucket: ActionHandler = async (call) => {
  const { engine, bucket, body, region } = call;
  let constraint: string | undefined;
  if (body.length > 0) {
    const config = parseXmlBody(body, "CreateBucketConfiguration");
    constraint = text(config, "LocationConstraint");
    if (constraint !== undefined && constraint !== "" && !isRegionName(constraint)) throw invalidLocationConstraint(constraint);
  }
  const h = call.req.headers;
  const ownership = h["x-amz-object-ownership"];
  if (ownership !== undefined && !["BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"].includes(ownership)) {
    throw invalidObjectOwnershipHeader(ownership);
  }
  const acl = requestedAcl(call, false);
  if (acl && !acl.ownerOnly && (ownership ?? "BucketOwnerEnforced") === "BucketOwnerEnforced") throw invalidBucketAclWithObjectOwnership();
  const existed = engine.hasBucket(bucket);
  const { Location } = await engine.createBucket({ Bucket: bucket, LocationConstraint: constraint, requestRegion: region });
  if (!existed) {
    if (ownership !== undefined) await engine.putXmlConfig({ Bucket: bucket, name: "ownership", xml: `<Rule><ObjectOwnership>${ownership}</ObjectOwnership></Rule>` });
    if (acl?.xml !== undefined) await engine.putXmlConfig({ Bucket: bucket, name: "acl", xml: acl.xml });
    // A bucket created with Object Lock is versioned, and its versioning cannot be suspended.
    if (h["x-amz-bucket-object-lock-enabled"]?.toLowerCase() === "true") {
      await engine.putBucketVersioning({ Bucket: bucket, Status: "Enabled" });
      await engine.putXmlConfig({ Bucket: bucket, name: "objectLock", xml: "<ObjectLockEnabled>Enabled</ObjectLockEnabled>" });
    }
  } else {
    // Re-creating a bucket you own in us-east-1 answers 200 OK and resets the bucket's ACL
    // (the BucketAlreadyOwnedByYou error's documentation in the S3 API reference).
    await engine.putXmlConfig({ Bucket: bucket, name: "acl", xml: acl?.xml ?? PRIVATE_ACL });
  }
  return empty(200, { location: Location });
};

export const DeleteBucket: ActionHandler = async ({ engine, bucket }) => {
  await engine.deleteBucket({ Bucket: bucket });
  return empty(204);
};

export const HeadBucket: ActionHandler = ({ engine, bucket }) => {
  const { BucketRegion } = engine.headBucket({ Bucket: bucket });
  // S3 names a content type even on this bodiless answer (moto test_header_content_type, @s3_aws_verified).
  return empty(200, { "x-amz-bucket-region": BucketRegion, "x-amz-access-point-alias": "false", "content-type": "application/xml" });
};

export const GetBucketLocation: ActionHandler = ({ engine, bucket }) => {
  const { LocationConstraint } = engine.getBucketLocation({ Bucket: bucket });
  return xmlOk(document("LocationConstraint", LocationConstraint ?? "").replace("></LocationConstraint>", "/>"));
};

/** A bucket never versioned answers a configuration without Status. */
export const GetBucketVersioning: ActionHandler = ({ engine, bucket }) => {
  const { Status, MFADelete } = engine.getBucketVersioning({ Bucket: bucket });
  return xmlOk(document("VersioningConfiguration", el("Status", Status) + el("MfaDelete", MFADelete)));
};

export const PutBucketVersioning: ActionHandler = async ({ engine, bucket, body }) => {
  engine.headBucket({ Bucket: bucket });
  const config = parseXmlBody(body, "VersioningConfiguration");
  const status = text(config, "Status");
  const mfaDelete = text(config, "MfaDelete");
  if (status === undefined) throw illegalVersioningConfiguration();
  if (status !== "Enabled" && status !== "Suspended") throw malformedXml();
  if (mfaDelete !== undefined && mfaDelete !== "Enabled" && mfaDelete !== "Disabled") throw malformedXml();
  await engine.putBucketVersioning({ Bucket: bucket, Status: status, ...(mfaDelete === undefined ? {} : { MFADelete: mfaDelete }) });
  return empty(200);
};
