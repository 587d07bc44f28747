import type { EdgeRequest, EdgeResponse } from "./http.js";

/**
 * What every emulated AWS service offers the edge port. The edge dispatches a
 * request to a service by X-Amz-Target prefix, by the SigV4 credential scope's
 * service name, or by path prefix (DESIGN.md rule 3).
 */
export interface AwsServiceRoute {
  /** X-Amz-Target prefixes, e.g. "DynamoDB_20120810". */
  targetPrefixes?: string[];
  /** SigV4 signing names, e.g. "lambda", "dynamodb". */
  signingNames?: string[];
  /** Path prefixes for unsigned requests, e.g. "/2015-03-31/functions". */
  pathPrefixes?: string[];
  /**
   * Claims an unsigned request no other rule routes (S3: a virtual-hosted Host such as
   * "<bucket>.s3.localhost:4566", a browser's form upload).
   */
  claims?: (req: EdgeRequest) => boolean;
  /**
   * Takes an unsigned request that nothing else routed, as the last resort (S3: a browser
   * opening http://127.0.0.1:4566/<bucket>/<key>).
   */
  fallback?: (req: EdgeRequest) => boolean;
  /**
   * The service answers OPTIONS preflights and writes Access-Control-* headers itself (S3:
   * from each bucket's CORS configuration); the edge's blanket CORS stays out of its way.
   */
  ownsCors?: boolean;
}

export interface AwsService {
  /** Short name used in logs ("dynamodb", "lambda"). */
  readonly name: string;
  readonly route: AwsServiceRoute;
  /** Serves one request. Never throws: failures come back as AWS-shaped responses. */
  handle(req: EdgeRequest): Promise<EdgeResponse>;
  /** Flushes state and releases resources. */
  close?(): Promise<void>;
}

/** The SigV4 credential scope, "AKID/20261125/us-east-1/dynamodb/aws4_request": region and service captured. */
const CREDENTIAL_SCOPE = String.raw`[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request`;
/** In an Authorization header: "AWS4-HMAC-SHA256 Credential=<scope>, SignedHeaders=…, Signature=…". */
const AUTHORIZATION_SCOPE = new RegExp(`Credential=${CREDENTIAL_SCOPE}`);
/** A presigned URL's X-Amz-Credential value: the scope alone. */
const QUERY_SCOPE = new RegExp(`^${CREDENTIAL_SCOPE}$`);

function credentialScope(pattern: RegExp, text: string | null | undefined): { region: string; service: string } | undefined {
  const m = text ? pattern.exec(text) : null;
  return m ? { region: m[1], service: m[2] } : undefined;
}

/** "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/dynamodb/aws4_request, …" → "dynamodb". */
export function signingNameOf(authorization: string | undefined): string | undefined {
  return credentialScope(AUTHORIZATION_SCOPE, authorization)?.service;
}

/** Region from the SigV4 credential scope, when the request is signed. */
export function signingRegionOf(authorization: string | undefined): string | undefined {
  return credentialScope(AUTHORIZATION_SCOPE, authorization)?.region;
}

/** A presigned URL's credential scope: X-Amz-Credential=AKID/20261125/us-east-1/s3/aws4_request. */
export function presignedScope(rawQuery: string): { region: string; service: string } | undefined {
  if (!rawQuery.includes("X-Amz-Credential=")) return undefined;
  return credentialScope(QUERY_SCOPE, new URLSearchParams(rawQuery).get("X-Amz-Credential"));
}

/**
 * The access key of a SigV4-signed request (Authorization header or presigned query), if signed.
 * Only the signature's presence is checked: the sandbox does not verify SigV4 signatures.
 */
export function sigV4AccessKey(req: EdgeRequest): string | undefined {
  const header = /^AWS4-HMAC-SHA256 Credential=([^/]+)\//.exec(req.headers.authorization ?? "");
  if (header) return header[1];
  if (!req.rawQuery.includes("X-Amz-Credential=")) return undefined;
  const query = new URLSearchParams(req.rawQuery);
  const credential = query.get("X-Amz-Credential");
  return credential && query.get("X-Amz-Signature") ? credential.split("/")[0] : undefined;
}
