/**
 * Deployment packages sent as ZipFile (CreateFunction, UpdateFunctionCode, PublishLayerVersion):
 * unzipped without holding the sandbox, and hostile archives answered as Lambda answers them,
 * with nothing written outside the function's own directory.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  ListFunctionsCommand,
  PublishLayerVersionCommand,
  UpdateFunctionCodeCommand,
  type Runtime,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, FIXTURES, failure, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";
import { zipOf, type ZipEntry } from "./zips.js";

let lambda: TestLambda;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const COULD_NOT_UNZIP = { name: "InvalidParameterValueException", message: "Could not unzip uploaded file. Please check your file, then try to upload again.", status: 400 };

/** A handler that describes the files it was deployed with: `{ paths: [...] }` → each one's kind, mode, content or target. */
const INSPECTOR: ZipEntry = {
  name: "index.js",
  data: `const fs = require("node:fs");
const path = require("node:path");
const describe = (name) => {
  const at = path.join(__dirname, name);
  let stat;
  try { stat = fs.lstatSync(at); } catch { return null; }
  if (stat.isSymbolicLink()) return { kind: "link", target: fs.readlinkSync(at) };
  if (stat.isDirectory()) return { kind: "folder", files: fs.readdirSync(at).sort() };
  return { kind: "file", mode: (stat.mode & 0o777).toString(8), text: fs.readFileSync(at, "utf8") };
};
exports.handler = async (event) => ({
  root: fs.readdirSync(__dirname).sort(),
  files: Object.fromEntries(event.paths.map((name) => [name, describe(name)])),
  ...(event.require ? { required: require(path.join(__dirname, event.require)) } : {}),
});
`,
};

const create = (FunctionName: string, ZipFile: Uint8Array, extra: Partial<{ Runtime: Runtime; Handler: string }> = {}) =>
  lambda.client.send(new CreateFunctionCommand({ FunctionName, Role: ROLE, Runtime: "nodejs20.x", Handler: "index.handler", Code: { ZipFile }, ...extra }));

interface Inspection {
  root: string[];
  files: Record<string, { kind: string; mode?: string; text?: string; target?: string; files?: string[] } | null>;
  required?: unknown;
}

async function inspect(FunctionName: string, paths: string[], require?: string): Promise<Inspection> {
  const out = await lambda.client.send(new InvokeCommand({ FunctionName, Payload: json({ paths, require }) }));
  expect(out.FunctionError).toBeUndefined();
  return payloadOf(out) as Inspection;
}

/** The code directories unzipped for a function (or layer) so far. */
const unzipped = (folder: ".code" | ".layers", name: string) => {
  const dir = join(lambda.buildDir, folder, name);
  return existsSync(dir) ? readdirSync(dir).filter((entry) => !entry.endsWith(".zip")) : [];
};

// An empty folder outside the sandbox, which no archive may write into.
let outside: string;

beforeAll(async () => {
  lambda = await startLambda([]);
  outside = mkdtempSync(join(tmpdir(), "zip-outside-"));
});

afterAll(async () => {
  await lambda?.close();
  rmSync(outside, { recursive: true, force: true });
});

