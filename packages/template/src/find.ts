/** Finds the application's template in a directory, the way `sam` and `cdk` lay projects out. */
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import { SandboxError } from "@sam-sandbox/core";

const CANDIDATES = ["template.yaml", "template.yml", "template.json"];
/** What `sam build` writes: `sam local` runs it instead of the sources when it exists and no template is named. */
export const SAM_BUILT_TEMPLATE = join(".aws-sam", "build", "template.yaml");

/** `.aws-sam/build`, where `sam build` writes the built template and code (and rewrites them on every build). */
export function isSamBuildDir(dir: string): boolean {
  return basename(dir) === "build" && basename(dirname(dir)) === ".aws-sam";
}

/** The template `serverless package` writes (the one `serverless deploy` updates the stack with). */
const SERVERLESS_TEMPLATE = join(".serverless", "cloudformation-template-update-stack.json");
const SERVERLESS_CONFIGS = ["serverless.yml", "serverless.yaml", "serverless.json", "serverless.ts", "serverless.js"];

/**
 * .aws-sam/build/template.yaml (with `built`, as `sam local` looks first; not `sam validate`) |
 * template.yaml | template.yml | template.json | cdk.out/<Stack>.template.json (the only one) |
 * .serverless/cloudformation-template-update-stack.json (a Serverless Framework project, packaged).
 */
export function findTemplate(dir: string, options: { built?: boolean } = {}): string {
  const root = resolvePath(dir);
  if (options.built && existsSync(join(root, SAM_BUILT_TEMPLATE))) return join(root, SAM_BUILT_TEMPLATE);
  for (const name of CANDIDATES) {
    const file = join(root, name);
    if (existsSync(file)) return file;
  }
  const cdkOut = join(root, "cdk.out");
  // A nested stack's template (<Parent><Id>.nested.template.json) is deployed through its parent, not on its own.
  const synthesized = existsSync(cdkOut) ? readdirSync(cdkOut).filter((name) => name.endsWith(".template.json") && !name.endsWith(".nested.template.json")).sort() : [];
  if (synthesized.length === 1) return join(cdkOut, synthesized[0]);
  if (synthesized.length > 1) {
    throw new SandboxError(`cdk.out holds several stacks (${synthesized.map((s) => s.replace(/\.template\.json$/, "")).join(", ")})`, {
      file: cdkOut,
      hint: `Choose one with --template cdk.out/${synthesized[0]}`,
    });
  }
  const packaged = join(root, SERVERLESS_TEMPLATE);
  if (existsSync(packaged)) return packaged;
  const config = SERVERLESS_CONFIGS.find((name) => existsSync(join(root, name)));
  if (config) {
    throw new SandboxError(`${config} in ${root} is not packaged yet`, {
      hint: "Run `npx serverless package` first: the sandbox runs the CloudFormation template and archives it writes to .serverless/ (run it again after changing the code).",
    });
  }
  throw new SandboxError(`No template found in ${root}`, {
    hint: "Run the sandbox in the directory with your SAM template (template.yaml), run `cdk synth` first for a CDK app, or pass --template <file> (--no-template serves the AWS APIs alone).",
  });
}
