// Execution data and expressions that used to freeze or overflow the sandbox: each run now ends
// with a States.* error (or the input is refused), and the sandbox keeps answering.
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finished, startApi, type ApiHarness } from "./apiHarness.js";

let api: ApiHarness;
let client: SFNClient;
let count = 0;

beforeAll(async () => {
  api = await startApi();
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

async function run(definition: object, input = "{}") {
  const { stateMachineArn } = await client.send(
    new CreateStateMachineCommand({ name: `hostile-${count++}`, definition: JSON.stringify(definition), roleArn: "arn:aws:iam::000000000000:role/r" }),
  );
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input }));
  return finished(client, executionArn);
}

const jsonata = (output: string) => ({ QueryLanguage: "JSONata", StartAt: "A", States: { A: { Type: "Pass", Output: `{% ${output} %}`, End: true } } });
const pass = (parameters: object) => ({ StartAt: "A", States: { A: { Type: "Pass", Parameters: parameters, End: true } } });

describe("execution input nested deeper than Jackson parses", () => {
  it("is refused by StartExecution with InvalidExecutionInput", async () => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({ name: "deep-input", definition: JSON.stringify(pass({})), roleArn: "arn:aws:iam::000000000000:role/r" }),
    );
    const input = "[".repeat(100_000) + "]".repeat(100_000);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, input }))).rejects.toMatchObject({
      name: "InvalidExecutionInput",
      message:
        "Invalid State Machine Execution Input: 'Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)'",
    });
  });

  it("is invalid for States.StringToJson", async () => {
    const out = await run(pass({ "x.$": "States.StringToJson($.s)" }), JSON.stringify({ s: "[".repeat(100_000) + "]".repeat(100_000) }));
    expect(out).toMatchObject({ status: "FAILED", error: "States.Runtime" });
    expect(out.cause).toContain("Invalid arguments in States.StringToJson");
  });
});

describe("runaway JSONata", () => {
  it("ends unbounded recursion with jsonata's stack overflow error", async () => {
    const out = await run(jsonata("($f := function($x){ $x + $f($x) }; $f(1))"));
    expect(out).toMatchObject({ status: "FAILED", error: "States.QueryEvaluationError" });
    expect(out.cause).toContain("D1011: Stack overflow. Check for non-terminating recursive function.");
  });

  it("ends an endless tail recursion with jsonata's timeout error", async () => {
    const out = await run(jsonata("($f := function($x){ $f($x) }; $f(1))"));
    expect(out).toMatchObject({ status: "FAILED", error: "States.QueryEvaluationError" });
    expect(out.cause).toContain("D1012: Evaluation timeout after 5000 milliseconds. Check for infinite loop");
  });

  it("keeps a recursion through $eval to one wrapped message", async () => {
    const out = await run(jsonata("($f := function(){ $eval('$f()') }; $f())"));
    expect(out).toMatchObject({ status: "FAILED", error: "States.QueryEvaluationError" });
    expect(out.cause).toContain("D3121: Dynamic error evaluating the expression passed to function eval");
    expect(out.cause?.length).toBeLessThan(2000);
  });

  it("refuses a $range past the range operator's 1e7 items", async () => {
    const out = await run(jsonata("$range(0, 100000000, 1)"));
    expect(out).toMatchObject({ status: "FAILED", error: "States.QueryEvaluationError" });
    expect(out.cause).toContain("D2014: The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate 100000001.");
  });

  // With a backreference: V8's linear engine cannot take over such a pattern, so it backtracks
  // whatever V8's flags are (the sandbox sets the fallback for the process; this harness may not).
  it("times out a catastrophically backtracking regular expression", async () => {
    const out = await run(jsonata("$match($states.input.s, /(a)(a+)+\\1b/)"), JSON.stringify({ s: "a".repeat(40) }));
    expect(out).toMatchObject({ status: "FAILED", error: "States.QueryEvaluationError" });
    expect(out.cause).toContain("D1012: Evaluation timeout after 2000 milliseconds. Check for infinite loop");
  });

  it("still matches ordinary regular expressions", async () => {
    const out = await run(jsonata("[$match($states.input.s, /b(\\d)/).groups, $replace($states.input.s, /a/, 'x'), $split($states.input.s, /b/), $contains($states.input.s, /B1/i)]"), JSON.stringify({ s: "ab1ab2a" }));
    expect(JSON.parse(out.output ?? "null")).toEqual(["1", "2", "xb1xb2x", "a", "1a", "2a", true]);
  });
});

describe("Choice StringMatches", () => {
  it("matches a many-wildcard pattern against a long value in linear time", async () => {
    const choice = (pattern: string) => ({
      StartAt: "C",
      States: { C: { Type: "Choice", Choices: [{ Variable: "$.s", StringMatches: pattern, Next: "Yes" }], Default: "No" }, Yes: { Type: "Succeed" }, No: { Type: "Fail", Error: "No" } },
    });
    const long = JSON.stringify({ s: "a".repeat(200_000) });
    expect(await run(choice("*a*a*a*a*a*a*a*a*a*a*a*b"), long)).toMatchObject({ status: "FAILED", error: "No" });
    expect(await run(choice("a*a*a*a"), long)).toMatchObject({ status: "SUCCEEDED" });
    expect(await run(choice("x\\*y*z"), JSON.stringify({ s: "x*y--z" }))).toMatchObject({ status: "SUCCEEDED" });
    expect(await run(choice("x\\*y*z"), JSON.stringify({ s: "xay--z" }))).toMatchObject({ status: "FAILED", error: "No" });
    expect(await run(choice("ab*ba"), JSON.stringify({ s: "aba" }))).toMatchObject({ status: "FAILED", error: "No" });
  });
});

describe("TestState with a definition nested deeper than Jackson parses", () => {
  it("is refused as INVALID_JSON_DESCRIPTION, not a crash", async () => {
    const res = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AWSStepFunctions.TestState" },
      body: JSON.stringify({ definition: `{"Type":"Pass","Result":${"[".repeat(100_000)}${"]".repeat(100_000)},"End":true}`, roleArn: "arn:aws:iam::000000000000:role/r" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      __type: "InvalidDefinition",
      message:
        "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)'",
    });
  });
});

describe("a loop of states that never wait", () => {
  // Some 12,500 states fill a Standard execution's 25,000-event history (api.historyQuota.test.ts);
  // the loop yields every 1,000, so calls made right after the start are answered long before.
  it("leaves the sandbox answering while it runs, and stops when asked", async () => {
    const loop = {
      StartAt: "Again",
      States: {
        Again: { Type: "Pass", Next: "Check" },
        Check: { Type: "Choice", Choices: [{ Variable: "$.done", IsPresent: true, Next: "Done" }], Default: "Again" },
        Done: { Type: "Succeed" },
      },
    };
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "endless", definition: JSON.stringify(loop), roleArn: "arn:aws:iam::000000000000:role/r" }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("RUNNING");
    await client.send(new StopExecutionCommand({ executionArn }));
    expect((await finished(client, executionArn)).status).toBe("ABORTED");
  });
});
