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

  it("answers AWS's errors before streaming", async () => {
    await expect(lambda.client.send(new InvokeWithResponseStreamCommand({ FunctionName: "missing" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing",
    });
  });
});
