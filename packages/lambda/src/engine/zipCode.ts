/**
 * A deployment package sent as ZipFile (CreateFunction, UpdateFunctionCode): unzipped into
 * its own directory under the build directory, which becomes the function's code
 * directory (/var/task). Each upload gets a new one, so published versions keep theirs.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import { setImmediate as nextLoopTurn } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { hex } from "@sam-sandbox/core";
import { InvalidParameterValueException, messages } from "../errors.js";
import { MAX_UNZIPPED_CODE_BYTES } from "../limits.js";
import { packageZip } from "./codePackage.js";
import { extract, summarize } from "./unzip.js";

export interface StoredCode {
  codeDir: string;
  codeSha256: string;
  codeSize: number;
}

/** Where functions' uploaded code is unpacked, under the build directory. */
const CODE_FOLDER = ".code";

/** Whether a function's code is a zip uploaded through the Lambda API (not a template's code). */
export function isUploadedCode(buildDir: string, codeDir: string): boolean {
  return codeDir.startsWith(join(buildDir, CODE_FOLDER) + sep);
}

/**
 * What Lambda checks of a package before unpacking it, on the archive's declared sizes (extract()
 * then holds each entry to its own): it is a zip, not empty, and within the unzipped quota.
 */
export async function checkPackage(bytes: Buffer): Promise<void> {
  const { unzippedBytes } = await summarize(bytes);
  // Lambda refuses a package with nothing in it (an empty archive, or only empty files and folders):
  // "Uploaded file must be a non-empty zip", as Terraform and CDK users meet it for functions and
  // CloudFormation reports it for an AWS::Lambda::LayerVersion.
  if (unzippedBytes === 0) throw new InvalidParameterValueException(messages.emptyZip());
  // Lambda quotas: 250 MB unzipped; AWS refuses a bigger package with InvalidParameterValueException.
  if (unzippedBytes >= MAX_UNZIPPED_CODE_BYTES) throw new InvalidParameterValueException(messages.unzippedTooLarge(MAX_UNZIPPED_CODE_BYTES));
}

/**
 * `zipFile`: the base64 text the JSON body carries (or the bytes). `folder`: ".code" for
 * functions, ".layers" for PublishLayerVersion (extracted as Lambda extracts a layer to /opt).
 * The 50 MB zipped quota is enforced as Lambda enforces it, on the request's size (wire.ts).
 * Unzipped with asynchronous I/O (unzip.ts): other requests are answered meanwhile.
 */
export async function storeZip(buildDir: string, functionName: string, zipFile: string | Uint8Array, folder = CODE_FOLDER): Promise<StoredCode> {
  const bytes = typeof zipFile === "string" ? Buffer.from(zipFile, "base64") : Buffer.from(zipFile.buffer, zipFile.byteOffset, zipFile.byteLength);
  // Beside the per-function build directories; no function name starts with a dot.
  const codeDir = join(buildDir, folder, functionName, hex(8));
  await checkPackage(bytes);
  try {
    await extract(bytes, codeDir);
  } catch (error) {
    await discardCode(codeDir);
    throw error;
  }
  if (folder === CODE_FOLDER) {
    provideRuntimeSdk(join(buildDir, CODE_FOLDER));
    // Kept as uploaded, for GetFunction's Code.Location (codePackage.ts).
    await writeFile(packageZip(codeDir), bytes);
  }
  return { codeDir, codeSha256: await sha256(bytes), codeSize: bytes.length };
}

// Hashing 50 MB at once holds the event loop for ~100 ms: other requests get a turn between pieces.
const HASH_PIECE_BYTES = 4 * 1024 * 1024;

/** CodeSha256: the package's SHA-256, base64. */
async function sha256(bytes: Buffer): Promise<string> {
  const hash = createHash("sha256");
  for (let at = 0; at < bytes.length; at += HASH_PIECE_BYTES) {
    hash.update(bytes.subarray(at, at + HASH_PIECE_BYTES));
    if (at + HASH_PIECE_BYTES < bytes.length) await nextLoopTurn();
  }
  return hash.digest("base64");
}

/** Removes code unzipped for a request that then did not keep it (refused, or a DryRun). */
export async function discardCode(codeDir: string): Promise<void> {
  await rm(codeDir, { recursive: true, force: true });
  await rm(packageZip(codeDir), { force: true });
}

/** Where the runtime's SDK is linked for template code: `<build>/.runtime/node_modules`, as /var/runtime/node_modules on Lambda. */
const RUNTIME_FOLDER = ".runtime";

/**
 * The node_modules directory holding only the SDK the runtime provides, for NODE_PATH: a
 * template function's bundle (CDK's NodejsFunction leaves `@aws-sdk/*` out of it) then finds the
 * SDK when its own project did not install it, as on Lambda; its own node_modules still wins.
 */
export function runtimeSdkNodeModules(buildDir: string): string | undefined {
  const dir = join(buildDir, RUNTIME_FOLDER);
  provideRuntimeSdk(dir);
  return existsSync(join(dir, "node_modules", "@aws-sdk")) ? join(dir, "node_modules") : undefined;
}

/**
 * Lambda's Node.js runtimes provide the AWS SDK v3: a zip that imports @aws-sdk/client-… without
 * bundling it works on AWS. Uploaded code finds the SDK the same way here: `<dir>/node_modules/@aws-sdk`
 * links to the nearest one installed (the project's, where the sandbox runs, else the sandbox's
 * own), which Node's resolution reaches from every code directory below `dir`, for import and
 * require alike. Only the SDK: other packages are the zip's to bring, as on AWS.
 */
function provideRuntimeSdk(dir: string): void {
  const link = join(dir, "node_modules", "@aws-sdk");
  if (existsSync(link)) return;
  const target = nearestSdk(process.cwd()) ?? nearestSdk(dirname(fileURLToPath(import.meta.url)));
  if (target === undefined) return;
  try {
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, "dir");
  } catch {
    // Another upload linked it first, or links are not allowed here: the import fails as it did.
  }
}

function nearestSdk(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", "@aws-sdk");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
