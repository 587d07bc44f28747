// Keeps docs/README.md and docs/README.ja.md true: the CLI options they list are the ones
// `sandbox up --help` shows, their createSandbox() sample is a test file that runs, and the
// DynamoDB actions they list are exactly the ones the edge serves.
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

function longFlags(text: string): string[] {
  return [...new Set([...text.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]))].sort();
}

function helpFlags(): string[] {
  const help = execFileSync(process.execPath, [join(root, "packages/cli/bin/sandbox.js"), "up", "--help"], {
    encoding: "utf8",
  });
  const optionLines = help
    .split("\n")
    .filter((line) => /^\s+(-\w, )?--[a-z]/.test(line))
    .map((line) => line.trim().split(/\s{2,}/)[0]);
  return longFlags(optionLines.join(" ")).filter((flag) => flag !== "--help");
}

/** Every DynamoDB operation in AWS's model (the generated file names them one per line). */
function dynamodbOperations(): string[] {
  const source = readFileSync(join(root, "packages/dynamodb/src/generated/dynamodb.ts"), "utf8");
  return [...source.matchAll(/^ {4}([A-Z][A-Za-z]+): \{ input:/gm)].map((m) => m[1]);
}

/** The actions named in a doc's DynamoDB bullet. */
function documentedDynamodbActions(text: string): string[] {
  const bullet = /^- \*\*DynamoDB\*\*[\s\S]*?(?=\n- |\n\n)/m.exec(text)?.[0] ?? "";
  return [...bullet.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1]).filter((name) => !name.endsWith("Exception"));
}

let sandbox: Sandbox;
let served: string[];
const dataDir = mkdtempSync(join(tmpdir(), "user-docs-"));

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(root, "examples/web-app"), port: 0, edgePort: 0, dataDir });
  served = [];
  for (const action of dynamodbOperations()) {
    // An empty input: a served action answers a validation error, any other UnknownOperationException.
    const res = await fetch(sandbox.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": `DynamoDB_20120810.${action}`,
        authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: "{}",
    });
    const body = (await res.json()) as { __type?: string };
    if (!String(body.__type).endsWith("UnknownOperationException")) served.push(action);
  }
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(DOCS)("%s", (file) => {
  const text = readFileSync(join(root, file), "utf8");

  it("documents exactly the options of `sandbox up --help`", () => {
    const table = text
      .split("\n")
      .filter((line) => /^\| `-/.test(line))
      .map((line) => line.split("|")[1]);
    expect(longFlags(table.join(" "))).toEqual(helpFlags());
  });

  it("lists exactly the DynamoDB actions the edge serves", () => {
    expect(served.length).toBeGreaterThan(10);
    expect(documentedDynamodbActions(text).sort()).toEqual([...served].sort());
  });

  it(`shows ${QUICKSTART} verbatim as the createSandbox() sample`, () => {
    const samples = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(samples).toContain(readFileSync(join(root, QUICKSTART), "utf8"));
  });
});
