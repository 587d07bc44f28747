/**
 * A function's code or layer given as a local .zip archive (SAM `CodeUri: app.zip`, a CDK asset
 * that is a zip file, a Serverless Framework package in .serverless/): unpacked into its
 * directory before the function builds, as Lambda unpacks the package it is given, and again
 * whenever the archive changes (hot reload watches the archive, not the directory).
 */
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { extract } from "./unzip.js";
import { checkPackage } from "./zipCode.js";

export interface LocalPackage {
  /** Absolute path of the .zip archive. */
  zip: string;
  /** Absolute directory it is unpacked into (the function's codeDir, or a layer's directory). */
  dir: string;
}

/** Unpacks done or under way, by directory: functions sharing an archive unpack it once. */
const unpacking = new Map<string, Promise<void>>();

/** Unpacks each archive that changed since its directory was written; throws an Error naming the archive. */
export async function unpackLocalPackages(packages: readonly LocalPackage[] | undefined): Promise<void> {
  for (const pkg of packages ?? []) {
    let pending = unpacking.get(pkg.dir);
    if (!pending) {
      pending = unpackIfChanged(pkg).finally(() => unpacking.delete(pkg.dir));
      unpacking.set(pkg.dir, pending);
    }
    await pending;
  }
}

/** The archive's size and modification time, written beside its directory once unpacked. */
const markerOf = (dir: string) => `${dir}.unpacked`;

async function unpackIfChanged({ zip, dir }: LocalPackage): Promise<void> {
  let stamp: string;
  try {
    const info = await stat(zip);
    stamp = `${info.size}:${info.mtimeMs}`;
  } catch {
    throw new Error(`${zip} does not exist`);
  }
  const marker = markerOf(dir);
  if ((await readFile(marker, "utf8").catch(() => undefined)) === stamp) return;
  const bytes = await readFile(zip);
  try {
    // Lambda's checks of an uploaded package: this archive would be deployed as one.
    await checkPackage(bytes);
    await rm(marker, { force: true });
    await rm(dir, { recursive: true, force: true });
    await extract(bytes, dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${zip} could not be unpacked: ${error instanceof Error ? error.message : String(error)}`);
  }
  await writeFile(marker, stamp);
}
