/**
 * Hot reload: watches every function's code directory (CodeUri) and its layers with
 * chokidar, and reports which functions a burst of changes touched, once it settles.
 */
import { statSync } from "node:fs";
import { basename, sep } from "node:path";
import type { FSWatcher } from "chokidar";

export interface WatchedFunction {
  functionName: string;
  codeDir: string;
  layerDirs: readonly string[];
  /** Local .zip archives its code or layers are unpacked from: the archive is watched, not the directory. */
  packages?: ReadonlyArray<{ zip: string; dir: string }>;
}

export type ChangeListener = (functionNames: string[], files: string[]) => void;

// Directories whose contents are not the function's source: caches, build output and, in a
// code directory, its dependencies (in a layer, node_modules is what the layer provides).
const IGNORED_IN_LAYERS = new Set([".sandbox", ".aws-sam", ".git", "__pycache__", "cdk.out", ".venv"]);
const IGNORED_IN_CODE = new Set([...IGNORED_IN_LAYERS, "node_modules", "dist"]);
// Editors' swap, backup and probe files.
const EDITOR_FILES = /(\.sw[a-p]x?|~|\.tmp)$|^\.#|^4913$/;
// Saves come in bursts (write, rename, chmod): changes within this window count as one.
export const RELOAD_DEBOUNCE_MS = 25;
// chokidar reports at most one change of a file per 50 ms: a second save that soon (a
// formatter rewriting the file) is caught by looking at the files again after that.
const CHANGE_THROTTLE_MS = 50;

export class CodeWatcher {
  /** Settles when the initial scan is done and changes are being watched. */
  readonly ready: Promise<void>;
  /** chokidar loads after start-up (`sandbox up` is ready before the watching starts). */
  private readonly watcher: Promise<FSWatcher | undefined>;
  private closed = false;
  private readonly roots: string[];
  private readonly layerRoots: Set<string>;
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly checks = new Set<NodeJS.Timeout>();

  constructor(
    private readonly functions: readonly WatchedFunction[],
    /** Never watched (the sandbox's build directory, when it lies inside a code directory). */
    private readonly excluded: readonly string[],
    private readonly onChange: ChangeListener,
  ) {
    this.layerRoots = new Set(functions.flatMap((f) => f.layerDirs));
    this.roots = [...new Set(functions.flatMap(sourcesOf))];
    this.watcher = import("chokidar").then(({ watch }) => {
      if (this.closed) return undefined;
      const watcher = watch(this.roots, { ignoreInitial: true, ignored: (path) => this.ignored(path) });
      watcher.on("all", (_event, path) => this.touched(path));
      watcher.on("error", () => {
        // A directory that vanished or cannot be read: nothing to reload from it.
      });
      return watcher;
    });
    this.ready = this.watcher.then((watcher) => new Promise<void>((resolve) => (watcher ? watcher.once("ready", () => resolve()) : resolve())));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const check of this.checks) clearTimeout(check);
    await (await this.watcher)?.close();
  }

  private touched(path: string): void {
    this.changed.add(path);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), RELOAD_DEBOUNCE_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const files = [...this.changed];
    this.changed.clear();
    const seen = files.map(modified);
    const check = setTimeout(() => {
      this.checks.delete(check);
      files.forEach((file, i) => {
        if (modified(file) !== seen[i]) this.touched(file);
      });
    }, CHANGE_THROTTLE_MS + RELOAD_DEBOUNCE_MS);
    this.checks.add(check);
    const names = this.functions
      .filter((f) => files.some((file) => sourcesOf(f).some((dir) => within(file, dir))))
      .map((f) => f.functionName);
    if (names.length > 0) this.onChange(names, files);
  }

  private ignored(path: string): boolean {
    if (this.excluded.some((dir) => within(path, dir))) return true;
    if (EDITOR_FILES.test(basename(path))) return true;
    const root = this.roots.find((dir) => within(path, dir));
    if (root === undefined || path === root) return false;
    const ignoredDirs = this.layerRoots.has(root) ? IGNORED_IN_LAYERS : IGNORED_IN_CODE;
    return path.slice(root.length + 1).split(sep).some((segment) => ignoredDirs.has(segment));
  }
}

function modified(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** What a function's code comes from: its code directory and layers, or the archives they are unpacked from. */
function sourcesOf(f: WatchedFunction): string[] {
  const unpacked = new Set((f.packages ?? []).map((p) => p.dir));
  return [...[f.codeDir, ...f.layerDirs].filter((dir) => !unpacked.has(dir)), ...(f.packages ?? []).map((p) => p.zip)];
}

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}
