// `sandbox up` reads a saved template again: a template that holds restarts the application on
// the same ports with its state kept; one that does not leaves the running application as it
// was; with --in-memory it only says to restart. The bin run as a user runs it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin, type BinRun } from "./bin.js";

const route = (name: string) => `  ${name}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: app.handler
      Environment:
        Variables:
          ROUTE: ${name}
      Events:
        Get:
          Type: HttpApi
          Properties:
            Path: /${name.toLowerCase()}
            Method: GET
`;

const template = (routes: string[]) => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Notes:
    Type: AWS::Serverless::SimpleTable
    Properties:
      TableName: notes
${routes.map(route).join("")}`;

const HANDLER = "export const handler = async () => ({ route: process.env.ROUTE });\n";

let root: string;

function project(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "template.yaml"), template(["A"]));
  writeFileSync(join(dir, "src", "app.mjs"), HANDLER);
  return dir;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sandbox-reload-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Waits until `text` has been printed `count` times. */
async function printed(run: BinRun, text: string, count: number): Promise<void> {
  await run.waitFor(new RegExp(`(?:[\\s\\S]*?${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}){${count}}`));
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : text };
}

describe("sandbox up restarts when the template is saved", () => {
  it("a template that holds: same ports, new routes, the table's items kept; a broken one: the running app stays", { timeout: 60_000 }, async () => {
    const dir = project("persisted");
    const up = runBin(["up", "--port", "0", "--edge-port", "0"], { cwd: dir });
    const api = (await up.waitFor(/GET\s+(http:\/\/127\.0\.0\.1:\d+)\/a/))?.[1];
    const endpoint = (await up.waitFor(/AWS endpoint (http:\/\/127\.0\.0\.1:\d+)/))?.[1];
    expect(api).toBeDefined();
    expect((await getJson(`${api}/a`)).body).toEqual({ route: "A" });
    const dynamodb = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
    await dynamodb.send(new PutItemCommand({ TableName: "notes", Item: { id: { S: "kept" }, text: { S: "across restarts" } } }));
    expect((await getJson(`${api}/b`)).status).toBe(404);

    writeFileSync(join(dir, "template.yaml"), template(["A", "B"]));
    await printed(up, "restarted in", 1);
    expect(up.stdout()).toContain("template.yaml changed: restarting…");
    // The summary again, with the new route on the same port.
    expect(up.stdout()).toContain(`GET ${api}/b`);
    expect((await getJson(`${api}/b`)).body).toEqual({ route: "B" });
    const kept = await dynamodb.send(new GetItemCommand({ TableName: "notes", Key: { id: { S: "kept" } } }));
    expect(kept.Item?.text?.S).toBe("across restarts");

    // A template that does not load: its file and line, and the application keeps serving.
    writeFileSync(join(dir, "template.yaml"), `${template(["A", "B"])}      Broken: [unclosed\n`);
    await up.waitFor("changed, but");
    expect(up.stdout()).toMatch(/template\.yaml changed, but .*template\.yaml/);
    expect(up.stdout()).toContain("the application keeps running as it was");
    expect((await getJson(`${api}/b`)).body).toEqual({ route: "B" });

    // Fixed again: restarted, route B gone.
    writeFileSync(join(dir, "template.yaml"), template(["A"]));
    await printed(up, "restarted in", 2);
    expect((await getJson(`${api}/a`)).body).toEqual({ route: "A" });
    expect((await getJson(`${api}/b`)).status).toBe(404);
    dynamodb.destroy();

    up.child.kill("SIGINT");
    expect(await up.exited).toBe(0);
  });

  it("--log-format json says so in events; --in-memory only says to restart", { timeout: 60_000 }, async () => {
    const dir = project("in-memory");
    const up = runBin(["up", "--port", "0", "--edge-port", "0", "--in-memory", "--log-format", "json"], { cwd: dir });
    await up.waitFor('"type":"ready"');
    writeFileSync(join(dir, "template.yaml"), template(["A", "B"]));
    await up.waitFor('"type":"templateChanged"');
    const event = up
      .stdout()
      .split("\n")
      .filter((line) => line.includes('"templateChanged"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)[0];
    expect(event).toMatchObject({ file: "template.yaml", applied: false });
    expect(up.stdout()).not.toContain('"type":"reloaded"');
    up.child.kill("SIGINT");
    expect(await up.exited).toBe(0);
  });
});
