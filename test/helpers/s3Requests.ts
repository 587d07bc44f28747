// S3 requests for the edge's robustness test (test/robustness.test.ts): requests built from
// the restXml model's HTTP bindings, hostile XML bodies, and hand-made edge cases (keys,
// bucket names, ranges, conditions, presigned URLs, virtual hosts, aws-chunked framing).
import type { ServiceModel } from "../../packages/core/src/index.js";
import { toXml } from "../../packages/sandbox/src/rest/xml.js";
import { sigv4, type Sent } from "./fuzz.js";

function text(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Text safe in an HTTP header value (node refuses control characters). */
function headerText(value: unknown): string {
  return text(value).replace(/[^\x20-\x7e]/g, "?").slice(0, 1024);
}

/**
 * A restXml (S3) request from the model's HTTP bindings: {Bucket} and greedy {Key+} labels,
 * query members, headers, x-amz-meta-* prefix headers, and the payload member (a blob as it
 * is, a structure as XML named by its xmlName) or the body members as the input's XML.
 */
export function restXmlRequest(model: ServiceModel, operation: string, input: Record<string, unknown> | undefined, rawBody?: string | Buffer): Sent {
  const op = model.operations[operation];
  const http = op.http ?? { method: "POST", uri: "/" };
  const members = (op.input && model.shapes[op.input]?.members) || {};
  const [path, fixedQuery] = http.uri.split("?");
  const query = new URLSearchParams(fixedQuery ?? "");
  const headers: Record<string, string> = { authorization: sigv4("s3") };
  const body: Record<string, unknown> = {};
  let payload: string | Buffer | undefined;
  for (const [name, member] of Object.entries(members)) {
    const value = input?.[name];
    if (value === undefined || member.label) continue;
    if (member.query !== undefined) for (const v of Array.isArray(value) ? value : [value]) query.append(member.query, text(v));
    else if (member.header !== undefined) headers[member.header.toLowerCase()] = headerText(value);
    else if (member.prefixHeaders !== undefined) {
      if (typeof value !== "object" || value === null) continue;
      for (const [k, v] of Object.entries(value)) if (/^[A-Za-z0-9-]{1,64}$/.test(k)) headers[`${member.prefixHeaders}${k}`.toLowerCase()] = headerText(v);
    } else if (member.payload) {
      const type = model.shapes[member.target]?.type;
      payload = type === "blob" || type === "string" || type === undefined ? text(value) : toXml(model, member.xmlName ?? model.shapes[member.target]?.xmlName ?? member.target, member.target, value);
    } else body[name] = value;
  }
  // Node computes the length itself; a length the input names would only desynchronise the connection.
  delete headers["content-length"];
  if (payload === undefined && Object.keys(body).length > 0 && op.input) payload = toXml(model, model.shapes[op.input]?.xmlName ?? op.input, op.input, body);
  const uri = path.replace(/\{(\w+)(\+?)\}/g, (_m, label: string, greedy: string) => {
    const value = input?.[label];
    const raw = value === undefined || value === "" ? "fuzz" : text(value);
    return greedy ? raw.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(raw);
  });
  const qs = query.toString();
  return { method: http.method, path: qs === "" ? uri : `${uri}?${qs}`, headers, body: rawBody ?? payload ?? "" };
}

/** Hostile XML bodies each S3 operation gets, sent to the known bucket and key. */
export function xmlVariants(model: ServiceModel, operation: string): Array<[string, string | Buffer]> {
  const inputShape = model.operations[operation]?.input ?? "";
  const members = Object.entries(model.shapes[inputShape]?.members ?? {});
  const payload = members.find(([, m]) => m.payload);
  const root = payload ? (payload[1].xmlName ?? model.shapes[payload[1].target]?.xmlName ?? payload[1].target) : (model.shapes[inputShape]?.xmlName ?? inputShape);
  const fields = Object.entries(model.shapes[payload?.[1].target ?? inputShape]?.members ?? {})
    .filter(([, m]) => !m.label && m.query === undefined && m.header === undefined && m.prefixHeaders === undefined)
    .map(([name, m]) => `<${m.xmlName ?? name}><Nested>1</Nested>not-a-number</${m.xmlName ?? name}>`)
    .join("");
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`).join("")}]><${root}>&lol9;</${root}>`;
  return [
    ["empty body", ""],
    ["JSON body", '{"Bucket": "x"}'],
    ["unclosed XML", `<${root}><TagSet><Tag>`],
    ["wrong root", '<?xml version="1.0" encoding="UTF-8"?><Wrong xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>'],
    ["invalid UTF-8", Buffer.concat([Buffer.from(`<${root}>`), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(`</${root}>`)])],
    ["wrong-typed members", `<${root}>${fields}</${root}>`],
    ["200-level nesting", `<${root}>${"<a>".repeat(200)}x${"</a>".repeat(200)}</${root}>`],
    ["entity expansion", laughs],
    ["external entity", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><${root}>&e;</${root}>`],
    ["1 MB text", `<${root}>${"x".repeat(1024 * 1024)}</${root}>`],
  ];
}

/** One S3 request by hand: signed path style unless the headers say otherwise. */
export function s3Request(method: string, path: string, headers: Record<string, string> = {}, body: string | Buffer = ""): Sent {
  return { method, path, headers: { authorization: sigv4("s3"), ...headers }, body };
}

/** An S3 request that must answer in S3's shape, with this error code when one is named ("2xx": succeed). */
export interface S3Edge {
  what: string;
  req: Sent;
  code?: string;
  /** A request the edge cannot tell is S3's: its own (awsJson) error is the answer. */
  notS3?: boolean;
}

export function s3Edge(what: string, req: Sent, code?: string): S3Edge {
  return { what, req, code };
}

/** Keys, bucket names and headers S3 must refuse (or take) with its own errors. */
export function s3EdgeCases(bucket: string): S3Edge[] {
  const S3_BUCKET = bucket;
  const b = `/${bucket}`;
  const out: S3Edge[] = [];
  // Keys: S3 counts UTF-8 bytes; 1,024 is the most.
  out.push(
    s3Edge("PUT a 1,024-byte key", s3Request("PUT", `${b}/${"k".repeat(1024)}`, {}, "v"), "2xx"),
    s3Edge("PUT a 1,025-byte key", s3Request("PUT", `${b}/${"k".repeat(1025)}`, {}, "v"), "KeyTooLongError"),
    s3Edge("PUT a 2,400-byte key of emoji", s3Request("PUT", `${b}/${encodeURIComponent("😀".repeat(600))}`, {}, "v"), "KeyTooLongError"),
    s3Edge("PUT a 10 KB key", s3Request("PUT", `${b}/${"k".repeat(10_000)}`, {}, "v"), "KeyTooLongError"),
    s3Edge("CopyObject to a 1,025-byte key", s3Request("PUT", `${b}/${"k".repeat(1025)}`, { "x-amz-copy-source": `${S3_BUCKET}/k` }), "KeyTooLongError"),
    s3Edge("CreateMultipartUpload for a 1,025-byte key", s3Request("POST", `${b}/${"k".repeat(1025)}?uploads`), "KeyTooLongError"),
    s3Edge("GET a 2,000-byte key", s3Request("GET", `${b}/${"k".repeat(2000)}`), "KeyTooLongError"),
    s3Edge("HEAD a 2,000-byte key", s3Request("HEAD", `${b}/${"k".repeat(2000)}`)),
    s3Edge("DELETE a 2,000-byte key", s3Request("DELETE", `${b}/${"k".repeat(2000)}`), "KeyTooLongError"),
  );
  const keys = ["..", "../../etc/passwd", "a/../../b", "%2e%2e/%2e%2e/x", "%00", "a%00b", "%", "%zz", "%E0%A4%A", "%C0%AF", "//double//slash", "trailing/", "ü😀%20x", "%F0%9F%98%80", "?", "%3Fx-id%3DDeleteBucket", "%23frag", "con", "__proto__", "constructor/prototype"];
  for (const key of keys) {
    for (const method of ["PUT", "GET", "HEAD", "DELETE"]) out.push(s3Edge(`${method} key ${key}`, s3Request(method, `${b}/${key}`, {}, method === "PUT" ? "v" : "")));
  }
  // Bucket names.
  const buckets = ["A", "ab", "x".repeat(64), "UPPER", "under_score", "-dash", "dash-", "192.168.1.1", "xn--abc", "a..b", "a.-b", "%00", "%zz", "%C3%BC", ".", "..", "__proto__", "x".repeat(3000), "sthree-x", "b--x-s3"];
  for (const bucket of buckets) {
    out.push(s3Edge(`CreateBucket ${bucket.slice(0, 40)}`, s3Request("PUT", `/${bucket}`), /^%|\.$|^\.\.$/.test(bucket) ? undefined : "InvalidBucketName"));
    out.push(s3Edge(`GET /${bucket.slice(0, 40)}/k`, s3Request("GET", `/${bucket}/k`)));
    out.push(s3Edge(`ListObjectsV2 /${bucket.slice(0, 40)}`, s3Request("GET", `/${bucket}?list-type=2`)));
  }
  out.push(s3Edge("CreateBucket with a garbage LocationConstraint", s3Request("PUT", "/robustness-new-1", {}, '<CreateBucketConfiguration><LocationConstraint>../../x</LocationConstraint></CreateBucketConfiguration>'), "InvalidLocationConstraint"));
  // Ranges on the 10-byte object.
  const ranges = ["bytes=", "bytes=-", "bytes=5-2", "bytes=10-", "bytes=99-", "bytes=-0", "bytes=0-99999999999999999999", "bytes=99999999999999999999-", "bytes=-99999999999999999999", "bytes=1-2,3-4", "items=0-1", "bytes=abc", "bytes=9007199254740993-", "bytes=0x1-0x2", "bytes= 1 - 2 ", "=", "x".repeat(4000)];
  for (const range of ranges) {
    for (const method of ["GET", "HEAD"]) out.push(s3Edge(`${method} Range ${range.slice(0, 40)}`, s3Request(method, `${b}/k`, { range })));
    out.push(s3Edge(`UploadPartCopy x-amz-copy-source-range ${range.slice(0, 40)}`, s3Request("PUT", `${b}/mp?partNumber=1&uploadId=nope`, { "x-amz-copy-source": `${S3_BUCKET}/k`, "x-amz-copy-source-range": range })));
  }
  out.push(s3Edge("GET Range past the end", s3Request("GET", `${b}/ten-bytes`, { range: "bytes=10-" }), "InvalidRange"));
  // Conditional headers.
  const conditions: Array<[string, string]> = [
    ["if-match", "garbage"], ["if-match", '""'], ["if-match", ",,,"], ["if-match", "*"], ["if-none-match", "*"], ["if-none-match", "W/"], ["if-none-match", "\"a\", W/\"b\", *"],
    ["if-modified-since", "garbage"], ["if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT"], ["if-modified-since", "Fri, 31 Dec 9999 23:59:59 GMT"], ["if-modified-since", "-1"],
    ["if-unmodified-since", "garbage"], ["if-unmodified-since", "Thu, 01 Jan 1970 00:00:00 GMT"], ["if-unmodified-since", "99999999999999999999"],
  ];
  for (const [header, value] of conditions) {
    for (const method of ["GET", "HEAD", "PUT"]) out.push(s3Edge(`${method} ${header}: ${value}`, s3Request(method, `${b}/${method === "PUT" ? "conditional" : "k"}`, { [header]: value }, method === "PUT" ? "v" : "")));
    out.push(s3Edge(`CopyObject x-amz-copy-source-${header}: ${value}`, s3Request("PUT", `${b}/copied`, { "x-amz-copy-source": `${S3_BUCKET}/k`, [`x-amz-copy-source-${header}`]: value })));
  }
  // Presigned URLs: the credential routes them to S3; everything else is garbage.
  const credential = "X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request";
  const presigned = [
    `${credential}`, `${credential}&X-Amz-Date=garbage&X-Amz-Expires=-1&X-Amz-Signature=zz&X-Amz-Algorithm=ROT13`, `${credential}&X-Amz-Expires=99999999999999999999`,
    `${credential}&X-Amz-SignedHeaders=%00&X-Amz-Security-Token=%zz`, "X-Amz-Credential=AKID%2F20260101%2F..%2F..%2Fs3%2Faws4_request", "X-Amz-Credential=AKID%2F20260101%2F%00%2Fs3%2Faws4_request",
    `X-Amz-Credential=${"A".repeat(3000)}%2F20260101%2Fus-east-1%2Fs3%2Faws4_request`, `${credential}&${credential}`, `${credential}&x-id=DropEverything`,
  ];
  for (const query of presigned) {
    for (const [method, path] of [["GET", `${b}/k`], ["PUT", `${b}/presigned`], ["PUT", "/robustness-presigned"], ["GET", "/"], ["DELETE", `${b}/none`]]) {
      const edge = s3Edge(`presigned ${method} ${path} ?${query.slice(0, 80)}`, { method, path: `${path}?${query}`, headers: { "content-type": "text/plain" }, body: method === "PUT" ? "v" : "" });
      // A credential scope that names no service does not route by it: a path that starts with
      // a bucket name still goes to S3 (the edge's last resort for unsigned requests), "/"
      // goes nowhere and gets the edge's own error, in JSON.
      if (query.includes("..%2F..") && path === "/") edge.notS3 = true;
      out.push(edge);
    }
  }
  // Virtual-hosted Host headers (unsigned: the Host alone makes them S3's).
  const hosts = [`${S3_BUCKET}.s3.localhost`, `${S3_BUCKET}.localhost:4566`, "UPPER.s3.localhost", "..s3.localhost", ".s3.localhost", "%00.s3.localhost", "a.b.c.d.e.s3.localhost", `${"x".repeat(300)}.s3.localhost`, "x.s3.localhost:99999999", "x.s3-garbage.localhost", "__proto__.s3.localhost", "constructor.localhost"];
  for (const host of hosts) {
    for (const [method, path] of [["GET", "/"], ["GET", "/k"], ["PUT", "/vhost"], ["HEAD", "/k"], ["GET", "/%zz"], ["GET", `/${"k".repeat(2000)}`]]) {
      out.push(s3Edge(`Host ${host.slice(0, 40)} ${method} ${path.slice(0, 20)}`, { method, path, headers: { host }, body: method === "PUT" ? "v" : "" }));
    }
  }
  // aws-chunked bodies (what the SDKs stream uploads with), broken every way.
  const chunked = { "content-encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-decoded-content-length": "5" };
  const frames = [
    "zz\r\nhello\r\n0\r\n\r\n", "5\r\nhel", "5\r\nhello", "5\r\nhello\r\n", "ffffffffffffffff\r\nx\r\n0\r\n\r\n", "-1\r\n\r\n", "5;chunk-signature=\r\nhello\r\n0;chunk-signature=\r\n\r\n",
    "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:not base64\r\n\r\n", "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", "5\r\nhello\r\n0\r\nx-amz-checksum-sha256:AAAA\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n",
    `5\r\nhello\r\n0\r\n${"x".repeat(100_000)}:${"y".repeat(100_000)}\r\n\r\n`, "3\r\nhello\r\n0\r\n\r\n", "\r\n\r\n\r\n", "0\r\n", `${"0".repeat(10_000)}5\r\nhello\r\n0\r\n\r\n`,
  ];
  for (const frame of frames) {
    out.push(s3Edge(`PutObject aws-chunked ${JSON.stringify(frame.slice(0, 40))}`, s3Request("PUT", `${b}/chunked`, chunked, frame)));
    out.push(s3Edge(`UploadPart aws-chunked ${JSON.stringify(frame.slice(0, 40))}`, s3Request("PUT", `${b}/mp?partNumber=1&uploadId=nope`, chunked, frame)));
  }
  out.push(s3Edge("PutObject aws-chunked, decoded length wrong", s3Request("PUT", `${b}/chunked`, { ...chunked, "x-amz-decoded-content-length": "999" }, "5\r\nhello\r\n0\r\n\r\n"), "IncompleteBody"));
  out.push(s3Edge("PutObject aws-chunked, decoded length garbage", s3Request("PUT", `${b}/chunked`, { ...chunked, "x-amz-decoded-content-length": "-1e9" }, "5\r\nhello\r\n0\r\n\r\n")));
  // Headers S3 reads values from.
  const headerCases: Array<[string, Record<string, string>]> = [
    ["content-md5 garbage", { "content-md5": "xyz" }], ["content-md5 of other bytes", { "content-md5": "1B2M2Y8AsgTpgAmY7PhCfg==" }],
    ["checksum garbage", { "x-amz-checksum-crc32": "!!" }], ["two checksums", { "x-amz-checksum-crc32": "AAAAAA==", "x-amz-checksum-sha1": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }],
    ["unknown checksum algorithm", { "x-amz-sdk-checksum-algorithm": "__proto__" }], ["tagging garbage", { "x-amz-tagging": "%zz=%&&=&a" }],
    ["11 tags", { "x-amz-tagging": Array.from({ length: 11 }, (_, i) => `k${i}=v`).join("&") }], ["a 300-char tag value", { "x-amz-tagging": `k=${"v".repeat(300)}` }],
    ["3 KB of metadata", { "x-amz-meta-big": "m".repeat(3000) }], ["storage class garbage", { "x-amz-storage-class": "__proto__" }],
    ["content-type garbage", { "content-type": ";;;=\"" }], ["expires garbage", { expires: "never" }], ["write offset", { "x-amz-write-offset-bytes": "-1" }],
    ["metadata directive garbage", { "x-amz-copy-source": `${S3_BUCKET}/k`, "x-amz-metadata-directive": "__proto__" }],
    ["copy source garbage", { "x-amz-copy-source": "%%%" }], ["copy source of a bucket", { "x-amz-copy-source": S3_BUCKET }], ["copy source ..", { "x-amz-copy-source": `/${S3_BUCKET}/../k` }],
    ["copy source versionId garbage", { "x-amz-copy-source": `${S3_BUCKET}/k?versionId=%zz` }], ["copy source 5 KB", { "x-amz-copy-source": `${S3_BUCKET}/${"k".repeat(5000)}` }],
    ["copy onto itself", { "x-amz-copy-source": `${S3_BUCKET}/headers` }],
  ];
  for (const [what, headers] of headerCases) out.push(s3Edge(`PutObject ${what}`, s3Request("PUT", `${b}/headers`, headers, "hello")));
  // Query parameters the list and multipart actions read.
  const queries = [
    "list-type=2&max-keys=-1", "list-type=2&max-keys=1e3", "list-type=2&max-keys=99999999999999999999", "list-type=2&max-keys=0x10", "list-type=2&max-keys=0",
    "list-type=2&continuation-token=%zz", "list-type=2&continuation-token=__proto__", `list-type=2&start-after=${"z".repeat(3000)}`, "list-type=2&prefix=%00&delimiter=%00",
    `list-type=2&delimiter=${"/".repeat(3000)}`, "list-type=2&encoding-type=base64", "list-type=3", "max-keys=-1&marker=%zz", "versions&key-marker=%00&max-keys=abc",
    "uploads&max-uploads=-5", "uploads&key-marker=%zz", "x-id=DropEverything", "x-id=__proto__", "x-id=constructor", "__proto__", "constructor", "toString", "acl&policy&website",
  ];
  for (const query of queries) out.push(s3Edge(`GET ?${query.slice(0, 60)}`, s3Request("GET", `${b}?${query}`)));
  // Values headed back as response headers: GetObject's overrides, and what a form upload stores.
  for (const value of ["a%0D%0Ab", "%00", "%F0%9F%98%80", "%C3%BC", "%E2%80%A8", "x".repeat(8000)]) {
    for (const param of ["response-content-type", "response-content-disposition", "response-expires", "response-cache-control", "response-content-language", "response-content-encoding"]) {
      out.push(s3Edge(`GET ?${param}=${value.slice(0, 20)}`, s3Request("GET", `${b}/ten-bytes?${param}=${value}`), "2xx"));
    }
  }
  const multipart = ["partNumber=0&uploadId=nope", "partNumber=10001&uploadId=nope", "partNumber=-1&uploadId=nope", "partNumber=1.5&uploadId=nope", "partNumber=99999999999999999999&uploadId=nope", "partNumber=1&uploadId=", "partNumber=1&uploadId=%zz", "partNumber=1&uploadId=__proto__"];
  for (const query of multipart) {
    out.push(s3Edge(`UploadPart ?${query}`, s3Request("PUT", `${b}/mp?${query}`, {}, "part")));
    out.push(s3Edge(`ListParts ?${query}&max-parts=-1&part-number-marker=x`, s3Request("GET", `${b}/mp?${query}&max-parts=-1&part-number-marker=x`)));
  }
  for (const body of ["<CompleteMultipartUpload/>", "<CompleteMultipartUpload><Part><PartNumber>99999999999999999999</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>", "<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>x</ETag></Part><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>"]) {
    out.push(s3Edge(`CompleteMultipartUpload ${body.slice(0, 60)}`, s3Request("POST", `${b}/mp?uploadId=nope`, {}, body)));
  }
  // Browser form uploads (POST to the bucket, unsigned).
  const form = (boundary: string, body: string): Sent => ({ method: "POST", path: b, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body });
  const forms: Array<[string, Sent]> = [
    ["empty form", form("xx", "")], ["no closing delimiter", form("xx", '--xx\r\nContent-Disposition: form-data; name="key"\r\n\r\nk')],
    ["no file", form("xx", '--xx\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n--xx--')], ["file without key", form("xx", '--xx\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\ndata\r\n--xx--')],
    ["key too long", form("xx", `--xx\r\nContent-Disposition: form-data; name="key"\r\n\r\n${"k".repeat(1100)}\r\n--xx\r\nContent-Disposition: form-data; name="file"\r\n\r\ndata\r\n--xx--`)],
    ["garbage tagging", form("xx", '--xx\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n--xx\r\nContent-Disposition: form-data; name="tagging"\r\n\r\n<Tagging>\r\n--xx\r\nContent-Disposition: form-data; name="file"\r\n\r\ndata\r\n--xx--')],
    ["empty boundary", form('""', "----\r\n")], ["boundary 10 KB", form("b".repeat(10_000), "--")],
    ["headers HTTP cannot carry", form("xx", `${[["key", "form-headers"], ["x-amz-meta-smile", "😀"], ["x-amz-meta-bad name", "x"], ["Content-Type", "a\r\nb"], ["Content-Disposition", "\u0000"], ["x-amz-website-redirect-location", "ü😀"]].map(([n, v]) => `--xx\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`).join("")}--xx\r\nContent-Disposition: form-data; name="file"\r\n\r\nd\r\n--xx--`)],
  ];
  for (const [what, req] of forms) out.push(s3Edge(`PostObject ${what}`, req));
  // What the form stored is read back in order after the run (s3EdgeReadBack).
  // Methods S3 has no action for, on each level.
  for (const method of ["PATCH", "PROPFIND", "TRACE"]) for (const path of ["/", b, `${b}/k`]) out.push(s3Edge(`${method} ${path}`, s3Request(method, path)));
  // Actions of the model the sandbox does not emulate: 501 NotImplemented, as S3 names it.
  for (const [method, path] of [["GET", `${b}?session`], ["POST", `${b}?metadataTable`], ["GET", `${b}/k?torrent`], ["POST", "/WriteGetObjectResponse"]]) {
    out.push(s3Edge(`${method} ${path} (not emulated)`, s3Request(method, path, {}, method === "GET" ? "" : "<x/>"), "NotImplemented"));
  }
  // RestoreObject is served: a body that is no RestoreRequest is MalformedXML.
  out.push(s3Edge(`POST ${b}/k?restore with <x/>`, s3Request("POST", `${b}/k?restore`, {}, "<x/>"), "MalformedXML"));
  // SelectObjectContent too: a body that is no SelectObjectContentRequest is MalformedXML.
  out.push(s3Edge(`POST ${b}/k?select&select-type=2 with <x/>`, s3Request("POST", `${b}/k?select&select-type=2`, {}, "<x/>"), "MalformedXML"));
  return out;
}

