/**
 * Turns a function's code into the one file its environments load, once per function
 * (not per call): TypeScript is bundled with esbuild; JavaScript is loaded in place.
 * With `Metadata: BuildMethod: esbuild` the BuildProperties are honoured as `sam build`
 * does. Every bundle gets a source map so stack traces name the user's .ts lines.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, extname, join, resolve } from "node:path";
import { build, formatMessages, type BuildFailure, type BuildOptions } from "esbuild";
import type { Logger } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import type { RuntimeErrorPayload } from "../worker/protocol.js";
import { functionErrors } from "./functionErrors.js";
import { parseHandlerString, type ParsedHandler } from "./handlerString.js";
import { externalsPlugin } from "./externals.js";
import { esbuildOptionsFromMetadata } from "./metadata.js";

export interface Artifact {
  /** Absolute path of the module an environment imports. */
  modulePath: string;
  handlerName: string;
}

export type ArtifactOutcome = { ok: true; artifact: Artifact } | { ok: false; error: RuntimeErrorPayload };

// The Node.js runtime's lookup order, with TypeScript first (bundled by the sandbox).
const SOURCE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];
const OUTPUT_EXTENSIONS = [".js", ".mjs", ".cjs"];

export class ArtifactCache {
  private readonly built = new Map<string, Promise<ArtifactOutcome>>();

  constructor(
    private readonly buildDir: string,
    private readonly logger: Logger,
  ) {}

  /** The artifact of a function, building it on first use. Failures are not cached. */
  get(fn: LambdaFunctionConfig): Promise<ArtifactOutcome> {
    const cached = this.built.get(fn.functionName);
    if (cached) return cached;
    const pending = produce(fn, join(this.buildDir, fn.functionName), this.logger).then((outcome) => {
      if (!outcome.ok) this.built.delete(fn.functionName);
      return outcome;
    });
    this.built.set(fn.functionName, pending);
    return pending;
  }

  /** Forgets built artifacts (code changed); all when no names are given. */
  invalidate(functionNames?: readonly string[]): void {
    if (!functionNames) this.built.clear();
    else for (const name of functionNames) this.built.delete(name);
  }
}

async function produce(fn: LambdaFunctionConfig, outDir: string, logger: Logger): Promise<ArtifactOutcome> {
  const parsed = parseHandlerString(fn.handler);
  if ("error" in parsed) return { ok: false, error: parsed.error };
  if (fn.build?.method === "esbuild") return buildFromMetadata(fn, parsed, outDir, logger);

  const source = findFile(join(fn.codeDir, parsed.moduleRoot, parsed.moduleName), SOURCE_EXTENSIONS);
  if (!source) return { ok: false, error: functionErrors.moduleNotFound(parsed.moduleName) };
  if (/\.[mc]?js$/.test(source)) return { ok: true, artifact: { modulePath: source, handlerName: parsed.handlerName } };

  const format = extname(source) === ".mts" || (extname(source) === ".ts" && packageType(dirname(source)) === "module") ? "esm" : "cjs";
  const options: BuildOptions = {
    entryPoints: [source],
    outdir: outDir,
    outbase: fn.codeDir,
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
    plugins: [externalsPlugin(source, format, [])],
    metafile: true,
    logLevel: "silent",
  };
  const result = await runEsbuild(fn, options, outDir, logger);
  if ("error" in result) return { ok: false, error: result.error };
  const output = Object.entries(result.outputs).find(([, meta]) => meta.entryPoint !== undefined);
  if (!output) return { ok: false, error: functionErrors.moduleNotFound(parsed.moduleName) };
  return { ok: true, artifact: { modulePath: resolve(fn.codeDir, output[0]), handlerName: parsed.handlerName } };
}

async function buildFromMetadata(
  fn: LambdaFunctionConfig,
  parsed: ParsedHandler,
  outDir: string,
  logger: Logger,
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
      plugins: [externalsPlugin(firstEntry, format, externals)],
      logLevel: "silent",
      metafile: true,
    },
    outDir,
    logger,
  );
  if ("error" in result) return { ok: false, error: result.error };
  // The artifact directory is the task root: no package.json above it decides the format (as in /var/task).
  await writeFile(join(outDir, "package.json"), '{"type":"commonjs"}\n');
  const modulePath = findFile(join(outDir, parsed.moduleRoot, parsed.moduleName), OUTPUT_EXTENSIONS);
  if (!modulePath) return { ok: false, error: functionErrors.moduleNotFound(parsed.moduleName) };
  return { ok: true, artifact: { modulePath, handlerName: parsed.handlerName } };
}

async function runEsbuild(
  fn: LambdaFunctionConfig,
  options: BuildOptions,
  outDir: string,
  logger: Logger,
): Promise<{ outputs: Record<string, { entryPoint?: string }> } | { error: RuntimeErrorPayload }> {
  const started = performance.now();
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  try {
    const result = await build(options);
    logger.debug(`lambda: built ${fn.functionName} in ${Math.round(performance.now() - started)} ms`);
    return { outputs: result.metafile?.outputs ?? {} };
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    const errors = failure.errors ?? [];
    const text = errors.length > 0 ? (await formatMessages(errors, { kind: "error" })).join("\n") : String(error);
    logger.warn(`lambda: esbuild could not build ${fn.functionName} (${fn.handler}):\n${text}`);
    const first = errors[0];
    const unresolved = first ? /^Could not resolve "(.+)"/.exec(first.text) : null;
    if (unresolved) return { error: functionErrors.moduleNotFound(unresolved[1]) };
    const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : "";
    return { error: functionErrors.buildFailed(`SyntaxError: ${where}${first?.text ?? String(error)}`) };
  }
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
