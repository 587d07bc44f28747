import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import pc from "picocolors";
import { SandboxError, consoleLogger, releaseIdleMemory } from "@sam-sandbox/core";
import { attachTerminal, createSandbox, loadTemplate, localApiUrls, parseJson, resolveTemplateFile, type RunningSandbox } from "@sam-sandbox/sandbox";
import { DAEMON_DEFAULT_PORT } from "@sam-sandbox/xray";
import { ATTACH_HINT, openInspector } from "./inspect.js";
import { onReadyLine, onReadyResult, runOnReady } from "./onReady.js";

/** What the edge serves, for `--no-template` (where no resource list says it). */
const EMULATED_APIS =
  "DynamoDB and Streams, Lambda, S3, SQS, SNS, SES (email, outbox at /_aws/ses), Kinesis, EventBridge and Scheduler, Step Functions, Cognito, Parameter Store, Secrets Manager, KMS, CloudWatch Logs, metrics and alarms, X-Ray, STS, IAM";

/** How long after the first builds the idle memory is released: past the ready line and the first requests. */
const IDLE_MEMORY_DELAY_MS = 500;

export interface UpOptions {
  /** A template file; false with --no-template (the AWS APIs alone). */
  template?: string | false;
  port: number;
  edgePort: number;
  host: string;
  inMemory: boolean;
  dataDir?: string;
  parameterOverrides?: Record<string, string>;
  envVars?: string;
  region: string;
  logFormat: string;
  verbose: boolean;
  watch: boolean;
  timeScale?: number;
  mockConfig?: string;
  maxEnvironments?: number;
  /** --inspect [address] */
  inspect?: string | boolean;
  /** --on-ready <command>: run once the sandbox is ready (seed data). */
  onReady?: string;
}

