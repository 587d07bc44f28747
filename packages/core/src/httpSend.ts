/**
 * One HTTP(S) request with Node's client, for integrations that must pass bytes and header names
 * exactly as they are (fetch would decode a Content-Encoding and lowercase header names): the
 * answer's status, status text, raw header lines (the server's casing and repeats) and body bytes.
 */
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

export interface HttpSendInit {
  method: string;
  /** An object, or raw lines [name, value, name, value…] that keep names' casing and repeats. */
  headers: OutgoingHttpHeaders | string[];
  body?: string | Buffer;
  signal?: AbortSignal;
  /** Gives up when the socket has been idle this long, failing with `message`. */
  idleTimeout?: { ms: number; message: string };
}

export interface HttpSendAnswer {
  status: number;
  statusText: string;
  /** [name, value] pairs as the server sent them. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export function httpSend(url: URL, init: HttpSendInit): Promise<HttpSendAnswer> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === "https:" ? httpsRequest : httpRequest;
    const options = { method: init.method, headers: init.headers, ...(init.signal ? { signal: init.signal } : {}), ...(init.idleTimeout ? { timeout: init.idleTimeout.ms } : {}) };
    const outgoing = request(url, options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers: pairs(res.rawHeaders), body: Buffer.concat(chunks) }));
    });
    const idle = init.idleTimeout;
    if (idle) outgoing.on("timeout", () => outgoing.destroy(new Error(idle.message)));
    outgoing.on("error", reject);
    outgoing.end(init.body);
  });
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}
