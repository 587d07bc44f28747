/**
 * SAM's `Metadata: BuildMethod: esbuild` BuildProperties → esbuild options, as
 * aws-lambda-builders' nodejs_npm_esbuild workflow maps them (defaults: target es2020,
 * format cjs, minify on).
 */
import { existsSync } from "node:fs";
import { extname, join } from "node:path";
import type { BuildOptions } from "esbuild";

export interface MetadataBuild {
  options: BuildOptions & { entryPoints: string[] };
  externals: string[];
}

export function esbuildOptionsFromMetadata(
  properties: Record<string, unknown>,
  codeDir: string,
): MetadataBuild | { error: string } {
  const entries = properties.EntryPoints;
  if (!Array.isArray(entries) || entries.length === 0) {
    return { error: "Metadata BuildProperties EntryPoints must be a non-empty list" };
  }
  const entryPoints: string[] = [];
  for (const entry of entries) {
    const path = explicitEntry(String(entry), codeDir);
    if (!path) return { error: `entry point ${join(codeDir, String(entry))} does not exist` };
    entryPoints.push(path);
  }
  const list = (name: string): string[] | { error: string } => {
    const value = properties[name];
    if (value === undefined) return [];
    if (!Array.isArray(value)) return { error: `Invalid type for property ${name}, must be a list.` };
    return value.map(String);
  };
  const external = list("External");
  const loader = list("Loader");
  const outExtension = list("OutExtension");
  const banner = list("Banner");
  for (const v of [external, loader, outExtension, banner]) if ("error" in v) return v;
  const options: MetadataBuild["options"] = {
    entryPoints,
    target: String(properties.Target ?? "es2020").split(","),
    format: properties.Format === "esm" ? "esm" : "cjs",
    minify: properties.Minify === undefined ? true : isTrue(properties.Minify),
    loader: pairs(loader as string[]) as BuildOptions["loader"],
    outExtension: pairs(outExtension as string[]),
    banner: pairs(banner as string[]),
  };
  if (properties.MainFields !== undefined) options.mainFields = String(properties.MainFields).split(",");
  if (properties.SourcesContent !== undefined) options.sourcesContent = isTrue(properties.SourcesContent);
  return { options, externals: external as string[] };
}

function isTrue(value: unknown): boolean {
  return value === true || String(value).toLowerCase() === "true";
}

/** [".js=.mjs"] → {".js": ".mjs"}; ["js=import x from 'y';"] → {js: "import x from 'y';"}. */
function pairs(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** An entry point without an extension gets .ts or .js, as sam build does. */
function explicitEntry(entry: string, codeDir: string): string | undefined {
  const path = join(codeDir, entry);
  if (extname(entry) !== "") return existsSync(path) ? path : undefined;
  for (const ext of [".ts", ".js"]) if (existsSync(path + ext)) return path + ext;
  return undefined;
}
