import { fileURLToPath } from "node:url";
const entry = fileURLToPath(new URL("../../packages/sandbox/dist/index.js", import.meta.url));
process.once("message", async (options) => {
  const { createSandbox } = await import(entry);
  const sandbox = await createSandbox({ ...options, port: 0, edgePort: 0 });
  if (options.noLogs) sandbox.events.removeAllListeners("functionLog");
  if (options.noEvents) { sandbox.events.emit = () => false; }
  process.send({ apiUrl: sandbox.apiUrl, endpoint: sandbox.endpoint });
  process.on("disconnect", () => { sandbox.stop().then(() => process.exit(0), () => process.exit(1)); });
});
