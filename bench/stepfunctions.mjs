// Step Functions: EXECUTIONS runs of a 10-state EXPRESS machine (Pass, Choice, Task on a trivial
// Lambda, Parallel, Succeed/Fail), CONCURRENCY at a time, the median of ROUNDS rounds (the two
// targets take turns round by round). The sandbox (its own process) answers
// StartSyncExecution over HTTP, the Task invoking a real Lambda function in a warm execution
// environment; aws-local-stepfunctions runs the same definition in this process, its Task
// answered by a local handler (taskResourceLocalHandlers). Each answer is checked.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { startServer } from "./lib/child.mjs";
import { keepAliveCaller } from "./lib/keepAliveClient.mjs";
import { cpuMicros } from "./lib/load.mjs";
import { sandboxBuilt } from "./lib/paths.mjs";
import { printFacts } from "./lib/report.mjs";

export const EXECUTIONS = 1000;
/** Executions in flight at once: enough to keep both engines busy, few enough to stay warm. */
export const CONCURRENCY = 16;
/**
 * Untimed executions first: JIT, connections and Lambda cold starts are not the figure. Over
 * HTTP the server keeps getting faster for ~15,000 executions (V8 optimizes the main thread, the
 * Lambda workers and this client in turn; on 2 busy cores, late): 5,000 left the sandbox at
 * 56-70 µs of server CPU per execution in the rounds, against 49-50 µs after 20,000
 * (bench/README.md). Both targets get the same warm-up, BENCH_WARMUP to change it.
 */
const WARMUP_EXECUTIONS = Number(process.env.BENCH_WARMUP ?? 20_000);
/**
 * The targets warm up by turns, in chunks this size, as the rounds take turns: warmed in one go,
 * the peer's 2.5 s of warm-up would leave the sandbox quiet long enough (2 s) to hand its memory
 * back (core's watchIdleMemory), and its first few thousand executions after that ran at
 * 200-260 µs of server CPU instead of 50.
 */
const WARMUP_CHUNK = 2500;
/**
 * 1,000 executions take 50-120 ms: the figure is the median of several rounds, BENCH_ROUNDS to
 * change how many (three rounds' median still moved 1.7-2.2× between identical runs).
 */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const TARGET_RATIO = 2;
const STATE_MACHINE_NAME = "bench-ten-states";

const FUNCTION_CODE = "export const handler = async (event) => ({ doubled: event.n * 2 });\n";

/** The definition, its Task's Resource given (a function ARN). Ten states, Parallel branches included. */
export function definition(functionArn) {
  return {
    Comment: "Pass, Choice, Task, Parallel: ten states",
    StartAt: "Init",
    States: {
      Init: { Type: "Pass", Parameters: { "n.$": "$.n", source: "bench" }, Next: "Route" },
      Route: {
        Type: "Choice",
        Choices: [{ Variable: "$.n", NumericGreaterThanEquals: 0, Next: "Compute" }],
        Default: "Reject",
      },
      Compute: { Type: "Task", Resource: functionArn, ResultPath: "$.computed", Next: "Fanout" },
      Fanout: {
        Type: "Parallel",
        Branches: [
          {
            StartAt: "A1",
            States: {
              A1: { Type: "Pass", Parameters: { "value.$": "$.computed.doubled" }, Next: "A2" },
              A2: { Type: "Pass", Parameters: { "branch": "a", "value.$": "$.value" }, End: true },
            },
          },
          { StartAt: "B1", States: { B1: { Type: "Pass", Parameters: { branch: "b", "n.$": "$.n" }, End: true } } },
        ],
        ResultPath: "$.branches",
        Next: "Check",
      },
      Check: {
        Type: "Choice",
        Choices: [{ Variable: "$.branches[0].value", NumericGreaterThanEquals: 0, Next: "Done" }],
        Default: "Reject",
      },
      Reject: { Type: "Fail", Error: "Negative", Cause: "n must be at least 0" },
      Done: { Type: "Succeed" },
    },
  };
}

const EXPECTED_OUTPUT = { n: 1, source: "bench", computed: { doubled: 2 }, branches: [{ branch: "a", value: 2 }, { branch: "b", n: 1 }] };
/**
 * The output as Step Functions writes it: a Parameters template's plain fields come before its
 * ".$" ones (Init's `source` before `n`), as AWS's recorded histories show.
 */
const EXPECTED_TEXT = '{"source":"bench","n":1,"computed":{"doubled":2},"branches":[{"branch":"a","value":2},{"branch":"b","n":1}]}';

/** aws-local-stepfunctions keeps the template's key order: its output is compared as a value. */
function checkOutput(output) {
  if (!isDeepStrictEqual(output, EXPECTED_OUTPUT)) throw new Error(`unexpected output ${JSON.stringify(output)}`);
}

