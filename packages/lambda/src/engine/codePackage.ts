/**
 * GetFunction's Code.Location: on Lambda a presigned URL of the deployment package as it was
 * uploaded. The sandbox keeps each uploaded zip beside its unpacked directory (`<codeDir>.zip`,
 * as layers keep theirs) and serves it on the edge, unsigned, under the functions path; a
 * template function's code is a directory, named by its file: URL.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import type { EdgeRequest, EdgeResponse } from "@sam-sandbox/core";
import type { FunctionRegistry } from "./registry.js";

/** The uploaded package kept for a code directory. */
export function packageZip(codeDir: string): string {
  return `${codeDir}.zip`;
}

// Under a path the Lambda API never uses, so no AWS operation is shadowed.
const PACKAGE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/sandbox-code\/([0-9a-f]+)\.zip$/;

export function codeLocation(edgeUrl: string, functionName: string, codeDir: string): string {
  if (!existsSync(packageZip(codeDir))) return pathToFileURL(codeDir).href;
  return `${edgeUrl.replace(/\/$/, "")}/2015-03-31/functions/${encodeURIComponent(functionName)}/sandbox-code/${basename(codeDir)}.zip`;
}

/** The package a Code.Location names (GET), or undefined when the request is for something else. */
export async function servePackage(registry: FunctionRegistry, req: EdgeRequest): Promise<EdgeResponse | undefined> {
  if (req.method !== "GET") return undefined;
  const m = PACKAGE_PATH.exec(req.path);
  if (!m) return undefined;
  const record = registry.find(decodeURIComponent(m[1] ?? ""));
  const version = record && [record.latest, ...record.versions.values()].find((v) => basename(v.config.codeDir) === m[2]);
  const zip = version && packageZip(version.config.codeDir);
  if (!zip || !existsSync(zip)) return { status: 404, headers: { "content-type": "text/plain" }, body: "Not Found" };
  return { status: 200, headers: { "content-type": "application/zip" }, body: await readFile(zip) };
}
