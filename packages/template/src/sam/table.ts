/** AWS::Serverless::SimpleTable → a DynamoDB table with one partition key (SAM's defaults: id, String). */
import { messages, templateError } from "../errors.js";
import { sseSpecification, throughput } from "../cfn/table.js";
import type { ResolvedResource, TableSpec } from "../model.js";
import { keyLineOf } from "../parse/located.js";
import type { Stack } from "../stack.js";
import { isRecord } from "../util.js";

const ATTRIBUTE_TYPES: Record<string, string> = { String: "S", Number: "N", Binary: "B" };

export function buildSimpleTable(stack: Stack, resource: ResolvedResource): TableSpec {
  const props = resource.properties;
  const primaryKey = props.PrimaryKey ?? { Name: "id", Type: "String" };
  const file = stack.info.file;
  if (!isRecord(primaryKey) || typeof primaryKey.Name !== "string" || typeof primaryKey.Type !== "string" || !ATTRIBUTE_TYPES[primaryKey.Type]) {
    throw templateError(messages.samResource(resource.logicalId, "PrimaryKey needs a Name and a Type of String, Number or Binary."),
      { file, line: keyLineOf(props, "PrimaryKey") ?? resource.line });
  }
  const input: Record<string, unknown> = {
    TableName: resource.ref,
    AttributeDefinitions: [{ AttributeName: primaryKey.Name, AttributeType: ATTRIBUTE_TYPES[primaryKey.Type] }],
    KeySchema: [{ AttributeName: primaryKey.Name, KeyType: "HASH" }],
  };
  const provisioned = throughput(props.ProvisionedThroughput);
  if (provisioned) {
    input.BillingMode = "PROVISIONED";
    input.ProvisionedThroughput = provisioned;
  } else {
    input.BillingMode = "PAY_PER_REQUEST";
  }
  const sse = sseSpecification(props.SSESpecification);
  if (sse) input.SSESpecification = sse;
  if (isRecord(props.Tags)) input.Tags = Object.entries(props.Tags).map(([Key, Value]) => ({ Key, Value: String(Value) }));
  return { logicalId: resource.logicalId, createTableInput: input, line: resource.line };
}
