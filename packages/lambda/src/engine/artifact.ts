/**
 * Turns a function's code into what its environments run, once per function (not per
 * call). Node.js: TypeScript is bundled with esbuild (with `Metadata: BuildMethod: esbuild`
 * the BuildProperties are honoured as `sam build` does); JavaScript is loaded in place.
 * Python: the interpreter and the layers' paths. provided.*: the bootstrap executable.
 *
 * Hot reload rebuilds beside the current artifact and swaps only when the new code
 * builds, so a syntax error leaves the previous code serving.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, extname, join, relative, resolve } from "node:path";
import type { BuildFailure, BuildOptions, Message } from "esbuild";
import type { Logger } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import { InvalidRuntimeException, messages } from "../errors.js";
import type { RuntimeErrorPayload } from "../worker/protocol.js";
import { functionErrors } from "./functionErrors.js";
import { unpackLocalPackages } from "./localPackages.js";
import { parseHandlerString, type ParsedHandler } from "./handlerString.js";
import { externalsPlugin } from "./externals.js";
import { esbuildOptionsFromMetadata } from "./metadata.js";
import { findBootstrap, findPython, layerNodePaths, layerPythonPaths, runtimeFamily } from "./runtimes.js";

export type Artifact =
  | {
      kind: "node";
      /** Absolute path of the module an environment imports. */
      modulePath: string;
      handlerName: string;
      /** Layers' node_modules directories (NODE_PATH, as /opt/nodejs/node_modules). */
      nodePaths: string[];
    }
  | { kind: "python"; executable: string; paths: string[] }
  | { kind: "provided"; bootstrap: string };

export type ArtifactOutcome =
  | { ok: true; artifact: Artifact }
  /**
   * `perRequest`: Lambda reports this error as "RequestId: <id> Error: <message>".
   * `detail`: esbuild's report with the code frame, for the terminal.
   */
  | { ok: false; error: RuntimeErrorPayload; perRequest?: boolean; detail?: string };

/** What a hot reload answers: the new code serves, or why the previous one still does. */
export type RebuildOutcome = { ok: true } | { ok: false; error: string; detail?: string };

// The Node.js runtime's lookup order, with TypeScript first (bundled by the sandbox).
const SOURCE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];
const OUTPUT_EXTENSIONS = [".js", ".mjs", ".cjs"];
// Builds kept per function: the current one and the one environments still running may use.
const KEPT_BUILDS = 2;

export class ArtifactCache {
  private readonly current = new Map<string, Promise<ArtifactOutcome>>();
  private readonly builds = new Map<string, string[]>();
  private generation = 0;

  constructor(
    private readonly buildDir: string,
    private readonly logger: Logger,
    /** The python3 to run Python functions with (else found on PATH). */
    private readonly pythonCommand?: string,
  ) {}

  /**
   * The artifact of a function, built on first use. Failures are not cached. `key` names
   * the build: the function's name for $LATEST, "name@3" for published version 3.
   */
  get(fn: LambdaFunctionConfig, key: string = fn.functionName): Promise<ArtifactOutcome> {
    const cached = this.current.get(key);
    if (cached) return cached;
    const pending = this.produce(fn, key).then(
      (outcome) => {
        if (!outcome.ok) this.forget(key, pending);
        return outcome;
      },
      (error: unknown) => {
        this.forget(key, pending);
        throw error;
      },
    );
    this.current.set(key, pending);
    return pending;
  }

