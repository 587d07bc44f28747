/**
 * The fields Logs Insights sees in an event: the system fields, the fields it discovers in
 * JSON messages (nested keys joined with "."), and the fields of Lambda's platform lines.
 */

export type Value = string | number | boolean | null | undefined;
export type LogRecord = Map<string, Value>;

/** Insights discovers at most this many fields in one JSON event ("Supported logs and discovered fields"). */
export const MAX_DISCOVERED_FIELDS = 200;

export interface EventSource {
  accountId: string;
  group: string;
  stream: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  ptr: string;
}

export function buildRecord(e: EventSource): LogRecord {
  const record: LogRecord = new Map<string, Value>([
    ["@timestamp", e.timestamp],
    ["@message", e.message],
    ["@logStream", e.stream],
    ["@log", `${e.accountId}:${e.group}`],
    ["@ingestionTime", e.ingestionTime],
    ["@ptr", e.ptr],
  ]);
  discoverJson(e.message, record);
  if (e.group.startsWith("/aws/lambda/")) discoverLambda(e.message, record);
  return record;
}

/** The records of events, in ascending time order (as a query reads them). */
export function buildRecords(events: EventSource[]): LogRecord[] {
  return events.map(buildRecord).sort((a, b) => (a.get("@timestamp") as number) - (b.get("@timestamp") as number));
}

function discoverJson(message: string, record: LogRecord): void {
  const start = message.indexOf("{");
  if (start < 0) return;
  let doc: unknown;
  try {
    doc = JSON.parse(message.slice(start));
  } catch {
    return;
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return;
  let count = 0;
  const walk = (node: unknown, prefix: string): void => {
    if (count >= MAX_DISCOVERED_FIELDS) return;
    if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) walk(child, prefix ? `${prefix}.${key}` : key);
      return;
    }
    if (!record.has(prefix)) {
      record.set(prefix, node as Value);
      count++;
    }
  };
  walk(doc, "");
}

const REPORT_FIELDS: Array<[RegExp, string, number]> = [
  [/\bDuration: ([\d.]+) ms/, "@duration", 1],
  [/Billed Duration: ([\d.]+) ms/, "@billedDuration", 1],
  // Insights reports memory in bytes (decimal MB: 128 MB → 128000000).
  [/Memory Size: (\d+) MB/, "@memorySize", 1_000_000],
  [/Max Memory Used: (\d+) MB/, "@maxMemoryUsed", 1_000_000],
  [/Init Duration: ([\d.]+) ms/, "@initDuration", 1],
];

/** START / END / REPORT lines of Lambda's platform: @type, @requestId and REPORT's measures. */
function discoverLambda(message: string, record: LogRecord): void {
  const m = /^(START|END|REPORT) RequestId: ([0-9a-fA-F-]+)/.exec(message);
  if (!m) return;
  record.set("@type", m[1]);
  record.set("@requestId", m[2]);
  if (m[1] !== "REPORT") return;
  for (const [re, name, factor] of REPORT_FIELDS) {
    const found = re.exec(name === "@duration" ? message.replace(/Billed Duration|Init Duration/g, "") : message);
    if (found) record.set(name, Number(found[1]) * factor);
  }
}

/** "2026-11-25 12:00:00.000", as GetQueryResults shows timestamps. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}
