/**
 * Module resolution hooks (node:module register) for ES modules: a bare `@aws-sdk/*` import the
 * function's own node_modules lack resolves from the runtime's SDK directory, as Lambda's Node.js
 * runtimes let ES modules import the SDK they include. NODE_PATH, which does this for CommonJS,
 * does not apply to ES modules. Registered only once such an import has failed (loader.ts).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";

interface ResolveContext {
  parentURL?: string;
  [key: string]: unknown;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<unknown>;

let runtimeNodeModules: string | undefined;

export function initialize(data: { runtimeNodeModules?: string } | undefined): void {
  runtimeNodeModules = data?.runtimeNodeModules;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<unknown> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const notFound = (error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND";
    if (!notFound || runtimeNodeModules === undefined || !specifier.startsWith("@aws-sdk/")) throw error;
    // From a module inside that node_modules directory, Node's resolution finds <dir>/@aws-sdk/….
    return nextResolve(specifier, { ...context, parentURL: pathToFileURL(join(runtimeNodeModules, "runtime-sdk.mjs")).href });
  }
}