/** A SAM app with the function and the EXPRESS state machine, written into `dir`. */
export function writeApp(dir) {
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "double.mjs"), FUNCTION_CODE);
  const template = {
    AWSTemplateFormatVersion: "2010-09-09",
    Transform: "AWS::Serverless-2016-10-31",
    Resources: {
      Double: { Type: "AWS::Serverless::Function", Properties: { Runtime: "nodejs22.x", CodeUri: "src/", Handler: "double.handler" } },
      Machine: {
        Type: "AWS::Serverless::StateMachine",
        Properties: {
          Name: STATE_MACHINE_NAME,
          Type: "EXPRESS",
          Definition: definition("${DoubleArn}"),
          DefinitionSubstitutions: { DoubleArn: { "Fn::GetAtt": ["Double", "Arn"] } },
          Policies: [{ LambdaInvokePolicy: { FunctionName: { Ref: "Double" } } }],
        },
      },
    },
  };
  // JSON is YAML: the loader reads template.yaml either way.
  writeFileSync(join(dir, "template.yaml"), JSON.stringify(template, null, 2));
}

/**
 * Warms the targets up by turns, then runs ROUNDS rounds of EXECUTIONS calls, the targets taking
 * turns within each round (a machine whose load changes weighs on both alike); each
 * target's figure is its round with the median throughput.
 */
async function measure(targets) {
  for (let done = 0; done < WARMUP_EXECUTIONS; done += WARMUP_CHUNK) {
    for (const target of targets) await drive(Math.min(WARMUP_CHUNK, WARMUP_EXECUTIONS - done), CONCURRENCY, target.once);
  }
  const rounds = targets.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (let t = 0; t < targets.length; t++) rounds[t].push(await drive(EXECUTIONS, CONCURRENCY, targets[t].once, targets[t].cpu, targets[t].serverCpu));
  }
  return rounds.map((list) => {
    const sorted = [...list].sort((a, b) => a.ops - b.ops);
    const median = (key) => {
      const values = list.map((r) => r[key]).filter((v) => v !== undefined).sort((a, b) => a - b);
      return values.length === list.length ? values[Math.floor(values.length / 2)] : undefined;
    };
    return { ...sorted[Math.floor(ROUNDS / 2)], cpuUs: median("cpuUs"), serverCpuUs: median("serverCpuUs"), errors: list.reduce((sum, r) => sum + r.errors, 0) };
  });
}

