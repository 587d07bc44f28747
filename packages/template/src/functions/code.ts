/**
 * Where a function's code is on disk: SAM CodeUri (relative to the template), InlineCode /
 * Code.ZipFile (written under <app>/.sandbox/inline/<LogicalId>/ as Lambda names the file:
 * index.js or index.py; <app> is the template's directory, or the one holding cdk.out, whose
 * stacks each get their own directory: inline/<Stack>/<LogicalId>),
 * or a CDK asset (Metadata aws:asset:path, relative to cdk.out, else the S3Key the asset manifest maps to cdk.out).
 * A local .zip archive (`CodeUri: app.zip`, a zip asset, the package `serverless package` leaves
 * beside its template in .serverless/) is unpacked by Lambda into <app>/.sandbox/packages/<LogicalId>/.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import { assetForObjectKey } from "../cdk/assets.js";
import { isSamBuildDir } from "../find.js";
import { templateError } from "../errors.js";
import { isRecord } from "../util.js";
import { where } from "./common.js";
import type { FunctionContext } from "./common.js";

/** `<app dir>/.sandbox/inline` — generated files live with the app's other sandbox state. */
export const INLINE_CODE_DIR = join(".sandbox", "inline");

/** `<app dir>/.sandbox/packages` — where local .zip archives of code and layers are unpacked. */
export const PACKAGES_DIR = join(".sandbox", "packages");

/**
 * The app's directory: the template's, or for a CDK template the one holding cdk.out (cdk synth
 * rewrites cdk.out), or for the Serverless Framework's the one holding .serverless (`serverless package` rewrites it).
 */
export function appDirOf(templateDir: string): string {
  if (isSamBuildDir(templateDir)) return dirname(dirname(templateDir));
  const name = basename(templateDir);
  return name === "cdk.out" || name === ".serverless" ? dirname(templateDir) : templateDir;
}

/** Where a function's code is: a directory, or a .zip archive and the directory it is unpacked into. */
export interface CodeLocation {
  codeDir: string;
  codeZip?: string;
}

/** A local .zip archive (a file named *.zip), which Lambda unpacks as a deployment package. */
export const isZipFile = (path: string): boolean => /\.zip$/i.test(path) && existsSync(path) && statSync(path).isFile();

/** The directory a local archive of `logicalId` is unpacked into (per stack of a cloud assembly, as inline code). */
export function unpackedDir(templateDir: string, file: string, logicalId: string): string {
  const stack = basename(templateDir) === "cdk.out" ? basename(file).replace(/\.template\.json$/, "") : "";
  return join(appDirOf(templateDir), PACKAGES_DIR, stack, logicalId);
}

const zipped = (fn: FunctionContext, templateDir: string, zip: string): CodeLocation => ({ codeDir: unpackedDir(templateDir, fn.file, fn.logicalId), codeZip: zip });

/**
 * The Serverless Framework's package: `serverless package` writes the template and the archives
 * it names by S3Key (serverless/<service>/<stage>/<time>/<name>.zip) side by side in .serverless/.
 */
export function serverlessPackage(templateDir: string, objectKey: unknown): string | undefined {
  if (typeof objectKey !== "string" || !objectKey.startsWith("serverless/")) return undefined;
  const zip = join(templateDir, basename(objectKey));
  return isZipFile(zip) ? zip : undefined;
}

export function samCode(fn: FunctionContext, templateDir: string, runtime: string): CodeLocation {
  const { CodeUri: codeUri, InlineCode: inline } = fn.props;
  if (codeUri !== undefined && inline !== undefined) {
    throw templateError(`${fn.logicalId} has both CodeUri and InlineCode`, where(fn, "InlineCode"), "Keep one of them.");
  }
  if (inline !== undefined) {
    if (typeof inline !== "string") throw templateError(`InlineCode of ${fn.logicalId} must be a string`, where(fn, "InlineCode"));
    return { codeDir: writeInline(fn, templateDir, runtime, inline, "InlineCode") };
  }
  // `sam local` and `sam build` use the template's directory when CodeUri is absent.
  if (codeUri === undefined) return { codeDir: templateDir };
  if (isRecord(codeUri)) {
    throw templateError(`CodeUri of ${fn.logicalId} points to an S3 object; the sandbox runs code from local directories`, where(fn, "CodeUri"),
      "Set CodeUri to the directory with the function's source (relative to the template), as `sam build` expects.");
  }
  if (typeof codeUri !== "string") throw templateError(`CodeUri of ${fn.logicalId} must be a path`, where(fn, "CodeUri"));
  if (/^s3:\/\//i.test(codeUri)) {
    throw templateError(`CodeUri ${codeUri} of ${fn.logicalId} is an S3 location; the sandbox runs code from local directories`, where(fn, "CodeUri"),
      "Set CodeUri to the directory with the function's source (relative to the template), as `sam build` expects.");
  }
  // SAM CLI unpacks a CodeUri that is a .zip archive (`sam build` output, or a package built elsewhere).
  const path = resolvePath(templateDir, codeUri);
  if (isZipFile(path)) return zipped(fn, templateDir, path);
  return { codeDir: localDirectory(fn, path, "CodeUri", codeUri) };
}

