/** AWS::DynamoDB::Table as CloudFormation creates it (localstack tests/aws/services/dynamodb/resource_providers, recorded on AWS). */
import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("AWS::DynamoDB::Table billing", () => {
  // test_default_name_for_table / test_billing_mode_as_conditional[PROVISIONED]: no BillingModeSummary on AWS.
  it("passes no BillingMode the template leaves out", async () => {
    const model = await apps.load(`Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{ AttributeName: keyName, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: keyName, AttributeType: S }]
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }
`);
    const input = model.tables[0].createTableInput;
    expect(input.BillingMode).toBeUndefined();
    expect(input.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
  });

  it("passes a BillingMode the template gives", async () => {
    const model = await apps.load(`Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PROVISIONED
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }
`);
    expect(model.tables[0].createTableInput.BillingMode).toBe("PROVISIONED");
  });
});
