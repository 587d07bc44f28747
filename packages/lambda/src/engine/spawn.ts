/**
 * Starts one execution environment for a function version: a worker thread for Node.js,
 * a subprocess behind its own Runtime API for Python (the project's bootstrap.py) and
 * provided.* (the function's bootstrap).
 */
import { delimiter } from "node:path";
import { fileURLToPath } from "node:url";
import type { Clock } from "@sam-sandbox/core";
import type { Artifact } from "./artifact.js";
import type { Environment } from "./environment.js";
import { logStreamName as newLogStreamName } from "./invocationLog.js";
import type { Target } from "./invoke.js";
import { ProcessEnvironment } from "./processEnvironment.js";
import { runtimeEnvironment } from "./runtimeEnv.js";
import { isUploadedCode, runtimeSdkNodeModules } from "./zipCode.js";
import { WorkerEnvironment } from "./workerEnvironment.js";

const RUNTIME_DIR = fileURLToPath(new URL("../worker/", import.meta.url));
// The Python runtime the project ships (packages/lambda/runtimes/python), from src/ or dist/.
const PYTHON_RUNTIME_DIR = fileURLToPath(new URL("../../runtimes/python/", import.meta.url));
const PYTHON_BOOTSTRAP = `${PYTHON_RUNTIME_DIR}bootstrap.py`;

export interface SpawnOptions {
  region: string;
  /** The sandbox's build directory: code uploaded through the API is unpacked under it. */
  buildDir: string;
  edgeUrl: string;
  xrayDaemonAddress?: string;
  now: number;
  wallClock: Clock;
}

export function spawnEnvironment(target: Target, artifact: Artifact, options: SpawnOptions): Environment {
  const fn = target.fn;
  const version = target.version.version;
  const logStreamName = newLogStreamName(options.now, version);
  const env = (runtimeDir: string) =>
    runtimeEnvironment(fn, { region: options.region, edgeUrl: options.edgeUrl, xrayDaemonAddress: options.xrayDaemonAddress, logStreamName, taskRoot: fn.codeDir, runtimeDir, version });
  const wallClock = options.wallClock;
  switch (artifact.kind) {
    case "node": {
      const variables = env(RUNTIME_DIR);
      // As Lambda's NODE_PATH lists /opt/nodejs/node_modules, then /var/runtime/node_modules: CommonJS
      // code finds layers' packages, then the SDK the runtime provides.
      const sdk = runtimeSdkNodeModules(options.buildDir);
      const nodePaths = [...artifact.nodePaths, ...(sdk === undefined ? [] : [sdk])];
      if (nodePaths.length > 0) variables.NODE_PATH = [...nodePaths, fn.codeDir].join(delimiter);
      return new WorkerEnvironment({
        bootstrap: {
          modulePath: artifact.modulePath,
          handlerString: fn.handler,
          handlerName: artifact.handlerName,
          callbackHandlersRemoved: runtimeMajor(fn.runtime) >= 24,
          logFormat: fn.logFormat ?? "Text",
        },
        env: variables,
        memorySizeMb: fn.memorySizeMb,
        logStreamName,
        wallClock,
        name: `lambda:${target.key}`,
      });
    }
    case "python":
      return new ProcessEnvironment({
        command: artifact.executable,
        args: [PYTHON_BOOTSTRAP, ...artifact.paths],
        cwd: fn.codeDir,
        // No __pycache__ in the code directory: on Lambda, /var/task is read-only.
        env: {
          PYTHONDONTWRITEBYTECODE: "1",
          ...env(PYTHON_RUNTIME_DIR),
          PYTHONUNBUFFERED: "1",
          // Uploaded code shows as /var/task in stack traces, as on Lambda (bootstrap.py removes the variable).
          ...(isUploadedCode(options.buildDir, fn.codeDir) ? { _SANDBOX_TASK_ROOT_SHOWN_AS: "/var/task" } : {}),
        },
        logStreamName,
        wallClock,
      });
    case "provided":
      return new ProcessEnvironment({ command: artifact.bootstrap, args: [], cwd: fn.codeDir, env: env(fn.codeDir), logStreamName, wallClock });
  }
}

function runtimeMajor(runtime: string): number {
  return Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1] ?? 0);
}
