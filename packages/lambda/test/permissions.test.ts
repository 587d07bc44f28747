import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddPermissionCommand,
  CreateAliasCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  PublishVersionCommand,
  RemovePermissionCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, fn, startLambda, type TestLambda, failure } from "./helpers.js";

let lambda: TestLambda;
const ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:target`;

beforeAll(async () => {
  lambda = await startLambda([fn("target", "esm-app", "index.echo"), fn("other", "esm-app", "index.echo")]);
});

afterAll(async () => {
  await lambda?.close();
});


describe("AddPermission / GetPolicy", () => {
  it("answers the statement and shows it in the function's policy document", async () => {
    const before = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "target" }));
    const added = await lambda.client.send(
      new AddPermissionCommand({
        FunctionName: "target",
        StatementId: "s3-invoke",
        Action: "lambda:InvokeFunction",
        Principal: "s3.amazonaws.com",
        SourceArn: "arn:aws:s3:::uploads",
        SourceAccount: ACCOUNT,
      }),
    );
    const statement = {
      Sid: "s3-invoke",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: ARN,
      Condition: { StringEquals: { "AWS:SourceAccount": ACCOUNT }, ArnLike: { "AWS:SourceArn": "arn:aws:s3:::uploads" } },
    };
    expect(JSON.parse(added.Statement ?? "")).toEqual(statement);
    await lambda.client.send(
      new AddPermissionCommand({ FunctionName: ARN, StatementId: "account", Action: "lambda:GetFunction", Principal: "111122223333", PrincipalOrgID: "o-abcdefghij" }),
    );
    const policy = await lambda.client.send(new GetPolicyCommand({ FunctionName: "target" }));
    expect(JSON.parse(policy.Policy ?? "")).toEqual({
      Version: "2012-10-17",
      Id: "default",
      Statement: [
        statement,
        {
          Sid: "account",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "lambda:GetFunction",
          Resource: ARN,
          Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
        },
      ],
    });
    // Each change gives the function a new RevisionId, which GetPolicy reports.
    const after = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "target" }));
    expect(after.RevisionId).not.toBe(before.RevisionId);
    expect(policy.RevisionId).toBe(after.RevisionId);
  });

  it("refuses a statement id already in the policy", async () => {
    const e = await failure(
      lambda.client.send(new AddPermissionCommand({ FunctionName: "target", StatementId: "s3-invoke", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com" })),
    );
    expect(e).toEqual({
      name: "ResourceConflictException",
      message: "The statement id (s3-invoke) provided already exists. Please provide a new statement id, or remove the existing statement.",
      status: 409,
    });
  });

  it("refuses a stale RevisionId", async () => {
    const e = await failure(
      lambda.client.send(
        new AddPermissionCommand({ FunctionName: "target", StatementId: "late", Action: "lambda:InvokeFunction", Principal: "*", RevisionId: "00000000-0000-0000-0000-000000000000" }),
      ),
    );
    expect(e.name).toBe("PreconditionFailedException");
    expect(e.status).toBe(412);
  });

  it("keeps one policy per alias or version, with the qualified ARN as Resource", async () => {
    await lambda.client.send(new PublishVersionCommand({ FunctionName: "other" }));
    await lambda.client.send(new CreateAliasCommand({ FunctionName: "other", Name: "live", FunctionVersion: "1" }));
    const alias = await lambda.client.send(new GetAliasCommand({ FunctionName: "other", Name: "live" }));
    const added = await lambda.client.send(
      new AddPermissionCommand({ FunctionName: "other", Qualifier: "live", StatementId: "api", Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", RevisionId: alias.RevisionId }),
    );
    expect(JSON.parse(added.Statement ?? "").Resource).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:other:live`);
    const policy = await lambda.client.send(new GetPolicyCommand({ FunctionName: "other", Qualifier: "live" }));
    expect(JSON.parse(policy.Policy ?? "").Statement).toHaveLength(1);
    expect(policy.RevisionId).not.toBe(alias.RevisionId);
    const e = await failure(lambda.client.send(new GetPolicyCommand({ FunctionName: "other" })));
    expect(e).toEqual({ name: "ResourceNotFoundException", message: "The resource you requested does not exist.", status: 404 });
  });

  it("does not add policies to $LATEST by name", async () => {
    const e = await failure(
      lambda.client.send(new AddPermissionCommand({ FunctionName: "other", Qualifier: "$LATEST", StatementId: "x", Action: "lambda:InvokeFunction", Principal: "*" })),
    );
    expect(e).toEqual({ name: "InvalidParameterValueException", message: "We currently do not support adding policies for $LATEST.", status: 400 });
  });
});

describe("RemovePermission", () => {
  it("removes a statement; the last one removes the policy", async () => {
    await lambda.client.send(new RemovePermissionCommand({ FunctionName: "target", StatementId: "account" }));
    expect(JSON.parse((await lambda.client.send(new GetPolicyCommand({ FunctionName: "target" }))).Policy ?? "").Statement).toHaveLength(1);
    await lambda.client.send(new RemovePermissionCommand({ FunctionName: "target", StatementId: "s3-invoke" }));
    const e = await failure(lambda.client.send(new GetPolicyCommand({ FunctionName: "target" })));
    expect(e.name).toBe("ResourceNotFoundException");
  });

  it("answers AWS's texts for no policy and an unknown statement", async () => {
    expect(await failure(lambda.client.send(new RemovePermissionCommand({ FunctionName: "target", StatementId: "nope" })))).toEqual({
      name: "ResourceNotFoundException",
      message: "No policy is associated with the given resource.",
      status: 404,
    });
    expect(await failure(lambda.client.send(new RemovePermissionCommand({ FunctionName: "other", Qualifier: "live", StatementId: "nope" })))).toEqual({
      name: "ResourceNotFoundException",
      message: "Statement nope is not found in resource policy.",
      status: 404,
    });
  });
});
