/**
 * The template's AWS::Logs::LogGroup, MetricFilter, SubscriptionFilter, QueryDefinition and
 * ResourcePolicy, created through the CloudWatch Logs API at start-up. Each is a put (or
 * exists already, from an earlier run), so starting again leaves one of each.
 */
import type { AppModel, ResolvedResource } from "@sam-sandbox/template";
import type { ServiceDispatcher } from "./dispatcher.js";
import { templateResourceError } from "./templateResourceError.js";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

function tagMap(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(value.filter(isRecord).map((t) => [String(t.Key), String(t.Value)]));
}

async function logGroup(dispatcher: ServiceDispatcher, resource: ResolvedResource): Promise<void> {
  const p = resource.properties;
  const tags = tagMap(p.Tags);
  try {
    await dispatcher.call("logs", "CreateLogGroup", {
      logGroupName: resource.ref,
      ...(typeof p.LogGroupClass === "string" ? { logGroupClass: p.LogGroupClass } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
    });
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "ResourceAlreadyExistsException")) throw error;
  }
  if (p.RetentionInDays !== undefined) {
    await dispatcher.call("logs", "PutRetentionPolicy", { logGroupName: resource.ref, retentionInDays: Number(p.RetentionInDays) });
  }
  if (typeof p.KmsKeyId === "string") await dispatcher.call("logs", "AssociateKmsKey", { logGroupName: resource.ref, kmsKeyId: p.KmsKeyId });
}

async function metricFilter(dispatcher: ServiceDispatcher, resource: ResolvedResource): Promise<void> {
  const p = resource.properties;
  const transformations = (Array.isArray(p.MetricTransformations) ? p.MetricTransformations : []).filter(isRecord).map((t) => ({
    metricName: t.MetricName,
    metricNamespace: t.MetricNamespace,
    metricValue: String(t.MetricValue),
    ...(t.DefaultValue !== undefined ? { defaultValue: Number(t.DefaultValue) } : {}),
    ...(t.Unit !== undefined ? { unit: t.Unit } : {}),
    ...(Array.isArray(t.Dimensions) ? { dimensions: Object.fromEntries(t.Dimensions.filter(isRecord).map((d) => [String(d.Key), String(d.Value)])) } : {}),
  }));
  await dispatcher.call("logs", "PutMetricFilter", {
    logGroupName: p.LogGroupName,
    filterName: resource.ref,
    filterPattern: p.FilterPattern ?? "",
    metricTransformations: transformations,
  });
}

async function subscriptionFilter(dispatcher: ServiceDispatcher, resource: ResolvedResource): Promise<void> {
  const p = resource.properties;
  await dispatcher.call("logs", "PutSubscriptionFilter", {
    logGroupName: p.LogGroupName,
    filterName: resource.ref,
    filterPattern: p.FilterPattern ?? "",
    destinationArn: p.DestinationArn,
    ...(typeof p.RoleArn === "string" ? { roleArn: p.RoleArn } : {}),
    ...(typeof p.Distribution === "string" ? { distribution: p.Distribution } : {}),
  });
}

/** A definition kept from an earlier run (same name) is updated, not duplicated. */
async function queryDefinition(dispatcher: ServiceDispatcher, resource: ResolvedResource): Promise<void> {
  const p = resource.properties;
  const name = String(p.Name);
  const existing = await dispatcher.call("logs", "DescribeQueryDefinitions", { queryDefinitionNamePrefix: name });
  const same = (existing.queryDefinitions as Array<{ name: string; queryDefinitionId: string }> | undefined)?.find((d) => d.name === name);
  await dispatcher.call("logs", "PutQueryDefinition", {
    name,
    queryString: p.QueryString,
    ...(Array.isArray(p.LogGroupNames) ? { logGroupNames: p.LogGroupNames } : {}),
    ...(same ? { queryDefinitionId: same.queryDefinitionId } : {}),
  });
}

async function resourcePolicy(dispatcher: ServiceDispatcher, resource: ResolvedResource): Promise<void> {
  const p = resource.properties;
  await dispatcher.call("logs", "PutResourcePolicy", { policyName: p.PolicyName ?? resource.ref, policyDocument: text(p.PolicyDocument) });
}

/** In dependency order: groups before the filters that name them. */
const CREATORS: Array<[string, (dispatcher: ServiceDispatcher, resource: ResolvedResource) => Promise<void>]> = [
  ["AWS::Logs::LogGroup", logGroup],
  ["AWS::Logs::MetricFilter", metricFilter],
  ["AWS::Logs::SubscriptionFilter", subscriptionFilter],
  ["AWS::Logs::QueryDefinition", queryDefinition],
  ["AWS::Logs::ResourcePolicy", resourcePolicy],
];

export async function createTemplateLogsResources(dispatcher: ServiceDispatcher, app: AppModel): Promise<void> {
  const resources = Object.values(app.resources);
  for (const [type, create] of CREATORS) {
    for (const resource of resources) {
      if (resource.type !== type) continue;
      try {
        await create(dispatcher, resource);
      } catch (error) {
        throw templateResourceError(app, resource, error);
      }
    }
  }
}
