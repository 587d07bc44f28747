/**
 * The X-Ray daemon's UDP listener: X-Ray SDKs in a function (aws-xray-sdk, Powertools
 * Tracer) send each closed segment or subsegment as one datagram,
 * `{"format": "json", "version": 1}\n<segment document>`, to 127.0.0.1:2000 or to
 * AWS_XRAY_DAEMON_ADDRESS. The daemon answers nothing (UDP); a document X-Ray would reject
 * is dropped, as PutTraceSegments would return it unprocessed, and logged at debug.
 */
import { createSocket, type Socket } from "node:dgram";
import type { Logger } from "@sam-sandbox/core";
import { putTraceSegments } from "./engine/putTraceSegments.js";
import type { TraceStore } from "./engine/traceStore.js";
import { DAEMON_HEADER } from "./limits.js";

export interface XRayDaemon {
  /** host:port, the value of AWS_XRAY_DAEMON_ADDRESS. */
  address: string;
  port: number;
  close(): Promise<void>;
}

/** The segment document of one datagram, or undefined when its header is not the daemon's. */
export function documentOfDatagram(datagram: Buffer): string | undefined {
  const text = datagram.toString("utf8");
  const newline = text.indexOf("\n");
  if (newline < 0) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(text.slice(0, newline));
  } catch {
    return undefined;
  }
  if (typeof header !== "object" || header === null) return undefined;
  const { format, version } = header as Record<string, unknown>;
  if (format !== DAEMON_HEADER.format || version !== DAEMON_HEADER.version) return undefined;
  return text.slice(newline + 1);
}

/** Binds the daemon's UDP port (0 picks a free one) and records what arrives in `traces`. */
export function startXRayDaemon(traces: TraceStore, logger: Logger, port: number, host = "127.0.0.1"): Promise<XRayDaemon> {
  const socket: Socket = createSocket("udp4");
  socket.on("message", (datagram) => {
    const document = documentOfDatagram(datagram);
    if (document === undefined) {
      logger.debug(`xray daemon: ignored a datagram without the {"format":"json","version":1} header`);
      return;
    }
    putTraceSegments(traces, { TraceSegmentDocuments: [document] }).then(
      ({ UnprocessedTraceSegments }) => {
        for (const rejected of UnprocessedTraceSegments) logger.debug(`xray daemon: segment ${rejected.Id ?? "?"} dropped: ${rejected.Message}`);
      },
      (error: unknown) => logger.warn(`xray daemon: could not record a segment: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
  return new Promise((resolve, reject) => {
    // A port that cannot be bound (taken) leaves the socket's handle open unless it is closed.
    const failed = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once("error", failed);
    socket.bind(port, host, () => {
      socket.off("error", failed);
      socket.on("error", (error) => logger.warn(`xray daemon: ${error.message}`));
      const bound = socket.address().port;
      resolve({
        address: `${host}:${bound}`,
        port: bound,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}
