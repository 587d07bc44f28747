import { AwsError } from "@sam-sandbox/core";
import { MAX_KEY_BYTES, MAX_PART_NUMBER, MAX_USER_METADATA_BYTES, MIN_PART_BYTES } from "./limits.js";

/**
 * Amazon S3's errors ("Error responses" in the S3 API reference). S3 answers each as
 * <Error><Code/><Message/>…<RequestId/></Error>; `extra` members (BucketName, Key, …) become
 * elements between Message and RequestId, as S3 writes them.
 */
export class S3Error extends AwsError {
  /** Response headers S3 sends with this error (x-amz-delete-marker, x-amz-version-id). */
  readonly headers: Record<string, string>;

  constructor(code: string, message: string, status: number, extra: Record<string, string | number> = {}, headers: Record<string, string> = {}) {
    super(code, message, status, extra);
    this.headers = headers;
  }
}

// AWS's codes, statuses and texts, in one place.
export const noSuchBucket = (bucket: string) => new S3Error("NoSuchBucket", "The specified bucket does not exist", 404, { BucketName: bucket });
export const noSuchKey = (key: string) => new S3Error("NoSuchKey", "The specified key does not exist.", 404, { Key: key });
export const noSuchUpload = (uploadId: string) =>
  new S3Error("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404, { UploadId: uploadId });
export const noSuchTagSet = (bucket: string) => new S3Error("NoSuchTagSet", "The TagSet does not exist", 404, { BucketName: bucket });
export const bucketNotEmpty = (bucket: string) => new S3Error("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, { BucketName: bucket });
export const bucketAlreadyOwnedByYou = (bucket: string) =>
  new S3Error("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409, { BucketName: bucket });
export const invalidBucketName = (bucket: string) => new S3Error("InvalidBucketName", "The specified bucket is not valid.", 400, { BucketName: bucket });
export const invalidLocationConstraint = (constraint: string) =>
  new S3Error("InvalidLocationConstraint", "The specified location-constraint is not valid", 400, { LocationConstraint: constraint });
/** A regional endpoint asked for a bucket in another region (or, outside us-east-1, in none). */
export const illegalLocationConstraint = (constraint: string | undefined) =>
  new S3Error(
    "IllegalLocationConstraintException",
    `The ${constraint ?? "unspecified"} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    400,
  );
export const keyTooLong = (size: number) => new S3Error("KeyTooLongError", "Your key is too long", 400, { Size: size, MaxSizeAllowed: MAX_KEY_BYTES });
export const metadataTooLarge = (size: number) =>
  new S3Error("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.", 400, { Size: size, MaxSizeAllowed: MAX_USER_METADATA_BYTES });
export const invalidRange = (range: string, size: number) =>
  new S3Error("InvalidRange", "The requested range is not satisfiable", 416, { RangeRequested: range, ActualObjectSize: size });
/** GetObject / HeadObject ?partNumber past the object's last part (PartNumberRequested, ActualPartCount as S3 names them). */
export const partNumberNotSatisfiable = (requested: number, count: number) =>
  new S3Error("InvalidPartNumber", "The requested partnumber is not satisfiable", 416, { PartNumberRequested: requested, ActualPartCount: count });
export const preconditionFailed = (condition: string) =>
  new S3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412, { Condition: condition });
export const conditionalRequestConflict = (condition: string, key: string) =>
  new S3Error("ConditionalRequestConflict", "The conditional request cannot succeed due to a conflicting operation against this resource.", 409, { Condition: condition, Key: key });
export const malformedXml = () =>
  new S3Error("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400);
export const invalidArgument = (message: string, name: string, value: string) =>
  new S3Error("InvalidArgument", message, 400, { ArgumentName: name, ArgumentValue: value });
/** An empty or unreadable ListObjectsV2 continuation-token (localstack test_s3_list_operations.snapshot.json, AWS-recorded: no ArgumentValue). */
export const incorrectContinuationToken = () => new S3Error("InvalidArgument", "The continuation token provided is incorrect", 400, { ArgumentName: "continuation-token" });
/** ListBuckets' bucket-region naming no region (localstack test_s3_list_operations.snapshot.json, AWS-recorded: no ArgumentValue). */
export const invalidBucketRegion = (region: string) =>
  new S3Error("InvalidArgument", `Argument value ${region} is not a valid AWS Region`, 400, { ArgumentName: "bucket-region" });
/** A VersioningConfiguration without a Status (localstack test_s3_api.snapshot.json, AWS-recorded). */
export const illegalVersioningConfiguration = () => new S3Error("IllegalVersioningConfigurationException", "The Versioning element must be specified", 400);
/** InvalidArgument naming the argument but not its value, as S3 answers these (localstack test_s3_api.snapshot.json, AWS-recorded). */
const invalidArgumentNamed = (message: string, name: string) => new S3Error("InvalidArgument", message, 400, { ArgumentName: name });
export const invalidObjectOwnershipHeader = (value: string) => invalidArgumentNamed(`Invalid x-amz-object-ownership header: ${value}`, "x-amz-object-ownership");
export const kmsKeyWithoutKms = () =>
  invalidArgumentNamed("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse", "ApplyServerSideEncryptionByDefault");
export const bypassGovernanceWithoutLock = () =>
  invalidArgumentNamed("x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.", "x-amz-bypass-governance-retention");
/** A conditional write S3 does not support (localstack test_s3_api.snapshot.json TestS3ObjectWritePrecondition, AWS-recorded). */
export const unsupportedConditionalWrite = (header: string, additionalMessage: string) =>
  new S3Error("NotImplemented", "A header you provided implies functionality that is not implemented", 501, { Header: header, additionalMessage });
// ACL requests (localstack test_s3.snapshot.json test_s3_bucket_acl_exceptions, AWS-recorded).
export const unknownCannedAcl = (value: string) => invalidArgument("", "x-amz-acl", value);
export const cannedAndGrantAcl = () => new S3Error("InvalidRequest", "Specifying both Canned ACLs and Header Grants is not allowed", 400);
export const unexpectedContent = () => new S3Error("UnexpectedContent", "This request does not support content", 400);
export const missingAclHeader = () => new S3Error("MissingSecurityHeader", "Your request was missing a required header", 400, { MissingHeaderName: "x-amz-acl" });
export const malformedAcl = () =>
  new S3Error("MalformedACLError", "The XML you provided was not well-formed or did not validate against our published schema", 400);
export const invalidGrantId = (name: string, value: string) => invalidArgument("Invalid id", name, value);
export const invalidGroupUri = (name: string, value: string) => invalidArgument("Invalid group uri", name, value);
export const unrecognizedGrant = (header: string, value: string) => invalidArgument("Argument format not recognized", header, value);
/**
 * An email grantee, in a grant header or an AccessControlPolicy: "As of October 1, 2025, Amazon S3 has discontinued
 * support for Email Grantee Access Control Lists (ACLs) … the request will receive an HTTP 405 (Method Not Allowed)
 * error" (API reference, PutObjectAcl / PutBucketAcl). The body of that 405 is not documented: S3's MethodNotAllowed
 * code and its text from the list of error codes.
 */
export const emailGranteeNotSupported = () => new S3Error("MethodNotAllowed", "The specified method is not allowed against this resource.", 405);
/** A storage class general-purpose buckets do not take (localstack test_put_object_storage_class_outposts, AWS-recorded). */
export const invalidStorageClass = (requested: string) =>
  new S3Error("InvalidStorageClass", "The storage class you specified is not valid", 400, { StorageClassRequested: requested });
// PutBucketWebsite (localstack test_s3.snapshot.json test_validate_website_configuration, AWS-recorded).
export const indexDocumentNotWellFormed = (suffix: string) => invalidArgument("The IndexDocument Suffix is not well formed", "IndexDocument", suffix);
export const redirectAllWithRules = () =>
  invalidArgument("RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.", "RedirectAllRequestsTo", "not null");
export const invalidRedirectProtocol = () =>
  new S3Error("InvalidRequest", "Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.", 400);
export const replaceKeyAndPrefix = () => new S3Error("InvalidRequest", "You can only define ReplaceKeyPrefix or ReplaceKey but not both.", 400);
export const emptyRoutingCondition = () =>
  new S3Error("InvalidRequest", "Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present.", 400);
// Logging and inventory configurations (localstack test_s3.snapshot.json, AWS-recorded).
export const invalidTargetBucketForLogging = (target: string) =>
  new S3Error("InvalidTargetBucketForLogging", "The target bucket for logging does not exist", 400, { TargetBucket: target });
export const crossLocationLogging = (location: string) =>
  new S3Error("CrossLocationLoggingProhibitted", "Cross S3 location logging not allowed. ", 403, { TargetBucketLocation: location });
export const idMismatch = () => new S3Error("IdMismatch", "Document ID does not match the specified configuration ID.", 400);
export const invalidInventoryDestination = () => new S3Error("InvalidS3DestinationBucket", "Invalid bucket ARN.", 400);
export const duplicateLifecycleTagKeys = () => new S3Error("InvalidRequest", "Duplicate Tag Keys are not allowed.", 400);
/** Deleting a version a legal hold or an unexpired retention protects (localstack test_delete_locked_object, test_s3_object_retention, AWS-recorded). */
export const lockedObjectAccessDenied = () => new S3Error("AccessDenied", "Access Denied", 403);
/** A public ACL put where BlockPublicAcls is on (S3 User Guide, "Blocking public access": the calls "fail"; 403 AccessDenied as users report it). */
export const publicAclBlocked = () => new S3Error("AccessDenied", "Access Denied", 403);
export const invalidPartNumber = (value: string) =>
  invalidArgument(`Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, "partNumber", value);
/** CopyObject's x-amz-metadata-directive / x-amz-tagging-directive other than COPY or REPLACE (case-sensitive). */
export const unknownDirective = (kind: "metadata" | "tagging", value: string) =>
  invalidArgument(`Unknown ${kind} directive.`, `x-amz-${kind}-directive`, value);
// PutBucketNotificationConfiguration: moto test_s3 (unknown event); localstack's AWS-recorded
// test_s3_notifications_sqs/sns snapshots (unparsable ARN); S3's answer to overlapping filters as users quote it.
export const unsupportedEvent = () => new S3Error("InvalidArgument", "The event is not supported for notifications", 400);
export const unparsableArn = (argument: "Queue" | "Topic" | "CloudFunction", arn: string) => invalidArgument("The ARN could not be parsed", argument, arn);
/** AWS-recorded (localstack test_bucket_notification_with_invalid_filter_rules). */
export const invalidFilterRuleName = (name: string) => invalidArgument("filter rule name must be either prefix or suffix", "FilterRule.Name", name);
export const ambiguousNotifications = () =>
  new S3Error("InvalidArgument", "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.", 400);
export const invalidRequest = (message: string) => new S3Error("InvalidRequest", message, 400);
/** A part whose checksum algorithm is not its upload's (localstack test_s3.snapshot.json test_multipart_parts_checksum_exceptions; OpenStack Swift's s3api checksum tests). */
export const checksumTypeMismatch = (expected: string, actual: string | undefined) =>
  invalidRequest(`Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${actual === undefined ? "null" : actual.toLowerCase()}`);
export const invalidPart = (uploadId: string, partNumber: number, etag: string) =>
  new S3Error(
    "InvalidPart",
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    400,
    { UploadId: uploadId, PartNumber: partNumber, ETag: etag },
  );
export const invalidPartOrder = (uploadId: string) =>
  new S3Error("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", 400, { UploadId: uploadId });
export const entityTooSmall = (size: number, partNumber: number, etag: string) =>
  new S3Error("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400, {
    ProposedSize: size,
    MinSizeAllowed: MIN_PART_BYTES,
    PartNumber: partNumber,
    ETag: etag,
  });
export const entityTooLarge = (size: number, max: number) =>
  new S3Error("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400, { ProposedSize: size, MaxSizeAllowed: max });
/** CreateMultipartUpload: x-amz-checksum-type without x-amz-checksum-algorithm, or a type the algorithm has no form of. */
export const checksumTypeWithoutAlgorithm = () => invalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
export const checksumTypeUnsupported = (type: string, algorithm: string) =>
  invalidRequest(`The ${type} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
/** CompleteMultipartUpload naming another x-amz-checksum-type than the upload was created with. */
export const checksumModeMismatch = (type: string) =>
  invalidRequest(`The upload was created using the ${type} checksum mode. The complete request must use the same checksum mode.`);
/** CompleteMultipartUpload of a COMPOSITE-checksum upload listing a part without its checksum. */
export const partChecksumMissing = (algorithm: string, partNumber: number) =>
  invalidRequest(
    `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${partNumber} in the request.`,
  );
/** GetObject / HeadObject carrying x-amz-server-side-encryption: only a write chooses the encryption. */
export const sseHeaderNotSupported = (value: string) =>
  invalidArgument("x-amz-server-side-encryption header is not supported for this operation.", "x-amz-server-side-encryption", value);
/** "The CRC32 you specified did not match the calculated checksum." */
export const badDigest = (algorithm: string) => new S3Error("BadDigest", `The ${algorithm} you specified did not match the calculated checksum.`, 400);
export const badContentMd5 = () => new S3Error("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
/** localstack test_s3.snapshot.json test_s3_invalid_content_md5 (AWS-recorded; the docs' table words it "is not valid"). */
export const invalidDigest = (value: string) => new S3Error("InvalidDigest", "The Content-MD5 you specified was invalid.", 400, { "Content-MD5": value });
/** InvalidTag names the offending TagKey (and TagValue) (localstack test_s3_api.snapshot.json test_tagging_validation, AWS-recorded). */
export const invalidTag = (message: string, tag: { TagKey?: string; TagValue?: string } = {}) => new S3Error("InvalidTag", message, 400, tag);
/** An x-amz-tagging header with a repeated key or characters a tag may not hold (AWS-recorded: test_object_tagging_exc). */
export const invalidTaggingHeader = (header: string) =>
  invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", "x-amz-tagging", header);
/** More than 10 tags on an object (moto test_put_object_tagging, @s3_aws_verified). */
export const tooManyObjectTags = (max: number) => new S3Error("BadRequest", `Object tags cannot be greater than ${max}`, 400);
export const methodNotAllowed = (method: string, resourceType: "BUCKET" | "OBJECT" | "SERVICE") =>
  new S3Error("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, { Method: method, ResourceType: resourceType });
/** An aws-chunked body whose decoded bytes are not x-amz-decoded-content-length (AWS-recorded text, no final period). */
export const decodedLengthMismatch = (expected: number, provided: number) =>
  new S3Error("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header", 400, {
    NumberBytesExpected: expected,
    NumberBytesProvided: provided,
  });
export const incompleteBody = () => new S3Error("IncompleteBody", "The request body terminated unexpectedly", 400);
/** An S3 action AWS has that the sandbox does not emulate. */
export const notEmulated = (action: string) => new S3Error("NotImplemented", `The sandbox does not emulate the S3 action ${action}.`, 501);
export const internalError = () => new S3Error("InternalError", "We encountered an internal error. Please try again.", 500);

// Archive storage classes (AWS-captured error bodies: GetObject of a GLACIER object answers with its StorageClass; RestoreObject
// of a STANDARD one with no extra element; the awscli prints "Object restore is already in progress" without a period).
/** GetObject / CopyObject of an archived object without a live restored copy. */
export const archivedObjectState = (storageClass: string) =>
  new S3Error("InvalidObjectState", "The operation is not valid for the object's storage class", 403, { StorageClass: storageClass });
/** GetObject and copies of an Intelligent-Tiering object in an archive tier (observed on S3; the API Reference's sample names the same fields). */
export const archivedAccessTier = (accessTier: string) =>
  new S3Error("InvalidObjectState", "The operation is not valid for the object's access tier", 403, { StorageClass: "INTELLIGENT_TIERING", AccessTier: accessTier });
/** RestoreObject with Days of an Intelligent-Tiering object (observed on S3: s3cmd#1377). */
export const intelligentTieringRestoreDays = () =>
  new S3Error("InvalidArgument", "INTELLIGENT_TIERING objects are not subject to restore expiry. Do not specify Days when restoring this object", 400);
/** PutBucketIntelligentTieringConfiguration with too few Days for a tier (observed on S3 through CloudFormation: cfn-lint#3992). */
export const tieringDaysTooFew = (accessTier: string, min: number) => new S3Error("InvalidArgument", `Days specified in ${accessTier} tier should not be less than ${min}.`, 400);
export const restoreNotAllowed = () => new S3Error("InvalidObjectState", "Restore is not allowed for the object's current storage class", 403);
export const restoreAlreadyInProgress = () => new S3Error("RestoreAlreadyInProgress", "Object restore is already in progress", 409);

// Bucket CORS (texts as S3 answers them; "evalution" is S3's spelling).
export const noSuchCorsConfiguration = (bucket: string) =>
  new S3Error("NoSuchCORSConfiguration", "The CORS configuration does not exist", 404, { BucketName: bucket });
/** A preflight S3 cannot evaluate: no Origin, or no usable Access-Control-Request-Method. */
export const corsBadRequest = (message: string) => new S3Error("BadRequest", message, 400);
/** A preflight no rule allows (or a bucket without CORS). */
export const corsForbidden = (message: string, method: string, resourceType: "BUCKET" | "OBJECT") =>
  new S3Error("AccessForbidden", message, 403, { Method: method, ResourceType: resourceType });

// Versioning.
export const noSuchVersion = (key: string, versionId: string) =>
  new S3Error("NoSuchVersion", "The specified version does not exist.", 404, { Key: key, VersionId: versionId });
export const invalidVersionId = (versionId: string) => invalidArgument("Invalid version id specified", "versionId", versionId);
/** GET of a key whose latest version is a delete marker: NoSuchKey, naming the marker in headers. */
export const deletedKey = (key: string, markerVersionId: string | undefined) =>
  new S3Error("NoSuchKey", "The specified key does not exist.", 404, { Key: key }, {
    "x-amz-delete-marker": "true",
    ...(markerVersionId === undefined ? {} : { "x-amz-version-id": markerVersionId }),
  });
/** GET or HEAD of a delete marker by its version id. */
export const deleteMarkerMethod = (method: string, versionId: string, lastModified: string) =>
  new S3Error("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, { Method: method, ResourceType: "DeleteMarker" }, {
    "x-amz-delete-marker": "true",
    "x-amz-version-id": versionId,
    "last-modified": lastModified,
    allow: "DELETE",
  });
export const versionedBucketNotEmpty = (bucket: string) =>
  new S3Error("BucketNotEmpty", "The bucket you tried to delete is not empty. You must delete all versions in the bucket.", 409, { BucketName: bucket });

// Stored bucket configurations (texts as S3 answers them).
export const noSuchBucketPolicy = (bucket: string) => new S3Error("NoSuchBucketPolicy", "The bucket policy does not exist", 404, { BucketName: bucket });
export const malformedPolicy = (message: string) => new S3Error("MalformedPolicy", message, 400);
/** PutBucketPolicy of a public policy while BlockPublicPolicy is on (the default for new buckets). */
export const publicPolicyBlocked = (accountId: string, bucket: string) =>
  new S3Error(
    "AccessDenied",
    `User: arn:aws:iam::${accountId}:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${bucket}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
    403,
  );
export const noSuchLifecycleConfiguration = (bucket: string) =>
  new S3Error("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", 404, { BucketName: bucket });
export const noSuchWebsiteConfiguration = (bucket: string) =>
  new S3Error("NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration", 404, { BucketName: bucket });
export const ownershipControlsNotFound = (bucket: string) =>
  new S3Error("OwnershipControlsNotFoundError", "The bucket ownership controls were not found", 404, { BucketName: bucket });
export const noSuchPublicAccessBlockConfiguration = (bucket: string) =>
  new S3Error("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", 404, { BucketName: bucket });
export const objectLockConfigurationNotFound = (bucket: string) =>
  new S3Error("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket", 404, { BucketName: bucket });
/** GetBucketReplication of a bucket without one (the text and BucketName as S3 answers: moto's and localstack's AWS-recorded replication tests). */
export const replicationConfigurationNotFound = (bucket: string) =>
  new S3Error("ReplicationConfigurationNotFoundError", "The replication configuration was not found", 404, { BucketName: bucket });
export const noSuchConfiguration = () => new S3Error("NoSuchConfiguration", "The specified configuration does not exist.", 404);
export const accessControlListNotSupported = () => new S3Error("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
export const missingObjectLockConfiguration = () => invalidRequest("Bucket is missing Object Lock Configuration");
// A write's x-amz-object-lock-* headers (localstack's S3 provider after its AWS-recorded TestS3ObjectLock snapshots;
// the date and legal-hold texts as S3 users quote them, versitygw issues #1733-#1736).
/** `missing`: the header not sent (its ArgumentName). */
export const objectLockHeadersIncomplete = (missing: string) =>
  invalidArgumentNamed("x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied", missing);
export const unknownObjectLockMode = (value: string) => invalidArgument("Unknown wormMode directive.", "x-amz-object-lock-mode", value);
export const retainUntilDateNotIso = (value: string) =>
  invalidArgument("The retain until date must be provided in ISO 8601 format", "x-amz-object-lock-retain-until-date", value);
export const invalidLegalHoldHeader = (value: string) => invalidArgument("Legal Hold must be either of 'ON' or 'OFF'", "x-amz-object-lock-legal-hold", value);
/**
 * A retain-until date not in the future (an AWS CLI transcript of PutObjectRetention; localstack's provider: the value
 * as S3's Java date string in Pacific time, "Tue Dec 31 16:00:00 PST 2019").
 */
export const retainUntilDateInPast = (name: string, value: string) => invalidArgument("The retain until date must be in the future!", name, value);
/** A DefaultRetention of zero or fewer Days or Years, or more than a date can hold (storj/edge#528, versitygw#1738, quoting S3). */
export const defaultRetentionNotPositive = (name: string) => invalidArgumentNamed("Default retention period must be a positive integer value.", name);
/**
 * A PutObject that Object Lock would lock without Content-MD5 or a checksum (the PutObject API reference: "The Content-MD5
 * or x-amz-sdk-checksum-algorithm header is required for any request to upload an object with a retention period
 * configured using Amazon S3 Object Lock"; the text as S3 users quote it, nextflow#5347).
 */
export const lockedPutWithoutIntegrity = () =>
  invalidRequest("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters");
export const defaultRetentionTooLarge = (name: string) => invalidArgumentNamed("Default retention period too large.", name);
export const invalidBucketState = (message: string) => new S3Error("InvalidBucketState", message, 409);
export const noSuchObjectLockConfiguration = () =>
  new S3Error("NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration", 404);
export const invalidBucketAclWithObjectOwnership = () =>
  new S3Error("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);

// Presigned URLs (texts as S3 answers them: "Request has expired" with its X-Amz-Expires, Expires and ServerTime).
export const requestExpired = (extra: Record<string, string | number>) => new S3Error("AccessDenied", "Request has expired", 403, extra);
/** A browser form upload whose policy's "expiration" has passed (the recorded S3 answer has no other elements). */
export const postPolicyExpired = () => new S3Error("AccessDenied", "Invalid according to Policy: Policy expired.", 403);
// Browser form uploads' policies (AWS-recorded texts: localstack TestS3PresignedPost snapshots and captures in issue trackers).
export const invalidPolicyDocument = (message: string) => new S3Error("InvalidPolicyDocument", `Invalid Policy: ${message}`, 400);
/** A policy condition the form does not meet, printed as S3 prints it: ["eq", "$key", "value"]. */
export const postPolicyConditionFailed = (condition: string) => new S3Error("AccessDenied", `Invalid according to Policy: Policy Condition failed: ${condition}`, 403);
/** A form field no policy condition names (other than the signature, the policy, the file and x-ignore-*). */
export const postPolicyExtraInputFields = (name: string) => new S3Error("AccessDenied", `Invalid according to Policy: Extra input fields: ${name}`, 403);
/** A file under the policy's content-length-range (note: "allowed size", not PutObject's "allowed object size."). */
export const postEntityTooSmall = (size: number, min: number) =>
  new S3Error("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400, { ProposedSize: size, MinSizeAllowed: min });
export const authorizationQueryParametersError = (message: string) => new S3Error("AuthorizationQueryParametersError", message, 400);
/** A SigV2 presigned URL without all of Signature, Expires and AWSAccessKeyId (AWS-recorded: test_s3_put_presigned_url_missing_sig_param[s3]). */
export const incompleteQueryAuthentication = () => new S3Error("AccessDenied", "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters", 403);

// SelectObjectContent's errors (S3 API Reference, "List of SELECT Object Content Error Codes").
export const unsupportedSyntax = () => new S3Error("UnsupportedSyntax", "We encountered syntax that is not valid.", 400);
export const invalidExpressionType = () => new S3Error("InvalidExpressionType", "The ExpressionType is invalid. Only SQL expressions are supported.", 400);
export const castFailed = () => new S3Error("CastFailed", "An attempt to convert from one data type to another using CAST failed in the SQL expression.", 400);
export const csvParsingError = () => new S3Error("CSVParsingError", "Encountered an error parsing the CSV file. Check the file and try again.", 400);
export const jsonParsingError = () => new S3Error("JSONParsingError", "Encountered an error parsing the JSON file. Check the file and try again.", 400);
/** An input the sandbox does not read (Parquet, BZIP2): named in the sandbox's own words, as notEmulated is. */
export const selectInputNotEmulated = (what: string) => new S3Error("NotImplemented", `The sandbox does not emulate SelectObjectContent over ${what}.`, 501);

// Server-side encryption (texts as S3 answered them in localstack's AWS-validated test_s3_sse_* captures,
// 2026-02-21, and aws-sdk-go#1726 / aws-cli#6906 / boto3#1482 / boto3#982 / aws-sdk-ruby#1084).
const SSE_HEADER = "x-amz-server-side-encryption";
export const unsupportedEncryption = (value: string) => invalidArgument("The encryption method specified is not supported", SSE_HEADER, value);
export const kmsKeyWithoutKmsEncryption = (value: string) =>
  invalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms", "x-amz-server-side-encryption-aws-kms-key-id", value);
export const customerKeyWithOtherEncryption = (value: string) =>
  invalidArgument("Server Side Encryption with Customer provided key is incompatible with the encryption method specified", SSE_HEADER, value);
export const customerKeyWithoutAlgorithm = () =>
  invalidArgument("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.", SSE_HEADER, "null");
export const invalidCustomerAlgorithm = (value: string) =>
  new S3Error("InvalidEncryptionAlgorithmError", "The Encryption request you specified is not valid. Supported value: AES256.", 400, { ArgumentName: SSE_HEADER, ArgumentValue: value });
export const customerAlgorithmWithoutKey = () => new S3Error("InvalidArgument", "Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.", 400);
export const customerKeyMd5Mismatch = () => invalidArgument("The calculated MD5 hash of the key did not match the hash that was provided.", SSE_HEADER, "null");
export const invalidCustomerKey = () => new S3Error("InvalidArgument", "The secret key was invalid for the specified algorithm.", 400);
export const customerKeyRequired = () =>
  invalidRequest("The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
export const wrongCustomerKey = () =>
  new S3Error("AccessDenied", "Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key.", 403);
export const customerKeyNotApplicable = () => invalidRequest("The encryption parameters are not applicable to this object.");
export const partEncryptionMissing = () =>
  invalidRequest("The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.");
export const partEncryptionMismatch = () => invalidRequest("The provided encryption parameters did not match the ones used originally.");
