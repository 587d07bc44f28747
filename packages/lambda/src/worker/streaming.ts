/**
 * Response streaming in the Node.js runtime: `awslambda.streamifyResponse(handler)` marks a
 * handler that is called as handler(event, responseStream, context) and writes its
 * response to the stream; `awslambda.HttpResponseStream.from(stream, metadata)` writes the
 * HTTP prelude function URLs read (JSON, then 8 NUL bytes). Each write is posted to the
 * sandbox as it happens (InvokeWithResponseStream and RESPONSE_STREAM function URLs send it
 * on at once; Invoke collects it); the answer posted at the end is empty. The stream's
 * content type (`setContentType`, before the first write) goes with the first chunk, as the
 * runtime sends it in the headers of its streamed POST to the Runtime API.
 */
import { Writable } from "node:stream";
import type { UserHandler } from "./loader.js";
import type { RuntimeErrorPayload } from "./protocol.js";
import { logInvokeError, runtimeErrors, toRuntimeResponse } from "./errors.js";

// The symbol the Node.js runtime (aws-lambda-nodejs-runtime-interface-client) marks streaming handlers with.
const HANDLER_STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");
const STREAM_RESPONSE = "response";
// aws-lambda-nodejs-runtime-interface-client src/stream/constants.ts: a stream's content type
// unless the handler sets one, and the one HttpResponseStream.from() sets (a prelude follows).
const DEFAULT_CONTENT_TYPE = "application/octet-stream";
const METADATA_PRELUDE_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";
// HttpResponseStream: the metadata prelude ends with 8 NUL bytes.
const PRELUDE_DELIMITER = Buffer.alloc(8);

export interface StreamFinish {
  /** One write of the handler, as is (not JSON-encoded); `contentType` with the first one only. */
  chunk(data: Buffer, contentType: string | undefined): void;
  /** The stream ended: everything was given to `chunk`. */
  done(contentType: string): void;
  error(error: RuntimeErrorPayload): void;
}

/**
 * The `responseStream` a streaming handler gets: a Writable whose writes go to the sandbox.
 * Its content type is fixed by the first write (or the end); `_onBeforeFirstWrite` writes
 * what must come first (HttpResponseStream.from()'s prelude), as the runtime's stream does.
 */
class ResponseStream extends Writable {
  _onBeforeFirstWrite: ((write: (chunk: Buffer) => void) => void) | undefined;
  private type = DEFAULT_CONTENT_TYPE;
  private begun = false;

  constructor(private readonly finish: StreamFinish) {
    super();
  }

  get contentType(): string {
    return this.type;
  }

  setContentType(type: string): void {
    if (this.begun) throw runtimeErrors.invalidStreamingOperation("Cannot set content-type, too late.");
    this.type = type;
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const data = typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk);
    if (this.begun) this.finish.chunk(data, undefined);
    else this.first(data);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    // Ended without a write: what had to come first still comes (a prelude-only response).
    if (!this.begun) this.first(undefined);
    callback();
  }

  /** The first write fixes the content type; it goes with it, after what must come before it. */
  private first(data: Buffer | undefined): void {
    this.begun = true;
    const pieces: Buffer[] = [];
    const before = this._onBeforeFirstWrite;
    if (typeof before === "function") before((chunk) => pieces.push(Buffer.from(chunk)));
    if (data) pieces.push(data);
    if (pieces.length > 0) this.finish.chunk(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces), this.type);
  }
}

/** Defines the `awslambda` global the Node.js runtime gives handlers. */
export function installAwsLambdaGlobal(): void {
  const awslambda = {
    streamifyResponse<T extends object>(handler: T): T {
      Object.defineProperty(handler, HANDLER_STREAMING, { value: STREAM_RESPONSE });
      return handler;
    },
    HttpResponseStream: {
      from(stream: ResponseStream, metadata: unknown): ResponseStream {
        stream.setContentType(METADATA_PRELUDE_CONTENT_TYPE);
        // One piece: the prelude arrives whole, in the first chunk, where function URLs look for it.
        const prelude = Buffer.concat([Buffer.from(JSON.stringify(metadata)), PRELUDE_DELIMITER]);
        stream._onBeforeFirstWrite = (write) => write(prelude);
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
  const stream = new ResponseStream(finish);
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
    logInvokeError(err);
    finish.error(toRuntimeResponse(err));
    return;
  }
  finish.done(stream.contentType);
}
