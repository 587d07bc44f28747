import { existsSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import pc from "picocolors";
import { SandboxError } from "@sam-sandbox/core";
import { sampleEvents } from "./sampleEvents.js";
import { parseParameterOverrides } from "./parameterOverrides.js";
// Each command's module (and what it imports: the sandbox, an AWS SDK client) loads when it
// runs, so `sandbox up` does not pay for the others' dependencies.

const program = new Command();

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number from 0 to 65535.");
  return n;
}

function scale(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number >= 0, e.g. 0 or 0.1.");
  return n;
}

function environments(value: string): number {
  if (value === "unlimited") return Infinity;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1, or "unlimited".');
  return n;
}

/** `--parameter-overrides`, read with SAM CLI's grammar (quoted values, `a\ b`, the ParameterKey= form), repeatable. */
function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  try {
    return Object.assign(previous, parseParameterOverrides(value));
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message.trim() : String(error));
  }
}

// SAM CLI's options naming its configuration file, on the commands that read it (samconfig.ts).
const CONFIG_FILE_HELP = "SAM CLI configuration file (default: samconfig.toml, .yaml or .yml beside the template)";
const CONFIG_ENV_HELP = "environment of the configuration file to read";

/** The template given with -t on the command line (not --no-template, not from samconfig). */
function cliTemplate(command: Command): string | undefined {
  const value: unknown = command.getOptionValue("template");
  return command.getOptionValueSource("template") === "cli" && typeof value === "string" ? value : undefined;
}

/** Reads samconfig for a command and prints its start-up line; answers the options as they now are. */
async function withSamConfig(command: Command, plan: "up" | "invoke" | "validate", where: string | undefined, write: (line: string) => void) {
  const { applySamConfig, samConfigLines, UP_PLAN, INVOKE_PLAN, VALIDATE_PLAN } = await import("./samconfig.js");
  const use = applySamConfig(command, { up: UP_PLAN, invoke: INVOKE_PLAN, validate: VALIDATE_PLAN }[plan], where);
  const opts = command.opts();
  if (use) for (const line of samConfigLines(use, { json: opts.logFormat === "json", verbose: opts.verbose === true })) write(line);
  return opts;
}

const stdoutLine = (line: string) => process.stdout.write(`${line}\n`);
const stderrLine = (line: string) => process.stderr.write(`${line}\n`);

program
  .name("sandbox")
  .description(
    "Run an AWS serverless application (SAM or CDK template) offline in one process: API Gateway, Lambda, DynamoDB, Step Functions, SNS, SQS, Kinesis, S3, SES, EventBridge, Cognito, Parameter Store, Secrets Manager, KMS, CloudWatch (Logs, metrics, alarms), X-Ray.",
  )
  .version("0.1.0");

