/**
 * Where a CDK asset is on disk. `cdk synth` writes each file asset to cdk.out (a directory
 * `asset.<hash>`, or a file `asset.<hash>.zip`) and refers to it in the template as the S3
 * object it will be published as (`S3Key: <hash>.zip` in the bootstrap bucket). The asset
 * metadata (`aws:asset:path`) names the local path; without it (`cdk synth --no-asset-metadata`,
 * an App synthesized by a script, CDK's own custom-resource sources) the assembly's asset
 * manifests (`<Stack>.assets.json`) map each object key back to its source path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import { isRecord } from "../util.js";

export interface CdkAsset {
  /** Absolute path of the asset in cdk.out. */
  path: string;
  /** A directory (CDK publishes it zipped) or a single file (a .zip archive, published as is). */
  kind: "directory" | "file";
}

/** The asset `cdk synth` published as object `objectKey` (`<hash>.zip`), from the manifests in the template's directory. */
export function assetForObjectKey(templateDir: string, objectKey: unknown): CdkAsset | undefined {
  if (typeof objectKey !== "string" || objectKey === "") return undefined;
  const source = manifestSources(templateDir).get(objectKey);
  if (source !== undefined) return assetAt(resolvePath(templateDir, source));
  // An assembly without manifests (older CDK): the key is the asset's hash, its directory asset.<hash>.
  const hash = /^([0-9a-f]{64})\.zip$/.exec(objectKey);
  return hash ? (assetAt(join(templateDir, `asset.${hash[1]}`)) ?? assetAt(join(templateDir, `asset.${hash[1]}.zip`))) : undefined;
}

function assetAt(path: string): CdkAsset | undefined {
  if (!existsSync(path)) return undefined;
  return { path, kind: statSync(path).isDirectory() ? "directory" : "file" };
}

/** objectKey → source path, over every `*.assets.json` of the cloud assembly (read once per directory and change). */
const manifestCache = new Map<string, { stamp: string; sources: Map<string, string> }>();

function manifestSources(dir: string): Map<string, string> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith(".assets.json")).sort();
  } catch {
    return new Map();
  }
  const stamp = files.map((name) => `${name}:${statSync(join(dir, name)).mtimeMs}`).join("|");
  const cached = manifestCache.get(dir);
  if (cached?.stamp === stamp) return cached.sources;
  const sources = new Map<string, string>();
  for (const name of files) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(join(dir, name), "utf8"));
    } catch {
      continue;
    }
    const assets = isRecord(manifest) && isRecord(manifest.files) ? manifest.files : {};
    for (const asset of Object.values(assets)) {
      if (!isRecord(asset) || !isRecord(asset.source) || typeof asset.source.path !== "string") continue;
      for (const destination of isRecord(asset.destinations) ? Object.values(asset.destinations) : []) {
        if (isRecord(destination) && typeof destination.objectKey === "string") sources.set(destination.objectKey, asset.source.path);
      }
    }
  }
  manifestCache.set(dir, { stamp, sources });
  return sources;
}
