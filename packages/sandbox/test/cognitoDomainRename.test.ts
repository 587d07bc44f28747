import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DescribeUserPoolCommand, DescribeUserPoolDomainCommand } from "@aws-sdk/client-cognito-identity-provider";
import { startCognitoSandbox } from "./helpers.js";

const template = (domain: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: renamed-domain-users
  UsersDomain:
    Type: AWS::Cognito::UserPoolDomain
    Properties:
      UserPoolId: !Ref Users
      Domain: ${domain}
Outputs:
  UserPoolId:
    Value: !Ref Users
`;

describe("a user pool domain renamed in the template", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-cognito-domain-"));
  const dataDir = join(dir, ".sandbox");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(domain: string) {
    writeFileSync(join(dir, "template.yaml"), template(domain));
    const { sandbox, cognito } = await startCognitoSandbox(join(dir, "template.yaml"), { dataDir });
    try {
      const poolId = String(sandbox.app.outputs.UserPoolId?.value);
      const pool = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      const lookup = async (name: string) => (await cognito.send(new DescribeUserPoolDomainCommand({ Domain: name }))).DomainDescription?.UserPoolId;
      return { poolId, domain: pool.UserPool?.Domain, first: await lookup("first-app"), second: await lookup("second-app") };
    } finally {
      cognito.destroy();
      await sandbox.stop();
    }
  }

  it("replaces the pool's saved domain on the next start (a pool holds one prefix domain)", async () => {
    const before = await run("first-app");
    expect(before).toMatchObject({ domain: "first-app", first: before.poolId, second: undefined });
    const after = await run("second-app");
    expect(after).toMatchObject({ poolId: before.poolId, domain: "second-app", first: undefined, second: before.poolId });
  });
});