program
  .command("up")
  .description("start the application described by a SAM / CloudFormation template")
  .argument("[dir]", "directory holding template.yaml (default: current directory)")
  .option("-t, --template <file>", "template file (default: <dir>/.aws-sam/build/template.yaml after sam build, as sam local, else <dir>/template.yaml|yml|json)")
  .option("--no-template", "no application: serve the AWS APIs alone, for resources the SDK or CLI creates")
  .option("-p, --port <port>", "port of the application APIs (0 = any free port)", port, 3000)
  .option("--edge-port <port>", "port speaking every AWS API (AWS_ENDPOINT_URL)", port, 4566)
  .option("--host <host>", "address to bind", "127.0.0.1")
  .option("--in-memory", "keep no state on disk", false)
  .option("--data-dir <dir>", "where state is kept (default: <dir>/.sandbox)")
  .option("--parameter-overrides <Key=Value...>", "template parameter values", keyValue)
  .option("-n, --env-vars <file>", 'JSON file of function environment variables, as SAM CLI\'s: {"Parameters": {…}} for all, {"<Function>": {…}} for one')
  .option("--region <region>", "AWS region to emulate", "us-east-1")
  .option("--log-format <format>", "terminal log format: text or json", "text")
  .option("-v, --verbose", "also log every AWS API call on the edge", false)
  .option("--no-watch", "do not rebuild functions when their code changes, nor restart when the template changes")
  .option("--inspect [address]", "open the Node.js inspector ([host:]port, default 127.0.0.1:9229) to debug functions with breakpoints; Lambda and integration timeouts are off")
  .option("--on-ready <command>", "shell command run once ready, with AWS_ENDPOINT_URL and the outputs as SANDBOX_OUTPUT_<Name> set (seed data)")
  .option("--time-scale <factor>", "speed up waits and retry back-off (0 skips them, like WAIT_TIME_SCALE)", scale)
  .option("--mock-config <file>", "Step Functions Local MockConfigFile (select a case with <arn>#<TestCase>)")
  .option(
    "--max-environments <n>",
    'execution environments per function before invocations wait for a free one (default: CPU cores, at least 2; "unlimited": one per concurrent request, as AWS)',
    environments,
  )
  .option("--config-file <file>", CONFIG_FILE_HELP)
  .option("--config-env <env>", CONFIG_ENV_HELP, "default")
  .addHelpText(
    "after",
    `
Examples:
  $ sandbox up                                   # template.yaml in the current directory
  $ sandbox up examples/web-app                  # another directory
  $ sandbox up -t cdk.out/MyStack.template.json  # a CDK-synthesized template
  $ sandbox up --port 8080 --edge-port 4567 --in-memory
  $ sandbox up --no-template --edge-port 8000    # DynamoDB, S3, SQS… with no application
  $ sandbox up --parameter-overrides Stage=dev TableName=todos
  $ sandbox up --env-vars env.json                # {"Parameters": {"STAGE": "dev"}}
  $ sandbox up --inspect                         # debug functions: attach VS Code or chrome://inspect
  $ sandbox up --on-ready "node scripts/seed.mjs" # seed tables once ready
  $ sandbox up --config-env dev                  # samconfig.toml's [dev.local_start_api.parameters]

Then point any AWS SDK or the AWS CLI at the sandbox:
  $ export AWS_ENDPOINT_URL=http://127.0.0.1:4566

It does what \`sam local start-api\` (the APIs, on --port) and \`sam local start-lambda\` (the
Lambda API, on the AWS endpoint --edge-port, with every other AWS API) do, together.`,
  )
  .action(async (dir: string | undefined, _opts: unknown, command: Command) => {
    const opts = await withSamConfig(command, "up", cliTemplate(command) ?? dir, stdoutLine);
    const { up } = await import("./up.js");
    await up(dir, opts as Parameters<typeof up>[1]);
  });

program
  .command("invoke")
  .description("run one function once with an event, as `sam local invoke` does: its answer on stdout, its logs on stderr")
  .argument("[function]", "the function's logical id or name (optional when the template has one function)")
  .argument("[dir]", "directory holding template.yaml (default: current directory)")
  .option("-t, --template <file>", "template file (default: <dir>/.aws-sam/build/template.yaml after sam build, as sam local, else <dir>/template.yaml|yml|json)")
  .option("-e, --event <file>", 'JSON file holding the event ("-" reads stdin; default: {})')
  // SAM CLI's flag, which sam init's READMEs use (`sam local invoke helloFromLambdaFunction --no-event`).
  .option("--no-event", "invoke with the empty event {}, as `sam local invoke --no-event`")
  .option("--payload <json>", "the event as JSON text")
  .option("--endpoint <url>", "invoke on a running sandbox (its AWS endpoint) instead of starting the application")
  .option("--inspect [address]", "open the Node.js inspector ([host:]port, default 127.0.0.1:9229) and wait for a debugger before invoking; the function's Timeout is off")
  .option("--parameter-overrides <Key=Value...>", "template parameter values", keyValue)
  .option("-n, --env-vars <file>", 'JSON file of function environment variables, as SAM CLI\'s: {"Parameters": {…}} for all, {"<Function>": {…}} for one')
  .option("--region <region>", "AWS region to emulate", "us-east-1")
  .option("--config-file <file>", CONFIG_FILE_HELP)
  .option("--config-env <env>", CONFIG_ENV_HELP, "default")
  .addHelpText(
    "after",
    `
The application starts in memory on free ports (tables, queues and buckets empty), so this
works beside a running \`sandbox up\`; --endpoint asks that one instead. Exits 1 when the
function fails.

Examples:
  $ sandbox invoke ListTodosFunction examples/web-app
  $ sandbox invoke CreateTodoFunction --event events/create.json --env-vars env.json
  $ echo '{"n": 1}' | sandbox invoke Double -e -
  $ sandbox invoke Double --inspect              # waits for a debugger, then invokes
  $ sandbox invoke ListTodosFunction --endpoint http://127.0.0.1:4566`,
  )
  .action(async (fn: string | undefined, dir: string | undefined, given: { endpoint?: string }, command: Command) => {
    // A running sandbox (--endpoint) has its settings already; `sandbox invoke <dir>` names the app alone.
    const app = dir ?? (fn !== undefined && (fn.includes("/") || existsSync(fn)) ? fn : undefined);
    const opts = given.endpoint === undefined ? await withSamConfig(command, "invoke", cliTemplate(command) ?? app, stderrLine) : given;
    const { invoke } = await import("./invoke.js");
    const code = await invoke(fn, dir, opts as Parameters<typeof invoke>[2]);
    // Stops here even if the function left work behind (as `sandbox up` does on Ctrl-C).
    process.stdout.write("", () => process.exit(code));
  });

