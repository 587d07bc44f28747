/**
 * Hostile input found by fuzzing Parameter Store through its wire (DESIGN.md "Bad input"): each
 * case once answered HTTP 500 or froze the process; now it answers what AWS does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetParameterCommand, PutParameterCommand, SSMClient, type SSMServiceException } from "@aws-sdk/client-ssm";
import { VirtualClock } from "@sam-sandbox/core";
import { createSsm } from "../src/index.js";
import { rejection, served } from "../../../test/helpers/services.js";

const clock = new VirtualClock(Date.UTC(2026, 10, 26, 12, 0, 0));
let ssm: SSMClient;
let url: string;
let close: () => Promise<void>;

const failure = (promise: Promise<unknown>) => rejection<SSMServiceException>(promise);

beforeAll(async () => {
  const service = await createSsm({ clock });
  ({ client: ssm, url, close } = await served(service.service.handle, (config) => new SSMClient(config)));
});

afterAll(() => close());

/** An awsJson 1.1 request with a body no SDK would build. */
async function json(action: string, body: unknown): Promise<{ status: number; body: { __type?: string; message?: string } & Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AmazonSSM.${action}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { __type?: string } };
}

describe("PutParameter AllowedPattern", () => {
  it("refuses a pattern that is no regular expression with InvalidAllowedPatternException (it answered HTTP 500)", async () => {
    const err = await failure(ssm.send(new PutParameterCommand({ Name: "/bad-pattern", Value: "a", Type: "String", AllowedPattern: "(" })));
    expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual([
      "InvalidAllowedPatternException", "The request doesn't meet the regular expression requirement.", 400,
    ]);
    expect(await failure(ssm.send(new GetParameterCommand({ Name: "/bad-pattern" })))).toMatchObject({ name: "ParameterNotFound" });
  });

  it("stops a catastrophically backtracking pattern and answers a mismatch (it froze the whole process)", async () => {
    const started = Date.now();
    const err = await failure(ssm.send(new PutParameterCommand({ Name: "/redos", Value: `${"a".repeat(40)}!`, Type: "String", AllowedPattern: "^(a+)+$" })));
    expect([err.name, err.message]).toEqual(["ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: ^(a+)+$"]);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The same pattern still admits a value it matches.
    await ssm.send(new PutParameterCommand({ Name: "/redos", Value: "aaaa", Type: "String", AllowedPattern: "^(a+)+$" }));
    expect((await ssm.send(new GetParameterCommand({ Name: "/redos" }))).Parameter?.Value).toBe("aaaa");
  });
});

describe("JSON null members", () => {
  it("reads a null optional member as absent (GetParameterHistory NextToken crashed: HTTP 500)", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/nulls", Value: "v", Type: "String" }));
    const res = await json("GetParameterHistory", { Name: "/nulls", NextToken: null });
    expect(res.status).toBe(200);
    expect(res.body.Parameters).toHaveLength(1);
  });

  it("drops a null label, and answers the list's own constraint (LabelParameterVersion crashed: HTTP 500)", async () => {
    const res = await json("LabelParameterVersion", { Name: "/nulls", Labels: [null] });
    expect(res).toEqual({
      status: 400,
      body: { __type: "ValidationException", message: "1 validation error detected: Value '[]' at 'labels' failed to satisfy constraint: Member must have length greater than or equal to 1" },
    });
  });
});