/** CPU time this process has used, in µs (all its threads). */
function ownCpuUs() {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/**
 * Runs `count` calls of `once()`, `concurrency` at a time; returns elapsed ms, each call's
 * latency and, given `cpu()` (µs used so far; `serverCpu()` its server's part), the CPU time per call.
 */
async function drive(count, concurrency, once, cpu, serverCpu) {
  const cpuBefore = cpu?.();
  const serverBefore = serverCpu?.();
  const latencies = [];
  let next = 0;
  let errors = 0;
  let firstError;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next++;
      const t0 = performance.now();
      try {
        await once();
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  const cpuAfter = cpu?.();
  const serverAfter = serverCpu?.();
  if (firstError) console.error(`  first error: ${firstError.message ?? firstError}`);
  const perCall = (before, after) => (before !== undefined && after !== undefined ? (after - before) / count : undefined);
  return { ...summary(count, elapsedMs, latencies, errors), cpuUs: perCall(cpuBefore, cpuAfter), serverCpuUs: perCall(serverBefore, serverAfter) };
}

function summary(count, elapsedMs, latencies, errors) {
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { ops: (count * 1000) / elapsedMs, elapsedMs, p50: at(0.5), p99: at(0.99), errors, non2xx: 0 };
}

/**
 * StartSyncExecution as the SDK sends it: awsJson 1.0 over keep-alive connections, one call
 * in flight on each. The request is prepared once and sent over plain sockets, as autocannon
 * sends the other benches' (lib/keepAliveClient.mjs): the load generator shares the machine's
 * cores with the server and its CPU counts in the sandbox's figure. Every answer is checked.
 */
function startSyncExecutionCaller(endpoint, body) {
  const call = keepAliveCaller(endpoint, {
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "AWSStepFunctions.StartSyncExecution",
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`,
    },
    body,
    connections: CONCURRENCY,
  });
  // The output as the service writes it: compact JSON, keys in AWS's order.
  const expected = EXPECTED_TEXT;
  const once = async () => {
    const { status, body: text } = await call();
    if (status !== 200) throw new Error(`StartSyncExecution → ${status} ${text}`);
    const answer = JSON.parse(text);
    if (answer.status !== "SUCCEEDED") throw new Error(`execution ${answer.status}: ${answer.error} ${answer.cause}`);
    if (answer.output !== expected) throw new Error(`unexpected output ${answer.output}`);
  };
  once.close = call.close;
  return once;
}

/** The sandbox in its own process, answering StartSyncExecution over HTTP; `close()` stops it. */
async function openSandbox(log) {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-bench-sfn-"));
  let server;
  let once;
  const close = async () => {
    once?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    writeApp(dir);
    server = await startServer("sandbox", { template: dir, inMemory: true });
    const stateMachineArn = `arn:aws:states:us-east-1:000000000000:stateMachine:${STATE_MACHINE_NAME}`;
    const body = JSON.stringify({ stateMachineArn, input: JSON.stringify({ n: 1 }) });
    once = startSyncExecutionCaller(server.endpoint, body);
    await once();
    log(`Step Functions → sandbox: ${WARMUP_EXECUTIONS} warm-up + ${ROUNDS} × ${EXECUTIONS} StartSyncExecution, ${CONCURRENCY} at a time`);
    // Its CPU: the server process's (every thread) and this client's, which the peer does not need.
    const serverPid = server.pid;
    const serverCpu = () => cpuMicros(serverPid);
    const cpu = () => {
      const used = serverCpu();
      return used === undefined ? undefined : used + ownCpuUs();
    };
    return { target: "sandbox", once, cpu, serverCpu, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** aws-local-stepfunctions in this process, its Task answered by a local handler. */
async function openAwsLocalStepFunctions(log) {
  // aws-local-stepfunctions 3 needs Node >= 22 for Promise.withResolvers; the project supports
  // Node 20, where the standard polyfill stands in.
  Promise.withResolvers ??= function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
  let StateMachine;
  try {
    ({ StateMachine } = await import("aws-local-stepfunctions"));
  } catch {
    log("aws-local-stepfunctions is not installed: skipping its figure");
    return undefined;
  }
  const machine = new StateMachine(definition("arn:aws:lambda:us-east-1:000000000000:function:double"));
  // The same trivial function as the sandbox's, called in-process.
  const options = { overrides: { taskResourceLocalHandlers: { Compute: async (event) => ({ doubled: event.n * 2 }) } } };
  const once = async () => checkOutput(await machine.run({ n: 1 }, options).result);
  await once();
  log(`Step Functions → aws-local-stepfunctions (in-process): ${WARMUP_EXECUTIONS} warm-up + ${ROUNDS} × ${EXECUTIONS} executions, ${CONCURRENCY} at a time`);
  return { target: "aws-local-stepfunctions", once, cpu: ownCpuUs, close: async () => {} };
}

/** Both figures, as bench rows ({bench, target, ops, p50, p99, errors, non2xx}). */
export async function benchStepFunctions({ log = console.error } = {}) {
  const bench = `Step Functions ${EXECUTIONS} × 10 states (EXPRESS)`;
  const targets = [];
  try {
    if (sandboxBuilt()) targets.push(await openSandbox(log));
    else log("packages/sandbox is not built: skipping the sandbox's Step Functions figure");
    const peer = await openAwsLocalStepFunctions(log);
    if (peer) targets.push(peer);
    const figures = await measure(targets);
    return targets.map((t, i) => ({ bench, target: t.target, ...figures[i] }));
  } finally {
    for (const t of targets) await t.close();
  }
}

const fmt = (n, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Runs the benchmark and prints its figures and the ratio to the target. */
export async function printStepFunctionsBench(options) {
  const rows = await benchStepFunctions(options);
  const cpu = (row) =>
    row.cpuUs === undefined
      ? ""
      : `  CPU ${fmt(row.cpuUs)} µs/execution${row.serverCpuUs === undefined ? "" : ` (server ${fmt(row.serverCpuUs)} + client ${fmt(row.cpuUs - row.serverCpuUs)})`}`;
  const line = (row) => `${fmt(row.ops)} executions/s  p50 ${fmt(row.p50, 2)} ms  p99 ${fmt(row.p99, 2)} ms${cpu(row)}  ${row.errors} errors`;
  const ours = rows.find((r) => r.target === "sandbox");
  const peer = rows.find((r) => r.target === "aws-local-stepfunctions");
  const facts = rows.map((row) => [row.target === "sandbox" ? "sandbox (StartSyncExecution over HTTP)" : "aws-local-stepfunctions (in-process)", line(row)]);
  if (ours && peer) {
    // CPU per execution does not move with the machine's other load as throughput does.
    const cpuRatio = ours.cpuUs !== undefined && peer.cpuUs !== undefined ? `; the peer's CPU per execution over ours: ${(peer.cpuUs / ours.cpuUs).toFixed(2)}×` : "";
    facts.push(["ratio", `${(ours.ops / peer.ops).toFixed(2)}× (target ≥ ${TARGET_RATIO}×)${cpuRatio}`]);
  }
  printFacts(`Step Functions: ${EXECUTIONS} executions of a 10-state EXPRESS machine (Pass, Choice, Task → Lambda, Parallel), ${CONCURRENCY} at a time, median of ${ROUNDS} rounds`, facts);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await printStepFunctionsBench();
}
