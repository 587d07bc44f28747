/** In-process Lambda triggers for the tests (the LambdaInvoker port the sandbox wires to Lambda). */
import { AwsError, type LambdaInvoker } from "@sam-sandbox/core";

export type Event = Record<string, unknown> & { triggerSource: string; request: Record<string, unknown>; response: Record<string, unknown> };
export type Handler = (event: Event) => unknown;

export const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** Lambda as the sandbox wires it, with in-process handlers: a thrown Error is an "Unhandled" function error. */
export function fakeLambda(handlers: Record<string, Handler>, events: Event[]): LambdaInvoker {
  return {
    async invoke(request) {
      const name = request.functionName.slice(request.functionName.lastIndexOf(":") + 1);
      const handler = handlers[name];
      if (!handler) throw new AwsError("ResourceNotFoundException", `Function not found: ${request.functionName}`, 404);
      const event = JSON.parse(request.payload.toString("utf8")) as Event;
      events.push(event);
      try {
        const result = await handler(event);
        return { statusCode: 200, payload: Buffer.from(result === undefined ? "null" : JSON.stringify(result)), executedVersion: "$LATEST" };
      } catch (error) {
        const payload = { errorType: "Error", errorMessage: error instanceof Error ? error.message : String(error) };
        return { statusCode: 200, payload: Buffer.from(JSON.stringify(payload)), functionError: "Unhandled", executedVersion: "$LATEST" };
      }
    },
  };
}
