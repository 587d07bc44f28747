/**
 * An HTTP API stage's route throttling: DefaultRouteSettings and RouteSettings (by route key) of
 * AWS::Serverless::HttpApi or AWS::ApiGatewayV2::Stage, their ThrottlingRateLimit and
 * ThrottlingBurstLimit ("Throttle requests to your HTTP APIs").
 */
import type { ApiSpec, RouteThrottleSpec } from "../model.js";
import { isRecord } from "../util.js";

export function httpThrottling(defaultRouteSettings: unknown, routeSettings: unknown): ApiSpec["throttling"] {
  const defaultRoute = throttleOf(defaultRouteSettings);
  const routes: Record<string, RouteThrottleSpec> = {};
  if (isRecord(routeSettings)) {
    for (const [routeKey, settings] of Object.entries(routeSettings)) {
      const throttle = throttleOf(settings);
      if (throttle) routes[routeKey] = throttle;
    }
  }
  if (!defaultRoute && Object.keys(routes).length === 0) return undefined;
  return { ...(defaultRoute ? { defaultRoute } : {}), ...(Object.keys(routes).length > 0 ? { routes } : {}) };
}

function throttleOf(settings: unknown): RouteThrottleSpec | undefined {
  if (!isRecord(settings)) return undefined;
  const rateLimit = numberOf(settings.ThrottlingRateLimit);
  const burstLimit = numberOf(settings.ThrottlingBurstLimit);
  if (rateLimit === undefined && burstLimit === undefined) return undefined;
  return { ...(rateLimit !== undefined ? { rateLimit } : {}), ...(burstLimit !== undefined ? { burstLimit } : {}) };
}

/** CloudFormation numbers may be written as strings. */
function numberOf(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
