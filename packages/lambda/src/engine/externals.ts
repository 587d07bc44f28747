/**
 * Keeps packages out of a function's bundle: the AWS SDK v3 (which Lambda's Node.js
 * runtimes provide) and the template's `External` list. The bundle, written to the build
 * directory, then imports each of them by absolute path from where the function's
 * project installed it — so it loads as it would have from the code directory.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";

const AWS_SDK = /^@aws-sdk\//;

/** `nodePaths`: layers' node_modules, searched after the code's own (as NODE_PATH is). */
export function externalsPlugin(entry: string, format: "esm" | "cjs", externals: readonly string[], nodePaths: readonly string[] = []): Plugin {
  const patterns = externals.map(globToRegExp);
  return {
    name: "sandbox-externals",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === "entry-point" || args.path.startsWith("node:")) return undefined;
        const listed = patterns.some((p) => p.test(args.path));
        if (!listed && !AWS_SDK.test(args.path)) return undefined;
        const resolved = [args.resolveDir || dirname(entry), ...nodePaths].reduce<string | undefined>(
          (found, dir) => found ?? resolveFrom(dir, args.path),
          undefined,
        );
        // Not installed: a listed external stays a bare import (it fails at load, as on AWS
        // without the layer); an unlisted SDK package is left to esbuild to report.
        if (resolved === undefined) return listed ? { path: args.path, external: true } : undefined;
        return { path: format === "esm" ? pathToFileURL(resolved).href : resolved, external: true };
      });
    },
  };
}

function resolveFrom(dir: string, specifier: string): string | undefined {
  try {
    return createRequire(join(dir, "noop.js")).resolve(specifier);
  } catch {
    return undefined;
  }
}

/** esbuild's External entries may use one "*" wildcard ("@aws-sdk/*"). */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}(/.*)?$`);
}
