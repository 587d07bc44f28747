// Child process: createSandbox() with the options it receives ({template, inMemory, dataDir}),
// on free ports. Sends {apiUrl, endpoint} when ready; stops cleanly on disconnect.
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../../packages/sandbox/dist/index.js", import.meta.url));

process.once("message", async (options) => {
  const { createSandbox } = await import(entry);
  const sandbox = await createSandbox({ ...options, port: 0, edgePort: 0 });
  process.send({ apiUrl: sandbox.apiUrl, endpoint: sandbox.endpoint });
  process.on("disconnect", () => {
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
});
