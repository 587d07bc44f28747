/**
 * Loads the user's module and finds the handler in it, failing with the Node.js
 * runtime's errors (Runtime.ImportModuleError, Runtime.UserCodeSyntaxError,
 * Runtime.HandlerNotFound).
 */
import { existsSync } from "node:fs";
// A namespace import: Node.js before 20.6 has no module.register, and a named import of it would fail to load this file.
import * as nodeModule from "node:module";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { runtimeErrors } from "./errors.js";
import type { RuntimeSdkHooksData } from "./runtimeSdkHooks.js";

export type UserHandler = (event: unknown, context: unknown, callback?: unknown) => unknown;

export async function loadHandler(modulePath: string, handlerName: string, handlerString: string): Promise<UserHandler> {
  let module: unknown;
  try {
    // import() loads .mjs/.cjs by extension and .js by the nearest package.json "type".
    module = await importModule(pathToFileURL(modulePath).href);
  } catch (error) {
    if (error instanceof SyntaxError) throw runtimeErrors.userCodeSyntax(error);
    if ((error as { code?: unknown }).code === "MODULE_NOT_FOUND") throw runtimeErrors.importModule(error);
    throw error;
  }
  let handler = findIn(handlerName, module);
  if (!handler && typeof module === "object" && module !== null && "default" in module) {
    handler = findIn(handlerName, (module as { default: unknown }).default);
  }
  if (!handler) throw runtimeErrors.handlerNotFound(handlerString);
  if (typeof handler !== "function") throw runtimeErrors.handlerNotFunction(handlerString);
  return handler as UserHandler;
}

function findIn(path: string, root: unknown): unknown {
  return path.split(".").reduce<unknown>((nested, key) => {
    if (nested === null || (typeof nested !== "object" && typeof nested !== "function")) return undefined;
    return (nested as Record<string, unknown>)[key];
  }, root);
}

/** The query of the second import, after a failed import of a package (runtimeSdkHooks.ts). */
const RETRY_QUERY = "runtime-sdk";

/**
 * An ES module importing a layer's package (`/opt/nodejs/node_modules`) or the SDK the runtime
 * provides (`import … from "@aws-sdk/client-s3"` in a bundle that left it out) finds it on Lambda;
 * here NODE_PATH lists those directories, which ES modules ignore: once such an import fails,
 * resolution hooks look there and the module is imported again.
 */
async function importModule(url: string): Promise<unknown> {
  try {
    return await import(url);
  } catch (error) {
    const missing = (error as { code?: unknown } | null)?.code === "ERR_MODULE_NOT_FOUND" ? /Cannot find package '([^']+)'/.exec(String((error as Error).message))?.[1] : undefined;
    const searchPaths = (process.env.NODE_PATH ?? "").split(delimiter).filter((dir) => dir !== "");
    const held = missing !== undefined && searchPaths.some((dir) => existsSync(join(dir, missing)));
    if (!held || typeof nodeModule.register !== "function") throw error;
    const data: RuntimeSdkHooksData = { searchPaths, retryQuery: RETRY_QUERY };
    nodeModule.register(new URL("./runtimeSdkHooks.js", import.meta.url), { data });
    // The failed import stays cached under its URL: import the module (and the ES modules it imports) again under others.
    return await import(`${url}?${RETRY_QUERY}`);
  }
}