describe("unzipping without holding the sandbox", () => {
  it("answers other requests while a package of 20,000 files unzips", async () => {
    const files: ZipEntry[] = [INSPECTOR];
    for (let i = 0; i < 20_000; i++) files.push({ name: `node_modules/pkg${Math.floor(i / 100)}/file${i}.js`, data: `module.exports = ${i};\n` });
    const creating = create("many-files", zipOf(files));
    let done = false;
    void creating.finally(() => (done = true)).catch(() => undefined);
    // Another client lists functions every 10 ms meanwhile: each call is answered promptly. (A
    // client calling back to back would take the CPU this process shares with the unzip.)
    const waits: number[] = [];
    while (!done) {
      const started = performance.now();
      await lambda.client.send(new ListFunctionsCommand({}));
      waits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await creating;
    if (process.env.ZIP_FIGURES) console.log(`ListFunctions during the unzip: ${waits.length} calls, slowest ${Math.max(...waits).toFixed(0)} ms, median ${waits.sort((a, b) => a - b)[Math.floor(waits.length / 2)]?.toFixed(0)} ms`);
    expect(waits.length).toBeGreaterThan(5);
    // Unzipped on the event loop, the slowest call waited for the whole unzip (seconds).
    expect(Math.max(...waits)).toBeLessThan(1000);
    const inspection = await inspect("many-files", ["node_modules/pkg199/file19999.js"], "node_modules/pkg123/file12345.js");
    expect(inspection.files["node_modules/pkg199/file19999.js"]).toMatchObject({ kind: "file", text: "module.exports = 19999;\n" });
    expect(inspection.required).toBe(12345);
  }, 120_000);
});

describe("what a package's entries become", () => {
  it("keeps Unix permissions: a provided.al2023 bootstrap stays executable", async () => {
    const bootstrap = readFileSync(join(FIXTURES, "provided-app", "bootstrap"));
    await create("custom-runtime", zipOf([{ name: "bootstrap", data: bootstrap, mode: 0o755 }, { name: "data.txt", data: "read only", mode: 0o444 }]), {
      Runtime: "provided.al2023",
      Handler: "echo",
    });
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "custom-runtime", Payload: json({ hello: "bootstrap" }) }));
    expect(out.FunctionError).toBeUndefined();
    expect(payloadOf(out)).toMatchObject({ event: { hello: "bootstrap" }, handler: "echo" });
    await create("modes", zipOf([INSPECTOR, { name: "run.sh", data: "#!/bin/sh\n", mode: 0o755 }, { name: "data.txt", data: "read only", mode: 0o444 }]));
    const { files } = await inspect("modes", ["run.sh", "data.txt"]);
    expect(files).toEqual({ "run.sh": { kind: "file", mode: "755", text: "#!/bin/sh\n" }, "data.txt": { kind: "file", mode: "444", text: "read only" } });
  });

  it("writes `../` and absolute names inside the function's directory, as unzip does, never outside it", async () => {
    const escape = `${"../".repeat(24)}${outside.slice(1)}/climbed.txt`;
    await create("zip-slip", zipOf([INSPECTOR, { name: escape, data: "climbed" }, { name: `${outside}/absolute.txt`, data: "absolute" }, { name: "./here/./dot.txt", data: "dot" }]));
    expect(readdirSync(outside)).toEqual([]);
    const inside = outside.slice(1);
    const { files } = await inspect("zip-slip", [`${inside}/climbed.txt`, `${inside}/absolute.txt`, "here/dot.txt"]);
    expect(files).toEqual({
      [`${inside}/climbed.txt`]: { kind: "file", mode: "644", text: "climbed" },
      [`${inside}/absolute.txt`]: { kind: "file", mode: "644", text: "absolute" },
      "here/dot.txt": { kind: "file", mode: "644", text: "dot" },
    });
  });

  it("keeps symbolic links, as Lambda does, but never writes through one", async () => {
    await create(
      "links",
      zipOf([
        INSPECTOR,
        { name: "real/impl.js", data: 'module.exports = "through the link";\n' },
        { name: "linked.js", data: "real/impl.js", symlink: true },
        // A link out of the package, then a file "inside" it: the file stays in the package.
        { name: "escape", data: outside, symlink: true },
        { name: "escape/planted.txt", data: "planted" },
        // A link out, then a link "inside" it.
        { name: "chain", data: outside, symlink: true },
        { name: "chain/deeper", data: "/etc", symlink: true },
      ]),
    );
    expect(readdirSync(outside)).toEqual([]);
    const inspection = await inspect("links", ["linked.js", "escape", "chain", "chain/deeper"], "linked.js");
    expect(inspection.required).toBe("through the link");
    expect(inspection.files).toEqual({
      "linked.js": { kind: "link", target: "real/impl.js" },
      escape: { kind: "folder", files: ["planted.txt"] },
      chain: { kind: "folder", files: ["deeper"] },
      "chain/deeper": { kind: "link", target: "/etc" },
    });
  });

  it("lets a later entry of the same name win, keeps 0-byte and big files, and keeps a backslash in a name", async () => {
    await create(
      "odd-names",
      zipOf([
        INSPECTOR,
        { name: "twice.txt", data: "first" },
        { name: "twice.txt", data: "second" },
        { name: "empty.txt", data: "" },
        { name: "big.txt", data: "z".repeat(200_000) },
        { name: "folder/", mode: 0o755 },
        // Windows PowerShell's Compress-Archive writes `\`: on Lambda (Linux) it is part of the file's name.
        { name: "lib\\helper.js", data: "module.exports = 1;\n" },
      ]),
    );
    const { root, files } = await inspect("odd-names", ["twice.txt", "empty.txt", "big.txt", "folder", "lib\\helper.js"]);
    expect(root).toEqual(["big.txt", "empty.txt", "folder", "index.js", "lib\\helper.js", "twice.txt"]);
    expect(files).toEqual({
      "twice.txt": { kind: "file", mode: "644", text: "second" },
      "empty.txt": { kind: "file", mode: "644", text: "" },
      "big.txt": { kind: "file", mode: "644", text: "z".repeat(200_000) },
      folder: { kind: "folder", files: [] },
      "lib\\helper.js": { kind: "file", mode: "644", text: "module.exports = 1;\n" },
    });
  });
});

