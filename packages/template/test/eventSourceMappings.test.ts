import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const TABLE = `  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
`;
const SAM = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
Resources:
${TABLE}`;
const samEvent = (props: string) => `${SAM}  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        Stream:\n          Type: DynamoDB\n          Properties: ${props}\n`;

describe("event source mappings from DynamoDB streams", () => {
  it("fills Lambda's defaults for a minimal SAM DynamoDB event", async () => {
    const model = await apps.load(samEvent("{ Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST }"), { files: { "index.js": "exports.handler = async () => ({});\n" } });
    expect(model.eventSourceMappings).toEqual([expect.objectContaining({
      logicalId: "FnStream",
      tableName: "orders",
      eventSourceArn: model.tables[0].streamArn,
      batchSize: 100,
      startingPosition: "LATEST",
      maximumBatchingWindowInSeconds: 0,
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      functionResponseTypes: [],
      parallelizationFactor: 1,
      tumblingWindowInSeconds: 0,
      enabled: true,
    })]);
    expect(model.eventSourceMappings[0].filterCriteria).toBeUndefined();
    expect(model.warnings).toEqual([]);
  });

  it("refuses a SAM DynamoDB event without StartingPosition or Stream, with SAM's messages", async () => {
    let error = await sandboxError(apps.load(samEvent("{ Stream: !GetAtt Table.StreamArn }")));
    expect(error.message).toBe("Event with id [Stream] is invalid. StartingPosition is required for Kinesis, DynamoDB and MSK.");
    error = await sandboxError(apps.load(samEvent("{ StartingPosition: LATEST }")));
    expect(error.message).toBe("Event with id [Stream] is invalid. No Queue (for SQS) or Stream (for Kinesis, DynamoDB or MSK) or Broker (for Amazon MQ) provided.");
  });

  it("refuses settings outside Lambda's limits with Lambda's message", async () => {
    let error = await sandboxError(apps.load(samEvent("{ Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST, BatchSize: 20000 }")));
    expect(error.message).toBe("1 validation error detected: Value '20000' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000");
    error = await sandboxError(apps.load(samEvent("{ Stream: !GetAtt Table.StreamArn, StartingPosition: AT_TIMESTAMP }")));
    expect(error.message).toBe("FnStream: StartingPosition AT_TIMESTAMP is not supported for a DynamoDB stream");
    error = await sandboxError(apps.load(samEvent("{ Stream: !GetAtt Table.Arn, StartingPosition: LATEST }")));
    expect(error.message).toBe("FnStream: the event source arn:aws:dynamodb:us-east-1:000000000000:table/orders is not a DynamoDB stream ARN");
  });

  it("reads AWS::Lambda::EventSourceMapping as CDK writes it, and reports sources it does not emulate", async () => {
    const model = await apps.load(`Resources:
${TABLE}  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs22.x, Handler: index.handler, Code: { ZipFile: "exports.handler = async () => 1;" }, Role: arn:aws:iam::000000000000:role/r }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Table.StreamArn
      StartingPosition: TRIM_HORIZON
      BatchSize: 5
      Enabled: false
      FilterCriteria: { Filters: [{ Pattern: { eventName: [MODIFY] } }] }
  Queue: { Type: AWS::SQS::Queue }
  QueueMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn }
Outputs:
  Uuid: { Value: !Ref Mapping }
`);
    expect(model.eventSourceMappings).toEqual([expect.objectContaining({
      logicalId: "Mapping",
      uuid: model.outputs.Uuid.value,
      functionLogicalId: "Fn",
      functionName: model.functions[0].functionName,
      tableLogicalId: "Table",
      batchSize: 5,
      startingPosition: "TRIM_HORIZON",
      enabled: false,
      filterCriteria: { Filters: [{ Pattern: '{"eventName":["MODIFY"]}' }] },
    })]);
    // The SQS queue and its mapping are the sandbox's (sqsResources.ts), not DynamoDB stream mappings.
    expect(model.warnings).toEqual([]);
  });
});
