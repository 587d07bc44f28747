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
}

export interface EdgeResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export function header(req: EdgeRequest, name: string): string | undefined {
  return req.headers[name.toLowerCase()];
}
