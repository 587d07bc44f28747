import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fn, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
const STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000";

beforeAll(async () => {
  lambda = await startLambda([fn("target", "esm-app", "index.echo")]);
});

afterAll(async () => {
  await lambda?.close();
});

/** A body no SDK would send: the Lambda API as curl or a hand-written client reaches it. */
async function post(path: string, body: unknown): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const res = await fetch(`${lambda.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get("x-amzn-errortype"), body: (await res.json()) as Record<string, unknown> };
}

describe("JSON member types", () => {
  it("answers 400 SerializationException for a scalar where the model has a structure", async () => {
    const out = await post("/2015-03-31/event-source-mappings/", { FunctionName: "target", EventSourceArn: STREAM, StartingPosition: "LATEST", DestinationConfig: "x" });
    expect(out).toEqual({ status: 400, type: "SerializationException", body: { Type: "User", message: "Unexpected field type" } });
  });

  it("answers SerializationException for a string where the model has an integer, before any constraint", async () => {
    const out = await post("/2015-03-31/event-source-mappings/", { FunctionName: "target", EventSourceArn: STREAM, BatchSize: "10" });
    expect(out).toEqual({ status: 400, type: "SerializationException", body: { Type: "User", message: "STRING_VALUE cannot be converted to Integer" } });
  });

  it("checks every Lambda JSON body, not only event source mappings", async () => {
    const out = await post("/2015-03-31/functions/target/policy", { StatementId: "s", Action: "lambda:InvokeFunction", Principal: ["s3.amazonaws.com"] });
    expect(out).toMatchObject({ status: 400, type: "SerializationException" });
  });

  it("reads an explicit null as an absent member", async () => {
    const out = await post("/2015-03-31/functions/target/policy", { StatementId: "s", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com", SourceArn: null });
    expect(out.status).toBe(201);
    expect(JSON.parse(String(out.body.Statement))).not.toHaveProperty("Condition");
  });
});