program
  .command("validate")
  .description("check a template as `sandbox up` reads it (SAM transform, intrinsics, conditions), without starting anything")
  .argument("[dir]", "directory holding template.yaml (default: current directory)")
  .option("-t, --template <file>", "template file (default: <dir>/template.yaml|yml|json)")
  .option("--parameter-overrides <Key=Value...>", "template parameter values", keyValue)
  .option("--region <region>", "AWS region to emulate", "us-east-1")
  .option("--config-file <file>", CONFIG_FILE_HELP)
  .option("--config-env <env>", CONFIG_ENV_HELP, "default")
  .addHelpText(
    "after",
    `
Exits 1 with CloudFormation's message and the file and line of the first mistake; lists
what the sandbox would skip (resources it does not emulate) as warnings.

Examples:
  $ sandbox validate examples/web-app
  $ sandbox validate -t cdk.out/MyStack.template.json`,
  )
  .action(async (dir: string | undefined, _opts: unknown, command: Command) => {
    const opts = await withSamConfig(command, "validate", cliTemplate(command) ?? dir, stdoutLine);
    const { validate } = await import("./validate.js");
    process.exitCode = await validate(dir, opts as Parameters<typeof validate>[1]);
  });

program
  .command("time")
  .description("show the sandbox's clock, or move it forward (Wait states, retries, TTL, token expiry)")
  .argument("[action]", '"advance" to move the clock forward')
  .argument("[duration]", "how far: 90s, 15m, 2h, 1d12h, 2w, 1y")
  .option("--endpoint <url>", "the sandbox's AWS endpoint", process.env.AWS_ENDPOINT_URL ?? "http://127.0.0.1:4566")
  .addHelpText(
    "after",
    `
Examples:
  $ sandbox time                    # what time it is in the sandbox
  $ sandbox time advance 1d         # a day passes: Wait states and TTL expiries due now fire
  $ sandbox time advance 1y         # finish a year-long workflow in a second`,
  )
  .action(async (action: string | undefined, duration: string | undefined, opts: { endpoint: string }) => {
    const { time } = await import("./time.js");
    await time(opts.endpoint, action, duration);
  });

program
  .command("traces")
  .description("list recent X-Ray traces of a running sandbox, or show one as a waterfall")
  .argument("[id]", "trace id (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx)")
  .option("--endpoint <url>", "the sandbox's AWS endpoint", process.env.AWS_ENDPOINT_URL ?? "http://127.0.0.1:4566")
  .option("-f, --filter <expression>", 'X-Ray filter expression, e.g. \'service("orders") AND fault\'')
  .option("-n, --limit <n>", "at most this many traces", (v) => Number(v), 20)
  .addHelpText(
    "after",
    `
Examples:
  $ sandbox traces                                   # newest traces first
  $ sandbox traces --filter 'http.status = 500'
  $ sandbox traces 1-6759e988-bd862e3fe1be46a994272793`,
  )
  .action(async (id: string | undefined, opts: { endpoint: string; filter?: string; limit: number }) => {
    const { traces } = await import("./traces.js");
    await traces(opts.endpoint, id, { filter: opts.filter, limit: opts.limit });
  });

const generate = program
  .command("generate-event")
  .description("print a sample event of a service, as `sam local generate-event` does, to invoke a function with")
  .addHelpText(
    "after",
    `
Each event is the one the sandbox itself delivers: an application runs in memory with the
source wired to a function, the source is set off, and what the function received is printed.

Examples:
  $ sandbox generate-event apigateway aws-proxy --method POST --path /todos --body '{"title":"milk"}'
  $ sandbox generate-event s3 put --bucket photos --key cat.jpg
  $ sandbox generate-event sqs receive-message --body hello | sandbox invoke Worker -e -`,
  );
