import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "..", "bin", "sandbox.js");
const fixtures = join(import.meta.dirname, "..", "..", "sandbox", "test", "fixtures");

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const running: Run[] = [];

function run(args: string[]): Run {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: "1" } });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const r = { child, stdout: () => out, stderr: () => err, exited };
  running.push(r);
  return r;
}

/** Waits until `text` is printed (after the first `from` characters of the output). */
async function waitFor(r: Run, text: string, from = 0): Promise<void> {
  for (;;) {
    if (r.stdout().slice(from).includes(text)) return;
    const done = await Promise.race([r.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20))]);
    // The last lines may come in the same wait as the exit: look once more before failing.
    if (done && !r.stdout().slice(from).includes(text)) throw new Error(`exited before printing "${text}":\n${r.stdout()}\n${r.stderr()}`);
  }
}

afterEach(() => {
  for (const r of running.splice(0)) r.child.kill("SIGKILL");
});

describe("sandbox up", () => {
  it("prints routes with full URLs, serves them, and stops cleanly on Ctrl-C", async () => {
    const r = run(["up", join(fixtures, "app"), "--port", "0", "--edge-port", "0", "--in-memory"]);
    await waitFor(r, "Ctrl-C to stop");
    const url = /GET\s+(http:\/\/127\.0\.0\.1:\d+)\/echo\/\{name\}/.exec(r.stdout());
    expect(url, r.stdout()).not.toBeNull();
    expect(r.stdout()).toMatch(/export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+/);
    const res = await fetch(`${url?.[1]}/echo/cli`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { hello: string }).hello).toBe("cli");
    await waitFor(r, "GET /echo/cli 200");

    const endpoint = /export AWS_ENDPOINT_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(r.stdout())?.[1] ?? "";
    const advance = run(["time", "advance", "1d2h", "--endpoint", endpoint]);
    expect(await advance.exited).toBe(0);
    expect(advance.stdout()).toMatch(/^\d{4}-\d{2}-\d{2}T.*\(1d2h\d*m?\d*s? ahead of this machine\)\n$/);
    const bad = run(["time", "advance", "soon", "--endpoint", endpoint]);
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain("Expected a duration");

    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("shows an output holding the API's execute-api URL as the sandbox serves it, which answers", async () => {
    const r = run(["up", join(import.meta.dirname, "..", "..", "..", "examples", "order-workflow"), "--port", "0", "--edge-port", "0", "--in-memory"]);
    await waitFor(r, "Ctrl-C to stop");
    const line = /^ {2}ApiUrl = (http:\/\/127\.0\.0\.1:\d+\/Prod) \(on AWS: https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/Prod\)$/m.exec(r.stdout());
    expect(line, r.stdout()).not.toBeNull();
    const res = await fetch(`${line?.[1]}/orders/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: "Order not found" });
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("lists the template's buckets with the URL their objects are served at", async () => {
    const r = run(["up", join(fixtures, "s3"), "--port", "0", "--edge-port", "0", "--in-memory"]);
    await waitFor(r, "Ctrl-C to stop");
    const line = /^ {2}sandbox-uploads s3:\/\/sandbox-uploads {2}(http:\/\/127\.0\.0\.1:\d+)\/sandbox-uploads\/<key>$/m.exec(r.stdout());
    expect(line, r.stdout()).not.toBeNull();
    // The bucket exists on the edge the line names: an absent key is S3's NoSuchKey.
    const res = await fetch(`${line?.[1]}/sandbox-uploads/absent.txt`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("<Code>NoSuchKey</Code>");
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("lists a CDK app's own functions, not the providers of the custom resources it handles itself", async () => {
    const template = join(import.meta.dirname, "..", "..", "template", "test", "fixtures", "cdk-bucket", "cdk.out", "BucketStack.template.json");
    const r = run(["up", "-t", template, "--port", "0", "--edge-port", "0", "--in-memory"]);
    await waitFor(r, "Ctrl-C to stop");
    const functions = /\nFunctions\n((?: {2}.+\n)+)/.exec(r.stdout())?.[1] ?? "";
    // OnUpload is the app's; the BucketDeployment and S3AutoDeleteObjects providers are not listed.
    expect(functions.trim().split("\n"), r.stdout()).toEqual([expect.stringMatching(/^BucketStack-OnUpload\w+-\w+ nodejs22\.x index\.handler$/)]);
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("lists the template's queues with their URLs, and announces no sqs subscription as not emulated", async () => {
    const r = run(["up", join(fixtures, "sqs"), "--port", "0", "--edge-port", "0", "--in-memory"]);
    await waitFor(r, "Ctrl-C to stop");
    const line = /^ {2}work-dead-letters (http:\/\/127\.0\.0\.1:\d+)\/000000000000\/work-dead-letters$/m.exec(r.stdout());
    expect(line, r.stdout()).not.toBeNull();
    // The queue answers at the URL the line shows (the Query protocol's GetQueueAttributes; signatures are not checked).
    const res = await fetch(`${line?.[1]}/000000000000/work-dead-letters`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: "Action=GetQueueAttributes&AttributeName.1=QueueArn&Version=2012-11-05",
    });
    expect(await res.text()).toContain("<Value>arn:aws:sqs:us-east-1:000000000000:work-dead-letters</Value>");
    expect(r.stdout() + r.stderr()).not.toContain("not emulated");
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("lists the template's function URLs, which answer on the edge port by Host", async () => {
    const r = run(["up", join(fixtures, "function-urls"), "--port", "0", "--edge-port", "0", "--in-memory"]);
    await waitFor(r, "Ctrl-C to stop");
    const line = /^ {2}http:\/\/([a-z0-9]{32}\.lambda-url\.us-east-1\.localhost):(\d+)\/ → urls-web$/m.exec(r.stdout());
    expect(line, r.stdout()).not.toBeNull();
    expect(r.stdout()).toMatch(/→ urls-private \(AWS_IAM: SigV4-signed requests only\)$/m);
    // Node's resolver may not resolve *.localhost (and fetch ignores a Host header): the
    // request goes to 127.0.0.1 with the URL's Host.
    const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: line?.[2], path: "/plain", headers: { host: `${line?.[1]}:${line?.[2]}` } }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode, body }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ hello: "world" });
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("lists the template's user pools with their issuer and clients, which serves the pool's keys", async () => {
    const r = run(["up", join(fixtures, "cognito"), "--port", "0", "--edge-port", "0", "--in-memory"]);
    await waitFor(r, "Ctrl-C to stop");
    const pool = /^ {2}\S+ (us-east-1_[A-Za-z0-9]+) issuer (http:\/\/127\.0\.0\.1:\d+\/us-east-1_[A-Za-z0-9]+)$/m.exec(r.stdout());
    expect(pool, r.stdout()).not.toBeNull();
    expect(r.stdout()).toMatch(/^ {4}client \S+ [a-z0-9]{26}$/m);
    const jwks = await fetch(`${pool?.[2]}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("hot-reloads a function when its code is saved", async () => {
    // Inside the repository, so the copied handlers still resolve the workspace's node_modules.
    const dir = mkdtempSync(join(import.meta.dirname, "tmp-reload-"));
    try {
      cpSync(join(fixtures, "app"), dir, { recursive: true, filter: (src) => !src.includes(".sandbox") });
      const r = run(["up", dir, "--port", "0", "--edge-port", "0", "--in-memory"]);
      await waitFor(r, "Ctrl-C to stop");
      // A save before the watcher has started is not seen: the line says when it has.
      await waitFor(r, "watching 1 code directory for changes");
      const url = /GET\s+(http:\/\/127\.0\.0\.1:\d+)\/echo\/\{name\}/.exec(r.stdout())?.[1];
      expect(((await (await fetch(`${url}/echo/a`)).json()) as { hello: string }).hello).toBe("a");
      // A reload the copy itself set off may be on the screen already, or still running on the
      // old text: the saved code answers after the next reload, or the one after it.
      let printed = r.stdout().length;
      writeFileSync(join(dir, "src", "echo.ts"), 'export const handler = async () => ({ hello: "reloaded" });\n');
      let hello = "";
      for (let reloads = 0; reloads < 2 && hello !== "reloaded"; reloads++) {
        await waitFor(r, "reloaded", printed);
        printed = r.stdout().length;
        hello = ((await (await fetch(`${url}/echo/a`)).json()) as { hello: string }).hello;
      }
      expect(hello).toBe("reloaded");
      r.child.kill("SIGINT");
      expect(await r.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a broken template with file and line, without a stack trace", async () => {
    const r = run(["up", join(fixtures, "broken"), "--port", "0", "--edge-port", "0", "--in-memory"]);
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toMatch(/template\.yaml:12: .*DoesNotExist/);
    expect(r.stderr()).not.toMatch(/\n\s+at /);
  });

  it("explains --help with examples", async () => {
    const r = run(["up", "--help"]);
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toContain("--edge-port");
    expect(r.stdout()).toContain("Examples:");
  });
});
