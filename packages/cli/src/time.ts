import { SandboxError } from "@sam-sandbox/core";
import { parseDuration } from "@sam-sandbox/sandbox";

/** `sandbox time [advance <duration>]` against a running sandbox's edge. */
export async function time(endpoint: string, action: string | undefined, duration: string | undefined): Promise<void> {
  if (action !== undefined && action !== "advance") {
    throw new SandboxError(`Unknown time action "${action}".`, { hint: "Use `sandbox time` or `sandbox time advance <duration>`." });
  }
  let body: string | undefined;
  if (action === "advance") {
    if (duration === undefined || parseDuration(duration) === undefined) {
      throw new SandboxError(`Expected a duration such as 90s, 15m, 2h, 1d12h, 2w or 1y${duration ? `, got "${duration}"` : ""}.`);
    }
    body = JSON.stringify({ advance: duration });
  }
  let res: Response;
  try {
    res = await fetch(`${endpoint.replace(/\/$/, "")}/_sandbox/time`, { method: body ? "POST" : "GET", body });
  } catch {
    throw new SandboxError(`No sandbox answers at ${endpoint}.`, { hint: "Start one with `sandbox up`, or pass --endpoint." });
  }
  const out = (await res.json()) as { now?: string; offsetMs?: number; message?: string };
  if (!res.ok) throw new SandboxError(out.message ?? `The sandbox answered ${res.status}.`);
  const ahead = out.offsetMs ? ` (${formatOffset(out.offsetMs)} ahead of this machine)` : "";
  process.stdout.write(`${out.now}${ahead}\n`);
}

function formatOffset(ms: number): string {
  const units: Array<[string, number]> = [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]];
  let rest = ms;
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join("") || `${ms}ms`;
}
