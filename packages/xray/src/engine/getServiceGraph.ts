import { matchesFilter } from "../filter/evaluate.js";
import type { FilterNode } from "../filter/parse.js";
import type { TraceView } from "./assemble.js";
import { serviceGraph } from "./graph.js";
import { epochSeconds } from "./time.js";
import type { TraceStore } from "./traceStore.js";

export interface GetServiceGraphInput {
  StartTime: unknown;
  EndTime: unknown;
  GroupName?: string;
  GroupARN?: string;
  NextToken?: string;
}

/** The graph of every segment active in the window, of the traces the group's filter expression matches. */
export function getServiceGraph(store: TraceStore, groupFilter: FilterNode | undefined, input: GetServiceGraphInput): Record<string, unknown> {
  const start = epochSeconds(input.StartTime, "StartTime");
  const end = epochSeconds(input.EndTime, "EndTime");
  const views: TraceView[] = [];
  for (const view of store.views()) {
    if (view.start <= end && view.end >= start && (groupFilter === undefined || matchesFilter(groupFilter, view))) views.push(view);
  }
  return { StartTime: start, EndTime: end, Services: serviceGraph(views, { start, end }), ContainsOldGroupVersions: false };
}

export interface GetTraceGraphInput {
  TraceIds: string[];
  NextToken?: string;
}

export function getTraceGraph(store: TraceStore, input: GetTraceGraphInput): Record<string, unknown> {
  const views = [...new Set(input.TraceIds)].map((id) => store.view(id)).filter((v): v is TraceView => v !== undefined);
  return { Services: serviceGraph(views) };
}
