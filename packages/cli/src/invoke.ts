/**
 * `sandbox invoke [function] [dir]`: runs one function once, as `sam local invoke` does: the
 * application starts in memory on free ports (its tables, queues and buckets empty, reachable
 * from the function as in `sandbox up`), the function gets the event, its log lines (START, its
 * output, END, REPORT) go to stderr and its answer to stdout, and the sandbox stops. With
 * `--endpoint` it asks a running sandbox instead (its state, its warm environments), through
 * the Lambda API with LogType Tail. Exits 1 when the function fails (X-Amz-Function-Error).
 */
import { existsSync, readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import pc from "picocolors";
import { SandboxError, consoleLogger } from "@sam-sandbox/core";
import { createSandbox, parseJson } from "@sam-sandbox/sandbox";
import { ATTACH_HINT, openInspector, waitForDebugger } from "./inspect.js";

export interface InvokeOptions {
  template?: string;
  /** A JSON file holding the event, or "-" for stdin; false with --no-event (the empty event). */
  event?: string | false;
  /** The event as JSON text. */
  payload?: string;
  /** A running sandbox's AWS endpoint: invoke there instead of starting the application. */
  endpoint?: string;
  parameterOverrides?: Record<string, string>;
  /** SAM CLI's environment variables file. */
  envVars?: string;
  /** --inspect [address]: wait for a debugger before invoking. */
  inspect?: string | boolean;
  region: string;
}

interface Answer {
  payload: string;
  functionError?: string;
}

/** Where the answer and the log lines go (tests give their own). */
export interface InvokeOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A nested stack's logical id as the sandbox and SAM CLI write it: "Orders/ItemsFunction" (alphanumeric ids). */
const NESTED_LOGICAL_ID = /^[A-Za-z0-9]+(?:\/[A-Za-z0-9]+)+$/;

const processOutput: InvokeOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the invocation; answers the exit code (0, or 1 when the function failed). */
export async function invoke(functionArg: string | undefined, dirArg: string | undefined, opts: InvokeOptions, out: InvokeOutput = processOutput): Promise<number> {
  // `sandbox invoke examples/web-app`: one argument naming a directory or file is the app;
  // `sandbox invoke Orders/ItemsFunction`, a function of a nested stack, is not.
  let name = functionArg;
  let dir = dirArg;
  if (dir === undefined && name !== undefined && opts.endpoint === undefined && (existsSync(name) || (name.includes("/") && !NESTED_LOGICAL_ID.test(name)))) {
    dir = name;
    name = undefined;
  }
  if (opts.endpoint !== undefined && opts.envVars !== undefined) {
    throw new SandboxError("--env-vars applies to an application started for this invocation, not to a running sandbox.", {
      hint: "Start that sandbox with `sandbox up --env-vars <file>`, or leave --endpoint out.",
    });
  }
  if (opts.endpoint !== undefined && opts.inspect !== undefined) {
    throw new SandboxError("--inspect debugs an application started for this invocation, not a running sandbox.", {
      hint: "Start that sandbox with `sandbox up --inspect`, or leave --endpoint out.",
    });
  }
  const event = readEvent(opts);
  const answer = opts.endpoint === undefined ? await invokeInApp(name, opts.template ?? dir, event, opts, out) : await invokeOnEndpoint(name, opts.endpoint, event, out);
  out.stdout(`${answer.payload}\n`);
  if (answer.functionError === undefined) return 0;
  out.stderr(`${failureLine(answer.payload)}\n`);
  return 1;
}

/** The event's JSON text: --payload, the --event file (or stdin), else `{}` as `sam local invoke`. */
function readEvent(opts: InvokeOptions): string {
  if (opts.payload !== undefined && opts.event !== undefined) {
    throw new SandboxError(`Give the event either with ${opts.event === false ? "--no-event" : "--event"} or with --payload, not both.`);
  }
  if (opts.payload !== undefined) return checkJson(opts.payload, "--payload");
  if (opts.event === undefined || opts.event === false) return "{}";
  const file = opts.event;
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new SandboxError(`Could not read the event file ${file}: ${(error as Error).message}`, {
      hint: "Pass a JSON file with --event <file>, or the JSON itself with --payload '{…}'.",
    });
  }
  return checkJson(text, file === "-" ? "stdin" : file);
}

/** Lambda takes JSON only: a mistake is shown with its line and column, before anything starts. */
function checkJson(text: string, source: string): string {
  const isFile = !source.startsWith("--") && source !== "stdin";
  try {
    parseJson(text, source);
    return text;
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    throw new SandboxError(`The event${isFile ? "" : ` (${source})`} is not valid JSON: ${error.message.replace(/^Invalid JSON: /, "")}.`, {
      file: isFile ? source : undefined,
      line: isFile ? error.line : undefined,
      hint: "Lambda events are JSON documents, e.g. '{\"key\": \"value\"}'.",
    });
  }
}

