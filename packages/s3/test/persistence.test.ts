import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runOnDisk } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "s3-persistence-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = <T>(use: (client: S3Client) => Promise<T>): Promise<T> => runOnDisk(dir, use);

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
