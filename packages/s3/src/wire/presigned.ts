/**
 * Presigned URLs and POST policies: S3 refuses one past its expiry before looking at the
 * action. The sandbox checks no signature, only the time window a SigV4 URL (X-Amz-Date +
 * X-Amz-Expires) or a SigV2 URL (Expires, epoch seconds) grants (a form's policy: wire/postPolicy.ts).
 */
import { authorizationQueryParametersError, incompleteQueryAuthentication, requestExpired } from "../errors.js";
import { MAX_PRESIGNED_EXPIRES_SECONDS } from "../limits.js";

/** "20261125T120000Z" → epoch ms; undefined when it is not ISO 8601 basic format. */
function amzDateMs(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : undefined;
}

/** S3 writes these times without milliseconds: 2026-11-25T12:00:00Z. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** What a SigV4 query-string authentication needs (localstack test_s3_put_presigned_url_missing_sig_param, AWS-recorded). */
const SIGV4_QUERY_PARAMETERS = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"];
const SIGV2_QUERY_PARAMETERS = ["Signature", "Expires", "AWSAccessKeyId"];

/** A presigned URL missing one of its authentication parameters is refused before anything else. */
function checkQueryAuthentication(query: URLSearchParams): void {
  if ((query.has("X-Amz-Algorithm") || query.has("X-Amz-Credential")) && !SIGV4_QUERY_PARAMETERS.every((p) => query.has(p))) {
    throw authorizationQueryParametersError(
      "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
    );
  }
  if ((query.has("Signature") || query.has("AWSAccessKeyId")) && !SIGV2_QUERY_PARAMETERS.every((p) => query.has(p))) throw incompleteQueryAuthentication();
}

/**
 * X-Amz-Credential is "<key>/<date>/<region>/<service>/aws4_request": one whose slashes were encoded twice (so never
 * decoded to slashes) is refused (AWS-recorded: LocalStack test_s3.snapshot.json test_presigned_double_encoded_credentials).
 */
function checkCredential(query: URLSearchParams): void {
  const credential = query.get("X-Amz-Credential");
  if (credential === null || !query.has("X-Amz-Signature")) return;
  const parts = credential.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") {
    throw authorizationQueryParametersError(
      'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
}

export function checkPresignedExpiry(query: URLSearchParams, now: number): void {
  checkQueryAuthentication(query);
  checkCredential(query);
  const expiresIn = query.get("X-Amz-Expires");
  const amzDate = query.get("X-Amz-Date");
  if (query.has("X-Amz-Signature") && expiresIn !== null && amzDate !== null) {
    // S3 reads the signing time first: "garbage" or "2026-11-25" is refused, never taken as unbounded.
    const signedAt = amzDateMs(amzDate);
    if (signedAt === undefined) throw authorizationQueryParametersError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
    if (!/^-?\d+$/.test(expiresIn)) throw authorizationQueryParametersError("X-Amz-Expires should be a number");
    const seconds = Number(expiresIn);
    if (seconds < 0) throw authorizationQueryParametersError("X-Amz-Expires must be non-negative");
    if (seconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
      throw authorizationQueryParametersError(
        `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_PRESIGNED_EXPIRES_SECONDS} seconds`,
      );
    }
    const expires = signedAt + seconds * 1000;
    if (now > expires) throw requestExpired({ "X-Amz-Expires": seconds, Expires: isoSeconds(expires), ServerTime: isoSeconds(now) });
    return;
  }
  // SigV2 query authentication: Expires is the deadline itself, in epoch seconds.
  const expiresAt = query.get("Expires");
  if (query.has("Signature") && query.has("AWSAccessKeyId") && expiresAt !== null && /^\d+$/.test(expiresAt)) {
    const expires = Number(expiresAt) * 1000;
    if (now > expires) throw requestExpired({ Expires: isoSeconds(expires), ServerTime: isoSeconds(now) });
  }
}
