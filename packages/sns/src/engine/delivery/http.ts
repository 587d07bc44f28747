import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Clock } from "@sam-sandbox/core";

export interface HttpResult {
  status: number;
  body: string;
}

/** Sends one POST; rejects on a network error or when `timeoutMs` of clock time passes. */
export type HttpPost = (url: string, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<HttpResult>;

/** Keep at most this much of an endpoint's answer (for logs). */
const MAX_RESPONSE_BYTES = 4096;

export function nodeHttpPost(clock: Clock): HttpPost {
  return (url, headers, body, timeoutMs) =>
    new Promise<HttpResult>((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === "https:" ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: "POST",
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
          // Local HTTPS endpoints use self-signed certificates; SNS would require a trusted one.
          ...(target.protocol === "https:" ? { rejectUnauthorized: false } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          res.on("end", () => {
            timer.cancel();
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_RESPONSE_BYTES) });
          });
          res.on("error", (error) => {
            timer.cancel();
            reject(error);
          });
        },
      );
      const timer = clock.setTimeout(() => req.destroy(new Error(`no response within ${timeoutMs / 1000} seconds`)), timeoutMs);
      req.on("error", (error) => {
        timer.cancel();
        reject(error);
      });
      req.end(body);
    });
}