  /**
   * The code changed (hot reload): builds it anew; the new artifact replaces the current
   * one only if it builds. `changed` are the files that changed (Python checks their syntax).
   */
  async rebuild(fn: LambdaFunctionConfig, changed: readonly string[]): Promise<RebuildOutcome> {
    const previous = this.current.get(fn.functionName);
    try {
      await unpackLocalPackages(fn.packages);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const family = runtimeFamily(fn.runtime);
    if (family === "python") {
      const outcome = previous ? await previous : undefined;
      const executable = outcome?.ok && outcome.artifact.kind === "python" ? outcome.artifact.executable : undefined;
      return executable ? checkPythonSyntax(executable, changed.filter((f) => f.endsWith(".py"))) : { ok: true };
    }
    if (family !== "node") {
      this.current.delete(fn.functionName);
      return { ok: true };
    }
    const outcome = await this.produceNode(fn, fn.functionName, true);
    if (!outcome.ok) return { ok: false, error: outcome.error.errorMessage, detail: outcome.detail };
    this.current.set(fn.functionName, Promise.resolve(outcome));
    return { ok: true };
  }

  /** Forgets built artifacts (code or configuration changed); all when no names are given. */
  invalidate(functionNames?: readonly string[]): void {
    if (!functionNames) this.current.clear();
    else for (const name of functionNames) this.current.delete(name);
  }

  private forget(name: string, pending: Promise<ArtifactOutcome>): void {
    if (this.current.get(name) === pending) this.current.delete(name);
  }

  private async produce(fn: LambdaFunctionConfig, key: string): Promise<ArtifactOutcome> {
    await unpackLocalPackages(fn.packages);
    const layerDirs = fn.layerDirs ?? [];
    switch (runtimeFamily(fn.runtime)) {
      case "node":
        return this.produceNode(fn, key, false);
      case "python": {
        const python = await findPython(fn.runtime, this.pythonCommand);
        if (!python) {
          const message = messages.pythonMissing(fn.functionName, fn.runtime);
          this.logger.error(`lambda: ${message}`);
          throw new InvalidRuntimeException(message);
        }
        const version = fn.runtime.slice("python".length);
        return { ok: true, artifact: { kind: "python", executable: python.executable, paths: layerPythonPaths(layerDirs, version) } };
      }
      case "provided": {
        const bootstrap = findBootstrap(fn.codeDir, layerDirs);
        if (!bootstrap) {
          const searched = [fn.codeDir, ...layerDirs].map((dir) => join(dir, "bootstrap"));
          return { ok: false, error: functionErrors.invalidEntrypoint(`Couldn't find valid bootstrap(s): [${searched.join(" ")}]`), perRequest: true };
        }
        return { ok: true, artifact: { kind: "provided", bootstrap } };
      }
      default:
        throw new InvalidRuntimeException(messages.unsupportedRuntime(fn.runtime));
    }
  }

  /** Node.js: a bundle in a fresh build directory, or the JavaScript file itself. */
  private async produceNode(fn: LambdaFunctionConfig, key: string, check: boolean): Promise<ArtifactOutcome> {
    const parsed = parseHandlerString(fn.handler);
    if ("error" in parsed) return { ok: false, error: parsed.error };
    const nodePaths = layerNodePaths(fn.layerDirs ?? [], fn.runtime);
    const outDir = await this.nextBuildDir(key);
    const log = check ? undefined : this.logger;
    if (fn.build?.method === "esbuild") return this.settle(key, outDir, await buildFromMetadata(fn, parsed, outDir, nodePaths, this.logger, log));

    const source = findFile(join(fn.codeDir, parsed.moduleRoot, parsed.moduleName), SOURCE_EXTENSIONS);
    if (!source) return { ok: false, error: functionErrors.moduleNotFound(parsed.moduleName) };
    if (/\.[mc]?js$/.test(source)) {
      // Loaded in place; on a reload, a syntax check stands in for the build.
      if (check) {
        const options: BuildOptions = { entryPoints: [source], absWorkingDir: fn.codeDir, bundle: true, write: false, packages: "external", platform: "node", format: "esm", target: nodeTarget(fn.runtime), logLevel: "silent" };
        const checked = await runEsbuild(fn, options, undefined, this.logger, log);
        if ("error" in checked) return { ok: false, error: checked.error, detail: checked.detail };
      }
      return { ok: true, artifact: { kind: "node", modulePath: source, handlerName: parsed.handlerName, nodePaths } };
    }
    const format = extname(source) === ".mts" || (extname(source) === ".ts" && packageType(dirname(source)) === "module") ? "esm" : "cjs";
    const result = await runEsbuild(fn, { ...baseOptions(source, fn, format, nodePaths), outdir: outDir, outbase: fn.codeDir }, outDir, this.logger, log);
    if ("error" in result) return this.settle(key, outDir, { ok: false, error: result.error, detail: result.detail });
    const output = Object.entries(result.outputs).find(([, meta]) => meta.entryPoint !== undefined);
    if (!output) return this.settle(key, outDir, { ok: false, error: functionErrors.moduleNotFound(parsed.moduleName) });
    const modulePath = resolve(fn.codeDir, output[0]);
    return this.settle(key, outDir, { ok: true, artifact: { kind: "node", modulePath, handlerName: parsed.handlerName, nodePaths } });
  }

  /** buildDir/<key>/<n>: a new directory per build, so a failed one overwrites nothing. */
  private async nextBuildDir(key: string): Promise<string> {
    const root = join(this.buildDir, key);
    if (!this.builds.has(key)) {
      // Builds left by an earlier run of the sandbox.
      await rm(root, { recursive: true, force: true });
      this.builds.set(key, []);
    }
    return join(root, String(++this.generation));
  }

  /** Keeps a successful build and the one before it; drops the rest. */
  private async settle(key: string, outDir: string, outcome: ArtifactOutcome): Promise<ArtifactOutcome> {
    const kept = this.builds.get(key) ?? [];
    if (!outcome.ok) {
      await rm(outDir, { recursive: true, force: true });
      return outcome;
    }
    kept.push(outDir);
    for (const old of kept.splice(0, Math.max(0, kept.length - KEPT_BUILDS))) await rm(old, { recursive: true, force: true });
    this.builds.set(key, kept);
    return outcome;
  }
}

function baseOptions(source: string, fn: LambdaFunctionConfig, format: "esm" | "cjs", nodePaths: string[]): BuildOptions {
  return {
    entryPoints: [source],
    absWorkingDir: fn.codeDir,
    bundle: true,
    platform: "node",
    target: nodeTarget(fn.runtime),
    format,
    // .mjs/.cjs make the format explicit whatever package.json surrounds the build dir.
    outExtension: { ".js": format === "esm" ? ".mjs" : ".cjs" },
    sourcemap: true,
    sourcesContent: false,
    // Bundled CommonJS dependencies may call require(): give the ESM bundle one.
    banner: format === "esm" ? { js: ESM_REQUIRE_BANNER } : undefined,
    // Layers' packages resolve as from /opt/nodejs/node_modules.
    nodePaths,
    plugins: [externalsPlugin(source, format, [], nodePaths)],
    metafile: true,
    logLevel: "silent",
  };
}

async function buildFromMetadata(
  fn: LambdaFunctionConfig,
  parsed: ParsedHandler,
  outDir: string,
  nodePaths: string[],
  logger: Logger,
  warn: Logger | undefined,
): Promise<ArtifactOutcome> {
  const fromMetadata = esbuildOptionsFromMetadata(fn.build?.properties ?? {}, fn.codeDir);
  if ("error" in fromMetadata) return { ok: false, error: functionErrors.buildFailed(fromMetadata.error) };
  const { options, externals } = fromMetadata;
  const firstEntry = options.entryPoints[0] ?? fn.codeDir;
  const format = options.format === "esm" ? "esm" : "cjs";
  const result = await runEsbuild(
    fn,
    {
      ...options,
      outdir: outDir,
      absWorkingDir: fn.codeDir,
      bundle: true,
      platform: "node",
      // Always mapped: local stack traces should name the user's lines.
      sourcemap: true,
      nodePaths,
      plugins: [externalsPlugin(firstEntry, format, externals, nodePaths)],
      logLevel: "silent",
      metafile: true,
    },
    outDir,
    logger,
    warn,
  );
  if ("error" in result) return { ok: false, error: result.error, detail: result.detail };
  // The artifact directory is the task root: no package.json above it decides the format (as in /var/task).
  await writeFile(join(outDir, "package.json"), '{"type":"commonjs"}\n');
  const modulePath = findFile(join(outDir, parsed.moduleRoot, parsed.moduleName), OUTPUT_EXTENSIONS);
  if (!modulePath) return { ok: false, error: functionErrors.moduleNotFound(parsed.moduleName) };
  return { ok: true, artifact: { kind: "node", modulePath, handlerName: parsed.handlerName, nodePaths } };
}

async function runEsbuild(
  fn: LambdaFunctionConfig,
  options: BuildOptions,
  outDir: string | undefined,
  logger: Logger,
  /** Where build errors are reported (start-up and first use); hot reload reports its own. */
  warn: Logger | undefined,
): Promise<{ outputs: Record<string, { entryPoint?: string }> } | { error: RuntimeErrorPayload; detail: string }> {
  const started = performance.now();
  if (outDir) await mkdir(outDir, { recursive: true });
  // Loaded on the first build: JavaScript handlers are never bundled.
  const { build, formatMessages } = await import("esbuild");
  try {
    const result = await build(options);
    logger.debug(`lambda: built ${fn.functionName} in ${Math.round(performance.now() - started)} ms`);
    return { outputs: result.metafile?.outputs ?? {} };
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    const errors = failure.errors ?? [];
    const text = errors.length > 0 ? (await formatMessages(errors, { kind: "error" })).join("\n") : String(error);
    warn?.warn(`lambda: esbuild could not build ${fn.functionName} (${fn.handler}):\n${text}`);
    const first = errors[0];
    const unresolved = first ? /^Could not resolve "(.+)"/.exec(first.text) : null;
    if (unresolved) return { error: functionErrors.moduleNotFound(unresolved[1]), detail: text };
    return { error: functionErrors.buildFailed(`SyntaxError: ${where(fn, first)}${first?.text ?? String(error)}`), detail: text };
  }
}

/** "src/app.ts:3:7: " — where esbuild found the problem, relative to the code directory. */
function where(fn: LambdaFunctionConfig, message: Message | undefined): string {
  const location = message?.location;
  if (!location) return "";
  const file = resolve(fn.codeDir, location.file);
  return `${relative(process.cwd(), file) || file}:${location.line}:${location.column}: `;
}

const PY_CHECK = [
  "import sys",
  "for path in sys.argv[1:]:",
  "    try:",
  "        compile(open(path, 'rb').read(), path, 'exec')",
  "    except SyntaxError as e:",
  "        print('%s:%s:%s: %s: %s' % (e.filename, e.lineno, e.offset, type(e).__name__, e.msg))",
  "        sys.exit(1)",
  "    except OSError:",
  "        pass",
].join("\n");

/** Compiles the changed Python files without running them; the first syntax error, with file:line. */
function checkPythonSyntax(executable: string, files: readonly string[]): Promise<RebuildOutcome> {
  if (files.length === 0) return Promise.resolve({ ok: true });
  return new Promise((resolveCheck) => {
    execFile(executable, ["-c", PY_CHECK, ...files], { timeout: 10_000 }, (error, stdout) => {
      if (!error) resolveCheck({ ok: true });
      else resolveCheck({ ok: false, error: stdout.trim() || String(error) });
    });
  });
}

function findFile(base: string, extensions: readonly string[]): string | undefined {
  for (const ext of extensions) {
    const path = base + ext;
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** "nodejs20.x" → "node20". */
export function nodeTarget(runtime: string): string {
  const m = /^nodejs(\d+)\.x$/.exec(runtime);
  return m ? `node${m[1]}` : "node20";
}

/** The nearest package.json's "type" (the Node.js runtime stops at node_modules). */
function packageType(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (current.endsWith("/node_modules")) return undefined;
    const file = join(current, "package.json");
    if (existsSync(file)) {
      try {
        return (JSON.parse(readFileSync(file, "utf8")) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

const ESM_REQUIRE_BANNER =
  'import { createRequire as __sandboxCreateRequire } from "node:module"; globalThis.require ??= __sandboxCreateRequire(import.meta.url);';
