// A SAM project after `sam build`: `sandbox up` (and `invoke`) run .aws-sam/build/template.yaml
// as `sam local` does, say so, keep state beside the project, and `-t template.yaml` or
// `sandbox validate` read the sources. The bin run as a user runs it.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

const template = (codeUri: string, metadata = "") => `Transform: AWS::Serverless-2016-10-31
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: ${codeUri}
      Handler: app.handler
      Events:
        Get:
          Type: HttpApi
          Properties: { Path: /hello, Method: GET }
${metadata}`;

// What sam build writes for an esbuild function: its Metadata kept, the code built (app.js, no app.ts).
const ESBUILD_METADATA = `    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [app.ts]
`;

let root: string;
let project: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sandbox-sam-build-"));
  project = join(root, "my-app");
  mkdirSync(join(project, "src"), { recursive: true });
  writeFileSync(join(project, "template.yaml"), template("src/", ESBUILD_METADATA));
  writeFileSync(join(project, "src", "app.ts"), 'export const handler = async (): Promise<{ from: string }> => ({ from: "sources" });\n');
  const built = join(project, ".aws-sam", "build");
  mkdirSync(join(built, "HelloFunction"), { recursive: true });
  writeFileSync(join(built, "template.yaml"), template("HelloFunction", ESBUILD_METADATA));
  writeFileSync(join(built, "HelloFunction", "app.js"), 'exports.handler = async () => ({ from: "sam build" });\n');
  // sam build ran before the last edit of template.yaml.
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(built, "template.yaml"), past, past);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a SAM project built with `sam build`", () => {
  it("sandbox up runs .aws-sam/build/template.yaml, says so, and keeps state in the project's .sandbox", { timeout: 30_000 }, async () => {
    const up = runBin(["up", "--port", "0", "--edge-port", "0"], { cwd: project });
    await up.waitFor("Ctrl-C to stop");
    expect(up.stdout()).toMatch(/^sandbox · my-app \(\.aws-sam\/build\/template\.yaml\) ready in/m);
    expect(up.output()).toContain("running .aws-sam/build/template.yaml, sam build's output, as sam local does");
    expect(up.output()).toContain("It is older than template.yaml.");
    const api = /GET\s+(http:\/\/127\.0\.0\.1:\d+)\/hello/.exec(up.stdout())?.[1];
    expect(await (await fetch(`${api}/hello`)).json()).toEqual({ from: "sam build" });
    expect(up.stdout()).toMatch(/state in \.sandbox$/m);
    up.child.kill("SIGINT");
    expect(await up.exited).toBe(0);
  });

  it("-t template.yaml runs the sources; sandbox invoke runs the build; sandbox validate reads the sources", { timeout: 30_000 }, async () => {
    const up = runBin(["up", "--port", "0", "--edge-port", "0", "--in-memory", "-t", "template.yaml"], { cwd: project });
    await up.waitFor("Ctrl-C to stop");
    expect(up.output()).not.toContain("sam build's output");
    const api = /GET\s+(http:\/\/127\.0\.0\.1:\d+)\/hello/.exec(up.stdout())?.[1];
    expect(await (await fetch(`${api}/hello`)).json()).toEqual({ from: "sources" });
    up.child.kill("SIGINT");
    expect(await up.exited).toBe(0);

    const invoked = await runBin(["invoke", "HelloFunction", "--no-event"], { cwd: project }).result();
    expect(invoked.code, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toEqual({ from: "sam build" });

    const validated = await runBin(["validate"], { cwd: project }).result();
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout).toContain("template.yaml is a valid template");
    expect(validated.stdout).not.toContain(".aws-sam");
  });
});
