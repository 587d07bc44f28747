/**
 * Which S3 action a request is, from AWS's model: each operation's HTTP method, whether it
 * addresses the service, a bucket or an object, and the literal query parameters of its URI
 * ("/{Bucket}?uploads", "/{Bucket}?list-type=2"). The SDKs' `x-id` query parameter names the
 * action outright; awscli's requests carry none, so operations sharing a method and URI are
 * told apart by what S3 looks at (uploadId, partNumber, x-amz-copy-source).
 */
import { s3Model } from "../generated/s3.js";

type Level = "service" | "bucket" | "object";

interface Route {
  name: string;
  method: string;
  level: Level;
  /** Literal query parameters (x-id excluded) and their value, "" when the URI gives none. */
  query: [string, string][];
}

const ROUTES: Route[] = Object.entries(s3Model.operations).flatMap(([name, op]) => {
  if (!op.http) return [];
  const [path, query = ""] = op.http.uri.split("?");
  const level: Level | undefined = path === "/" ? "service" : path === "/{Bucket}" ? "bucket" : path === "/{Bucket}/{Key+}" ? "object" : undefined;
  if (!level) return [];
  const literals = query === "" ? [] : query.split("&").map((p): [string, string] => {
    const eq = p.indexOf("=");
    return eq < 0 ? [p, ""] : [p.slice(0, eq), p.slice(eq + 1)];
  });
  return [{ name, method: op.http.method, level, query: literals.filter(([k]) => k !== "x-id") }];
});

export function routeOf(method: string, level: Level, query: URLSearchParams, headers: Record<string, string>): string | undefined {
  const candidates = ROUTES.filter((r) => r.method === method && r.level === level && r.query.every(([k, v]) => query.has(k) && (v === "" || query.get(k) === v)));
  const xId = query.get("x-id");
  const named = xId === null ? undefined : candidates.find((r) => r.name === xId);
  if (named) return named.name;
  // The most specific URI wins ("?select&select-type=2" over "?select").
  const best = Math.max(-1, ...candidates.map((r) => r.query.length));
  const names = candidates.filter((r) => r.query.length === best).map((r) => r.name);
  if (names.length <= 1) return names[0];
  return disambiguate(names, query, headers);
}

function disambiguate(names: string[], query: URLSearchParams, headers: Record<string, string>): string | undefined {
  const pick = (name: string) => (names.includes(name) ? name : undefined);
  const copy = headers["x-amz-copy-source"] !== undefined;
  if (query.has("uploadId")) {
    if (query.has("partNumber")) return pick(copy ? "UploadPartCopy" : "UploadPart");
    return pick("ListParts") ?? pick("AbortMultipartUpload") ?? pick("CompleteMultipartUpload");
  }
  if (copy && names.includes("CopyObject")) return "CopyObject";
  for (const name of ["PutObject", "GetObject", "DeleteObject", "ListBuckets"]) if (names.includes(name)) return name;
  // "?analytics" alone lists the configurations; with an id it gets one.
  return names.find((n) => (query.has("id") ? n.startsWith("Get") : n.startsWith("List"))) ?? names[0];
}
