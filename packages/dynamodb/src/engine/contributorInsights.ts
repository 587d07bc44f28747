/**
 * DescribeContributorInsights, UpdateContributorInsights, ListContributorInsights: the
 * CloudWatch Contributor Insights setting of a table and of each global secondary index.
 * The sandbox keeps the setting and its ENABLING → ENABLED (DISABLING → DISABLED) transition on
 * the Clock; it has no CloudWatch rules to feed, so no key statistics are gathered.
 */
import { ResourceNotFoundException } from "../errors.js";
import type { DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import type { ContributorInsightsMeta, Table } from "./table.js";

/** ENABLING and DISABLING last about a second (ack-api-quirks DDB-TABLE-092: 1.01-1.03 s, 2026-10). */
export const CONTRIBUTOR_INSIGHTS_TRANSITION_MS = 1000;
/**
 * The mode Describe/ListContributorInsights name for an enabled setting: both accessed and
 * throttled keys, the only one the sandbox keeps (ack-api-quirks DDB-TABLE-112, recorded 2026-10;
 * ContributorInsightsMode in the current API reference, newer than ../shared/aws-models).
 */
export const DEFAULT_CONTRIBUTOR_INSIGHTS_MODE = "ACCESSED_AND_THROTTLED_KEYS";
/** ListContributorInsights: MaxResults when not given (API reference: "the default is 10"). */
export const DEFAULT_LIST_CONTRIBUTOR_INSIGHTS = 10;

type Status = "ENABLING" | "ENABLED" | "DISABLING" | "DISABLED";

export function describeContributorInsights(engine: DynamoDbEngine, input: { TableName: string; IndexName?: string }) {
  const table = engine.table(required(input.TableName, "tableName"), { nameInMessage: true });
  const index = indexOf(table, input.IndexName);
  const setting = table.meta.ContributorInsights?.[index ?? ""];
  const status = statusOf(engine, setting);
  return {
    TableName: table.name,
    ...(index !== undefined ? { IndexName: index } : {}),
    ...(setting && status !== "DISABLED" ? { ContributorInsightsRuleList: ruleNames(table, index, setting.CreatedAt) } : {}),
    ContributorInsightsStatus: status,
    ...(setting ? { LastUpdateDateTime: setting.ChangedAt / 1000 } : {}),
    ...(setting && status !== "DISABLED" ? { ContributorInsightsMode: DEFAULT_CONTRIBUTOR_INSIGHTS_MODE } : {}),
  };
}

export async function updateContributorInsights(engine: DynamoDbEngine, input: { TableName: string; IndexName?: string; ContributorInsightsAction: "ENABLE" | "DISABLE" }) {
  const table = engine.table(required(input.TableName, "tableName"), { nameInMessage: true });
  const index = indexOf(table, input.IndexName);
  const now = engine.options.clock.now();
  const enabled = input.ContributorInsightsAction === "ENABLE";
  const previous = table.meta.ContributorInsights?.[index ?? ""];
  // The rules keep their creation time while enabled; a new enable after a disable makes new rules.
  const createdAt = enabled && previous?.Enabled ? previous.CreatedAt : now;
  const setting: ContributorInsightsMeta = { Enabled: enabled, ChangedAt: now, CreatedAt: createdAt };
  await engine.saveMeta({ ...table.meta, ContributorInsights: { ...table.meta.ContributorInsights, [index ?? ""]: setting } });
  return { TableName: table.name, ...(index !== undefined ? { IndexName: index } : {}), ContributorInsightsStatus: enabled ? "ENABLING" : "DISABLING" };
}

/** The table (and its indexes) or every table, the ones whose setting was ever changed, by table name. */
export function listContributorInsights(engine: DynamoDbEngine, input: { TableName?: string; NextToken?: string; MaxResults?: number }) {
  const tables = input.TableName !== undefined ? [engine.table(input.TableName, { nameInMessage: true })] : [...engine.tables.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const summaries = tables.flatMap((table) =>
    Object.entries(table.meta.ContributorInsights ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([index, setting]) => {
        const status = statusOf(engine, setting);
        return {
          TableName: table.name,
          ...(index !== "" ? { IndexName: index } : {}),
          ContributorInsightsStatus: status,
          ...(status !== "DISABLED" ? { ContributorInsightsMode: DEFAULT_CONTRIBUTOR_INSIGHTS_MODE } : {}),
        };
      }),
  );
  // NextToken is the index of the next summary, as text (a token this sandbox did not issue starts over).
  const token = input.NextToken === undefined ? 0 : Number(input.NextToken);
  const start = Number.isInteger(token) && token > 0 ? token : 0;
  // A MaxResults of 0 (the model allows it) answers the default page.
  const size = input.MaxResults || DEFAULT_LIST_CONTRIBUTOR_INSIGHTS;
  const end = start + size;
  return { ContributorInsightsSummaries: summaries.slice(start, end), ...(end < summaries.length ? { NextToken: String(end) } : {}) };
}

/** A global secondary index of the table (Contributor Insights has none for local ones), or undefined for the table. */
function indexOf(table: Table, indexName: string | undefined): string | undefined {
  if (indexName === undefined) return undefined;
  if (!table.meta.GlobalSecondaryIndexes.some((i) => i.IndexName === indexName)) throw new ResourceNotFoundException();
  return indexName;
}

function statusOf(engine: DynamoDbEngine, setting: ContributorInsightsMeta | undefined): Status {
  if (!setting) return "DISABLED";
  const settled = engine.options.clock.now() - setting.ChangedAt >= CONTRIBUTOR_INSIGHTS_TRANSITION_MS;
  if (setting.Enabled) return settled ? "ENABLED" : "ENABLING";
  return settled ? "DISABLED" : "DISABLING";
}

/**
 * The CloudWatch rules DynamoDB creates: DynamoDBContributorInsights-{PKC,PKT}-<table>[-<index>]-<creation ms>,
 * and SKC/SKT when the table or index has a sort key (DynamoDB developer guide, Contributor Insights rules),
 * listed PKC, SKC, PKT, SKT (the AWS CLI's example dynamodb/describe-contributor-insights.rst).
 */
function ruleNames(table: Table, index: string | undefined, createdAt: number): string[] {
  const schema = index === undefined ? table.meta.KeySchema : (table.meta.GlobalSecondaryIndexes.find((i) => i.IndexName === index)?.KeySchema ?? []);
  const kinds = schema.some((k) => k.KeyType === "RANGE") ? ["PKC", "SKC", "PKT", "SKT"] : ["PKC", "PKT"];
  const resource = index === undefined ? table.name : `${table.name}-${index}`;
  return kinds.map((kind) => `DynamoDBContributorInsights-${kind}-${resource}-${createdAt}`);
}
