// `sandbox validate`: the bin run as a user runs it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

const root = join(import.meta.dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "sandbox-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => runBin(args).result();

describe("sandbox validate", () => {
  it("says a template holds and counts its resources by type", async () => {
    const r = await run(["validate", join(root, "examples", "order-workflow")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^✔ .*examples\/order-workflow\/template\.yaml is a valid template: 9 resources$/m);
    expect(r.stdout).toMatch(/^ {4}5 AWS::Serverless::Function$/m);
    expect(r.stdout).toMatch(/^ {4}1 AWS::Serverless::StateMachine$/m);
  });

  it("lists what the sandbox would skip as warnings, and still exits 0", async () => {
    const file = join(dir, "msk.yaml");
    writeFileSync(file, 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Cluster:\n    Type: AWS::MSK::ServerlessCluster\n    Properties:\n      ClusterName: orders\n');
    const r = await run(["validate", "-t", file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^⚠ .*AWS::MSK::ServerlessCluster.*$/m);
  });

  it("stops at a mistake with CloudFormation's message, the file and the line", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\nOutputs:\n  Arn:\n    Value: !GetAtt Missing.Arn\n');
    const r = await run(["validate", "-t", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file}:7: Template error: instance of Fn::GetAtt references undefined resource Missing`);
  });
});