export function lambdaCode(fn: FunctionContext, templateDir: string, runtime: string, metadata: Record<string, unknown>): CodeLocation {
  const code = fn.props.Code;
  if (!isRecord(code)) throw templateError(`${fn.logicalId} has no Code`, where(fn), "AWS::Lambda::Function needs Code (ZipFile, S3Bucket/S3Key or ImageUri).");
  if (typeof code.ZipFile === "string") return { codeDir: writeInline(fn, templateDir, runtime, code.ZipFile, "Code.ZipFile") };
  const assetPath = metadata["aws:asset:path"];
  if (typeof assetPath === "string") {
    const path = resolvePath(templateDir, assetPath);
    // Code.fromAsset("handler.zip"): CDK publishes the archive as it is.
    if (isZipFile(path)) return zipped(fn, templateDir, path);
    return { codeDir: localDirectory(fn, path, "Metadata aws:asset:path", assetPath) };
  }
  // No asset metadata (`cdk synth --no-asset-metadata`, an App synthesized by a script): the asset manifest maps S3Key to cdk.out.
  const asset = assetForObjectKey(templateDir, code.S3Key);
  if (asset && isZipFile(asset.path)) return zipped(fn, templateDir, asset.path);
  if (asset) return { codeDir: localDirectory(fn, asset.path, "Code", asset.path) };
  const packaged = serverlessPackage(templateDir, code.S3Key);
  if (packaged) return zipped(fn, templateDir, packaged);
  throw templateError(`Code of ${fn.logicalId} is in S3 (${String(code.S3Bucket)}/${String(code.S3Key)}); the sandbox runs code from local files`,
    where(fn, "Code"),
    "Use a template synthesized by `cdk synth` (its assets are in cdk.out) or packaged by `serverless package` (its archives are in .serverless), or use Code.ZipFile for inline code.");
}

function localDirectory(fn: FunctionContext, path: string, property: string, written: string): string {
  if (!existsSync(path)) {
    throw templateError(`${property} ${written} of ${fn.logicalId} does not exist (${path})`, where(fn, property.split(" ")[0]),
      "Point it at the directory that holds the function's code, relative to the template file.");
  }
  if (!statSync(path).isDirectory()) {
    throw templateError(`${property} ${written} of ${fn.logicalId} is a file; the sandbox needs the directory with the code`, where(fn, property.split(" ")[0]),
      "Point it at a directory, or at a .zip archive of the code.");
  }
  return path;
}

const INLINE_EXTENSIONS: Record<string, string> = { nodejs: "js", python: "py" };

function writeInline(fn: FunctionContext, templateDir: string, runtime: string, source: string, property: string): string {
  const family = Object.keys(INLINE_EXTENSIONS).find((prefix) => runtime.startsWith(prefix));
  if (!family) {
    throw templateError(`${property} of ${fn.logicalId} needs a Node.js or Python runtime (Lambda writes inline code only for those)`,
      where(fn, property.split(".")[0]), "Move the code to a directory and use CodeUri.");
  }
  // One cdk.out holds several stacks, run together when one imports from another: CDK gives a construct
  // the same logical id in each, so their inline code goes under the stack's name.
  const stack = basename(templateDir) === "cdk.out" ? basename(fn.file).replace(/\.template\.json$/, "") : "";
  const dir = join(appDirOf(templateDir), INLINE_CODE_DIR, stack, fn.logicalId);
  const file = join(dir, `index.${INLINE_EXTENSIONS[family]}`);
  try {
    mkdirSync(dir, { recursive: true });
    // Rewrite only on change, so file watchers do not see a change on every load.
    if (!existsSync(file) || readFileSync(file, "utf8") !== source) writeFileSync(file, source);
    // Lambda's index.js sits under no package.json: without one of its own, Node would take
    // the app's (`"type": "module"` would make `exports.handler = …` fail to load).
    const scope = join(dir, "package.json");
    if (family === "nodejs" && !existsSync(scope)) writeFileSync(scope, "{}\n");
  } catch (error) {
    throw templateError(`Cannot write the inline code of ${fn.logicalId} to ${file}: ${(error as Error).message}`, where(fn, property.split(".")[0]),
      "The sandbox keeps inline code under .sandbox/ in the app directory; make that directory writable.");
  }
  return dir;
}

// Where Lambda's Node.js and Python runtimes look for the handler's module (TypeScript first,
// as the sandbox builds it); other runtimes name a class or a binary, not a file.
const NODE_MODULE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];

/**
 * A Handler whose module is not in the code directory still deploys on AWS and fails on
 * every invocation (Runtime.ImportModuleError): a warning with the template's file and
 * line says so at start-up, before the first request.
 */
export function warnMissingHandlerModule(fn: FunctionContext, handler: string, runtime: string, codeDir: string, layers: readonly string[]): void {
  if (layers.length > 0) return;
  let candidates: string[] = [];
  if (runtime.startsWith("nodejs")) {
    // "src/handlers/app.handlers.create": module src/handlers/app (the first dot of the last path part).
    const slash = handler.lastIndexOf("/");
    const dot = handler.indexOf(".", slash + 1);
    if (dot > slash + 1) candidates = NODE_MODULE_EXTENSIONS.map((ext) => `${handler.slice(0, dot)}${ext}`);
  } else if (runtime.startsWith("python")) {
    // "pkg.mod.handler": module pkg/mod.py.
    const dot = handler.lastIndexOf(".");
    if (dot > 0) candidates = [`${handler.slice(0, dot).replace(/\./g, "/")}.py`];
  }
  if (candidates.length === 0 || candidates.some((file) => existsSync(join(codeDir, file)))) return;
  const { file, line } = where(fn, "Handler");
  fn.warnings.add(
    `${file}${line ? `:${line}` : ""}: Handler ${handler} of ${fn.logicalId} names a module that is not in ${codeDir} ` +
      `(looked for ${candidates.join(", ")}); invoking it fails with Runtime.ImportModuleError`,
  );
}
