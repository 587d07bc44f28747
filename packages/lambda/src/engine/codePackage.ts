/**
 * GetFunction's Code.Location and GetLayerVersion's Content.Location: on Lambda presigned URLs
 * of the zips as they were uploaded. The sandbox keeps each uploaded zip beside its unpacked
 * directory (`<dir>.zip`) and serves it on the edge, unsigned, under the functions' and layers'
 * paths; a template function's code is a directory, named by its file: URL.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import type { EdgeRequest, EdgeResponse } from "@sam-sandbox/core";
import type { Layers } from "./layers.js";
import type { FunctionRegistry } from "./registry.js";

/** The uploaded package kept for a code directory. */
export function packageZip(codeDir: string): string {
  return `${codeDir}.zip`;
}

// Under paths the Lambda API never uses, so no AWS operation is shadowed.
const FUNCTION_PACKAGE = /^\/2015-03-31\/functions\/([^/]+)\/sandbox-code\/([0-9a-f]+)\.zip$/;
const LAYER_CONTENT = /^\/2018-10-31\/layers\/([^/]+)\/versions\/(\d+)\/sandbox-content\.zip$/;

const origin = (edgeUrl: string) => edgeUrl.replace(/\/$/, "");

export function codeLocation(edgeUrl: string, functionName: string, codeDir: string): string {
  if (!existsSync(packageZip(codeDir))) return pathToFileURL(codeDir).href;
  return `${origin(edgeUrl)}/2015-03-31/functions/${encodeURIComponent(functionName)}/sandbox-code/${basename(codeDir)}.zip`;
}

export function layerContentLocation(edgeUrl: string, layerArn: string, version: number): string {
  const name = layerArn.slice(layerArn.lastIndexOf(":") + 1);
  return `${origin(edgeUrl)}/2018-10-31/layers/${encodeURIComponent(name)}/versions/${version}/sandbox-content.zip`;
}

/** The zip a Code.Location or Content.Location names (GET), or undefined when the request is for something else. */
export async function servePackage(packages: { registry: FunctionRegistry; layers: Layers }, req: EdgeRequest): Promise<EdgeResponse | undefined> {
  if (req.method !== "GET") return undefined;
  const fn = FUNCTION_PACKAGE.exec(req.path);
  const layer = fn ? null : LAYER_CONTENT.exec(req.path);
  if (!fn && !layer) return undefined;
  let zip: string | undefined;
  if (fn) {
    const record = packages.registry.find(decodeURIComponent(fn[1] ?? ""));
    const version = record && [record.latest, ...record.versions.values()].find((v) => basename(v.config.codeDir) === fn[2]);
    zip = version && packageZip(version.config.codeDir);
  } else if (layer) {
    zip = packages.layers.version(decodeURIComponent(layer[1] ?? ""), Number(layer[2]))?.zipFile;
  }
  if (!zip || !existsSync(zip)) return { status: 404, headers: { "content-type": "text/plain" }, body: "Not Found" };
  return { status: 200, headers: { "content-type": "application/zip" }, body: await readFile(zip) };
}
