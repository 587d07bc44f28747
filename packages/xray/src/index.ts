/**
 * AWS X-Ray in the sandbox: the X-Ray API on the edge (restJson, signing name "xray") and
 * the Tracer the other services record segments with. Both write one TraceStore.
 *
 * Persistence: traces live in the store's "xray" collection (one journal record per
 * batch of documents, snapshots of the kept traces), bounded to the 10,000 most recently
 * updated traces and X-Ray's 30-day retention, so `sandbox traces` still shows the last
 * session after a restart. Tracer segments are written in the background (a trace is
 * observability, not an acknowledged write); PutTraceSegments answers once durable.
 */
import type { AwsService, Clock, Logger, Store, Tracer } from "@sam-sandbox/core";
import { configCodec, defaultSettings, type ConfigState } from "./engine/config.js";
import { XRayEngine } from "./engine/engine.js";
import { defaultGroup } from "./engine/groups.js";
import { Sampler } from "./engine/sampler.js";
import { defaultRule } from "./engine/sampling.js";
import { tracesCodec, type TracesRecord, type TracesState } from "./engine/state.js";
import { TraceStore } from "./engine/traceStore.js";
import { RecordingTracer } from "./tracer.js";
import { createXRayWire } from "./wire.js";
import { startXRayDaemon, type XRayDaemon } from "./daemon.js";
import { DEFAULT_INDEXING_PERCENTAGE, DEFAULT_NAME } from "./limits.js";

export { TraceStore, toTrace, type Trace } from "./engine/traceStore.js";
export type { TraceView } from "./engine/assemble.js";
export type { SegmentDocument } from "./engine/document.js";
export type { TraceSummary, ServiceId } from "./engine/summary.js";
export { XRayEngine } from "./engine/engine.js";
export { RecordingTracer } from "./tracer.js";
export { startXRayDaemon, documentOfDatagram, type XRayDaemon } from "./daemon.js";
export { DAEMON_DEFAULT_PORT } from "./limits.js";
export { parseFilter } from "./filter/parse.js";
export { renderWaterfall, type TraceLike, type WaterfallOptions } from "./render/waterfall.js";
export { renderTraceList, type TraceSummaryLike, type TraceListOptions } from "./render/traceList.js";

export interface XRayOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /**
   * UDP port of the X-Ray daemon the SDKs in functions send segments to (0 picks a free
   * one; 2000 is the SDKs' default). None when omitted. A port already taken (a real daemon
   * or another sandbox running) is logged and a free port is used instead.
   */
  daemonPort?: number;
}

export interface XRay {
  service: AwsService;
  /** Give this to every service; segments land in `traces`. */
  tracer: Tracer;
  traces: TraceStore;
  /** The daemon's UDP listener, when one was asked for (on a free port when the asked one was taken). */
  daemon?: XRayDaemon;
  close(): Promise<void>;
}

/** Paths the edge may route unsigned X-Ray requests by (the daemon's and SDKs' calls among them). */
const PATH_PREFIXES = [
  "/TraceSegments",
  "/TraceSummaries",
  "/Traces",
  "/TraceGraph",
  "/ServiceGraph",
  "/TelemetryRecords",
  "/GetTraceSegmentDestination",
  "/GetSamplingRules",
  "/SamplingTargets",
];

export async function createXRay(options: XRayOptions): Promise<XRay> {
  const durable = await options.store.open<TracesState, TracesRecord>("xray", tracesCodec);
  const traces = new TraceStore(durable, options.clock, options.logger);
  const account = { region: options.region, accountId: options.accountId };
  const freshConfig = (): ConfigState => ({
    groups: new Map([[DEFAULT_NAME, defaultGroup(account)]]),
    rules: new Map([[DEFAULT_NAME, defaultRule(account)]]),
    policies: new Map(),
    settings: defaultSettings(DEFAULT_INDEXING_PERCENTAGE),
  });
  // Groups, sampling rules, tags, policies and settings: their own collection, small and kept whole.
  const config = await options.store.open("xray-config", configCodec(freshConfig));
  // The tracer samples requests that arrive undecided by the rules stored here (the Default rule: 1/s + 5 %).
  const sampler = new Sampler(
    () => [...config.state.rules.values()].map((stored) => stored.rule),
    options.clock,
    Math.random,
    (rule, sampled) => engine.countSamplingDecision(rule, sampled),
  );
  const engine = new XRayEngine(traces, config, options.clock, options.region, options.accountId, () => sampler.rulesChanged());
  const tracer = new RecordingTracer(options.clock, (doc) => traces.record(doc), sampler);
  const handle = createXRayWire(engine, options.logger);
  const daemon = options.daemonPort === undefined ? undefined : await startDaemon(traces, options.logger, options.daemonPort);
  return {
    service: { name: "xray", route: { signingNames: ["xray"], pathPrefixes: PATH_PREFIXES }, handle },
    tracer,
    traces,
    ...(daemon ? { daemon } : {}),
    // The store is closed by its owner (the sandbox), which compacts every collection.
    close: async () => {
      await daemon?.close();
    },
  };
}

async function startDaemon(traces: TraceStore, logger: Logger, port: number): Promise<XRayDaemon | undefined> {
  try {
    return await startXRayDaemon(traces, logger, port);
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    if (inUse && port !== 0) {
      // The functions this sandbox runs read AWS_XRAY_DAEMON_ADDRESS, so a free port still
      // brings their Tracer / X-Ray SDK segments here rather than to whoever holds the port.
      const fallback = await startXRayDaemon(traces, logger, 0).catch(() => undefined);
      if (fallback) {
        logger.warn(`X-Ray daemon: UDP port ${port} is in use (another sandbox, or an X-Ray daemon); listening on ${fallback.address} instead, which the sandbox's functions get as AWS_XRAY_DAEMON_ADDRESS.`);
        return fallback;
      }
    }
    const why = inUse ? "it is in use (another sandbox, or an X-Ray daemon)" : error instanceof Error ? error.message : String(error);
    logger.warn(`X-Ray daemon not started on UDP port ${port}: ${why}. Segments the X-Ray SDKs in your functions send go to whatever listens there; the sandbox's own traces are kept as usual.`);
    return undefined;
  }
}
