import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("tables", () => {
  it("gives a SimpleTable SAM's default key (id, String) and provisioned throughput when set", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  Plain:
    Type: AWS::Serverless::SimpleTable
  Counted:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: { Name: n, Type: Number }
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: "3" }
      SSESpecification: { SSEEnabled: true }
      Tags: { team: web }
`);
    const [plain, counted] = model.tables;
    expect(plain.createTableInput).toEqual({
      TableName: expect.stringMatching(/^app-Plain-[A-Z0-9]{12}$/),
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });
    expect(counted.createTableInput).toMatchObject({
      AttributeDefinitions: [{ AttributeName: "n", AttributeType: "N" }],
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
      SSESpecification: { Enabled: true },
      Tags: [{ Key: "team", Value: "web" }],
    });
  });

  it("reads a table's KinesisStreamSpecification, the stream ARN resolved", async () => {
    const model = await apps.load(`Resources:
  Changes:
    Type: AWS::Kinesis::Stream
    Properties: { Name: changes, ShardCount: 1 }
  Notes:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      KinesisStreamSpecification: { StreamArn: !GetAtt Changes.Arn, ApproximateCreationDateTimePrecision: MILLISECOND }
`);
    expect(model.tables[0]?.kinesisStream).toEqual({ StreamArn: expect.stringMatching(/^arn:aws:kinesis:[a-z0-9-]+:\d{12}:stream\/changes$/) as unknown, ApproximateCreationDateTimePrecision: "MILLISECOND" });
  });

  it("rejects a SimpleTable key type other than String, Number or Binary", async () => {
    const error = await sandboxError(apps.load("Transform: AWS::Serverless-2016-10-31\nResources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n      PrimaryKey: { Name: id, Type: Str }\n"));
    expect(error.message).toBe("Resource with id [T] is invalid. PrimaryKey needs a Name and a Type of String, Number or Binary.");
    expect(error.line).toBe(6);
  });

  it("needs ProvisionedThroughput for CloudFormation's default BillingMode PROVISIONED", async () => {
    const error = await sandboxError(apps.load(`Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
`));
    expect(error.message).toBe("T uses BillingMode PROVISIONED but has no ProvisionedThroughput");
  });

  it("maps LSIs, table class, deletion protection and resource policy; TableName when given", async () => {
    const model = await apps.load(`Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      BillingMode: PAY_PER_REQUEST
      TableClass: STANDARD_INFREQUENT_ACCESS
      DeletionProtectionEnabled: true
      AttributeDefinitions:
        - { AttributeName: pk, AttributeType: S }
        - { AttributeName: sk, AttributeType: S }
        - { AttributeName: created, AttributeType: N }
      KeySchema:
        - { AttributeName: pk, KeyType: HASH }
        - { AttributeName: sk, KeyType: RANGE }
      LocalSecondaryIndexes:
        - IndexName: byCreated
          KeySchema: [{ AttributeName: pk, KeyType: HASH }, { AttributeName: created, KeyType: RANGE }]
          Projection: { ProjectionType: KEYS_ONLY }
      ResourcePolicy:
        PolicyDocument: { Version: "2012-10-17", Statement: [] }
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
`);
    expect(model.tables[0].createTableInput).toEqual({
      TableName: "orders",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "created", AttributeType: "N" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      BillingMode: "PAY_PER_REQUEST",
      LocalSecondaryIndexes: [{ IndexName: "byCreated", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "created", KeyType: "RANGE" }], Projection: { ProjectionType: "KEYS_ONLY" } }],
      TableClass: "STANDARD_INFREQUENT_ACCESS",
      DeletionProtectionEnabled: true,
      ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}',
    });
    expect(model.resources.T.attributes).toEqual({ Arn: "arn:aws:dynamodb:us-east-1:000000000000:table/orders" });
  });

  it("reads a CDK TableV2 (AWS::DynamoDB::GlobalTable) with its replica in this region", async () => {
    const model = await apps.load(`Resources:
  G:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
      Replicas:
        - Region: eu-west-1
        - Region: us-east-1
          DeletionProtectionEnabled: true
`);
    expect(model.tables[0].createTableInput).toMatchObject({ BillingMode: "PAY_PER_REQUEST", DeletionProtectionEnabled: true, StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } });
    expect(model.tables[0].streamArn).toMatch(/\/stream\//);
  });
});
