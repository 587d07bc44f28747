import { AwsError, jsonErrorResponse, jsonResponse, parseJsonBody, requestId, type AwsService, type EdgeRequest, type EdgeResponse, type OffsetClock } from "@sam-sandbox/core";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };

/** "90s", "1d12h", "2w", "1y" → milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y))+$/.test(trimmed)) return undefined;
  const parts = trimmed.match(/\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y)/g) ?? [];
  let total = 0;
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/.exec(part);
    if (!m) return undefined;
    total += Number(m[1]) * UNITS[m[2]];
  }
  return total;
}

const PROTOCOL = { version: "1.1" as const };

/**
 * `/_sandbox/time` on the edge: GET tells the sandbox's time, POST {"advance":"1d"} moves it
 * forward (Wait states, retries, TTL, token expiry all read this clock).
 */
export function timeService(clocks: OffsetClock[]): AwsService {
  const [main] = clocks;
  const describe = () => ({ now: new Date(main.now()).toISOString(), epochMs: main.now(), offsetMs: main.offsetMs });
  return {
    name: "sandbox-time",
    route: { pathPrefixes: ["/_sandbox/time"] },
    async handle(req: EdgeRequest): Promise<EdgeResponse> {
      const id = requestId();
      try {
        if (req.method === "GET") return jsonResponse(PROTOCOL, id, describe());
        if (req.method !== "POST") throw new AwsError("MethodNotAllowed", "Use GET or POST.", 405);
        const body = parseJsonBody(req.body);
        const ms = typeof body.advance === "string" ? parseDuration(body.advance) : typeof body.advanceMs === "number" ? body.advanceMs : undefined;
        if (ms === undefined || !(ms >= 0)) {
          throw new AwsError("ValidationException", 'Expected {"advance": "<duration>"} such as "90s", "1d12h" or "1y".', 400);
        }
        for (const clock of clocks) clock.advance(ms);
        return jsonResponse(PROTOCOL, id, describe());
      } catch (error) {
        if (error instanceof AwsError) return jsonErrorResponse(PROTOCOL, id, error);
        throw error;
      }
    },
  };
}