describe("packages Lambda cannot unzip", () => {
  const good = zipOf([INSPECTOR, { name: "data.txt", data: "x".repeat(10_000) }]);
  const damaged = (): Buffer => {
    const bytes = Buffer.from(good);
    // The middle of data.txt's deflated bytes.
    const at = bytes.indexOf(Buffer.from("data.txt")) + "data.txt".length + 4;
    bytes.fill(0xff, at, at + 8);
    return bytes;
  };
  const packages: Record<string, Buffer> = {
    "cut short": good.subarray(0, Math.floor(good.length / 2)),
    "missing its end record": good.subarray(0, good.length - 10),
    "with damaged compressed data": damaged(),
    "whose checksum does not match": zipOf([INSPECTOR, { name: "data.txt", data: "content", crc32: 0x12345678 }]),
    // Entries over 64 KB are streamed rather than inflated at once: the same checks hold.
    "whose big entry's checksum does not match": zipOf([INSPECTOR, { name: "big.txt", data: "y".repeat(200_000), crc32: 0x12345678 }]),
    "whose big entry unzips to more than it declares": zipOf([INSPECTOR, { name: "bomb.bin", data: Buffer.alloc(5_000_000), declaredSize: 100_000 }]),
    // A zip bomb that understates its size: it stops at the size it declared.
    "that unzips to more than it declares": zipOf([INSPECTOR, { name: "bomb.bin", data: Buffer.alloc(5_000_000), declaredSize: 1000 }]),
    "that unzips to less than it declares": zipOf([INSPECTOR, { name: "short.txt", data: "short", declaredSize: 5000 }]),
    "with an encrypted entry": zipOf([INSPECTOR, { name: "secret.txt", data: "x".repeat(100), encrypted: true }]),
    "compressed with bzip2": zipOf([INSPECTOR, { name: "data.txt", data: "x".repeat(100), method: 12 }]),
    "holding a file where a folder goes": zipOf([INSPECTOR, { name: "a", data: "file" }, { name: "a/b.txt", data: "under a file" }]),
  };

  for (const [what, ZipFile] of Object.entries(packages)) {
    it(`refuses a package ${what}, leaving no code behind`, async () => {
      const name = `bad-${what.replace(/\W+/g, "-")}`;
      expect(await failure(create(name, ZipFile))).toEqual(COULD_NOT_UNZIP);
      expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: name })))).toMatchObject({ name: "ResourceNotFoundException" });
      expect(unzipped(".code", name)).toEqual([]);
    });
  }

  it("keeps a function's code when UpdateFunctionCode sends one it cannot unzip", async () => {
    await create("kept", good);
    expect(await failure(lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "kept", ZipFile: packages["cut short"] })))).toEqual(COULD_NOT_UNZIP);
    expect((await inspect("kept", ["data.txt"])).files["data.txt"]).toMatchObject({ text: "x".repeat(10_000) });
    expect(unzipped(".code", "kept")).toHaveLength(1);
  });

  it("refuses a package whose entries declare 250 MB or more in all, before writing any of it", async () => {
    // Each entry's content is small; their headers claim 100 MB each.
    const bomb = zipOf([INSPECTOR, ...[1, 2, 3].map((n) => ({ name: `part${n}.bin`, data: "tiny", declaredSize: 100 * 1024 * 1024 }))]);
    expect(await failure(create("declared-bomb", bomb))).toEqual({ name: "InvalidParameterValueException", message: "Unzipped size must be smaller than 262144000 bytes", status: 400 });
    expect(unzipped(".code", "declared-bomb")).toEqual([]);
  });
});

describe("PublishLayerVersion's content", () => {
  it("refuses an empty zip and one it cannot unzip, as for functions", async () => {
    const publish = (ZipFile: Uint8Array) => lambda.client.send(new PublishLayerVersionCommand({ LayerName: "refused", Content: { ZipFile } }));
    // CloudFormation reports Lambda's refusal of an empty AWS::Lambda::LayerVersion with this text.
    expect(await failure(publish(zipOf([])))).toEqual({ name: "InvalidParameterValueException", message: "Uploaded file must be a non-empty zip", status: 400 });
    const layer = zipOf([{ name: "nodejs/node_modules/lib/index.js", data: "module.exports = 1;\n" }]);
    expect(await failure(publish(layer.subarray(0, layer.length - 10)))).toEqual(COULD_NOT_UNZIP);
    expect(unzipped(".layers", "refused")).toEqual([]);
  });
});

describe("requests answered while a package unzips", () => {
  it("creates a function once when two CreateFunction calls of its name overlap", async () => {
    const files: ZipEntry[] = [INSPECTOR, ...Array.from({ length: 500 }, (_, i) => ({ name: `f/${i}.txt`, data: String(i) }))];
    const outcomes = await Promise.allSettled([create("raced", zipOf(files)), create("raced", zipOf(files))]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((outcome) => outcome.status === "rejected");
    expect(refused?.status === "rejected" && (refused.reason as Error).message).toBe("Function already exist: raced");
    expect(unzipped(".code", "raced")).toHaveLength(1);
  });
});
