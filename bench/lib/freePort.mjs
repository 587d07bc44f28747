import { createServer } from "node:net";

/** A TCP port free on 127.0.0.1 right now (for servers that take a port, not 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
