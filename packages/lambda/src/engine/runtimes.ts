/**
 * Which runtimes the sandbox runs, and how: Node.js in worker threads; Python with the
 * local python3 and the bootstrap the project ships; provided.* with the function's own
 * `bootstrap` executable. Both of the latter talk to a Runtime API per environment.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export type RuntimeFamily = "node" | "python" | "provided";

export function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  if (/^nodejs\d+\.x$/.test(runtime)) return "node";
  if (/^python3\.\d+$/.test(runtime)) return "python";
  if (/^provided(\.al2|\.al2023)?$/.test(runtime)) return "provided";
  return undefined;
}

/** A Python interpreter found on this machine. */
export interface Python {
  /** Absolute path of the interpreter (sys.executable: no pyenv shim in between). */
  executable: string;
  version: string;
  hasBoto3: boolean;
}

const PROBE =
  "import sys, importlib.util; print(sys.executable); print('%d.%d' % sys.version_info[:2]); print(importlib.util.find_spec('boto3') is not None)";
const found = new Map<string, Promise<Python | undefined>>();

/**
 * The python3 a function runs with. `preferred` (the `python` option or SANDBOX_PYTHON)
 * wins; otherwise, since Lambda's Python runtimes include boto3, the first of python3.N
 * (the function's version), python3 and /usr/bin/python3 that can import boto3, or else
 * the first that exists at all. Probed once per process.
 */
export function findPython(runtime: string, preferred?: string): Promise<Python | undefined> {
  const key = `${runtime}\0${preferred ?? ""}`;
  let pending = found.get(key);
  if (!pending) {
    const candidates = preferred ? [preferred] : [runtime, "python3", "/usr/bin/python3"];
    pending = probeAll(candidates);
    found.set(key, pending);
  }
  return pending;
}

async function probeAll(candidates: readonly string[]): Promise<Python | undefined> {
  const probed = await Promise.all(candidates.map(probe));
  const existing = probed.filter((p): p is Python => p !== undefined);
  return existing.find((p) => p.hasBoto3) ?? existing[0];
}

function probe(command: string): Promise<Python | undefined> {
  return new Promise((resolve) => {
    execFile(command, ["-c", PROBE], { timeout: 10_000 }, (error, stdout) => {
      if (error) {
        resolve(undefined);
        return;
      }
      const [executable, version, boto3] = stdout.trim().split("\n");
      resolve(executable ? { executable, version: version ?? "", hasBoto3: boto3 === "True" } : undefined);
    });
  });
}

/**
 * Where Lambda finds a layer's code (/opt/...): Node.js resolves packages from
 * /opt/nodejs/node{major}/node_modules and /opt/nodejs/node_modules; a layer directory
 * that is itself an npm project (SAM's BuildMethod: nodejsNN.x before `sam build`) has
 * node_modules at its root.
 */
export function layerNodePaths(layerDirs: readonly string[], runtime: string): string[] {
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1] ?? "20";
  return layerDirs
    .flatMap((dir) => [join(dir, "nodejs", `node${major}`, "node_modules"), join(dir, "nodejs", "node_modules"), join(dir, "node_modules")])
    .filter((dir) => existsSync(dir));
}

/**
 * Python finds a layer's packages in /opt/python/lib/python3.N/site-packages and
 * /opt/python; a layer directory without python/ (SAM's BuildMethod: python3.N before
 * `sam build`) is importable from its root.
 */
export function layerPythonPaths(layerDirs: readonly string[], version: string): string[] {
  return layerDirs.flatMap((dir) => {
    const python = join(dir, "python");
    if (!existsSync(python)) return [dir];
    const sitePackages = join(python, "lib", `python${version}`, "site-packages");
    return existsSync(sitePackages) ? [sitePackages, python] : [python];
  });
}

/** provided.*: /var/task/bootstrap, else /opt/bootstrap from a layer. */
export function findBootstrap(codeDir: string, layerDirs: readonly string[]): string | undefined {
  return [codeDir, ...layerDirs].map((dir) => join(dir, "bootstrap")).find((path) => existsSync(path));
}
