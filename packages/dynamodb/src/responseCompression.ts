/**
 * DynamoDB compresses a response of 4 KB or more with gzip or deflate when the request's
 * Accept-Encoding takes one (Alternator's test_compressed_response.py, run against DynamoDB,
 * pins down how it reads the header: other codings and "identity" are ignored, the highest
 * q wins, a named coding beats "*", and between equals the first listed; "*" alone is gzip).
 */
import { crc32, deflateSync, gzipSync } from "node:zlib";
import type { EdgeRequest, EdgeResponse } from "@sam-sandbox/core";
import { RESPONSE_COMPRESSION_THRESHOLD_BYTES } from "./limits.js";

type Coding = "gzip" | "deflate";

/** A coding's weight: q clamped to 1, an unreadable q counts as 1, the first q of an entry counts. */
function weight(params: string[]): number {
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== "q") continue;
    const q = Number(param.slice(eq + 1).trim());
    return Number.isNaN(q) ? 1 : Math.min(q, 1);
  }
  return 1;
}

/** The coding the Accept-Encoding header prefers, or undefined for none. */
export function preferredCoding(header: string): Coding | undefined {
  const named: Partial<Record<Coding, { q: number; at: number }>> = {};
  let star: number | undefined;
  header.split(",").forEach((entry, at) => {
    const [rawName, ...params] = entry.split(";");
    const name = rawName.trim().toLowerCase();
    const q = weight(params);
    if (name === "*") star = Math.max(star ?? 0, q);
    else if (name === "gzip" || name === "deflate") {
      const seen = named[name];
      if (seen === undefined || q > seen.q) named[name] = { q, at: seen?.at ?? at };
    }
  });
  const weightOf = (coding: Coding) => named[coding]?.q ?? star ?? 0;
  const gzip = weightOf("gzip");
  const deflate = weightOf("deflate");
  if (gzip <= 0 && deflate <= 0) return undefined;
  if (gzip !== deflate) return gzip > deflate ? "gzip" : "deflate";
  // Equal weights: a named coding beats "*", the earlier of two named ones wins, "*" alone is gzip.
  const g = named.gzip;
  const d = named.deflate;
  if (g !== undefined && d !== undefined) return g.at < d.at ? "gzip" : "deflate";
  return d !== undefined ? "deflate" : "gzip";
}

/** The response compressed as the request accepts, its x-amz-crc32 taken over the compressed bytes. */
export function compressResponse(req: EdgeRequest, res: EdgeResponse): EdgeResponse {
  const accept = req.headers["accept-encoding"];
  if (accept === undefined) return res;
  const body = typeof res.body === "string" ? Buffer.from(res.body, "utf8") : res.body;
  if (body.length < RESPONSE_COMPRESSION_THRESHOLD_BYTES) return res;
  const coding = preferredCoding(accept);
  if (coding === undefined) return res;
  const compressed = coding === "gzip" ? gzipSync(body) : deflateSync(body);
  const headers = { ...res.headers, "content-encoding": coding };
  if ("x-amz-crc32" in headers) headers["x-amz-crc32"] = String(crc32(compressed));
  return { ...res, headers, body: compressed };
}
