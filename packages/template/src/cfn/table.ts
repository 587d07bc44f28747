/**
 * AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable → the DynamoDB CreateTable input.
 * CloudFormation's property shapes mostly equal the API's; the differences are mapped here
 * (StreamSpecification, SSESpecification.SSEEnabled, ResourcePolicy, GlobalTable replicas).
 */
import { templateError } from "../errors.js";
import type { ResolvedResource, TableSpec } from "../model.js";
import { keyLineOf } from "../parse/located.js";
import type { Stack } from "../stack.js";
import { isRecord } from "../util.js";

export function throughput(value: unknown): Record<string, number> | undefined {
  if (!isRecord(value)) return undefined;
  return { ReadCapacityUnits: Number(value.ReadCapacityUnits), WriteCapacityUnits: Number(value.WriteCapacityUnits) };
}

/** CloudFormation's { SSEEnabled, SSEType, KMSMasterKeyId } → the API's { Enabled, SSEType, KMSMasterKeyId }. */
export function sseSpecification(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, unknown> = { Enabled: value.SSEEnabled === true || value.SSEEnabled === "true" };
  if (value.SSEType !== undefined) out.SSEType = value.SSEType;
  if (value.KMSMasterKeyId !== undefined) out.KMSMasterKeyId = value.KMSMasterKeyId;
  return out;
}

function index(value: unknown, withThroughput: boolean): Record<string, unknown> {
  if (!isRecord(value)) return {};
  const out: Record<string, unknown> = { IndexName: value.IndexName, KeySchema: value.KeySchema, Projection: value.Projection };
  if (withThroughput && value.ProvisionedThroughput !== undefined) out.ProvisionedThroughput = throughput(value.ProvisionedThroughput);
  if (withThroughput && isRecord(value.WriteProvisionedThroughputSettings)) out.ProvisionedThroughput = globalTableThroughput(value);
  for (const key of ["OnDemandThroughput", "WarmThroughput"]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

function globalTableThroughput(value: Record<string, unknown>): Record<string, number> {
  const write = isRecord(value.WriteProvisionedThroughputSettings) ? value.WriteProvisionedThroughputSettings.WriteCapacityAutoScalingSettings : undefined;
  const capacity = isRecord(write) ? Number(write.MinCapacity) || 5 : 5;
  return { ReadCapacityUnits: capacity, WriteCapacityUnits: capacity };
}

export function timeToLive(value: unknown): TableSpec["timeToLive"] {
  if (!isRecord(value) || typeof value.AttributeName !== "string") return undefined;
  return { AttributeName: value.AttributeName, Enabled: value.Enabled === true || value.Enabled === "true" };
}

export function buildTable(stack: Stack, resource: ResolvedResource): TableSpec {
  const props = resource.properties;
  const file = stack.info.file;
  if (!Array.isArray(props.KeySchema)) {
    throw templateError(`${resource.type} ${resource.logicalId} needs a KeySchema`, { file, line: resource.line },
      "Add KeySchema and AttributeDefinitions, e.g. [{ AttributeName: pk, KeyType: HASH }].");
  }
  const global = resource.type === "AWS::DynamoDB::GlobalTable";
  const replicas = Array.isArray(props.Replicas) ? props.Replicas.filter(isRecord) : [];
  const replica = replicas.find((r) => r.Region === stack.info.region) ?? replicas[0] ?? {};
  const input: Record<string, unknown> = {
    TableName: resource.ref,
    AttributeDefinitions: props.AttributeDefinitions,
    KeySchema: props.KeySchema,
  };
  const billingMode = props.BillingMode ?? "PROVISIONED";
  // CloudFormation passes no BillingMode the template leaves out, so DescribeTable shows no
  // BillingModeSummary (localstack resource_providers/test_dynamodb.snapshot.json, recorded on AWS).
  if (props.BillingMode !== undefined || global) input.BillingMode = billingMode;
  if (billingMode === "PROVISIONED") {
    const provisioned = global ? globalTableThroughput(props) : throughput(props.ProvisionedThroughput);
    if (!provisioned) {
      throw templateError(`${resource.logicalId} uses BillingMode PROVISIONED but has no ProvisionedThroughput`, { file, line: keyLineOf(props, "BillingMode") ?? resource.line },
        "Add ProvisionedThroughput (ReadCapacityUnits, WriteCapacityUnits) or set BillingMode: PAY_PER_REQUEST.");
    }
    input.ProvisionedThroughput = provisioned;
  }
  if (Array.isArray(props.GlobalSecondaryIndexes)) input.GlobalSecondaryIndexes = props.GlobalSecondaryIndexes.map((i) => index(i, billingMode === "PROVISIONED"));
  if (Array.isArray(props.LocalSecondaryIndexes)) input.LocalSecondaryIndexes = props.LocalSecondaryIndexes.map((i) => index(i, false));
  if (isRecord(props.StreamSpecification)) input.StreamSpecification = { StreamEnabled: true, StreamViewType: props.StreamSpecification.StreamViewType };
  const sse = sseSpecification(props.SSESpecification ?? replica.SSESpecification);
  if (sse) input.SSESpecification = sse;
  for (const key of ["TableClass", "DeletionProtectionEnabled", "Tags", "OnDemandThroughput", "WarmThroughput"]) {
    const value = props[key] ?? replica[key];
    if (value !== undefined) input[key] = value;
  }
  const policy = props.ResourcePolicy ?? replica.ResourcePolicy;
  if (isRecord(policy) && policy.PolicyDocument !== undefined) input.ResourcePolicy = JSON.stringify(policy.PolicyDocument);
  if (props.ImportSourceSpecification !== undefined) {
    stack.warnings.add(`ImportSourceSpecification of ${resource.logicalId} (an import from S3) is not emulated; the table starts empty`);
  }
  const spec: TableSpec = { logicalId: resource.logicalId, createTableInput: input, line: resource.line };
  const ttl = timeToLive(props.TimeToLiveSpecification);
  if (ttl) spec.timeToLive = ttl;
  const kinesis = props.KinesisStreamSpecification;
  if (isRecord(kinesis) && typeof kinesis.StreamArn === "string") {
    spec.kinesisStream = { StreamArn: kinesis.StreamArn, ...(typeof kinesis.ApproximateCreationDateTimePrecision === "string" ? { ApproximateCreationDateTimePrecision: kinesis.ApproximateCreationDateTimePrecision } : {}) };
  }
  if (resource.attributes.StreamArn) spec.streamArn = resource.attributes.StreamArn;
  return spec;
}
