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

/** The graph of every segment active in the window (the sandbox has only the Default group). */
export function getServiceGraph(store: TraceStore, input: GetServiceGraphInput): Record<string, unknown> {
  const start = epochSeconds(input.StartTime, "StartTime");
  const end = epochSeconds(input.EndTime, "EndTime");
  const views: TraceView[] = [];
  for (const view of store.views()) if (view.start <= end && view.end >= start) views.push(view);
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
