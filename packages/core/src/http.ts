/** A request as it reaches a service's wire adapter, independent of the HTTP server. */
export interface EdgeRequest {
  method: string;
  /** Path without the query string, percent-decoding NOT applied. */
  path: string;
  /** Raw query string without the leading "?" ("" when none). */
  rawQuery: string;
  /** Header names are lower-case. */
  headers: Record<string, string>;
  body: Buffer;
  /** Client address, for API Gateway's sourceIp. */
  sourceIp?: string;
  /**
   * Headers as received: names in their original case, duplicates kept, alternating
   * name and value (node's `rawHeaders`). API Gateway's multiValueHeaders need them.
   */
  rawHeaders?: string[];
}

export interface EdgeResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /**
   * A body sent while it is produced (chunked transfer encoding), chunk by chunk as it
   * arrives; `body` is then ignored. The server cancels it (AsyncIterator.return) when the
   * client disconnects, and destroys the connection when it throws.
   */
  stream?: AsyncIterable<Uint8Array>;
  /** Headers sent once per value (several Set-Cookie lines); merged over `headers`. */
  multiValueHeaders?: Record<string, string[]>;
}

export function header(req: EdgeRequest, name: string): string | undefined {
  return req.headers[name.toLowerCase()];
}
