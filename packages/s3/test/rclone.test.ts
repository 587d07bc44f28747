/**
 * rclone (Debian's rclone package) against the S3 wire with the remote users configure for a
 * local endpoint: `type = s3`, `provider = Other`, `endpoint = …`, `force_path_style = true`;
 * and virtual-hosted style (`<bucket>.localhost`) where this machine resolves *.localhost.
 * Skipped, with a message, when `rclone` is not installed.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvesLocalhostSubdomains, runTool, startS3, type S3Fixture, type ToolRun } from "./helpers.js";

const version = spawnSync("rclone", ["version"], { encoding: "utf8" });
const installed = version.error === undefined && version.status === 0;
if (!installed) console.warn("rclone.test.ts: `rclone` is not installed; skipping the rclone tests (apt-get install -y rclone).");

const virtualHosts = installed && (await resolvesLocalhostSubdomains("rclone-probe"));

const MIB = 1024 * 1024;
let f: S3Fixture;
let dir: string;
let config: string;

function rcloneRun(...args: string[]): Promise<ToolRun> {
  // A clean environment: the machine's AWS_CA_BUNDLE or proxies would change rclone's transport.
  return runTool("rclone", ["--config", config, ...args], { PATH: process.env.PATH, HOME: dir });
}

/** Runs `rclone --config <config> <args>` and returns its standard output. */
async function rclone(...args: string[]): Promise<string> {
  const run = await rcloneRun(...args);
  if (run.code !== 0) throw new Error(`rclone ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

const md5 = (data: Buffer | string) => createHash("md5").update(data).digest("hex");

interface Listed { Path: string; Size: number; MimeType: string; Hashes?: { md5?: string }; Metadata?: Record<string, string> }

describe.skipIf(!installed)(`rclone (${version.stdout?.split("\n")[0] ?? "not installed"})`, () => {
  beforeAll(async () => {
    f = await startS3();
    dir = mkdtempSync(join(tmpdir(), "s3-rclone-"));
    config = join(dir, "rclone.conf");
    const remote = (name: string, endpoint: string, pathStyle: boolean) => [
      `[${name}]`,
      "type = s3",
      "provider = Other",
      "access_key_id = test",
      "secret_access_key = test",
      "region = us-east-1",
      `endpoint = ${endpoint}`,
      `force_path_style = ${pathStyle}`,
      "",
    ].join("\n");
    writeFileSync(config, remote("sb", f.url, true) + remote("vh", `http://localhost:${f.port}`, false));
  });
  afterAll(async () => {
    await f?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("mkdir, copyto (one multipart above --s3-upload-cutoff), ls/lsl/lsd/lsjson, cat, copyto back", async () => {
    await rclone("mkdir", "sb:rc-bucket");
    expect(await rclone("lsd", "sb:")).toMatch(/\s-1 rc-bucket\n/);
    const small = join(dir, "hello.txt");
    writeFileSync(small, "hello from rclone\n");
    const data = randomBytes(11 * MIB);
    writeFileSync(join(dir, "big.bin"), data);
    await rclone("copyto", small, "sb:rc-bucket/docs/hello.txt");
    await rclone("copyto", "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M", join(dir, "big.bin"), "sb:rc-bucket/big.bin");
    const head = await f.client.send(new HeadObjectCommand({ Bucket: "rc-bucket", Key: "big.bin" }));
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    // rclone keeps a multipart object's MD5 in its own metadata, since the ETag is not one.
    expect(head.Metadata?.md5chksum).toBe(createHash("md5").update(data).digest("base64"));

    expect(await rclone("ls", "sb:rc-bucket")).toBe(`${String(11 * MIB).padStart(9)} big.bin\n       18 docs/hello.txt\n`);
    expect(await rclone("lsl", "sb:rc-bucket/docs")).toMatch(/^\s+18 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ hello\.txt\n$/);
    const listed = JSON.parse(await rclone("lsjson", "-R", "--hash", "sb:rc-bucket")) as Listed[];
    expect(listed.filter((e) => e.Size >= 0).map((e) => [e.Path, e.Size, e.Hashes?.md5])).toEqual([
      ["big.bin", 11 * MIB, md5(data)],
      ["docs/hello.txt", 18, md5("hello from rclone\n")],
    ]);
    expect(await rclone("cat", "sb:rc-bucket/docs/hello.txt")).toBe("hello from rclone\n");
    // rclone link: a SigV4 presigned GET.
    const link = (await rclone("link", "--expire", "1h", "sb:rc-bucket/docs/hello.txt")).trim();
    expect(link).toContain("X-Amz-Signature=");
    expect(await (await fetch(link)).text()).toBe("hello from rclone\n");
    await rclone("copyto", "sb:rc-bucket/big.bin", join(dir, "big.down"));
    expect(md5(readFileSync(join(dir, "big.down")))).toBe(md5(data));
  });

  it("md5sum and check agree with the local files (ETag and rclone's md5 metadata)", async () => {
    const sums = await rclone("md5sum", "sb:rc-bucket");
    expect(sums).toContain(`${md5(readFileSync(join(dir, "big.bin")))}  big.bin`);
    expect(sums).toContain(`${md5("hello from rclone\n")}  docs/hello.txt`);
    const check = await rcloneRun("check", join(dir, "big.bin"), "sb:rc-bucket");
    expect(check.code).toBe(0);
    expect(check.stderr).toContain("0 differences found");
    expect(check.stderr).toContain("1 matching files");
  });

  it("syncs a directory up and down, and stats an object's metadata and content type", async () => {
    const tree = join(dir, "tree");
    mkdirSync(join(tree, "sub"), { recursive: true });
    writeFileSync(join(tree, "a.txt"), "a\n");
    writeFileSync(join(tree, "index.html"), "<p>hi</p>\n");
    writeFileSync(join(tree, "sub", "b.json"), '{"b":1}\n');
    await rclone("sync", tree, "sb:rc-bucket/site");
    const check = await rcloneRun("check", tree, "sb:rc-bucket/site");
    expect(check.stderr).toContain("3 matching files");

    const stat = JSON.parse(await rclone("lsjson", "--stat", "-M", "sb:rc-bucket/site/index.html")) as Listed;
    expect(stat).toMatchObject({ Path: "index.html", Size: 10, MimeType: "text/html; charset=utf-8" });
    expect(stat.Metadata?.["content-type"]).toBe("text/html; charset=utf-8");
    expect(stat.Metadata?.mtime).toMatch(/^\d{4}-\d\d-\d\dT/);

    rmSync(join(tree, "a.txt"));
    writeFileSync(join(tree, "sub", "b.json"), '{"b":2}\n');
    await rclone("sync", tree, "sb:rc-bucket/site");
    expect(await rclone("ls", "sb:rc-bucket/site")).toBe("       10 index.html\n        8 sub/b.json\n");
    const back = join(dir, "back");
    await rclone("sync", "sb:rc-bucket/site", back);
    expect(readFileSync(join(back, "sub", "b.json"), "utf8")).toBe('{"b":2}\n');
    expect(readFileSync(join(back, "index.html"), "utf8")).toBe("<p>hi</p>\n");
  });

  it("keeps keys with spaces, +, &, #, ?, % and non-ASCII intact (ListObjects v1 and v2, url-encoded or not)", async () => {
    const tree = join(dir, "odd");
    const names = ["a+b.txt", "dir with space/c&d=e.txt", "dir with space/ü/日本語 #?.txt", "percent%20.txt"];
    for (const name of names) {
      mkdirSync(join(tree, name, ".."), { recursive: true });
      writeFileSync(join(tree, name), `${name}\n`);
    }
    await rclone("sync", tree, "sb:rc-bucket/odd");
    for (const flags of [["--s3-list-version", "1"], ["--s3-list-version", "2"], ["--s3-list-url-encode", "true"], ["--s3-list-url-encode", "false"]]) {
      const listed = (await rclone("lsf", "-R", "--files-only", ...flags, "sb:rc-bucket/odd")).split("\n").filter(Boolean).sort();
      expect(listed, flags.join(" ")).toEqual([...names].sort());
    }
    const check = await rcloneRun("check", tree, "sb:rc-bucket/odd");
    expect(check.stderr).toContain("4 matching files");
    await rclone("purge", "sb:rc-bucket/odd");
  });

  it("copies server-side: CopyObject, and UploadPartCopy above --s3-copy-cutoff", async () => {
    const simple = await rcloneRun("copyto", "-v", "sb:rc-bucket/docs/hello.txt", "sb:rc-bucket/copy/hello.txt");
    expect(simple.stderr).toContain("Copied (server-side copy)");
    const multipart = await rcloneRun("copyto", "-vv", "--s3-copy-cutoff", "5M", "sb:rc-bucket/big.bin", "sb:rc-bucket/copy/big.bin");
    expect(multipart.code).toBe(0);
    expect(multipart.stderr).toContain("multipart copy with 3 parts");
    expect(multipart.stderr).toContain("Copied (server-side copy)");
    const copy = await f.client.send(new HeadObjectCommand({ Bucket: "rc-bucket", Key: "copy/big.bin" }));
    const original = await f.client.send(new HeadObjectCommand({ Bucket: "rc-bucket", Key: "big.bin" }));
    // Same 5 MiB part boundaries: the same multipart ETag.
    expect(copy.ETag).toBe(original.ETag);
    const sums = (await rclone("md5sum", "sb:rc-bucket/copy")).split("\n").filter(Boolean).sort();
    expect(sums).toEqual([`${md5(readFileSync(join(dir, "big.bin")))}  big.bin`, `${md5("hello from rclone\n")}  hello.txt`].sort());
  });

  it("turns versioning on and lists old versions (ListObjectVersions); cleanup-hidden removes them", async () => {
    await rclone("mkdir", "sb:rc-versions");
    expect((await rclone("backend", "versioning", "sb:rc-versions")).trim()).toBe("Unversioned");
    expect((await rclone("backend", "versioning", "sb:rc-versions", "Enabled")).trim()).toBe("Enabled");
    const file = join(dir, "v.txt");
    writeFileSync(file, "v1\n");
    await rclone("copyto", file, "sb:rc-versions/v.txt");
    writeFileSync(file, "v22\n");
    await rclone("copyto", file, "sb:rc-versions/v.txt");
    expect(await rclone("ls", "sb:rc-versions")).toBe("        4 v.txt\n");
    const sizes = (listing: string) => listing.split("\n").filter(Boolean).map((line) => line.trim().split(/\s+/)[0]).sort();
    const versions = await rclone("ls", "--s3-versions", "sb:rc-versions");
    expect(sizes(versions)).toEqual(["3", "4"]);
    expect(versions).toMatch(/^\s+3 v-v\d{4}-\d\d-\d\d-\d{6}-\d{3}\.txt$/m);
    // A delete in a versioned bucket only adds a delete marker: both versions remain.
    await rclone("delete", "sb:rc-versions/v.txt");
    expect(await rclone("ls", "sb:rc-versions")).toBe("");
    expect(sizes(await rclone("ls", "--s3-versions", "sb:rc-versions"))).toEqual(["3", "4"]);
    await rclone("backend", "cleanup-hidden", "sb:rc-versions");
    expect(await rclone("ls", "--s3-versions", "sb:rc-versions")).toBe("");
    await rclone("rmdir", "sb:rc-versions");
  });

  it.skipIf(!virtualHosts)("addresses buckets as <bucket>.localhost with force_path_style = false", async () => {
    await rclone("mkdir", "vh:rc-virtual");
    await rclone("copyto", join(dir, "hello.txt"), "vh:rc-virtual/v.txt");
    expect(await rclone("cat", "vh:rc-virtual/v.txt")).toBe("hello from rclone\n");
    expect(await rclone("ls", "sb:rc-virtual")).toBe("       18 v.txt\n");
    await rclone("purge", "vh:rc-virtual");
  });

  it("deletes files, purges a prefix, removes the bucket", async () => {
    await rclone("delete", "sb:rc-bucket/copy");
    expect(await rclone("ls", "sb:rc-bucket/copy")).toBe("");
    await rclone("purge", "sb:rc-bucket/site");
    expect(await rclone("ls", "sb:rc-bucket")).toBe(`${String(11 * MIB).padStart(9)} big.bin\n       18 docs/hello.txt\n`);
    const notEmpty = await rcloneRun("rmdir", "sb:rc-bucket");
    expect(notEmpty.code).not.toBe(0);
    expect(notEmpty.stderr).toContain("BucketNotEmpty");
    await rclone("purge", "sb:rc-bucket");
    expect(await rclone("lsd", "sb:")).not.toContain("rc-bucket");
  });
});
