import type { EdgeRequest, EdgeResponse } from "@sam-sandbox/core";
import type { S3Engine } from "../engine/engine.js";

/** One request, addressed and decoded. */
export interface S3Call {
  engine: S3Engine;
  req: EdgeRequest;
  query: URLSearchParams;
  bucket: string;
  key: string;
  /** The body with any aws-chunked framing removed. */
  body: Buffer;
  trailers: Record<string, string>;
  /** The region the request was signed for (else the sandbox's). */
  region: string;
  /** When the request arrived on the wall clock (ms since the epoch): what presigned URLs and POST policies expire by. */
  now: number;
}

export type ActionHandler = (call: S3Call) => Promise<EdgeResponse> | EdgeResponse;

export function xmlOk(body: string, headers: Record<string, string> = {}): EdgeResponse {
  return { status: 200, headers: { "content-type": "application/xml", ...headers }, body };
}

export function empty(status: number, headers: Record<string, string> = {}): EdgeResponse {
  return { status, headers: { ...headers, ...(status === 204 ? {} : { "content-length": "0" }) }, body: "" };
}
