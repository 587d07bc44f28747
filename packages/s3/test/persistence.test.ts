import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { FileStore, RealClock, serveHandler, silentLogger } from "@sam-sandbox/core";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createS3 } from "../src/index.js";
import { CREDENTIALS } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "s3-persistence-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One run of the service over the same data directory. */
async function run<T>(use: (client: S3Client) => Promise<T>): Promise<T> {
  const store = new FileStore({ dir: join(dir, "state") });
  const s3 = await createS3({ store, clock: new RealClock(), logger: silentLogger, region: "us-east-1", accountId: "000000000000", blobDir: join(dir, "objects") });
  const server = await serveHandler(s3.service.handle);
  const client = new S3Client({ endpoint: server.url, region: "us-east-1", credentials: CREDENTIALS, forcePathStyle: true });
  try {
    return await use(client);
  } finally {
    client.destroy();
    await server.close();
    await s3.close();
    await store.close();
  }
}

describe("persistence", () => {
  it("keeps buckets and object bodies across restarts, and removes bodies no object names", async () => {
    await run(async (client) => {
      await client.send(new CreateBucketCommand({ Bucket: "kept" }));
      await client.send(new PutObjectCommand({ Bucket: "kept", Key: "a.txt", Body: "first" }));
      await client.send(new PutObjectCommand({ Bucket: "kept", Key: "a.txt", Body: "second" }));
    });
    // A body written just before a crash, never named by a committed record.
    writeFileSync(join(dir, "objects", "0123456789abcdef0123456789abcdef"), "orphan");
    const text = await run(async (client) => (await client.send(new GetObjectCommand({ Bucket: "kept", Key: "a.txt" }))).Body?.transformToString());
    expect(text).toBe("second");
    expect(readdirSync(join(dir, "objects"))).toHaveLength(1);
  });
});
