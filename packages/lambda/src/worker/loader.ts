/**
 * Loads the user's module and finds the handler in it, failing with the Node.js
 * runtime's errors (Runtime.ImportModuleError, Runtime.UserCodeSyntaxError,
 * Runtime.HandlerNotFound).
 */
import { pathToFileURL } from "node:url";
import { runtimeErrors } from "./errors.js";

export type UserHandler = (event: unknown, context: unknown, callback?: unknown) => unknown;

export async function loadHandler(modulePath: string, handlerName: string, handlerString: string): Promise<UserHandler> {
  let module: unknown;
  try {
    // import() loads .mjs/.cjs by extension and .js by the nearest package.json "type".
    module = await import(pathToFileURL(modulePath).href);
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
