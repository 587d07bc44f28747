/**
 * Response streaming in the Node.js runtime: `awslambda.streamifyResponse(handler)` marks a
 * handler that is called as handler(event, responseStream, context) and writes its
 * response to the stream; `awslambda.HttpResponseStream.from(stream, metadata)` writes the
 * HTTP prelude function URLs read (JSON, then 8 NUL bytes). Each write is posted to the
 * sandbox as it happens (InvokeWithResponseStream and RESPONSE_STREAM function URLs send it
 * on at once; Invoke collects it); the answer posted at the end is empty.
 */
import { Writable } from "node:stream";
import type { UserHandler } from "./loader.js";
import type { RuntimeErrorPayload } from "./protocol.js";
import { intoError, toFormatted, toRuntimeResponse } from "./errors.js";

// The symbol the Node.js runtime (aws-lambda-nodejs-runtime-interface-client) marks streaming handlers with.
const HANDLER_STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");
const STREAM_RESPONSE = "response";
// HttpResponseStream: the metadata prelude ends with 8 NUL bytes.
const PRELUDE_DELIMITER = Buffer.alloc(8);

export interface StreamFinish {
  /** One write of the handler, as is (not JSON-encoded). */
  chunk(data: Buffer): void;
  /** The stream ended: everything was given to `chunk`. */
  done(): void;
  error(error: RuntimeErrorPayload): void;
}

/** Defines the `awslambda` global the Node.js runtime gives handlers. */
export function installAwsLambdaGlobal(): void {
  const awslambda = {
    streamifyResponse<T extends object>(handler: T): T {
      Object.defineProperty(handler, HANDLER_STREAMING, { value: STREAM_RESPONSE });
      return handler;
    },
    HttpResponseStream: {
      from(stream: Writable, metadata: unknown): Writable {
        // One write: the prelude arrives whole, in the first chunk, where function URLs look for it.
        stream.write(Buffer.concat([Buffer.from(JSON.stringify(metadata)), PRELUDE_DELIMITER]));
        return stream;
      },
    },
  };
  Object.defineProperty(globalThis, "awslambda", { value: awslambda, writable: true, configurable: true });
}

export function isStreaming(handler: UserHandler): boolean {
  return (handler as unknown as Record<symbol, unknown>)[HANDLER_STREAMING] === STREAM_RESPONSE;
}

export async function invokeStreaming(handler: UserHandler, event: unknown, context: Record<string, unknown>, finish: StreamFinish): Promise<void> {
  let contentType: string | undefined;
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer | string, encoding, callback) {
        finish.chunk(typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk));
        callback();
      },
    }),
    {
      setContentType(type: string) {
        contentType = type;
      },
      get contentType() {
        return contentType;
      },
    },
  );
  const ended = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  try {
    await handler(event, stream, context);
    // A handler that returns without ending the stream ends the response.
    if (!stream.writableEnded) stream.end();
    await ended;
  } catch (err) {
    console.error("Invoke Error", toFormatted(intoError(err)));
    finish.error(toRuntimeResponse(err));
    return;
  }
  finish.done();
}
