/**
 * s3cmd (Debian's s3cmd package) against the S3 wire with the config users write for a local
 * endpoint: host_base/host_bucket at the endpoint, no SSL, SigV4 and `--signature-v2`.
 * Skipped, with a message, when `s3cmd` is not installed.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeletePublicAccessBlockCommand, GetObjectAclCommand, HeadObjectCommand, PutBucketOwnershipControlsCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimsUnsigned } from "../src/route.js";
import { resolvesLocalhostSubdomains, runTool, startS3, type S3Fixture, type ToolRun } from "./helpers.js";

const version = spawnSync("s3cmd", ["--version"], { encoding: "utf8" });
const installed = version.error === undefined && version.status === 0;
if (!installed) console.warn("s3cmd.test.ts: `s3cmd` is not installed; skipping the s3cmd tests (apt-get install -y s3cmd).");

const virtualHosts = installed && (await resolvesLocalhostSubdomains("s3cmd-probe"));

const MIB = 1024 * 1024;
let f: S3Fixture;
let dir: string;
let config: string;

/** Runs `s3cmd -c <config> <args>`; resolves with its output whatever its exit code. */
function s3cmdRun(...args: string[]): Promise<ToolRun> {
  // A clean environment: no ~/.s3cfg, no proxy or CA settings of the machine.
  return runTool("s3cmd", ["-c", config, ...args], { PATH: process.env.PATH, HOME: dir, LANG: "C.UTF-8" });
}