for (const service of [...new Set(sampleEvents().map((s) => s.service))]) {
  const samples = sampleEvents().filter((s) => s.service === service);
  const group = generate.command(service).description(samples.map((s) => s.event).join(", "));
  for (const sample of samples) {
    const command = group.command(sample.event).description(sample.description);
    for (const option of sample.options) {
      if (option.flag.endsWith("...>")) command.option(option.flag, option.description, (v: string, all: string[] = []) => [...all, v]);
      else command.option(option.flag, option.description, option.default);
    }
    command.action(async (opts: Record<string, string | string[] | undefined>) => {
      const { generateEvent } = await import("./generateEvent.js");
      // A repeated option (--header) travels as lines.
      const values = Object.fromEntries(Object.entries(opts).map(([k, v]) => [k, Array.isArray(v) ? v.join("\n") : v]));
      const event = await generateEvent(sample, values);
      process.stdout.write(`${JSON.stringify(event, null, 2)}\n`, () => process.exit(0));
    });
  }
}

// SAM CLI's commands, as a user coming from it types them: which of ours does the job.
const SAM_COMMANDS: Record<string, string> = {
  "start-api": "`sandbox up` serves the template's APIs (on --port, 3000), as `sam local start-api` does",
  "start-lambda": "`sandbox up` serves the Lambda API on its AWS endpoint (--edge-port, 4566) with every other AWS API: `aws lambda invoke --endpoint-url http://127.0.0.1:4566 …`",
  invoke: "`sandbox invoke <Function> -e events/event.json` runs one function, as `sam local invoke` does",
  "generate-event": "`sandbox generate-event <service> <event>`, as `sam local generate-event`",
  build: "there is nothing to build: the sandbox runs the functions from their sources (TypeScript with esbuild Metadata too); run `sandbox up`",
  logs: "`sandbox up` prints every function's logs; they are also in CloudWatch Logs on the AWS endpoint: `aws logs tail /aws/lambda/<function name> --endpoint-url http://127.0.0.1:4566`",
};

program.on("command:*", (operands: string[]) => {
  // `sandbox local invoke …` as `sam local invoke …`: the word after "local" is SAM's command.
  const [first, second] = operands;
  const sam = first === "local" && second !== undefined ? second : first;
  if (first === "local" && second === undefined) {
    program.error("error: sandbox has no `local` command: `sam local start-api` and `start-lambda` are `sandbox up`, `sam local invoke` is `sandbox invoke`, `sam local generate-event` is `sandbox generate-event` (see `sandbox --help`).");
  }
  const ours = Object.hasOwn(SAM_COMMANDS, sam) ? SAM_COMMANDS[sam] : undefined;
  if (ours === undefined) program.error(`error: unknown command '${first}'\n(run \`sandbox --help\` for the commands)`);
  else program.error(`error: sandbox has no \`${operands.slice(0, first === "local" ? 2 : 1).join(" ")}\` command: ${ours}.`);
});

program.addHelpText(
  "after",
  `
Coming from SAM CLI:
  sam local start-api        → sandbox up (the APIs, on --port)
  sam local start-lambda     → sandbox up (the Lambda API on the AWS endpoint, --edge-port)
  sam local invoke           → sandbox invoke (--event, --no-event, --env-vars, --parameter-overrides)
  sam local generate-event   → sandbox generate-event
  sam validate               → sandbox validate
  Step Functions Local       → sandbox up --mock-config MockConfigFile.json (or SFN_MOCK_CONFIG)

Examples:
  $ npx sandbox up examples/web-app
  $ npx sandbox invoke ListTodosFunction examples/web-app
  $ npx sandbox validate examples/web-app
  $ npx sandbox generate-event apigateway aws-proxy --path /todos
  $ npx sandbox up --help`,
);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof SandboxError) {
    process.stderr.write(`${pc.red(`✖ ${error.format()}`)}\n`);
  } else {
    process.stderr.write(`${pc.red(`✖ unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)}\n`);
    process.stderr.write("  This is a bug in sandbox; please report it with the template that caused it.\n");
  }
  process.exit(1);
});
