export { createSandbox, type Sandbox, type SandboxOptions } from "@sam-sandbox/sandbox";
