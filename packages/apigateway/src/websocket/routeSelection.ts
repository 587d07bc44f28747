import { selectionPath, type WebSocketApiConfig, type WebSocketRouteConfig } from "./config.js";

/**
 * The route of one message: the route selection expression evaluated over the JSON body; a
 * body that is not JSON, or a key no route has, goes to $default; undefined when there is
 * no $default route either (the client then gets the "Forbidden" frame).
 */
export function selectRoute(api: WebSocketApiConfig, body: string): WebSocketRouteConfig | undefined {
  const key = selectionKey(api.routeSelectionExpression, body);
  const selected = key === undefined || key.startsWith("$") ? undefined : api.routes.find((r) => r.routeKey === key);
  return selected ?? api.routes.find((r) => r.routeKey === "$default");
}

function selectionKey(expression: string, body: string): string | undefined {
  const path = selectionPath(expression);
  if (!path) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  for (const name of path) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}
