export { createSandbox, type RunningSandbox, type Sandbox, type SandboxOptions } from "@sam-sandbox/sandbox";