/** Starts the application in memory, invokes, stops. */
async function invokeInApp(name: string | undefined, template: string | undefined, event: string, opts: InvokeOptions, out: InvokeOutput): Promise<Answer> {
  const debuggerUrl = openInspector(opts.inspect);
  const sandbox = await createSandbox({
    debug: debuggerUrl !== undefined,
    template,
    port: 0,
    edgePort: 0,
    inMemory: true,
    watch: false,
    region: opts.region,
    parameterOverrides: opts.parameterOverrides,
    envVars: opts.envVars,
    logger: consoleLogger(),
  });
  try {
    const functions = sandbox.app.functions;
    const fn = name === undefined ? (functions.length === 1 ? functions[0] : undefined) : functions.find((f) => f.logicalId === name || f.functionName === name);
    if (!fn) {
      // A function the template declares but the sandbox skipped (a container image…): its warning says why.
      const skippedFunctions = sandbox.app.skippedFunctions ?? [];
      const skippedName = name ?? (functions.length === 0 && skippedFunctions.length === 1 ? skippedFunctions[0].logicalId : undefined);
      const skipped = skippedFunctions.find((f) => f.logicalId === skippedName);
      if (skipped !== undefined) throw new SandboxError(`${skipped.logicalId} cannot be invoked: ${skipped.reason}.`);
      const names = functions.map((f) => f.logicalId).join(", ");
      throw new SandboxError(
        functions.length === 0
          ? `${sandbox.app.templateFile} defines no function.`
          : name === undefined
            ? `Name the function to invoke: ${sandbox.app.templateFile} defines ${functions.length}.`
            : `${sandbox.app.templateFile} has no function "${name}".`,
        { hint: functions.length === 0 ? (skippedFunctions.length > 0 ? `${skippedFunctions.map((f) => f.reason).join("; ")}.` : undefined) : `Its functions: ${names}.` },
      );
    }
    if (opts.inspect !== undefined && debuggerUrl !== undefined) {
      out.stderr(`${pc.bold("Debugger")} ${debuggerUrl}\n${pc.dim(`  ${ATTACH_HINT}`)}\n${pc.dim("  waiting for the debugger to attach…")}\n`);
      waitForDebugger();
    }
    sandbox.events.on("functionLog", (e) => {
      // Lambda's records keep a message's inner newlines as \r: shown as lines, as the terminal of `sandbox up` shows them.
      if (e.functionName === fn.functionName) out.stderr(`${e.line.replace(/\n$/, "").replace(/\r/g, "\n")}\n`);
    });
    return await callInvoke(sandbox.endpoint, fn.functionName, event, false);
  } finally {
    await sandbox.stop();
  }
}

/** Invokes on a running sandbox; the log tail (its last 4 KB, as Lambda gives it) goes to stderr. */
async function invokeOnEndpoint(name: string | undefined, endpoint: string, event: string, out: InvokeOutput): Promise<Answer> {
  if (name === undefined) throw new SandboxError("Name the function to invoke on the running sandbox.", { hint: "e.g. sandbox invoke ListTodosFunction --endpoint http://127.0.0.1:4566" });
  const functionName = await resolveOnEndpoint(endpoint, name);
  const answer = await callInvoke(endpoint, functionName, event, true);
  if (answer.logTail) out.stderr(answer.logTail.endsWith("\n") ? answer.logTail : `${answer.logTail}\n`);
  return answer;
}

/**
 * A function name, or a template's logical id that CloudFormation turned into
 * "<stack>-<LogicalId>-<suffix>"; in a nested stack ("Orders/ItemsFunction") the stack's own
 * name holds the nested stack's id: "<parent>-Orders-<SUFFIX>-ItemsFunction-<suffix>".
 */
async function resolveOnEndpoint(endpoint: string, name: string): Promise<string> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const res = await lambdaApi(endpoint, "GET", `/2015-03-31/functions/${marker === undefined ? "" : `?Marker=${encodeURIComponent(marker)}`}`);
    const page = JSON.parse(res.body) as { Functions?: Array<{ FunctionName: string }>; NextMarker?: string };
    for (const f of page.Functions ?? []) names.push(f.FunctionName);
    marker = page.NextMarker;
  } while (marker !== undefined);
  if (names.includes(name)) return name;
  const fromStacks = await functionOfStacks(endpoint, name.split("/"));
  if (fromStacks !== undefined && names.includes(fromStacks)) return fromStacks;
  const generated = names.filter((n) => n.includes(`-${name}-`));
  if (generated.length === 1) return generated[0];
  throw new SandboxError(`The sandbox at ${endpoint} has no function "${name}".`, {
    hint: names.length === 0 ? "It serves no function: is it the sandbox of your application?" : `Its functions: ${names.join(", ")}.`,
  });
}

interface StackResource {
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
}

const xml = new XMLParser({ isArray: (tag) => tag === "member", parseTagValue: false });

/**
 * The function a logical id names in the running sandbox's stacks, as CloudFormation lists them:
 * "ItemsFunction" in the root stack, "Orders/ItemsFunction" in the stack the root's resource
 * Orders (AWS::CloudFormation::Stack, whose physical id is the nested stack's ARN) created.
 * Undefined when no stack has it (a sandbox started without a template has no stack).
 */
