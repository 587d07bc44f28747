/**
 * Splits a Handler setting the way the Node.js runtime does (UserFunction.js):
 * "src/handlers/get.handler" → module root "src/handlers", module "get", handler "handler";
 * "index.nested.fn" → module "index", handler "nested.fn".
 */
import { posix } from "node:path";
import type { RuntimeErrorPayload } from "../worker/protocol.js";
import { functionErrors } from "./functionErrors.js";

export interface ParsedHandler {
  moduleRoot: string;
  moduleName: string;
  handlerName: string;
}

export function parseHandlerString(handler: string): ParsedHandler | { error: RuntimeErrorPayload } {
  if (handler.includes("..")) {
    return {
      error: functionErrors.malformedHandler(
        `'${handler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
      ),
    };
  }
  const base = posix.basename(handler);
  const moduleRoot = handler.substring(0, handler.indexOf(base)).replace(/\/$/, "");
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (!match) return { error: functionErrors.malformedHandler("Bad handler") };
  return { moduleRoot, moduleName: match[1], handlerName: match[2] };
}
