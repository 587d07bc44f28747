/**
 * One sandbox per data directory: `<dir>/sandbox.lock` holds the owner's pid.
 * A lock whose pid is no longer running (kill -9, power cut) is taken over.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { errorCode, unlinkIfExists } from "./durableFs.js";
import { SandboxError } from "./errors.js";
import type { Logger } from "./logger.js";

export const LOCK_FILE = "sandbox.lock";

/** Lock files this process holds (its pid may equal a dead previous owner's, e.g. pid 1 in a container). */
const heldHere = new Set<string>();

export interface DirLock {
  release(): Promise<void>;
}

export async function acquireDirLock(dir: string, logger: Logger): Promise<DirLock> {
  await mkdir(dir, { recursive: true });
  const path = resolve(dir, LOCK_FILE);
  // Written in full first, then linked into place: a reader never sees a half-written lock.
  const temp = join(dir, `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`);
  await writeFile(temp, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await placeLock(temp, path)) {
        heldHere.add(path);
        return { release: () => releaseLock(path) };
      }
      const holder = await readHolder(path);
      if (holder === "gone") continue;
      if (holder !== "unreadable" && isRunning(holder) && (holder !== process.pid || heldHere.has(path))) {
        throw new SandboxError(`Another sandbox is using ${dir} (pid ${holder}). Stop it, or use --data-dir / --in-memory.`);
      }
      logger.debug(`Taking over ${path} from pid ${holder}, which is no longer running.`);
      await unlinkIfExists(path);
    }
    throw new SandboxError(`Could not lock ${dir}: ${LOCK_FILE} keeps reappearing.`, {
      hint: "Another program is creating it; stop it, or use --data-dir / --in-memory.",
    });
  } finally {
    await unlinkIfExists(temp);
  }
}

/** True when the lock was placed; false when one exists. */
async function placeLock(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
  }
  // A file system without hard links: create exclusively instead.
  try {
    await writeFile(path, `${process.pid}\n`, { flag: "wx" });
    return true;
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  }
}

async function readHolder(path: string): Promise<number | "gone" | "unreadable"> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return "gone";
    throw error;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : "unreadable";
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) === "EPERM";
  }
}

async function releaseLock(path: string): Promise<void> {
  if (!heldHere.delete(path)) return;
  if ((await readHolder(path)) === process.pid) await unlinkIfExists(path);
}
