// Keeps docs/README.md and docs/README.ja.md true: the options each CLI command's table lists
// are the ones its `--help` shows, their createSandbox() sample is a test file that runs, and
// each service's "API" bullet lists exactly the actions the edge serves.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSandbox, type Sandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const DOCS = ["docs/README.md", "docs/README.ja.md"];
const QUICKSTART = "examples/web-app/test/quickstart.test.ts";
const COMMANDS = ["up", "invoke", "validate", "time", "traces"] as const;

function longFlags(text: string): string[] {
  return [...new Set([...text.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]))].sort();
}

function helpFlags(command: string): string[] {
  const help = execFileSync(process.execPath, [join(root, "packages/cli/bin/sandbox.js"), command, "--help"], {
    encoding: "utf8",
  });
  const optionLines = help
    .split("\n")
    .filter((line) => /^\s+(-\w, )?--[a-z]/.test(line))
    .map((line) => line.trim().split(/\s{2,}/)[0]);
  return longFlags(optionLines.join(" ")).filter((flag) => flag !== "--help");
}

/** The lines of the section under the heading "### `sandbox <command>`", up to the next heading. */
function commandSection(text: string, command: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(`### \`sandbox ${command}\``);
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && /^#{2,3} /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** One emulated API: where the generated model names its operations, and how the edge is asked. */
interface ServiceApi {
  /** The bold label of its bullet in the docs: "- **DynamoDB API**: `BatchGetItem`, …". */
  label: string;
  model: string;
  /** awsJson services: X-Amz-Target prefix and protocol version; restJson ones use the model's HTTP bindings. */
  target?: { prefix: string; version: "1.0" | "1.1" };
  signingName: string;
  /** restXml (S3): the URI's literal query ("?uploads", "?x-id=GetObject") is what names the action. */
  keepQuery?: boolean;
}

const APIS: ServiceApi[] = [
  { label: "Lambda API", model: "packages/lambda/src/generated/lambda.ts", signingName: "lambda" },
  { label: "DynamoDB API", model: "packages/dynamodb/src/generated/dynamodb.ts", target: { prefix: "DynamoDB_20120810", version: "1.0" }, signingName: "dynamodb" },
  {
    label: "DynamoDB Streams API",
    model: "packages/dynamodb/src/generated/dynamodbstreams.ts",
    target: { prefix: "DynamoDBStreams_20120810", version: "1.0" },
    signingName: "dynamodb",
  },
  { label: "Step Functions API", model: "packages/stepfunctions/src/generated/sfn.ts", target: { prefix: "AWSStepFunctions", version: "1.0" }, signingName: "states" },
  { label: "SNS API", model: "packages/sns/src/generated/sns.ts", target: { prefix: "AmazonSNS", version: "1.0" }, signingName: "sns" },
  { label: "CloudWatch Logs API", model: "packages/logs/src/generated/logs.ts", target: { prefix: "Logs_20140328", version: "1.1" }, signingName: "logs" },
  { label: "X-Ray API", model: "packages/xray/src/generated/xray.ts", signingName: "xray" },
  { label: "S3 API", model: "packages/s3/src/generated/s3.ts", signingName: "s3", keepQuery: true },
  {
    label: "Cognito user pools API",
    model: "packages/cognito/src/generated/cognitoidp.ts",
    target: { prefix: "AWSCognitoIdentityProviderService", version: "1.1" },
    signingName: "cognito-idp",
  },
  { label: "Kinesis API", model: "packages/kinesis/src/generated/kinesis.ts", target: { prefix: "Kinesis_20131202", version: "1.1" }, signingName: "kinesis" },
  { label: "CloudWatch API", model: "packages/cloudwatch/src/generated/cloudwatch.ts", target: { prefix: "GraniteServiceVersion20100801", version: "1.0" }, signingName: "monitoring" },
  // SES's v1 API speaks Query, which this probe does not ask; SESv2 is restJson.
  { label: "SESv2 API", model: "packages/ses/src/generated/sesv2.ts", signingName: "ses" },
  { label: "KMS API", model: "packages/kms/src/generated/kms.ts", target: { prefix: "TrentService", version: "1.1" }, signingName: "kms" },
  {
    label: "Cognito identity pools API",
    model: "packages/cognito/src/generated/cognitoidentity.ts",
    target: { prefix: "AWSCognitoIdentityService", version: "1.1" },
    signingName: "cognito-identity",
  },
];

/** How each service says it does not emulate an action (UnknownOperationException, SNS's InvalidAction, …). */
const NOT_EMULATED = /UnknownOperationException|"InvalidAction"|does not (emulate|implement)/;

interface Operation {
  name: string;
  http?: { method: string; uri: string };
}

/** Every operation in AWS's model (the generated file names them one per line). */
function operations(model: string): Operation[] {
  const source = readFileSync(join(root, model), "utf8");
  // Smithy-generated tables start with `input:`; botocore-generated ones (tools/gen-botocore-model.mjs) with `errors:`.
  return [...source.matchAll(/^ {4}([A-Z][A-Za-z0-9]+): \{ (?:errors: \[[^\]]*\], )?input:(.*)$/gm)].map((m) => {
    const http = /http: \{ method: "(\w+)", uri: "([^"]+)"/.exec(m[2]);
    return { name: m[1], ...(http ? { http: { method: http[1], uri: http[2] } } : {}) };
  });
}

