// Child process: @architect/sandbox serving the app it receives ({cwd}) on free ports.
// Sends {url} when started. Architect runs each invocation in a new process.
import { freePort } from "../lib/freePort.mjs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

process.once("message", async ({ cwd }) => {
  const port = await freePort();
  process.env.ARC_INTERNAL_PORT = String(await freePort());
  // Dummy credentials: Architect looks for some and otherwise probes instance metadata.
  process.env.AWS_ACCESS_KEY_ID ??= "x";
  process.env.AWS_SECRET_ACCESS_KEY ??= "x";
  const sandbox = require("@architect/sandbox");
  await sandbox.start({ cwd, port, quiet: true });
  process.send({ url: `http://127.0.0.1:${port}` });
  process.on("disconnect", () => {
    sandbox.end().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
});
