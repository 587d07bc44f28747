/**
 * Object bodies. On disk each body is one file, written and fsync'd before the record that
 * names it is committed (so an acknowledged object always has its bytes); `--in-memory`
 * keeps them in a Map. Files no record names (a crash between the two writes, a body
 * replaced or deleted) are removed by `sweep`.
 */
import { mkdir, open, readdir, readFile, rm, unlink } from "node:fs/promises";
import { join } from "node:path";
import { hex, syncDir } from "@sam-sandbox/core";

export interface BlobStore {
  /** Stores `data` durably and returns its new id. */
  put(data: Buffer): Promise<string>;
  get(id: string): Promise<Buffer>;
  delete(id: string): Promise<void>;
  /** Removes every blob not in `live`. */
  sweep(live: Set<string>): Promise<void>;
}

export class MemoryBlobs implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  async put(data: Buffer): Promise<string> {
    const id = hex(16);
    this.blobs.set(id, data);
    return id;
  }

  async get(id: string): Promise<Buffer> {
    const data = this.blobs.get(id);
    if (!data) throw new Error(`S3 blob ${id} is missing`);
    return data;
  }

  async delete(id: string): Promise<void> {
    this.blobs.delete(id);
  }

  async sweep(live: Set<string>): Promise<void> {
    for (const id of this.blobs.keys()) if (!live.has(id)) this.blobs.delete(id);
  }
}

const BLOB_ID = /^[0-9a-f]{32}$/;

export class FileBlobs implements BlobStore {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly dir: string) {}

  async put(data: Buffer): Promise<string> {
    this.ready ??= mkdir(this.dir, { recursive: true }).then(() => syncDir(this.dir));
    await this.ready;
    const id = hex(16);
    const handle = await open(join(this.dir, id), "wx");
    try {
      let offset = 0;
      while (offset < data.length) offset += (await handle.write(data, offset, data.length - offset)).bytesWritten;
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDir(this.dir);
    return id;
  }

  get(id: string): Promise<Buffer> {
    return readFile(join(this.dir, id));
  }

  async delete(id: string): Promise<void> {
    await rm(join(this.dir, id), { force: true });
  }

  async sweep(live: Set<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) if (BLOB_ID.test(name) && !live.has(name)) await unlink(join(this.dir, name)).catch(() => undefined);
  }
}
