/**
 * CloudWatch's Embedded Metric Format: a log event that is a JSON object with an
 * `_aws.CloudWatchMetrics` member publishes the metrics it declares (Namespace, dimension sets
 * naming root members with text values, metric definitions naming root members with a number or
 * an array of numbers, Unit, StorageResolution), timestamped by `_aws.Timestamp` (epoch ms).
 * An event that breaks the specification is kept as a log line and publishes nothing, as in
 * CloudWatch ("Specification: Embedded metric format", Amazon CloudWatch User Guide).
 */
import type { MetricDatum } from "./engine/putMetricData.js";
import { metricPuts } from "./engine/putMetricData.js";
import type { SeriesPut } from "./engine/state.js";

/** EMF limits (the specification): 100 metrics per directive, 30 dimensions per set, 100 values per metric. */
const MAX_EMF_METRICS = 100;
const MAX_EMF_DIMENSIONS = 30;
const MAX_EMF_VALUES = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A console.* line of the Node.js runtime in Text format: "<ISO time>\t<request id>\t<LEVEL>\t<message>".
 * aws-embedded-metrics' ConsoleSink, "the preferred sink for Lambda functions", writes its
 * documents with console.log (awslabs/aws-embedded-metrics-node src/sinks/ConsoleSink.ts), so on
 * Lambda they reach CloudWatch behind this prefix and still publish.
 */
const CONSOLE_PREFIX = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t[^\t]*\t(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\t(?=\{)/;

/** The JSON text of a message that may be an EMF document (itself, or behind a console prefix), else undefined. */
function emfText(message: string): string | undefined {
  if (!message.includes('"_aws"')) return undefined;
  if (message.charCodeAt(0) === 0x7b) return message;
  const prefix = CONSOLE_PREFIX.exec(message);
  return prefix ? message.slice(prefix[0].length) : undefined;
}

/** A cheap test before parsing: only a JSON object naming "_aws" (or a console line printing one) can be one. */
export function mayBeEmf(message: string): boolean {
  return emfText(message) !== undefined;
}

/**
 * The metrics an EMF log event publishes; [] when it is not a valid EMF document. `shiftMs` moves
 * the document's timestamps onto the sandbox's timeline (functions read the real clock).
 */
export function emfPuts(message: string, now: number, shiftMs = 0): SeriesPut[] {
  const text = emfText(message);
  if (text === undefined) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(doc) || !isRecord(doc._aws)) return [];
  const meta = doc._aws;
  if (typeof meta.Timestamp !== "number" || !Array.isArray(meta.CloudWatchMetrics)) return [];
  const puts: SeriesPut[] = [];
  try {
    for (const directive of meta.CloudWatchMetrics) {
      if (!isRecord(directive) || typeof directive.Namespace !== "string" || directive.Namespace === "") return [];
      if (!Array.isArray(directive.Dimensions) || !Array.isArray(directive.Metrics) || directive.Metrics.length > MAX_EMF_METRICS) return [];
      const sets: string[][] = directive.Dimensions.length === 0 ? [[]] : [];
      for (const set of directive.Dimensions) {
        if (!Array.isArray(set) || set.length > MAX_EMF_DIMENSIONS || !set.every((d) => typeof d === "string" && typeof doc[d] === "string")) return [];
        sets.push(set as string[]);
      }
      const data: MetricDatum[] = [];
      for (const metric of directive.Metrics) {
        if (!isRecord(metric) || typeof metric.Name !== "string") return [];
        const value = doc[metric.Name];
        const values = Array.isArray(value) ? value : [value];
        if (values.length === 0 || values.length > MAX_EMF_VALUES || !values.every((v) => typeof v === "number" && Number.isFinite(v))) return [];
        const unit = typeof metric.Unit === "string" ? metric.Unit : undefined;
        const resolution = metric.StorageResolution === 1 ? 1 : 60;
        for (const set of sets) {
          data.push({
            MetricName: metric.Name,
            Dimensions: set.map((name) => ({ Name: name, Value: String(doc[name]) })),
            Timestamp: (meta.Timestamp + shiftMs) / 1000,
            ...(Array.isArray(value) ? { Values: values } : { Value: value }),
            ...(unit !== undefined ? { Unit: unit } : {}),
            StorageResolution: resolution,
          });
        }
      }
      puts.push(...metricPuts(directive.Namespace, data, now));
    }
  } catch {
    // A value CloudWatch refuses (NaN, out of range…) makes the document invalid.
    return [];
  }
  return puts;
}
