/**
 * A restJson service's operations found from the method and path by the model's HTTP bindings,
 * and their input gathered from the path's labels, the query string and the JSON body
 * (EventBridge Scheduler, SESv2).
 */
import type { EdgeRequest } from "../http.js";
import type { MemberModel, ServiceModel } from "../model.js";
import { parseJsonBody } from "./awsJson.js";

export interface RestJsonRoute {
  operation: string;
  method: string;
  /** The path's segments; "{Label}" segments capture. */
  segments: string[];
  members: Record<string, MemberModel>;
}

/** The model's bound operations, then `extra` bindings ([operation, method, uri]) a newer model adds. */
export function restJsonRoutes(model: ServiceModel, extra: Array<[string, string, string]> = []): RestJsonRoute[] {
  const route = (operation: string, method: string, uri: string): RestJsonRoute => ({
    operation,
    method,
    segments: uri.split("?")[0].split("/").filter(Boolean),
    members: { ...(model.shapes[model.operations[operation]?.input ?? ""]?.members ?? {}) },
  });
  return [
    ...Object.entries(model.operations).flatMap(([operation, op]) => (op.http && op.input ? [route(operation, op.http.method, op.http.uri)] : [])),
    ...extra.map(([operation, method, uri]) => route(operation, method, uri)),
  ];
}

/**
 * A path label, percent-decoded. A malformed escape ("%ZZ") stays as sent, so the model's
 * pattern refuses it with a ValidationException (decodeURIComponent threw: HTTP 500).
 */
function decodeLabel(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function matchRestJsonRoute(routes: RestJsonRoute[], method: string, path: string): { route: RestJsonRoute; labels: Record<string, string> } | undefined {
  const segments = path.split("/").filter(Boolean);
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const fits = route.segments.every((segment, i) => {
      if (segment.startsWith("{")) {
        labels[segment.slice(1, -1)] = decodeLabel(segments[i]);
        return true;
      }
      return segment === segments[i];
    });
    if (fits) return { route, labels };
  }
  return undefined;
}

/** The operation's input: body members, then query parameters (a list takes every value) and path labels. */
export function restJsonInput(model: ServiceModel, route: RestJsonRoute, labels: Record<string, string>, req: EdgeRequest): Record<string, unknown> {
  const input: Record<string, unknown> = req.body.length > 0 ? parseJsonBody(req.body) : {};
  const query = new URLSearchParams(req.rawQuery);
  for (const [name, member] of Object.entries(route.members)) {
    if (member.label && labels[name] !== undefined) input[name] = labels[name];
    if (member.query === undefined) continue;
    const values = query.getAll(member.query);
    if (values.length === 0) continue;
    const type = model.shapes[member.target]?.type;
    // A number that is not one stays text, for the model's check to refuse.
    const number = Number(values[0]);
    input[name] = type === "list" ? values : (type === "integer" || type === "long") && values[0] !== "" && Number.isFinite(number) ? number : values[0];
  }
  return input;
}
