import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand, InvokeWithResponseStreamCommand, type InvokeWithResponseStreamResponseEvent } from "@aws-sdk/client-lambda";
import { fn, json, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;

beforeAll(async () => {
  lambda = await startLambda([
    fn("chunks", "stream-app", "index.chunks"),
    fn("noEnd", "stream-app", "index.noEnd"),
    fn("http", "stream-app", "index.http"),
    fn("fails", "stream-app", "index.fails"),
    fn("plain", "stream-app", "index.plain"),
    fn("waits", "stream-app", "index.waits"),
    fn("breaksMidway", "stream-app", "index.breaksMidway"),
    fn("sse", "stream-app", "index.sse"),
    fn("tooLate", "stream-app", "index.tooLate"),
    fn("emptyCsv", "stream-app", "index.emptyCsv"),
    fn("types", "stream-app", "index.types"),
    fn("customStreams", "provided-app", "streams", { runtime: "provided.al2023" }),
  ]);
});

afterAll(async () => {
  await lambda?.close();
});

const decoder = new TextDecoder();

/** Reads the whole event stream: the chunks' text and the InvokeComplete event. */
async function stream(FunctionName: string, payload: unknown = {}, LogType?: "Tail") {
  const out = await lambda.client.send(new InvokeWithResponseStreamCommand({ FunctionName, Payload: json(payload), LogType }));
  let text = "";
  let chunks = 0;
  let complete: InvokeWithResponseStreamResponseEvent["InvokeComplete"];
  for await (const event of out.EventStream ?? []) {
    if (event.PayloadChunk?.Payload) {
      chunks++;
      text += decoder.decode(event.PayloadChunk.Payload);
    }
    if (event.InvokeComplete) complete = event.InvokeComplete;
  }
  return { out, text, chunks, complete };
}

describe("InvokeWithResponseStream", () => {
  it("streams what an awslambda.streamifyResponse handler writes, then InvokeComplete", async () => {
    const { out, text, complete } = await stream("chunks", { name: "ada" });
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe("$LATEST");
    expect(text).toBe("hello ada from chunks");
    expect(complete).toEqual({});
  });

  it("ends the response when the handler returns without ending the stream", async () => {
    expect((await stream("noEnd")).text).toBe("partial");
  });

  it("writes HttpResponseStream's prelude (JSON, then 8 NUL bytes) before the body", async () => {
    const { text } = await stream("http");
    expect(text).toBe(`${JSON.stringify({ statusCode: 201, headers: { "x-custom": "yes" } })}${"\0".repeat(8)}created`);
  });

  it("reports a failed function in InvokeComplete's ErrorCode and ErrorDetails, with the log for LogType Tail", async () => {
    const { chunks, complete } = await stream("fails", {}, "Tail");
    expect(chunks).toBe(0);
    expect(complete).toMatchObject({ ErrorCode: "TypeError", ErrorDetails: "stream broke" });
    expect(Buffer.from(complete?.LogResult ?? "", "base64").toString("utf8")).toContain("REPORT RequestId:");
  });

  it("answers a handler that does not stream with its JSON response in one chunk", async () => {
    const { text, chunks } = await stream("plain");
    expect(chunks).toBe(1);
    expect(JSON.parse(text)).toEqual({ streamed: false });
  });

  it("answers Invoke on a streaming function with the whole response", async () => {
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "chunks", Payload: json({ name: "bob" }) }));
    expect(decoder.decode(out.Payload)).toBe("hello bob from chunks");
  });

  it("answers with the stream's content type in Content-Type (ResponseStreamContentType)", async () => {
    const sse = await stream("sse");
    expect(sse.out.ResponseStreamContentType).toBe("text/event-stream");
    // responseStream.contentType reads back what was set.
    expect(sse.text).toBe("data: text/event-stream\n\n");
    expect((await stream("chunks", { name: "ada" })).out.ResponseStreamContentType).toBe("text/plain");
    // The Node.js runtime's default, and HttpResponseStream.from()'s.
    expect((await stream("noEnd")).out.ResponseStreamContentType).toBe("application/octet-stream");
    expect((await stream("http")).out.ResponseStreamContentType).toBe("application/vnd.awslambda.http-integration-response");
    // Nothing written: the content type still comes.
    const empty = await stream("emptyCsv");
    expect(empty.out.ResponseStreamContentType).toBe("text/csv");
    expect(empty.chunks).toBe(0);
    // A handler that does not stream: its response is posted as JSON.
    expect((await stream("plain")).out.ResponseStreamContentType).toBe("application/json");
  });

  it("gives the stream a contentType that HttpResponseStream.from() changes", async () => {
    const { text } = await stream("types");
    expect(text.slice(text.indexOf("\0".repeat(8)) + 8)).toBe("application/octet-stream application/vnd.awslambda.http-integration-response");
  });

  it("refuses setContentType after the first write with Runtime.InvalidStreamingOperation", async () => {
    const { text, complete } = await stream("tooLate");
    expect(text).toBe("begun");
    expect(complete).toMatchObject({ ErrorCode: "Runtime.InvalidStreamingOperation", ErrorDetails: "Cannot set content-type, too late." });
  });

  it("answers AWS's errors before streaming", async () => {
    await expect(lambda.client.send(new InvokeWithResponseStreamCommand({ FunctionName: "missing" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing:$LATEST",
    });
  });
});

