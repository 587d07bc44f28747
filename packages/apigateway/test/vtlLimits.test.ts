/**
 * Mapping templates are the API author's, but what they iterate is the client's request, and a
 * render holds the sandbox's one thread. API Gateway's Velocity stops a #foreach after 1000
 * iterations ("API Gateway quotas for configuring and running a REST API": "Number of iterations
 * in a #foreach ... #end loop in mapping templates", 1000); a template that still runs away (nested
 * loops, an endless #macro, a regular expression backtracking over the body) fails
 * as one that cannot be applied does: 500 {"message": "Internal server error"}, within the
 * sandbox's render deadline, and the sandbox goes on serving.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, mocked, restApi, startGateway, templated } from "./helpers.js";

const INTERNAL_REST = '{"message": "Internal server error"}';

const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("mapping templates within API Gateway's Velocity limits", () => {
  let h: Harness;
  let payloads: unknown[];
  beforeAll(async () => {
    h = await startGateway([
      restApi([
        templated("/items", '{"items": [#foreach($item in $input.path(\'$\'))$item, #end 0]}'),
        mocked("/range", "#foreach($i in [1..100000000])$i,#end"),
        mocked("/down", "#foreach($i in [3..1])$i#if($foreach.hasNext),#end#end"),
        mocked("/nested", "#foreach($i in [1..1000])#foreach($j in [1..1000])#foreach($k in [1..1000])x#end#end#end"),
        mocked("/kept-range", "#set($r = [1..100000000])$r.size()"),
        mocked("/macro", "#macro(again)#again()#end#again()"),
        templated(
          "/code",
          '#set($code = $input.path(\'$.code\'))#set($parts = $code.split("-"))' +
            '{"valid": #if($code.matches("[A-Z]{2}-\\d+"))true#{else}false#end, "swapped": "$code.replaceAll("(\\w+)-(\\d+)", "$2:$1")", "parts": $parts.size()}',
        ),
        templated("/runaway-regex", '{"repeated": #if($input.body.matches("(a+)+\\1b"))true#{else}false#end}'),
      ]),
    ]);
    payloads = [];
    h.lambda.script("echo", (event) => {
      payloads.push(event);
      return "ok";
    });
  });
  afterAll(() => h.close());

  it("stops a #foreach over the client's 1500 items after 1000, as Velocity's maxloops does", async () => {
    const res = await fetch(`${h.url}/Prod/items`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(numbers(1, 1500)) });
    expect(res.status).toBe(200);
    expect(payloads.at(-1)).toEqual({ items: [...numbers(1, 1000), 0] });
  });

  it("walks a range of a hundred million numbers for its first 1000 only, at once", async () => {
    const res = await fetch(`${h.url}/Prod/range`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`${numbers(1, 1000).join(",")},`);
  });

  it("still counts ranges downwards and knows when one has no next item", async () => {
    expect(await (await fetch(`${h.url}/Prod/down`)).text()).toBe("3,2,1");
  });

  it("fails a template whose nested loops would run a billion times with 500 Internal server error; the next request is served", async () => {
    const runaway = fetch(`${h.url}/Prod/nested`);
    const other = await fetch(`${h.url}/Prod/down`);
    expect(await other.text()).toBe("3,2,1");
    const res = await runaway;
    expect(res.status).toBe(500);
    expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
    expect(await res.text()).toBe(INTERNAL_REST);
    expect(h.warnings.some((w) => w.includes("could not apply the response template") && w.includes("ran longer than"))).toBe(true);
  });

  it("fails a template that keeps a range of a hundred million numbers instead of building it", async () => {
    const res = await fetch(`${h.url}/Prod/kept-range`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(INTERNAL_REST);
  });

  it("runs Java's String.matches, replaceAll and split on the client's data", async () => {
    const res = await fetch(`${h.url}/Prod/code`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"code": "AB-12"}' });
    expect(res.status).toBe(200);
    expect(payloads.at(-1)).toEqual({ valid: true, swapped: "12:AB", parts: 2 });
  });

  it("fails a template whose regular expression backtracks without end over the client's body with 500", async () => {
    const res = await fetch(`${h.url}/Prod/runaway-regex`, { method: "POST", headers: { "content-type": "application/json" }, body: `${"a".repeat(100)}c` });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(INTERNAL_REST);
    expect(h.warnings.some((w) => w.includes("could not apply the request template") && w.includes("ran longer than"))).toBe(true);
    // The regex worker was replaced: the next template with a regular expression runs.
    const next = await fetch(`${h.url}/Prod/code`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"code": "x-1"}' });
    expect(next.status).toBe(200);
    expect(payloads.at(-1)).toEqual({ valid: false, swapped: "1:x", parts: 2 });
  });

  it("fails a #macro that calls itself without end", async () => {
    const res = await fetch(`${h.url}/Prod/macro`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(INTERNAL_REST);
  });
});

describe("an API author's regular expressions over what the client sent", () => {
  let h: Harness;
  // (a+)+\1b over 100 "a"s backtracks for longer than the age of the universe.
  const RUNAWAY = "(a+)+\\1b";
  const LONG = `${"a".repeat(100)}c`;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          { method: "GET", path: "/guarded", functionName: "items", payloadFormatVersion: "1.0", authorization: { authorizer: "TokenAuth" } },
          {
            method: "POST",
            path: "/select",
            functionName: "fails",
            payloadFormatVersion: "1.0",
            awsIntegration: { service: "lambda", responses: [{ statusCode: "400", selectionPattern: RUNAWAY }, { statusCode: "200" }] },
          },
        ],
        {
          authorizers: [
            { name: "TokenAuth", type: "TOKEN", functionName: "auth", identitySources: ["method.request.header.Authorization"], validationExpression: RUNAWAY, ttlSeconds: 0 },
          ],
        },
      ),
    ]);
    h.lambda.script("auth", () => {
      throw new Error("Unauthorized");
    });
    h.lambda.script("fails", (event) => {
      throw new Error(String((event as { message?: unknown }).message));
    });
  });
  afterAll(() => h.close());

  it("a token the validationExpression cannot decide on in time does not validate: 401, the authorizer not called", async () => {
    const res = await fetch(`${h.url}/Prod/guarded`, { headers: { authorization: LONG } });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('{"message":"Unauthorized"}');
    expect(h.lambda.calls.filter((c) => c.functionName === "auth")).toEqual([]);
  });

  it("a selectionPattern that cannot decide on the error message in time selects nothing: the default response", async () => {
    const res = await fetch(`${h.url}/Prod/select`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message: LONG }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ errorMessage: LONG });
  });
});
