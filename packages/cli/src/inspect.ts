/**
 * `--inspect [address]`: the Node.js inspector on this process, so an IDE or Chrome DevTools can
 * debug functions with breakpoints. Node.js functions run in worker threads of this process: a
 * debugger attached here sees each execution environment as a thread (VS Code's "Attach to
 * Node Process", chrome://inspect), and source maps lead breakpoints to the TypeScript sources.
 * Node started with --inspect itself counts as well.
 */
import inspector from "node:inspector";
import { SandboxError } from "@sam-sandbox/core";

export const DEFAULT_INSPECT_PORT = 9229;

/** Opens the inspector as `--inspect [host:]port` asks (true: the default port); answers its ws:// URL, or undefined when not debugging. */
export function openInspector(address: string | boolean | undefined): string | undefined {
  if (address === undefined || address === false) return inspector.url();
  if (inspector.url() !== undefined) return inspector.url();
  const { host, port } = parseAddress(address === true ? String(DEFAULT_INSPECT_PORT) : address);
  try {
    inspector.open(port, host);
  } catch (error) {
    throw new SandboxError(`Could not open the debugger on ${host}:${port}: ${(error as Error).message}`, {
      hint: "Choose another port with --inspect <port> (0 picks a free one).",
    });
  }
  const url = inspector.url();
  if (url === undefined) throw new SandboxError(`Could not open the debugger on ${host}:${port}: the port is in use.`, { hint: "Choose another port with --inspect <port> (0 picks a free one)." });
  return url;
}

function parseAddress(address: string): { host: string; port: number } {
  const m = /^(?:(.+):)?(\d+)$/.exec(address);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new SandboxError(`--inspect takes [host:]port, got "${address}".`, { hint: `e.g. --inspect, --inspect ${DEFAULT_INSPECT_PORT} or --inspect 127.0.0.1:0` });
  return { host: m[1] ?? "127.0.0.1", port };
}

/** Blocks until a debugger has attached and said go (`sandbox invoke --inspect`: breakpoints are set before the function runs). */
export function waitForDebugger(): void {
  inspector.waitForDebugger();
}

export const ATTACH_HINT = 'attach VS Code ("Attach to Node Process") or Chrome (chrome://inspect): functions are its worker threads; timeouts are off';
