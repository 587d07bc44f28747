/**
 * `sandbox traces [id]`: asks a running sandbox's X-Ray API (on the edge port) for recent
 * traces, or for one trace, and prints them: a list, or a waterfall.
 */
import type { TraceSummary, XRayClient } from "@aws-sdk/client-xray";
import { SandboxError } from "@sam-sandbox/core";
import { renderTraceList, renderWaterfall } from "@sam-sandbox/xray";

export interface TracesOptions {
  /** An X-Ray filter expression (`service("orders") AND fault`). */
  filter?: string;
  /** At most this many traces in the list (default 20, newest first). */
  limit?: number;
  /** ANSI colors (default: when the output is a terminal). */
  color?: boolean;
  /** Line width (default: the terminal's, else 100). */
  width?: number;
  out?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

const DEFAULT_LIMIT = 20;
/** Every trace the sandbox keeps: its clock may run ahead of this machine's (`sandbox time advance`). */
const ALL_TIME = { StartTime: new Date(0), EndTime: new Date(Date.UTC(9999, 0, 1)) };

export async function traces(edgeUrl: string, id?: string, options: TracesOptions = {}): Promise<void> {
  const out = options.out ?? process.stdout;
  const color = options.color ?? out.isTTY === true;
  // The SDK's notice that its 2027 releases need Node.js 22 is about this tool, not the user's
  // code: eight lines of it above a trace list on Node.js 20 only get in the way.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // Loaded here: the SDK is a large module the other commands never need.
  const { BatchGetTracesCommand, GetTraceSummariesCommand, XRayClient } = await import("@aws-sdk/client-xray");
  const client = new XRayClient({
    endpoint: edgeUrl,
    region: process.env.AWS_REGION ?? "us-east-1",
    credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
    maxAttempts: 1,
  });
  try {
    if (id !== undefined) {
      const result = await call(edgeUrl, () => client.send(new BatchGetTracesCommand({ TraceIds: [id] })));
      const trace = result.Traces?.[0];
      if (trace === undefined) throw new SandboxError(`No trace ${id} in the sandbox.`, { hint: "Run `sandbox traces` to list recent traces." });
      out.write(`${renderWaterfall(trace, { color, width: options.width ?? out.columns ?? 100 })}\n`);
      return;
    }
    const summaries = await recentSummaries(client, edgeUrl, options.filter, options.limit ?? DEFAULT_LIMIT);
    out.write(`${renderTraceList(summaries, { color })}\n`);
    if (summaries.length > 0) out.write("Show one with: sandbox traces <id>\n");
  } finally {
    client.destroy();
  }
}

async function recentSummaries(client: XRayClient, edgeUrl: string, filter: string | undefined, limit: number): Promise<TraceSummary[]> {
  const { GetTraceSummariesCommand } = await import("@aws-sdk/client-xray");
  const summaries: TraceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await call(edgeUrl, () =>
      client.send(new GetTraceSummariesCommand({ ...ALL_TIME, FilterExpression: filter, NextToken: token })),
    );
    summaries.push(...(page.TraceSummaries ?? []));
    token = page.NextToken;
  } while (token !== undefined && summaries.length < limit);
  return summaries.slice(0, limit);
}

/** A sandbox that is not running becomes one clear message. */
async function call<T>(edgeUrl: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED") {
      throw new SandboxError(`No sandbox answers at ${edgeUrl}.`, { hint: "Start one with `sandbox up`, or pass its edge port." });
    }
    if (error instanceof Error && error.name === "InvalidRequestException") throw new SandboxError(error.message);
    throw error;
  }
}
