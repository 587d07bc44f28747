/**
 * Module resolution hooks (node:module register) for ES modules: a bare import the function's own
 * node_modules lack resolves from NODE_PATH's directories in turn (its layers' nodejs/node_modules,
 * then the runtime's SDK), as Lambda's Node.js 18+ runtimes let ES modules import layers' packages
 * and the SDK they include ("Lambda supports JavaScript ES module dependencies for Node.js 18",
 * AWS knowledge center lambda-import-module-error-nodejs). NODE_PATH, which does this for
 * CommonJS, does not apply to ES modules. Registered only once such an import has failed (loader.ts).
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
  /** node_modules directories searched in turn, as NODE_PATH lists them. */
  searchPaths?: string[];
  /** The query loader.ts imports the handler's module again under (`?<retryQuery>`). */
  retryQuery?: string;
}

let searchPaths: string[] = [];
let retrySuffix: string | undefined;

export function initialize(data: RuntimeSdkHooksData | undefined): void {
  searchPaths = data?.searchPaths ?? [];
  retrySuffix = data?.retryQuery === undefined ? undefined : `?${data.retryQuery}`;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  let resolved: ResolveResult;
  try {
    resolved = await nextResolve(specifier, context);
  } catch (error) {
    const notFound = (error as { code?: unknown } | null)?.code === "ERR_MODULE_NOT_FOUND";
    if (!notFound || !isBare(specifier)) throw error;
    for (const dir of searchPaths) {
      try {
        // From a module inside that node_modules directory, Node's resolution finds <dir>/<package>.
        const found = await nextResolve(specifier, { ...context, parentURL: pathToFileURL(join(dir, "runtime-sdk.mjs")).href });
        return retried(context.parentURL) ? inRetry(found) : found;
      } catch {
        // Not in this directory: the next one.
      }
    }
    // A package no directory holds: the error names the user's module, as Lambda's does.
    throw error;
  }
  return retried(context.parentURL) ? inRetry(resolved) : resolved;
}

/** A package name (`lodash`, `@scope/pkg/sub`), not a relative, absolute or builtin specifier. */
const isBare = (specifier: string): boolean => !/^(?:\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);

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