export async function up(dir: string | undefined, opts: UpOptions): Promise<void> {
  const started = performance.now();
  const logger = consoleLogger({ debug: opts.verbose });
  const debuggerUrl = openInspector(opts.inspect);
  const json = opts.logFormat === "json";
  const sandboxOptions = (port: number, edgePort: number) => ({
    debug: debuggerUrl !== undefined,
    template: opts.template === false ? (false as const) : (opts.template ?? dir),
    port,
    edgePort,
    // The X-Ray SDKs in functions send their segments to 127.0.0.1:2000 unless told otherwise.
    xrayDaemonPort: DAEMON_DEFAULT_PORT,
    host: opts.host,
    inMemory: opts.inMemory,
    // Without a template, [dir] is where the state goes (<dir>/.sandbox), as with one.
    dataDir: opts.dataDir ?? (opts.template === false && !opts.inMemory ? join(resolve(dir ?? "."), ".sandbox") : undefined),
    parameterOverrides: opts.parameterOverrides,
    envVars: opts.envVars,
    region: opts.region,
    watch: opts.watch,
    // Step Functions Local's environment variables, for its users' scripts.
    timeScale: opts.timeScale ?? envTimeScale(),
    mockConfig: checkedMockConfig(opts.mockConfig ?? (process.env.SFN_MOCK_CONFIG || undefined)),
    maxEnvironments: opts.maxEnvironments,
    logger,
  });
  let sandbox: RunningSandbox | undefined = await createSandbox(sandboxOptions(opts.port, opts.edgePort));
  const readyMs = performance.now() - started;
  // Listening before "Ctrl-C to stop" is printed: a Ctrl-C (or a script's SIGINT) as soon as it
  // shows stops the sandbox cleanly instead of killing the process.
  let detach = () => {};
  let unwatchTemplate = () => {};
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      process.stderr.write("forced exit\n");
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(pc.dim(`\n${signal}: stopping…\n`));
    unwatchTemplate();
    detach();
    await reloads.settled();
    await sandbox?.stop();
    process.stderr.write(pc.dim("stopped.\n"));
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  const announce = (running: RunningSandbox, ms: number, type: "ready" | "reloaded") => {
    if (json) {
      process.stdout.write(`${JSON.stringify({ type, apiUrl: running.apiUrl, endpoint: running.endpoint, readyMs: Math.round(ms), routes: running.routes, functionUrls: running.functionUrls, webSocketUrls: running.webSocketUrls, ...(debuggerUrl ? { debuggerUrl } : {}) })}\n`);
    } else {
      printSummary(running, ms, debuggerUrl, type);
    }
    detach = attachTerminal(running.events, { json, verbose: opts.verbose });
    // chokidar starts after `ready` (it is not needed to serve): say when a save will be seen.
    if (opts.watch && running.app.functions.length > 0) {
      const dirs = new Set(running.app.functions.map((fn) => fn.codeDir)).size;
      void running.watching.then(() =>
        process.stdout.write(
          json
            ? `${JSON.stringify({ time: new Date().toISOString(), type: "watching", directories: dirs })}\n`
            : `${pc.dim(`watching ${dirs} code ${dirs === 1 ? "directory" : "directories"} for changes`)}\n`,
        ),
      );
    }
  };
  // A saved template is read again; if it holds, the application restarts on the same ports and
  // state directory (what a Ctrl-C and `sandbox up` would do); if not, the running one stays.
  const say = (type: string, text: string, fields: Record<string, unknown> = {}) =>
    process.stdout.write(`${json ? JSON.stringify({ time: new Date().toISOString(), type, ...fields }) : text}\n`);
  const reloads = serialized(async (changed: string) => {
    const shown = relative(process.cwd(), changed) || changed;
    const reloadStarted = performance.now();
    const running = sandbox;
    if (opts.inMemory) {
      say("templateChanged", pc.yellow(`${shown} changed: restart \`sandbox up\` to apply it (--in-memory keeps no state across a restart, so it is not restarted for you)`), { file: shown, applied: false });
      return;
    }
    const file = running?.app.templateFile ?? resolveTemplateFile(opts.template === false ? undefined : (opts.template ?? dir));
    try {
      await loadTemplate({ file, parameterOverrides: opts.parameterOverrides, region: opts.region });
    } catch (error) {
      const text = error instanceof SandboxError ? error.format() : String(error);
      say("reloadFailed", `${pc.red(`✖ ${shown} changed, but ${text}`)}\n${pc.dim(running ? "  the application keeps running as it was; save the template again to retry" : "  save the template again to retry")}`, { file: shown, error: text });
      return;
    }
    say("reloading", pc.dim(`${shown} changed: restarting…`), { file: shown });
    // The same ports as the first start gave (a `--port 0` start keeps its ports).
    const ports = running ? { port: portOf(running.apiUrl), edgePort: portOf(running.endpoint) } : { port: opts.port, edgePort: opts.edgePort };
    if (running) {
      unwatchTemplate();
      detach();
      sandbox = undefined;
      await running.stop();
    }
    try {
      sandbox = await createSandbox(sandboxOptions(ports.port, ports.edgePort));
    } catch (error) {
      const text = error instanceof SandboxError ? error.format() : String(error);
      say("reloadFailed", `${pc.red(`✖ ${text}`)}\n${pc.dim("  nothing is served until the template is saved again")}`, { file: shown, error: text });
      unwatchTemplate = watchTemplates([file], (f) => reloads.run(f));
      return;
    }
    unwatchTemplate = watchTemplates(templateFilesOf(sandbox), (f) => reloads.run(f));
    announce(sandbox, performance.now() - reloadStarted, "reloaded");
  });
  // The templates' times are read before the ready line: a save right after it is a change.
  if (opts.watch && sandbox.app.templateFile !== "") unwatchTemplate = watchTemplates(templateFilesOf(sandbox), (f) => reloads.run(f));
  announce(sandbox, readyMs, "ready");

  if (opts.onReady) {
    const command = opts.onReady;
    const first = sandbox;
    void runOnReady(command, first, (text, stream) =>
      process.stdout.write(`${json ? JSON.stringify({ time: new Date().toISOString(), type: "onReadyLog", line: text, stream }) : onReadyLine(text, stream)}\n`),
    ).then((report) =>
      process.stdout.write(`${json ? JSON.stringify({ time: new Date().toISOString(), type: "onReady", command, exitCode: report.exitCode, durationMs: Math.round(report.durationMs) }) : onReadyResult(command, report)}\n`),
    );
  }
  void sandbox.prepared.then(() => {
    // Start-up is over: bin/sandbox.js caches the code it compiled and lets V8 optimize from now on.
    (process as NodeJS.EventEmitter).emit("sandbox:serving");
    // Start-up's garbage (parsing, bundling) is let go now rather than ~8 s later.
    setTimeout(releaseIdleMemory, IDLE_MEMORY_DELAY_MS).unref();
  });
}