/** Runs s3cmd and returns its standard output; a failure fails the test with s3cmd's message. */
async function s3cmd(...args: string[]): Promise<string> {
  const run = await s3cmdRun(...args);
  if (run.code !== 0) throw new Error(`s3cmd ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

/** The `Label: value` lines of `s3cmd info`. */
function infoField(info: string, label: string): string[] {
  return info.split("\n").filter((line) => line.trim().startsWith(`${label}:`)).map((line) => line.slice(line.indexOf(":") + 1).trim());
}

const md5 = (data: Buffer | string) => createHash("md5").update(data).digest("hex");

describe.skipIf(!installed)(`s3cmd (${version.stdout?.trim() || "not installed"})`, () => {
  beforeAll(async () => {
    f = await startS3();
    dir = mkdtempSync(join(tmpdir(), "s3-s3cmd-"));
    config = join(dir, "s3cfg");
    const host = `127.0.0.1:${f.port}`;
    writeFileSync(config, [
      "[default]",
      "access_key = test",
      "secret_key = test",
      `host_base = ${host}`,
      `host_bucket = ${host}`,
      "use_https = False",
      "signature_v2 = False",
      "bucket_location = us-east-1",
      "",
    ].join("\n"));
  });
  afterAll(async () => {
    await f?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("mb, put (one multipart above --multipart-chunk-size-mb), ls, la, info, get, du", async () => {
    expect(await s3cmd("mb", "s3://cmd-bucket")).toContain("Bucket 's3://cmd-bucket/' created");
    const small = join(dir, "hello.txt");
    writeFileSync(small, "hello from s3cmd\n");
    const big = join(dir, "big.bin");
    const data = randomBytes(11 * MIB);
    writeFileSync(big, data);
    await s3cmd("put", "--mime-type=text/plain", small, "s3://cmd-bucket/docs/hello.txt");
    await s3cmd("put", "--multipart-chunk-size-mb=5", big, "s3://cmd-bucket/big.bin");
    // CreateMultipartUpload + 3 × UploadPart + CompleteMultipartUpload: S3's multipart ETag.
    const head = await f.client.send(new HeadObjectCommand({ Bucket: "cmd-bucket", Key: "big.bin" }));
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect(head.PartsCount).toBeUndefined();
    expect((await f.client.send(new HeadObjectCommand({ Bucket: "cmd-bucket", Key: "big.bin", PartNumber: 1 }))).PartsCount).toBe(3);

    const top = await s3cmd("ls", "s3://cmd-bucket");
    expect(top).toMatch(/DIR\s+s3:\/\/cmd-bucket\/docs\//);
    expect(top).toMatch(new RegExp(`\\s${11 * MIB}\\s+s3://cmd-bucket/big\\.bin`));
    expect(await s3cmd("ls", "-r", "s3://cmd-bucket")).toMatch(/\s17\s+s3:\/\/cmd-bucket\/docs\/hello\.txt/);
    expect(await s3cmd("la")).toContain("s3://cmd-bucket/big.bin");
    expect(await s3cmd("ls")).toMatch(/s3:\/\/cmd-bucket/);

    const info = await s3cmd("info", "s3://cmd-bucket/docs/hello.txt");
    expect(infoField(info, "File size")).toEqual(["17"]);
    expect(infoField(info, "MIME type")).toEqual(["text/plain"]);
    expect(infoField(info, "MD5 sum")).toEqual([md5("hello from s3cmd\n")]);
    expect(infoField(info, "Storage")).toEqual(["STANDARD"]);
    const bucketInfo = await s3cmd("info", "s3://cmd-bucket");
    expect(infoField(bucketInfo, "Location")).toEqual(["us-east-1"]);

    const down = join(dir, "big.down");
    await s3cmd("get", "s3://cmd-bucket/big.bin", down);
    expect(md5(readFileSync(down))).toBe(md5(data));
    expect(await s3cmd("du", "s3://cmd-bucket")).toMatch(new RegExp(`^\\s*${11 * MIB + 17}\\s+2 objects s3://cmd-bucket/`));
  });

  it("syncs a directory up and down, uploading only what changed (ETag = MD5)", async () => {
    const tree = join(dir, "tree");
    mkdirSync(join(tree, "sub"), { recursive: true });
    writeFileSync(join(tree, "a.txt"), "a\n");
    writeFileSync(join(tree, "sub", "b.json"), '{"b":1}\n');
    writeFileSync(join(tree, "gone.txt"), "soon removed\n");
    const up = await s3cmd("sync", `${tree}/`, "s3://cmd-bucket/site/");
    expect(up).toContain("Done. Uploaded");
    expect(infoField(await s3cmd("info", "s3://cmd-bucket/site/sub/b.json"), "MIME type")).toEqual(["application/json"]);

    writeFileSync(join(tree, "a.txt"), "changed\n");
    rmSync(join(tree, "gone.txt"));
    const again = await s3cmd("sync", "--delete-removed", `${tree}/`, "s3://cmd-bucket/site/");
    expect(again).toContain("'s3://cmd-bucket/site/a.txt'");
    expect(again).not.toContain("b.json");
    expect(again).toContain("delete: 's3://cmd-bucket/site/gone.txt'");

    const back = join(dir, "back");
    await s3cmd("sync", "s3://cmd-bucket/site/", `${back}/`);
    expect(readFileSync(join(back, "a.txt"), "utf8")).toBe("changed\n");
    expect(readFileSync(join(back, "sub", "b.json"), "utf8")).toBe('{"b":1}\n');
    expect(await s3cmd("sync", "s3://cmd-bucket/site/", `${back}/`)).not.toContain("download:");
  });

  it("copies, moves and modifies objects server-side (CopyObject, COPY and REPLACE directives)", async () => {
    await s3cmd("cp", "s3://cmd-bucket/docs/hello.txt", "s3://cmd-bucket/copy.txt");
    await s3cmd("mv", "s3://cmd-bucket/copy.txt", "s3://cmd-bucket/moved.txt");
    const listing = await s3cmd("ls", "s3://cmd-bucket/");
    expect(listing).toContain("s3://cmd-bucket/moved.txt");
    expect(listing).not.toContain("s3://cmd-bucket/copy.txt");
    await s3cmd("modify", "--mime-type=text/html", "--add-header=Cache-Control:max-age=60", "s3://cmd-bucket/moved.txt");
    const head = await f.client.send(new HeadObjectCommand({ Bucket: "cmd-bucket", Key: "moved.txt" }));
    expect(head.ContentType).toBe("text/html");
    expect(head.CacheControl).toBe("max-age=60");
    // s3cmd's own metadata (mode, times, md5) survives the REPLACE.
    expect(head.Metadata?.["s3cmd-attrs"]).toContain(`md5:${md5("hello from s3cmd\n")}`);
  });

  it("reads and sets ACLs where the bucket allows them (setacl, info)", async () => {
    // New buckets enforce the bucket owner: S3 refuses an ACL (AccessControlListNotSupported).
    const refused = await s3cmdRun("setacl", "--acl-public", "s3://cmd-bucket/docs/hello.txt");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("400 (AccessControlListNotSupported): The bucket does not allow ACLs");

    await s3cmd("mb", "s3://acl-bucket");
    await f.client.send(new PutBucketOwnershipControlsCommand({ Bucket: "acl-bucket", OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } }));
    await f.client.send(new DeletePublicAccessBlockCommand({ Bucket: "acl-bucket" }));
    await s3cmd("put", join(dir, "hello.txt"), "s3://acl-bucket/a.txt");
    expect(await s3cmd("setacl", "--acl-public", "s3://acl-bucket/a.txt")).toContain("ACL set to Public");
    const publicAcl = infoField(await s3cmd("info", "s3://acl-bucket/a.txt"), "ACL");
    expect(publicAcl).toContain("*anon*: READ");
    expect(publicAcl.some((grant) => grant.endsWith(": FULL_CONTROL"))).toBe(true);

    const reader = "1".repeat(64);
    expect(await s3cmd("setacl", `--acl-grant=read:${reader}`, "s3://acl-bucket/a.txt")).toContain("ACL updated");
    expect(infoField(await s3cmd("info", "s3://acl-bucket/a.txt"), "ACL")).toContain(`${reader}: READ`);
    await s3cmd("setacl", "--acl-private", "s3://acl-bucket/a.txt");
    const acl = await f.client.send(new GetObjectAclCommand({ Bucket: "acl-bucket", Key: "a.txt" }));
    // --acl-private revokes the anonymous read only (s3cmd rewrites the ACL it read).
    expect(acl.Grants?.map((g) => [g.Grantee?.URI ?? g.Grantee?.ID, g.Permission])).toEqual([
      [acl.Owner?.ID, "FULL_CONTROL"],
      [reader, "READ"],
    ]);
  });

  it("works with --signature-v2 (Authorization: AWS key:signature)", async () => {
    await s3cmd("--signature-v2", "mb", "s3://v2-bucket");
    expect(await s3cmd("--signature-v2", "ls")).toContain("s3://v2-bucket");
    await s3cmd("--signature-v2", "put", join(dir, "hello.txt"), "s3://v2-bucket/v2.txt");
    await s3cmd("--signature-v2", "put", "--multipart-chunk-size-mb=5", join(dir, "big.bin"), "s3://v2-bucket/big.bin");
    expect(await s3cmd("--signature-v2", "ls", "s3://v2-bucket")).toContain("s3://v2-bucket/v2.txt");
    const down = join(dir, "v2.down");
    await s3cmd("--signature-v2", "get", "s3://v2-bucket/v2.txt", down);
    expect(readFileSync(down, "utf8")).toBe("hello from s3cmd\n");
    // s3cmd signurl: a SigV2 presigned GET (AWSAccessKeyId, Expires, Signature).
    const url = (await s3cmd("signurl", "s3://v2-bucket/v2.txt", "+600")).trim();
    expect(url).toMatch(/[?&]Signature=/);
    expect(await (await fetch(url)).text()).toBe("hello from s3cmd\n");
    await s3cmd("--signature-v2", "del", "--recursive", "--force", "s3://v2-bucket");
    await s3cmd("--signature-v2", "rb", "s3://v2-bucket");
    // On the edge port, a SigV2 GET / (ListBuckets) carries no SigV4 scope: S3 claims it by its header.
    expect(claimsUnsigned({ method: "GET", path: "/", rawQuery: "", headers: { authorization: "AWS test:c2lnbmF0dXJl" }, body: Buffer.alloc(0) })).toBe(true);
  });

  it.skipIf(!virtualHosts)("addresses buckets as <bucket>.localhost with --host-bucket", async () => {
    const virtual = [`--host=localhost:${f.port}`, `--host-bucket=%(bucket)s.localhost:${f.port}`];
    await s3cmd(...virtual, "mb", "s3://cmd-virtual");
    await s3cmd(...virtual, "put", join(dir, "hello.txt"), "s3://cmd-virtual/v.txt");
    expect(await s3cmd(...virtual, "ls", "s3://cmd-virtual")).toMatch(/\s17\s+s3:\/\/cmd-virtual\/v\.txt/);
    expect(await s3cmd("ls", "s3://cmd-virtual")).toContain("s3://cmd-virtual/v.txt");
    await s3cmd(...virtual, "del", "s3://cmd-virtual/v.txt");
    await s3cmd(...virtual, "rb", "s3://cmd-virtual");
  });

  it("reports S3's errors: a missing object, a non-empty bucket; then del --recursive and rb", async () => {
    const missing = await s3cmdRun("get", "s3://cmd-bucket/nope", join(dir, "nope"));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("Source object 's3://cmd-bucket/nope' does not exist");
    const notEmpty = await s3cmdRun("rb", "s3://cmd-bucket");
    expect(notEmpty.stderr).toContain("409 (BucketNotEmpty): The bucket you tried to delete is not empty");
    const deleted = await s3cmd("del", "--recursive", "--force", "s3://cmd-bucket");
    expect(deleted).toContain("delete: 's3://cmd-bucket/big.bin'");
    expect(await s3cmd("rb", "s3://cmd-bucket")).toContain("Bucket 's3://cmd-bucket/' removed");
    expect(await s3cmd("ls")).not.toContain("s3://cmd-bucket");
  });
});
