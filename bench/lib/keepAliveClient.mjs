import { connect } from "node:net";

/**
 * A lean HTTP/1.1 client for one prepared request, as autocannon drives the other benches: up
 * to `connections` keep-alive sockets, one request in flight on each (no pipelining), the
 * request's bytes (head and body) built once, each answer read by its Content-Length. The
 * load generator shares the machine's cores with the server, so it should cost little;
 * node:http's ClientRequest costs about twice as much CPU per call.
 *
 * Returns `once()`: sends the request and resolves with {status, body} (the body as text);
 * `once.close()` ends the sockets.
 */
export function keepAliveCaller(endpoint, { method = "POST", path = "/", headers = {}, body = "", connections }) {
  const url = new URL(endpoint);
  const payload = Buffer.from(body);
  const head = [`${method} ${path} HTTP/1.1`, `host: ${url.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `content-length: ${payload.length}`, "", ""].join("\r\n");
  const request = Buffer.concat([Buffer.from(head, "latin1"), payload]);
  const idle = [];
  const waiting = [];
  let open = 0;

  const connection = () => {
    const conn = { socket: connect(Number(url.port), url.hostname), pending: undefined, buffer: undefined, dead: false };
    conn.socket.setNoDelay(true);
    conn.socket.on("data", (chunk) => received(conn, chunk));
    conn.socket.on("error", (error) => dropped(conn, error));
    conn.socket.on("close", () => dropped(conn, new Error("connection closed")));
    open++;
    return conn;
  };

  const received = (conn, chunk) => {
    const buf = conn.buffer === undefined ? chunk : Buffer.concat([conn.buffer, chunk]);
    conn.buffer = buf;
    const headEnd = buf.indexOf("\r\n\r\n");
    if (headEnd < 0) return;
    const headText = buf.toString("latin1", 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(headText);
    if (!length) return dropped(conn, new Error(`answer without Content-Length: ${headText}`));
    const end = headEnd + 4 + Number(length[1]);
    if (buf.length < end) return;
    conn.buffer = buf.length > end ? buf.subarray(end) : undefined;
    const pending = conn.pending;
    conn.pending = undefined;
    release(conn);
    pending?.resolve({ status: Number(headText.slice(9, 12)), body: buf.toString("utf8", headEnd + 4, end) });
  };

  const dropped = (conn, error) => {
    if (conn.dead) return;
    conn.dead = true;
    open--;
    conn.socket.destroy();
    const at = idle.indexOf(conn);
    if (at >= 0) idle.splice(at, 1);
    const pending = conn.pending;
    conn.pending = undefined;
    pending?.reject(error);
    // Calls waiting for a socket get a new one in its place.
    const next = waiting.shift();
    if (next) send(connection(), next);
  };

  const send = (conn, pending) => {
    conn.pending = pending;
    conn.socket.write(request);
  };

  const release = (conn) => {
    const next = waiting.shift();
    if (next) send(conn, next);
    else idle.push(conn);
  };

  const once = () =>
    new Promise((resolve, reject) => {
      const pending = { resolve, reject };
      const conn = idle.pop() ?? (open < connections ? connection() : undefined);
      if (conn) send(conn, pending);
      else waiting.push(pending);
    });
  once.close = () => {
    waiting.length = 0;
    for (const conn of [...idle]) dropped(conn, new Error("closed"));
  };
  return once;
}
