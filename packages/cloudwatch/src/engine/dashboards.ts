/**
 * Dashboards: PutDashboard, GetDashboard, ListDashboards, DeleteDashboards. The sandbox keeps a
 * dashboard's body (it draws nothing). Shapes as recorded on AWS (localstack's
 * test_dashboard_lifecycle: the ARN has no region, "arn:aws:cloudwatch::<account>:dashboard/<name>");
 * the invalid name's text as localstack answers it to match its recording; a body that is no JSON
 * object as CloudFormation users quote AWS ("The field DashboardBody must be a valid JSON object");
 * a missing dashboard's texts as moto words them (no AWS recording was found).
 */
import { dashboardInvalidInput, dashboardNotFound, invalidParameterValue } from "../errors.js";
import type { CloudWatchContext } from "./context.js";
import { toSeconds } from "./statistics.js";

const NAME = /^[A-Za-z0-9_-]+$/;

const dashboardArn = (ctx: CloudWatchContext, name: string) => `arn:aws:cloudwatch::${ctx.accountId}:dashboard/${name}`;

export async function putDashboard(ctx: CloudWatchContext, input: { DashboardName: string; DashboardBody: string }) {
  if (!NAME.test(input.DashboardName)) {
    throw invalidParameterValue("The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).\n");
  }
  let body: unknown;
  try {
    body = JSON.parse(input.DashboardBody);
  } catch {
    body = undefined;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw dashboardInvalidInput("The field DashboardBody must be a valid JSON object");
  const dashboard = { name: input.DashboardName, body: input.DashboardBody, lastModified: ctx.clock.now() };
  ctx.durable.state.dashboards.set(dashboard.name, dashboard);
  await ctx.durable.commit({ t: "dashboard", dashboard });
  return { DashboardValidationMessages: [] };
}

export function getDashboard(ctx: CloudWatchContext, input: { DashboardName: string }) {
  const dashboard = ctx.durable.state.dashboards.get(input.DashboardName);
  if (!dashboard) throw dashboardNotFound("Dashboard does not exist");
  return { DashboardArn: dashboardArn(ctx, dashboard.name), DashboardBody: dashboard.body, DashboardName: dashboard.name };
}

export function listDashboards(ctx: CloudWatchContext, input: { DashboardNamePrefix?: string }) {
  const entries = [...ctx.durable.state.dashboards.values()]
    .filter((d) => d.name.startsWith(input.DashboardNamePrefix ?? ""))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((d) => ({ DashboardName: d.name, DashboardArn: dashboardArn(ctx, d.name), LastModified: toSeconds(d.lastModified), Size: Buffer.byteLength(d.body) }));
  return { DashboardEntries: entries };
}

/** All or none: a name CloudWatch does not have fails the call and deletes nothing. */
export async function deleteDashboards(ctx: CloudWatchContext, input: { DashboardNames: string[] }) {
  const missing = input.DashboardNames.filter((n) => !ctx.durable.state.dashboards.has(n));
  if (missing.length > 0) throw dashboardNotFound(`The specified dashboard does not exist. [${missing.join(", ")}]`);
  for (const name of input.DashboardNames) ctx.durable.state.dashboards.delete(name);
  await ctx.durable.commit({ t: "deleteDashboards", names: input.DashboardNames });
  return {};
}
