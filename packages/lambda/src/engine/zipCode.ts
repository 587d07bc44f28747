/**
 * A deployment package sent as ZipFile (CreateFunction, UpdateFunctionCode): unzipped into
 * its own directory under the build directory, which becomes the function's code
 * directory (/var/task). Each upload gets a new one, so published versions keep theirs.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type AdmZipType from "adm-zip";
import { hex } from "@sam-sandbox/core";
import { InvalidParameterValueException, messages } from "../errors.js";
import { MAX_UNZIPPED_CODE_BYTES } from "../limits.js";

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
 * `zipFile`: the base64 text the JSON body carries (or the bytes). `folder`: ".code" for
 * functions, ".layers" for PublishLayerVersion (extracted as Lambda extracts a layer to /opt).
 * The 50 MB zipped quota is enforced as Lambda enforces it, on the request's size (wire.ts).
 */
export function storeZip(buildDir: string, functionName: string, zipFile: string | Uint8Array, folder = CODE_FOLDER): StoredCode {
  const bytes = typeof zipFile === "string" ? Buffer.from(zipFile, "base64") : Buffer.from(zipFile);
  // Beside the per-function build directories; no function name starts with a dot.
  const codeDir = join(buildDir, folder, functionName, hex(8));
  const zip = openZip(bytes);
  // Lambda refuses a function package with nothing in it (an empty archive, or only empty
  // files and folders): "Uploaded file must be a non-empty zip", as Terraform and CDK users meet it.
  const unzipped = unzippedBytes(zip);
  if (folder === CODE_FOLDER && unzipped === 0) throw new InvalidParameterValueException(messages.emptyZip());
  // Lambda quotas: 250 MB unzipped; AWS refuses a bigger package with InvalidParameterValueException.
  if (unzipped >= MAX_UNZIPPED_CODE_BYTES) throw new InvalidParameterValueException(messages.unzippedTooLarge(MAX_UNZIPPED_CODE_BYTES));
  try {
    mkdirSync(codeDir, { recursive: true });
    // Unix permissions kept: a provided.* bootstrap must stay executable.
    zip.extractAllTo(codeDir, true, true);
  } catch {
    throw new InvalidParameterValueException(messages.badZip());
  }
  if (folder === CODE_FOLDER) provideRuntimeSdk(join(buildDir, CODE_FOLDER));
  return { codeDir, codeSha256: createHash("sha256").update(bytes).digest("base64"), codeSize: bytes.length };
}

function openZip(bytes: Buffer): AdmZipType {
  try {
    // Loaded on the first upload: most sandboxes never receive a zip.
    const AdmZip = createRequire(import.meta.url)("adm-zip") as typeof AdmZipType;
    return new AdmZip(bytes);
  } catch {
    throw new InvalidParameterValueException(messages.badZip());
  }
}

/** The archive's size once unzipped, from its entries' headers. */
function unzippedBytes(zip: AdmZipType): number {
  return zip.getEntries().reduce((total, entry) => total + entry.header.size, 0);
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