async function functionOfStacks(endpoint: string, ids: string[]): Promise<string | undefined> {
  const described = await cloudFormation(endpoint, { Action: "DescribeStacks" });
  const stackIds = (described.DescribeStacksResponse?.DescribeStacksResult?.Stacks?.member ?? []).map((s) => s.StackId);
  const resources = new Map<string, StackResource[]>();
  for (const stackId of stackIds) resources.set(stackId, await stackResources(endpoint, stackId));
  const nested = new Set([...resources.values()].flat().filter((r) => r.ResourceType === "AWS::CloudFormation::Stack").map((r) => r.PhysicalResourceId));
  const found = new Set<string>();
  for (const root of stackIds.filter((id) => !nested.has(id))) {
    let stack: string | undefined = root;
    for (const [i, id] of ids.entries()) {
      const last = i === ids.length - 1;
      const resource: StackResource | undefined = (stack === undefined ? undefined : resources.get(stack))?.find(
        (r) => r.LogicalResourceId === id && r.ResourceType === (last ? "AWS::Lambda::Function" : "AWS::CloudFormation::Stack"),
      );
      stack = resource?.PhysicalResourceId;
    }
    if (stack !== undefined) found.add(stack);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

async function stackResources(endpoint: string, stackName: string): Promise<StackResource[]> {
  const all: StackResource[] = [];
  let token: string | undefined;
  do {
    const page = await cloudFormation(endpoint, { Action: "ListStackResources", StackName: stackName, ...(token === undefined ? {} : { NextToken: token }) });
    const result = page.ListStackResourcesResponse?.ListStackResourcesResult;
    all.push(...(result?.StackResourceSummaries?.member ?? []));
    token = result?.NextToken;
  } while (token !== undefined);
  return all;
}

/** The parts of CloudFormation's XML answers read here. */
interface CloudFormationAnswer {
  DescribeStacksResponse?: { DescribeStacksResult?: { Stacks?: { member?: Array<{ StackId: string }> } } };
  ListStackResourcesResponse?: { ListStackResourcesResult?: { StackResourceSummaries?: { member?: StackResource[] }; NextToken?: string } };
}

/** One CloudFormation (awsQuery) call, its XML answer parsed. */
async function cloudFormation(endpoint: string, params: Record<string, string>): Promise<CloudFormationAnswer> {
  const form = new URLSearchParams({ Version: "2010-05-15", ...params }).toString();
  const res = await edgeCall(endpoint, "cloudformation", "POST", "/", form, { "content-type": "application/x-www-form-urlencoded" });
  return xml.parse(res.body) as CloudFormationAnswer;
}

async function callInvoke(endpoint: string, functionName: string, event: string, tail: boolean): Promise<Answer & { logTail?: string }> {
  const res = await lambdaApi(endpoint, "POST", `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, event, tail ? { "x-amz-log-type": "Tail" } : {});
  const logResult = res.headers.get("x-amz-log-result");
  return {
    payload: res.body,
    functionError: res.headers.get("x-amz-function-error") ?? undefined,
    logTail: logResult ? Buffer.from(logResult, "base64").toString("utf8") : undefined,
  };
}

/** One Lambda API call; an AWS error becomes a message that says what it was. */
function lambdaApi(endpoint: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ body: string; headers: Headers }> {
  return edgeCall(endpoint, "lambda", method, path, body, { "content-type": "application/json", ...headers });
}

async function edgeCall(endpoint: string, service: string, method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<{ body: string; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(new URL(path, endpoint), {
      method,
      body,
      headers: {
        // The edge routes by signing name; it does not check signatures.
        authorization: `AWS4-HMAC-SHA256 Credential=sandbox/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        ...headers,
      },
    });
  } catch (error) {
    throw new SandboxError(`Could not reach a sandbox at ${endpoint}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`, {
      hint: "Start it with `sandbox up` (or pass --endpoint with its AWS endpoint), or leave --endpoint out to start the application just for this invocation.",
    });
  }
  const text = await res.text();
  if (res.status >= 300) {
    const type = res.headers.get("x-amzn-errortype")?.split(":")[0];
    let message = text;
    try {
      const parsed = JSON.parse(text) as { message?: string; Message?: string; Type?: string };
      message = parsed.message ?? parsed.Message ?? text;
    } catch {
      // Not JSON: the text as it came.
    }
    throw new SandboxError(`${service === "lambda" ? "Lambda" : "CloudFormation"} answered ${res.status} ${type ?? ""}: ${message}`.replace(/\s+:/, ":"));
  }
  return { body: text, headers: res.headers };
}

/** The line `sandbox invoke` prints on stderr when the function failed. */
export function failureLine(payload: string): string {
  try {
    const error = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
    return pc.red(`✖ the function failed: ${error.errorType ?? "Error"}${error.errorMessage ? `: ${error.errorMessage}` : ""}`);
  } catch {
    return pc.red("✖ the function failed");
  }
}
