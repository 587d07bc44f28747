// Bundles the `sandbox` command (packages/cli/dist/main.js, every workspace package it
// imports and their npm dependencies) into one CommonJS file, packages/cli/dist/sandbox.cjs,
// which bin/sandbox.js compiles with V8's code cache. Node's ES module loader costs ~0.4 ms per
// file and the workspace alone is ~400 files: from one file, `sandbox up` is ready in about half
// the time, and a module only a command it does not run needs (the X-Ray client of `sandbox
// traces`, Step Functions until used) is parsed but never evaluated. Compiling the one file
// still took ~100 ms; Node 20 keeps no compile cache for modules of its own, so the bundle is a
// script (CommonJS) that bin/sandbox.js compiles through node:vm with the code V8 cached at an
// earlier start (~10 ms). `import.meta.url` keeps meaning the original file, so worker entry
// points, runtimes and createRequire() resolve exactly as without the bundle; esbuild and
// chokidar (native parts) and the AWS SDK (`sandbox traces`), all loaded on demand, stay
// files, imported through the `__bundleImport` the loader hands the bundle (a script compiled
// from V8's cache cannot import() by itself on Node 20). The unbundled dist/ stays what tests
// and createSandbox() users import.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const packages = join(root, "packages") + sep;
const outfile = join(root, "packages/cli/dist/sandbox.cjs");
/** What bin/sandbox.js keeps V8's cached code of the bundle in; a new bundle empties it. */
const compileCacheDir = join(root, "packages/cli/dist/.compile-cache");
/** The ES module bundle earlier builds made. */
const formerOutfile = join(root, "packages/cli/dist/sandbox.mjs");
const outDir = dirname(outfile);

const fromBundle = (file) => {
  const path = relative(outDir, file).split(sep).join("/");
  return path.startsWith(".") ? path : `./${path}`;
};
const KEPT_AS_FILES = /^(esbuild|chokidar|fsevents|@aws-sdk\/.*|@simplewebauthn\/.*)$/;
// Large workspace tables only a rare request loads (TestState's mock field validation, 0.4 MB)
// stay files too: inside the bundle their text would stay in memory from the start.
const LAZY_WORKSPACE_FILES = /\/generated\/outputShapes\.js$/;
// Only the workspace's own files go through the plugin (a JavaScript call per file is slow).
const WORKSPACE_DIST = new RegExp(`^${packages.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^/\\\\]+[/\\\\]dist[/\\\\].*\\.js$`);
const isWorkspaceFile = (file) => file.startsWith(packages) && !file.includes(`${sep}node_modules${sep}`);

/**
 * Replaces `import.meta.url` in code, not inside a string on the same line (such as the
 * banner the Lambda runtime gives ESM bundles, which must keep meaning that bundle's URL).
 */
function rewriteImportMetaUrl(source, replacement) {
  return source
    .split("\n")
    .map((line) =>
      line.replace(/import\.meta\.url/g, (match, offset) => {
        const before = line.slice(0, offset).replace(/\\./g, "");
        const open = ["'", '"', "`"].some((quote) => before.split(quote).length % 2 === 0);
        return open ? match : replacement;
      }),
    )
    .join("\n");
}

/** @type {import("esbuild").Plugin} */
const bundlePaths = {
  name: "bundle-paths",
  setup(pluginBuild) {
    // Packages with native parts stay files, imported from where the importer finds them.
    pluginBuild.onResolve({ filter: KEPT_AS_FILES }, async (args) => {
      if (args.pluginData === "resolving") return undefined;
      const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: "resolving" });
      if (resolved.errors.length > 0 || !resolved.path) return undefined;
      return { path: fromBundle(resolved.path), external: true };
    });
    pluginBuild.onResolve({ filter: LAZY_WORKSPACE_FILES }, (args) => ({ path: fromBundle(join(args.resolveDir, args.path)), external: true }));
    // import.meta.url of a workspace file: its own URL, not the bundle's.
    pluginBuild.onLoad({ filter: WORKSPACE_DIST }, async (args) => {
      if (!isWorkspaceFile(args.path)) return undefined;
      const source = await readFile(args.path, "utf8");
      const unsupported = /import\.meta\.(dirname|filename|resolve)/.exec(source);
      if (unsupported) throw new Error(`${args.path}: ${unsupported[0]} is not rewritten for the bundle; use import.meta.url`);
      const own = `new URL(${JSON.stringify(fromBundle(args.path))}, __bundleUrl).href`;
      return { contents: rewriteImportMetaUrl(source, own), loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

/** Writes the bundle; on failure removes it (bin/sandbox.js then loads dist/main.js) and says why. */
export async function bundleCli() {
  rmSync(compileCacheDir, { recursive: true, force: true });
  rmSync(formerOutfile, { force: true });
  try {
    await writeBundle();
  } catch (error) {
    rmSync(outfile, { force: true });
    console.warn(`scripts/bundle-cli.mjs: no bundle, \`sandbox\` loads dist/main.js (slower start): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Dynamic imports of the files kept out of the bundle (their specifiers are relative to the
 * bundle, from fromBundle()) go through the loader's `__bundleImport`. Any other import() would
 * fail only once the bundle runs from V8's cache, so the build refuses it.
 */
export function routeDynamicImports(code) {
  const routed = code.replace(/(?<![\w$.])import\((?=["'`]\.\.?\/)/g, "__bundleImport(");
  const left = /(?<![\w$.])import\(.{0,60}/.exec(routed);
  if (left) throw new Error(`a dynamic import the loader cannot route: ${left[0]}`);
  return routed;
}

async function writeBundle() {
  const result = await build({
    entryPoints: [join(root, "packages/cli/dist/main.js")],
    outfile,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    plugins: [bundlePaths],
    define: { "import.meta.url": "__bundleUrl" },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    // Without comments and indentation the bundle is 1.9 MB of ASCII instead of 3.4 MB with
    // non-ASCII characters in comments, which made V8 hold its source as UTF-16: 7.7 → ~2 MB of heap.
    // Names stay (no minifyIdentifiers): stack traces still name their functions.
    minifyWhitespace: true,
    charset: "ascii",
    logLevel: "warning",
    write: false,
  });
  const [output] = result.outputFiles;
  await writeFile(outfile, routeDynamicImports(output.text));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleCli();
