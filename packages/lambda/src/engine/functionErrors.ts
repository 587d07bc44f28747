/**
 * What an invocation returns when the environment, not the handler, fails: the payloads
 * Lambda sends with X-Amz-Function-Error: Unhandled, with AWS's texts.
 */
import type { RuntimeErrorPayload } from "../worker/protocol.js";

function withTrace(errorType: string, errorMessage: string): RuntimeErrorPayload {
  return { errorType, errorMessage, trace: `${errorType}: ${errorMessage}`.split("\n") };
}

/** How Lambda's init (Go) names the signal that ended a runtime process. */
const SIGNAL_TEXT: Record<string, string> = {
  SIGKILL: "killed",
  SIGTERM: "terminated",
  SIGSEGV: "segmentation fault",
  SIGABRT: "aborted",
  SIGINT: "interrupt",
  SIGBUS: "bus error",
};

export const functionErrors = {
  timedOut: (requestId: string, timeoutSeconds: number): RuntimeErrorPayload => ({
    errorType: "Sandbox.Timedout",
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  }),
  exited: (requestId: string, exitCode: number, signal?: string): RuntimeErrorPayload => ({
    errorType: "Runtime.ExitError",
    errorMessage: signal
      ? `RequestId: ${requestId} Error: Runtime exited with error: signal: ${SIGNAL_TEXT[signal] ?? signal}`
      : exitCode === 0
        ? `RequestId: ${requestId} Error: Runtime exited without providing a reason`
        : `RequestId: ${requestId} Error: Runtime exited with error: exit status ${exitCode}`,
  }),
  outOfMemory: (requestId: string): RuntimeErrorPayload => ({
    errorType: "Runtime.OutOfMemory",
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
  }),
  // errorMessage first, as Lambda writes it (localstack test_lambda_too_large_response, recorded on AWS).
  responseTooLarge: (limit: number): RuntimeErrorPayload => ({
    errorMessage: `Response payload size exceeded maximum allowed payload size (${limit} bytes).`,
    errorType: "Function.ResponseSizeTooLarge",
  }),
  /**
   * The runtime posted its response with a Lambda-Runtime-Function-Response-Mode other than
   * streaming (RIE handler/invocationresponse.go, fatalerror.go): the error type alone, no message.
   */
  invalidResponseMode: (): RuntimeErrorPayload => ({ errorType: "Runtime.InvalidResponseModeHeader", errorMessage: "" }),
  /** provided.*: no bootstrap to run, or it cannot be executed. */
  invalidEntrypoint: (message: string): RuntimeErrorPayload => ({ errorType: "Runtime.InvalidEntrypoint", errorMessage: message }),
  /** The runtime's text when the handler's module file does not exist. */
  moduleNotFound: (moduleName: string): RuntimeErrorPayload =>
    withTrace("Runtime.ImportModuleError", `Error: Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`),
  malformedHandler: (message: string): RuntimeErrorPayload => withTrace("Runtime.MalformedHandlerName", message),
  /** esbuild could not bundle the code: reported as the runtime reports a syntax error. */
  buildFailed: (message: string): RuntimeErrorPayload => withTrace("Runtime.UserCodeSyntaxError", message),
};
