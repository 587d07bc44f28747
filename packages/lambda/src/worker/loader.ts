/**
 * Loads the user's module and finds the handler in it, failing with the Node.js
 * runtime's errors (Runtime.ImportModuleError, Runtime.UserCodeSyntaxError,
 * Runtime.HandlerNotFound).
 */
import { existsSync } from "node:fs";
import { register } from "node:module";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { runtimeErrors } from "./errors.js";

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

/**
 * An ES module importing the SDK the runtime provides (`import … from "@aws-sdk/client-s3"` in a
 * bundle that left it out) finds it on Lambda; here NODE_PATH lists the SDK's directory, which ES
 * modules ignore: once such an import fails, resolution hooks look there and the module is imported again.
 */
async function importModule(url: string): Promise<unknown> {
  try {
    return await import(url);
  } catch (error) {
    const missingSdk = (error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND" && /'@aws-sdk\//.test(String((error as Error).message));
    const sdkDir = missingSdk ? (process.env.NODE_PATH ?? "").split(delimiter).find((dir) => dir !== "" && existsSync(join(dir, "@aws-sdk"))) : undefined;
    if (sdkDir === undefined) throw error;
    register(new URL("./runtimeSdkHooks.js", import.meta.url), { data: { runtimeNodeModules: sdkDir } });
    // The failed import stays cached under its URL: import the module again under another one.
    return await import(`${url}?runtime-sdk`);
  }
}