/** How long a burst of saves (editors write a file in steps) is let settle before the template is read again. */
const TEMPLATE_SETTLE_MS = 150;
/** How often the templates' modification times are looked at. */
const TEMPLATE_POLL_MS = 200;

/** The template and its nested stacks' templates. */
function templateFilesOf(sandbox: RunningSandbox): string[] {
  return [...new Set([sandbox.app.templateFile, ...(sandbox.app.nestedStacks ?? []).map((s) => s.templateFile)])];
}

/**
 * Calls onChange(file) once a burst of changes to one of `files` has settled. The files' times
 * are polled (a few stat calls a second) against the ones read now, before this returns (so a
 * save just after the ready line is seen): a template replaced by a rename (editors' atomic
 * saves) or whose directory is deleted and written anew (`serverless package` rewrites
 * .serverless/, `cdk synth` cdk.out/) is still followed, which a watch on a file or directory is
 * not. A file that is gone waits for its return.
 */
function watchTemplates(files: string[], onChange: (file: string) => void): () => void {
  const stampOf = (file: string): string | undefined => {
    try {
      const info = statSync(file);
      return `${info.mtimeMs}:${info.size}`;
    } catch {
      return undefined;
    }
  };
  const seen = new Map(files.map((file) => [file, stampOf(file)]));
  let timer: NodeJS.Timeout | undefined;
  const poll = setInterval(() => {
    for (const file of files) {
      const stamp = stampOf(file);
      if (stamp === undefined || stamp === seen.get(file)) continue;
      seen.set(file, stamp);
      clearTimeout(timer);
      timer = setTimeout(() => onChange(file), TEMPLATE_SETTLE_MS);
    }
  }, TEMPLATE_POLL_MS);
  poll.unref();
  return () => {
    clearInterval(poll);
    clearTimeout(timer);
  };
}