/** An HTTP server whose answer the test gives when it chooses: the handler waits on it. */
async function signalServer() {
  let waiting: ServerResponse | undefined;
  let arrived: () => void = () => {};
  const asked = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = createServer((_req, res) => {
    waiting = res;
    arrived();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    /** Resolves once the handler is waiting for the go-ahead. */
    asked,
    release(text: string) {
      waiting?.end(text);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("InvokeWithResponseStream, as it happens", () => {
  it("delivers a chunk while the handler is still running", async () => {
    const signal = await signalServer();
    const out = await lambda.client.send(new InvokeWithResponseStreamCommand({ FunctionName: "waits", Payload: json({ signal: signal.url }) }));
    if (!out.EventStream) throw new Error("no event stream");
    const events = out.EventStream[Symbol.asyncIterator]();
    const first = await events.next();
    expect(decoder.decode(first.value?.PayloadChunk?.Payload)).toBe("first");
    // The handler is blocked on the go-ahead only this test gives: it has not finished.
    await signal.asked;
    signal.release("second");
    const second = await events.next();
    expect(decoder.decode(second.value?.PayloadChunk?.Payload)).toBe("second");
    const last = await events.next();
    expect(last.value?.InvokeComplete).toEqual({});
    expect((await events.next()).done).toBe(true);
    await signal.close();
  });

  it("drops the rest of a response whose reader disconnected, and keeps serving", async () => {
    const signal = await signalServer();
    const abort = new AbortController();
    const out = await lambda.client.send(new InvokeWithResponseStreamCommand({ FunctionName: "waits", Payload: json({ signal: signal.url }) }), { abortSignal: abort.signal });
    if (!out.EventStream) throw new Error("no event stream");
    const events = out.EventStream[Symbol.asyncIterator]();
    expect(decoder.decode((await events.next()).value?.PayloadChunk?.Payload)).toBe("first");
    await signal.asked;
    abort.abort();
    signal.release("after the reader left");
    expect((await stream("chunks", { name: "eve" })).text).toBe("hello eve from chunks");
    await signal.close();
  });

  it("streams a custom runtime's response posted in Lambda-Runtime-Function-Response-Mode streaming", async () => {
    const signal = await signalServer();
    const out = await lambda.client.send(new InvokeWithResponseStreamCommand({ FunctionName: "customStreams", Payload: json({ signal: signal.url }) }));
    if (!out.EventStream) throw new Error("no event stream");
    const events = out.EventStream[Symbol.asyncIterator]();
    expect(decoder.decode((await events.next()).value?.PayloadChunk?.Payload)).toBe("first");
    await signal.asked;
    signal.release("second");
    expect(decoder.decode((await events.next()).value?.PayloadChunk?.Payload)).toBe("second");
    expect((await events.next()).value?.InvokeComplete).toEqual({});
    // The Content-Type of the runtime's streamed POST.
    expect(out.ResponseStreamContentType).toBe("text/plain; charset=utf-8");
    await signal.close();
  });

  it("reports a failure after streamed chunks in InvokeComplete", async () => {
    const { text, complete } = await stream("breaksMidway");
    expect(text).toBe("before");
    expect(complete).toMatchObject({ ErrorCode: "Error", ErrorDetails: "midway" });
  });
});
