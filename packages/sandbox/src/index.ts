export type { Sandbox, SandboxOptions } from "./api.js";
export { createSandbox, resolveTemplateFile, type RunningSandbox } from "./sandbox.js";
export { EdgeRouter } from "./edge.js";
export { ServiceDispatcher } from "./dispatcher.js";
export { attachTerminal } from "./terminal.js";
export { parseDuration } from "./time.js";
export { loadTemplate, parseJson } from "@sam-sandbox/template";
export { localApiUrls } from "./controlPlane.js";