/** Runs one task at a time; a task asked for while one runs runs once after it, with the newest argument. */
function serialized(task: (arg: string) => Promise<void>): { run: (arg: string) => void; settled: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let next: string | undefined;
  const run = (arg: string) => {
    if (running) {
      next = arg;
      return;
    }
    running = task(arg).catch((error: unknown) => {
      process.stderr.write(`${pc.red(`✖ unexpected error while restarting: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)}\n`);
    }).finally(() => {
      running = undefined;
      if (next !== undefined) {
        const again = next;
        next = undefined;
        run(again);
      }
    });
  };
  return { run, settled: async () => { while (running) await running; } };
}

const portOf = (url: string): number => Number(new URL(url).port);

function printSummary(sandbox: RunningSandbox, readyMs: number, debuggerUrl: string | undefined, type: "ready" | "reloaded" = "ready"): void {
  const out: string[] = [];
  const app = sandbox.app;
  const what = app.templateFile === "" ? pc.dim("no template: the AWS APIs alone") : `${app.stackName} ${pc.dim(`(${relative(process.cwd(), app.templateFile) || app.templateFile})`)}`;
  out.push(`${pc.bold("sandbox")} ${pc.dim("·")} ${what} ${type === "ready" ? "ready" : "restarted"} in ${Math.round(readyMs)} ms`);
  if (app.templateFile === "") out.push("", `${pc.bold("AWS APIs")} ${EMULATED_APIS}`);
  if (sandbox.routes.length > 0) {
    out.push("", pc.bold("APIs"));
    const width = Math.max(...sandbox.routes.map((r) => r.method.length));
    for (const route of sandbox.routes) {
      const path = route.path === "$default" ? "/*" : route.path;
      const target = route.stepFunctions
        ? `${route.stepFunctions.action} ${route.stepFunctions.stateMachineArn ?? ""}`
        : (route.integrationSubtype ?? route.integrationUri ?? (route.functionName || route.integration));
      out.push(`  ${pc.cyan(route.method.padEnd(width))} ${sandbox.apiUrl}${path} ${pc.dim(`→ ${target}`)}`);
    }
  }
  if (sandbox.functionUrls.length > 0) {
    out.push("", pc.bold("Function URLs"));
    for (const u of sandbox.functionUrls) {
      const target = u.qualifier ? `${u.functionName}:${u.qualifier}` : u.functionName;
      out.push(`  ${u.url} ${pc.dim(`→ ${target}${u.authType === "AWS_IAM" ? " (AWS_IAM: SigV4-signed requests only)" : ""}`)}`);
    }
  }
  if (sandbox.webSocketUrls.length > 0) {
    out.push("", pc.bold("WebSocket APIs"));
    for (const w of sandbox.webSocketUrls) {
      const routes = app.webSocketApis.find((api) => api.logicalId === w.api)?.routes.map((r) => r.routeKey).join(", ") ?? "";
      out.push(`  ${w.url} ${pc.dim(`→ ${w.api} (${routes})`)}`);
      out.push(`  ${pc.dim(`@connections: ${w.url.replace(/^ws/, "http")} (or AWS_ENDPOINT_URL) with ApiGatewayManagementApiClient`)}`);
    }
  }
  if (sandbox.deployedRestApis.length > 0) {
    out.push("", pc.bold("REST APIs created with the API Gateway API"));
    for (const d of sandbox.deployedRestApis) out.push(`  ${d.url}/ ${pc.dim(`→ ${d.name} (${d.apiId}, stage ${d.stage})`)}`);
  }
  if (sandbox.createdHttpApis.length > 0) {
    out.push("", pc.bold("HTTP and WebSocket APIs created with the API Gateway v2 API"));
    // A WebSocket API's URL is its stage's itself (ws://…/<stage>); an HTTP API's paths append to it.
    for (const d of sandbox.createdHttpApis) out.push(`  ${d.url}${d.url.startsWith("ws") ? "" : "/"} ${pc.dim(`→ ${d.name} (${d.apiId}, stage ${d.stage})`)}`);
  }
  const apiKeys = app.apis.flatMap((api) => (api.apiKeys ?? []).filter((k) => k.generated).map((k) => ({ api: api.logicalId, key: k })));
  if (apiKeys.length > 0) {
    out.push("", pc.bold("API keys (generated; send as x-api-key)"));
    for (const { api, key } of apiKeys) out.push(`  ${key.value} ${pc.dim(`${key.logicalId ?? key.id} → ${api}${key.enabled ? "" : " (disabled)"}`)}`);
  }
  // CDK's own providers (BucketDeployment, S3AutoDeleteObjects…) are the sandbox's work, not the app's functions.
  const functions = app.functions.filter((fn) => fn.cdkProviderFor === undefined);
  if (functions.length > 0) {
    out.push("", pc.bold("Functions"));
    for (const fn of functions) out.push(`  ${fn.functionName} ${pc.dim(`${fn.runtime} ${fn.handler}`)}`);
  }
  if (app.tables.length > 0) {
    out.push("", pc.bold("Tables"));
    for (const table of app.tables) out.push(`  ${String(table.createTableInput.TableName)}`);
  }
  if (app.stateMachines.length > 0) {
    out.push("", pc.bold("State machines"));
    for (const sm of app.stateMachines) out.push(`  ${sm.name} ${pc.dim(`${sm.type} ${sm.arn}`)}`);
  }
  if (app.topics.length > 0) {
    out.push("", pc.bold("Topics"));
    for (const topic of app.topics) out.push(`  ${topic.topicName} ${pc.dim(topic.arn)}`);
  }
  const queues = Object.values(app.resources).filter((r) => r.type === "AWS::SQS::Queue");
  if (queues.length > 0) {
    out.push("", pc.bold("Queues"));
    for (const queue of queues) out.push(`  ${String(queue.attributes.QueueName)} ${pc.dim(queue.ref)}`);
  }
  const streams = Object.values(app.resources).filter((r) => r.type === "AWS::Kinesis::Stream");
  if (streams.length > 0) {
    out.push("", pc.bold("Kinesis streams"));
    for (const stream of streams) out.push(`  ${stream.ref} ${pc.dim(String(stream.attributes.Arn ?? ""))}`);
  }
  const alarms = Object.values(app.resources).filter((r) => r.type === "AWS::CloudWatch::Alarm" || r.type === "AWS::CloudWatch::CompositeAlarm");
  if (alarms.length > 0) {
    out.push("", pc.bold("Alarms"));
    for (const alarm of alarms) {
      const metric = [alarm.properties.Namespace, alarm.properties.MetricName].filter((part) => typeof part === "string").join(" ");
      const rule = typeof alarm.properties.AlarmRule === "string" ? alarm.properties.AlarmRule : undefined;
      out.push(`  ${alarm.ref} ${pc.dim(alarm.type === "AWS::CloudWatch::CompositeAlarm" ? `composite: ${rule ?? ""}` : metric || "metric math")}`);
    }
  }
  const identities = Object.values(app.resources).filter((r) => r.type === "AWS::SES::EmailIdentity");
  if (identities.length > 0) {
    out.push("", pc.bold("SES identities"));
    for (const identity of identities) out.push(`  ${identity.ref}`);
    out.push(`  ${pc.dim(`sent mail: ${sandbox.endpoint}/_aws/ses`)}`);
  }
  if (app.buckets.length > 0) {
    out.push("", pc.bold("Buckets"));
    for (const bucket of app.buckets) out.push(`  ${bucket.bucketName} ${pc.dim(`s3://${bucket.bucketName}  ${sandbox.endpoint}/${bucket.bucketName}/<key>`)}`);
  }
  const pools = Object.values(app.resources).filter((r) => r.type === "AWS::Cognito::UserPool");
  if (pools.length > 0) {
    out.push("", pc.bold("User pools"));
    const clients = Object.values(app.resources).filter((r) => r.type === "AWS::Cognito::UserPoolClient");
    for (const pool of pools) {
      // Tokens name the pool's local issuer; its keys are at <issuer>/.well-known/jwks.json.
      out.push(`  ${pool.logicalId} ${pool.ref} ${pc.dim(`issuer ${sandbox.endpoint}/${pool.ref}`)}`);
      for (const client of clients.filter((c) => c.properties.UserPoolId === pool.ref)) out.push(`    client ${client.logicalId} ${client.ref}`);
    }
  }
  const identityPools = Object.values(app.resources).filter((r) => r.type === "AWS::Cognito::IdentityPool");
  if (identityPools.length > 0) {
    out.push("", pc.bold("Identity pools"));
    for (const pool of identityPools) out.push(`  ${pool.logicalId} ${pool.ref}`);
  }
  const outputs = Object.entries(app.outputs);
  if (outputs.length > 0) {
    out.push("", pc.bold("Outputs"));
    // An API's execute-api URL is shown as the sandbox serves it (DescribeStacks answers the same).
    const local = localApiUrls(app, sandbox.apiUrl);
    for (const [name, o] of outputs) {
      const value = String(o.value);
      const here = local(value);
      out.push(here === value ? `  ${name} = ${value}` : `  ${name} = ${here} ${pc.dim(`(on AWS: ${value})`)}`);
    }
  }
  out.push(
    "",
    `${pc.bold("AWS endpoint")} ${sandbox.endpoint}  ${pc.dim(sandbox.dataDir ? `state in ${relative(process.cwd(), sandbox.dataDir) || "."}` : "in memory")}`,
    pc.dim(`  export AWS_ENDPOINT_URL=${sandbox.endpoint} AWS_REGION=${sandbox.region} AWS_DEFAULT_REGION=${sandbox.region} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`),
    ...(debuggerUrl ? ["", `${pc.bold("Debugger")} ${debuggerUrl}`, pc.dim(`  ${ATTACH_HINT}`)] : []),
    "",
    pc.dim("Ctrl-C to stop."),
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

/** WAIT_TIME_SCALE (Step Functions Local's name for --time-scale), when set. */
function envTimeScale(): number | undefined {
  const text = process.env.WAIT_TIME_SCALE;
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new SandboxError(`WAIT_TIME_SCALE must be a number >= 0, got "${text}".`, { hint: "e.g. WAIT_TIME_SCALE=0 skips waits, 0.1 makes them ten times shorter." });
  return n;
}

const MOCK_CONFIG_HINT = "--mock-config (or SFN_MOCK_CONFIG) names a Step Functions Local MockConfigFile (JSON).";

/**
 * The mock file is read again at each execution (edits apply to the next one), so a mistake
 * would show only then: a missing file or broken JSON stops start-up instead, with its line.
 */
function checkedMockConfig(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  if (!existsSync(file)) {
    throw new SandboxError(`The mock configuration ${file} does not exist.`, { hint: MOCK_CONFIG_HINT });
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    // A directory, or a file this user cannot read.
    throw new SandboxError(`The mock configuration ${file} could not be read: ${error instanceof Error ? error.message : String(error)}`, { hint: MOCK_CONFIG_HINT });
  }
  parseJson(text, file);
  return resolve(file);
}
