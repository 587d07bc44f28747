/**
 * The AWS CLI (botocore, which decodes IAM's URL-encoded policy documents itself) against IAM:
 * the tutorial's create-role → attach-role-policy → get-role, a managed policy, and the CLI's
 * error line for a role that is not there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, hasAws } from "../../../test/helpers/awscli.js";
import { ACCOUNT, startIam, TRUST, type IamServer } from "./helpers.js";

describe.skipIf(!hasAws)("aws iam", () => {
  let server: IamServer;

  beforeAll(async () => {
    server = await startIam();
  });

  afterAll(async () => {
    await server.close();
  });

  it("create-role, attach-role-policy, get-role: the trust policy comes back as JSON", async () => {
    const created = (await awsCli(server.url, "iam", "create-role", "--role-name", "lambda-ex", "--assume-role-policy-document", TRUST)) as { Role: { Arn: string } };
    expect(created.Role.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/lambda-ex`);
    await awsCli(server.url, "iam", "attach-role-policy", "--role-name", "lambda-ex", "--policy-arn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    const got = (await awsCli(server.url, "iam", "get-role", "--role-name", "lambda-ex")) as { Role: Record<string, unknown> };
    expect(got.Role.AssumeRolePolicyDocument).toEqual(JSON.parse(TRUST));
    expect(got.Role).toMatchObject({ MaxSessionDuration: 3600, RoleLastUsed: {} });
    const attached = (await awsCli(server.url, "iam", "list-attached-role-policies", "--role-name", "lambda-ex")) as { AttachedPolicies: unknown[] };
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }]);
  });

  it("create-policy and get-policy-version decode the document", async () => {
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b" }] };
    const created = (await awsCli(server.url, "iam", "create-policy", "--policy-name", "cli-policy", "--policy-document", JSON.stringify(doc))) as { Policy: { Arn: string } };
    const version = (await awsCli(server.url, "iam", "get-policy-version", "--policy-arn", created.Policy.Arn, "--version-id", "v1")) as { PolicyVersion: { Document: unknown } };
    expect(version.PolicyVersion.Document).toEqual(doc);
  });

  it("prints IAM's error for a missing role", async () => {
    await expect(awsCli(server.url, "iam", "get-role", "--role-name", "missing")).rejects.toThrow(
      "An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name missing cannot be found.",
    );
  });
});
