import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const template = (type: string, props: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Failed:
    Type: AWS::SNS::Topic
  Fn:
    Type: ${type}
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
${type === "AWS::Lambda::Function" ? "      Role: arn:aws:iam::000000000000:role/r\n      Code:\n        ZipFile: exports.handler = async () => 1;\n" : ""}${props}
`;

describe("Dead-letter queues", () => {
  it("reads SAM's DeadLetterQueue TargetArn", async () => {
    const model = await apps.load(template("AWS::Serverless::Function", "      DeadLetterQueue:\n        Type: SNS\n        TargetArn: !Ref Failed\n"));
    expect(model.functions[0].deadLetterTargetArn).toMatch(/^arn:aws:sns:us-east-1:\d{12}:/);
  });

  it("reads CloudFormation's DeadLetterConfig TargetArn", async () => {
    const model = await apps.load(template("AWS::Lambda::Function", "      DeadLetterConfig:\n        TargetArn: arn:aws:sqs:us-east-1:000000000000:jobs\n"));
    expect(model.functions[0].deadLetterTargetArn).toBe("arn:aws:sqs:us-east-1:000000000000:jobs");
  });

  it("rejects a DeadLetterQueue without Type or TargetArn, or of another Type, as SAM does", async () => {
    let error = await sandboxError(apps.load(template("AWS::Serverless::Function", "      DeadLetterQueue:\n        TargetArn: !Ref Failed\n")));
    expect(error.message).toBe("Resource with id [Fn] is invalid. 'DeadLetterQueue' requires Type and TargetArn properties to be specified.");
    error = await sandboxError(apps.load(template("AWS::Serverless::Function", "      DeadLetterQueue:\n        Type: S3\n        TargetArn: arn:aws:s3:::b\n")));
    expect(error.message).toBe("Resource with id [Fn] is invalid. 'DeadLetterQueue' requires Type of ['SQS', 'SNS']");
  });
});

describe("EventInvokeConfig", () => {
  it("reads SAM's EventInvokeConfig for $LATEST", async () => {
    const model = await apps.load(
      template(
        "AWS::Serverless::Function",
        "      EventInvokeConfig:\n        MaximumRetryAttempts: 1\n        MaximumEventAgeInSeconds: 120\n        DestinationConfig:\n          OnFailure:\n            Type: SNS\n            Destination: !Ref Failed\n          OnSuccess:\n            Type: SQS\n",
      ),
    );
    expect(model.functions[0].eventInvokeConfig).toEqual({
      qualifier: "$LATEST",
      maximumRetryAttempts: 1,
      maximumEventAgeInSeconds: 120,
      onFailure: expect.stringMatching(/^arn:aws:sns:/),
      onSuccess: undefined,
    });
    expect(model.warnings).toContain("EventInvokeConfig OnSuccess of Fn has no Destination (SAM would create one); ignored");
  });

  it("applies an AWS::Lambda::EventInvokeConfig resource to the function it names", async () => {
    const model = await apps.load(`${template("AWS::Lambda::Function", "")}  Config:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Fn
      Qualifier: $LATEST
      MaximumRetryAttempts: 0
      DestinationConfig:
        OnFailure:
          Destination: !Ref Failed
`);
    expect(model.functions[0].eventInvokeConfig).toMatchObject({ qualifier: "$LATEST", maximumRetryAttempts: 0, onFailure: expect.stringMatching(/^arn:aws:sns:/) });
    expect(model.warnings.some((w) => w.includes("EventInvokeConfig"))).toBe(false);
  });
});
