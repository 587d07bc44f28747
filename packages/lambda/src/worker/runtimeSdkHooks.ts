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
interface ResolveResult {
  url: string;
  format?: string | null;
  [key: string]: unknown;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;

export interface RuntimeSdkHooksData {
  runtimeNodeModules?: string;
  /** The query loader.ts imports the handler's module again under (`?<retryQuery>`). */
  retryQuery?: string;
}

let runtimeNodeModules: string | undefined;
let retrySuffix: string | undefined;

export function initialize(data: RuntimeSdkHooksData | undefined): void {
  runtimeNodeModules = data?.runtimeNodeModules;
  retrySuffix = data?.retryQuery === undefined ? undefined : `?${data.retryQuery}`;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  let resolved: ResolveResult;
  try {
    resolved = await nextResolve(specifier, context);
  } catch (error) {
    const notFound = (error as { code?: unknown } | null)?.code === "ERR_MODULE_NOT_FOUND";
    if (!notFound || runtimeNodeModules === undefined || !specifier.startsWith("@aws-sdk/")) throw error;
    try {
      // From a module inside that node_modules directory, Node's resolution finds <dir>/@aws-sdk/….
      return await nextResolve(specifier, { ...context, parentURL: pathToFileURL(join(runtimeNodeModules, "runtime-sdk.mjs")).href });
    } catch {
      // A client the runtime's SDK lacks too: the error names the user's module, as Lambda's does.
      throw error;
    }
  }
  return retried(context.parentURL) ? inRetry(resolved) : resolved;
}

const retried = (parentURL: string | undefined): boolean => retrySuffix !== undefined && parentURL?.endsWith(retrySuffix) === true;

/**
 * An ES module of the failed import stays cached under its URL with its failed link, so a nested
 * module importing the SDK would fail again: the retry's ES modules get URLs of their own too.
 * (Nothing of the failed graph ran: resolution fails before any module is evaluated.)
 */
function inRetry(resolved: ResolveResult): ResolveResult {
  if (retrySuffix === undefined || resolved.format !== "module" || !resolved.url.startsWith("file:") || resolved.url.includes("?")) return resolved;
  return { ...resolved, url: `${resolved.url}${retrySuffix}` };
}
