/**
 * The Node.js runtime's own errors and how it serializes any thrown value, as
 * aws-lambda-nodejs-runtime-interface-client does (Errors/index.ts, UserFunction.js).
 */
import { types } from "node:util";
import type { RuntimeErrorPayload } from "./protocol.js";

class RuntimeError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export const runtimeErrors = {
  handlerNotFound: (handlerString: string) =>
    new RuntimeError("Runtime.HandlerNotFound", `${handlerString} is undefined or not exported`),
  handlerNotFunction: (handlerString: string) =>
    new RuntimeError("Runtime.HandlerNotFound", `${handlerString} is not a function`),
  importModule: (cause: unknown) => new RuntimeError("Runtime.ImportModuleError", String(cause)),
  userCodeSyntax: (cause: Error) => {
    const error = new RuntimeError("Runtime.UserCodeSyntaxError", String(cause));
    error.stack = cause.stack;
    return error;
  },
  unhandledRejection: (reason: unknown) =>
    new RuntimeError("Runtime.UnhandledPromiseRejection", String(reason)),
  callbackHandlerRemoved: () =>
    new RuntimeError(
      "Runtime.CallbackHandlerDeprecated",
      "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.",
    ),
  stringify: () => new RuntimeError("Runtime.JSONStringifyError", "Unable to stringify response body"),
  /** A streaming handler misusing its stream ("Cannot set content-type, too late."). */
  invalidStreamingOperation: (message: string) => new RuntimeError("Runtime.InvalidStreamingOperation", message),
};

function looksLikeError(value: unknown): value is Error {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { name?: unknown; message?: unknown; stack?: unknown };
  return typeof v.name === "string" && typeof v.message === "string" && typeof v.stack === "string";
}

/** The invocation's error payload: {errorType, errorMessage, trace}. */
export function toRuntimeResponse(error: unknown): RuntimeErrorPayload {
  try {
    if (types.isNativeError(error) || looksLikeError(error)) {
      return {
        errorType: error.name,
        errorMessage: error.message,
        trace: typeof error.stack === "string" ? error.stack.split("\n") : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: "handled",
      errorMessage:
        "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
      trace: [],
    };
  }
}

export function intoError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * The runtime's structuredConsole.logError("Invoke Error", err) (aws-lambda-nodejs-runtime-interface-client,
 * LogPatch.js): a Text function logs "Invoke Error\t{...}"; a JSON one logs the Error alone, so
 * its record's "message" is {errorType, errorMessage, stackTrace, …}.
 */
export function logInvokeError(err: unknown): void {
  const error = intoError(err);
  if (process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === "JSON") console.error(error);
  else console.error("Invoke Error", toFormatted(error));
}

/** "\t{...}" — how the runtime logs an error next to "Invoke Error" / "Uncaught Exception". */
export function toFormatted(error: Error): string {
  try {
    return `\t${JSON.stringify(error, (_key, value: unknown) => withEnumerableProperties(value))}`;
  } catch {
    return `\t${JSON.stringify(toRuntimeResponse(error))}`;
  }
}

function withEnumerableProperties(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const out: Record<string, unknown> = {
    errorType: value.name,
    errorMessage: value.message,
    code: (value as { code?: unknown }).code,
    ...value,
  };
  if (typeof value.stack === "string") out.stack = value.stack.split("\n");
  return out;
}
