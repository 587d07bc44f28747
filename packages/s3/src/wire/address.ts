/**
 * Which bucket and key a request names: virtual-hosted style by its Host header
 * ("photos.s3.localhost:4566", "photos.localhost:4566", "photos.s3.us-east-1.amazonaws.com"),
 * else path style ("/photos/2026/cat.jpg"), as S3 and LocalStack accept both.
 */
export interface S3Address {
  bucket?: string;
  /** Percent-decoded. */
  key?: string;
}

/** The bucket a Host header names, when it is virtual-hosted style. */
export function bucketFromHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, "").toLowerCase();
  if (name.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return undefined;
  const labels = name.split(".");
  // "<bucket>.s3.<anything>", "<bucket>.s3-<region>.<anything>"
  const s3 = labels.findIndex((label, i) => i > 0 && (label === "s3" || /^s3-/.test(label)));
  if (s3 > 0) return labels.slice(0, s3).join(".");
  // "<bucket>.localhost", "<bucket>.localhost.localstack.cloud"
  const localhost = labels.indexOf("localhost");
  if (localhost > 0 && !(localhost === 1 && labels[0] === "s3")) return labels.slice(0, localhost).join(".");
  return undefined;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function addressOf(host: string | undefined, path: string): S3Address | undefined {
  const hosted = bucketFromHost(host);
  if (hosted !== undefined) {
    const key = path.length > 1 ? decode(path.slice(1)) : undefined;
    if (path.length > 1 && key === undefined) return undefined;
    return { bucket: hosted, ...(key !== undefined ? { key } : {}) };
  }
  const rest = path.slice(1);
  if (rest === "") return {};
  const slash = rest.indexOf("/");
  const bucket = decode(slash < 0 ? rest : rest.slice(0, slash));
  const key = slash < 0 || slash === rest.length - 1 ? undefined : decode(rest.slice(slash + 1));
  if (bucket === undefined || (slash >= 0 && slash < rest.length - 1 && key === undefined)) return undefined;
  return { bucket, ...(key !== undefined ? { key } : {}) };
}