/** The operations the edge serves: asked with an empty input, a served one answers anything but "not emulated". */
async function servedOperations(endpoint: string, api: ServiceApi): Promise<string[]> {
  const authorization = `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${api.signingName}/aws4_request, SignedHeaders=host, Signature=0`;
  const served: string[] = [];
  for (const op of operations(api.model)) {
    let res: Response;
    if (api.target) {
      res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": `application/x-amz-json-${api.target.version}`, "x-amz-target": `${api.target.prefix}.${op.name}`, authorization },
        body: "{}",
      });
    } else {
      if (!op.http) continue;
      // S3 answers NoSuchBucket before "not emulated": the probe's bucket exists (again, after a DeleteBucket).
      if (api.signingName === "s3") await fetch(`${endpoint}/sandbox-docs-probe`, { method: "PUT", headers: { authorization } });
      // URI labels get a name no resource has: a served operation answers "not found" or a validation error.
      const path = (api.keepQuery ? op.http.uri : op.http.uri.split("?")[0]).replace(/\{[^}]+\}/g, "sandbox-docs-probe");
      const hasBody = op.http.method !== "GET" && op.http.method !== "DELETE" && op.http.method !== "HEAD";
      res = await fetch(`${endpoint}${path}`, {
        method: op.http.method,
        headers: { "content-type": "application/json", authorization },
        ...(hasBody ? { body: "{}" } : {}),
      });
    }
    if (!NOT_EMULATED.test(await res.text())) served.push(op.name);
  }
  return served.sort();
}

/** The actions named in a doc's "- **<label>**" bullet. */
function documentedActions(text: string, label: string): string[] {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const bullet = new RegExp(`^- \\*\\*${escaped}\\*\\*[\\s\\S]*?(?=\\n- |\\n\\n)`, "m").exec(text)?.[0] ?? "";
  return [...bullet.matchAll(/`([A-Z][A-Za-z0-9]+)`/g)].map((m) => m[1]).filter((name) => !name.endsWith("Exception"));
}

let sandbox: Sandbox;
const served = new Map<string, string[]>();
const dataDir = mkdtempSync(join(tmpdir(), "user-docs-"));

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(root, "examples/web-app"), port: 0, edgePort: 0, dataDir });
  for (const api of APIS) served.set(api.label, await servedOperations(sandbox.endpoint, api));
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(DOCS)("%s", (file) => {
  const text = readFileSync(join(root, file), "utf8");

  it.each(COMMANDS)("documents exactly the options of `sandbox %s --help`", (command) => {
    const table = commandSection(text, command)
      .filter((line) => /^\| `-/.test(line))
      .map((line) => line.split("|")[1]);
    expect(table.length, `no options table under "### \`sandbox ${command}\`"`).toBeGreaterThan(0);
    expect(longFlags(table.join(" "))).toEqual(helpFlags(command));
  });

  it.each(APIS.map((api) => api.label))("lists exactly the actions of the %s the edge serves", (label) => {
    const actions = served.get(label) ?? [];
    expect(actions.length).toBeGreaterThan(3);
    expect(documentedActions(text, label).sort()).toEqual(actions);
  });

  it(`shows ${QUICKSTART} verbatim as the createSandbox() sample`, () => {
    const samples = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(samples).toContain(readFileSync(join(root, QUICKSTART), "utf8"));
  });
});
