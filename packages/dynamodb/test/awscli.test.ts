/**
 * The AWS CLI against the DynamoDB wire (`aws dynamodb …`), where `aws` is installed
 * (CI: Debian's awscli package). Skipped, with a message, when it is not.
 */
import { execFile, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, type Harness } from "./helpers.js";

const version = spawnSync("aws", ["--version"], { encoding: "utf8" });
const installed = version.error === undefined && version.status === 0;
if (!installed) console.warn("awscli.test.ts: `aws` is not installed; skipping the AWS CLI tests (apt-get install -y awscli).");

let h: Harness;
let env: NodeJS.ProcessEnv;

/** Runs `aws dynamodb <args>` and parses its JSON output. */
function aws(...args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    // --endpoint-url too: awscli before 2.13 (Debian 12 ships 2.9) ignores AWS_ENDPOINT_URL.
    execFile("aws", ["dynamodb", ...args, "--endpoint-url", h.url, "--output", "json"], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`aws dynamodb ${args[0]} failed: ${stderr || error.message}`));
      else resolve(stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>));
    });
  });
}

describe.skipIf(!installed)(`AWS CLI (${version.stdout?.trim() || version.stderr?.trim() || "not installed"})`, () => {
  beforeAll(async () => {
    h = await startDynamoDb();
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ENDPOINT_URL: h.url,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_PAGER: "",
      // No user configuration or credentials leak into the test.
      AWS_CONFIG_FILE: "/nonexistent/aws-config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
      AWS_EC2_METADATA_DISABLED: "true",
    };
  });
  afterAll(() => h?.close());

  it("creates a table, writes, reads, queries and scans page by page", async () => {
    const created = await aws(
      "create-table",
      "--table-name",
      "music",
      "--attribute-definitions",
      "AttributeName=artist,AttributeType=S",
      "AttributeName=song,AttributeType=S",
      "--key-schema",
      "AttributeName=artist,KeyType=HASH",
      "AttributeName=song,KeyType=RANGE",
      "--billing-mode",
      "PAY_PER_REQUEST",
    );
    expect(created.TableDescription).toMatchObject({ TableName: "music", TableStatus: "CREATING" });

    const song = (artist: string, title: string, year: string) => ({ artist: { S: artist }, song: { S: title }, year: { N: year } });
    await aws("put-item", "--table-name", "music", "--item", JSON.stringify(song("Acme", "One", "2001")));
    const rest = [song("Acme", "Two", "2002"), song("Acme", "Three", "2003"), song("Band", "Alpha", "1999"), song("Band", "Beta", "2000")];
    const batch = await aws("batch-write-item", "--request-items", JSON.stringify({ music: rest.map((Item) => ({ PutRequest: { Item } })) }));
    expect(batch.UnprocessedItems).toEqual({});

    const got = await aws("get-item", "--table-name", "music", "--key", JSON.stringify({ artist: { S: "Acme" }, song: { S: "Two" } }));
    expect(got.Item).toEqual({ artist: { S: "Acme" }, song: { S: "Two" }, year: { N: "2002" } });

    const queried = await aws(
      "query",
      "--table-name",
      "music",
      "--key-condition-expression",
      "artist = :a AND begins_with(song, :t)",
      "--expression-attribute-values",
      JSON.stringify({ ":a": { S: "Acme" }, ":t": { S: "T" } }),
    );
    expect(queried.Count).toBe(2);
    expect((queried.Items as { song: { S: string } }[]).map((i) => i.song.S)).toEqual(["Three", "Two"]);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await aws("scan", "--table-name", "music", "--max-items", "2", ...(token ? ["--starting-token", token] : []));
      for (const item of page.Items as { song: { S: string } }[]) seen.push(item.song.S);
      token = page.NextToken as string | undefined;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(["Alpha", "Beta", "One", "Three", "Two"]);
  }, 60_000);

  it("reports DynamoDB's errors the CLI way", async () => {
    await expect(aws("describe-table", "--table-name", "nope")).rejects.toThrow(/ResourceNotFoundException.*Requested resource not found: Table: nope not found/);
  }, 30_000);
});
