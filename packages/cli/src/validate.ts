/**
 * `sandbox validate [dir]`: reads the template as `sandbox up` would — SAM transform, intrinsic
 * functions, conditions, parameters — without starting anything, and says whether it holds: a
 * mistake stops with CloudFormation's message and its file and line (exit 1), what the sandbox
 * would skip is listed as warnings. For CI and editors, as `sam validate`.
 */
import { relative } from "node:path";
import pc from "picocolors";
import { loadTemplate, resolveTemplateFile } from "@sam-sandbox/sandbox";

export interface ValidateOptions {
  template?: string;
  parameterOverrides?: Record<string, string>;
  region: string;
  out?: (line: string) => void;
}

/** Answers the exit code: 0 (valid, warnings or not). A template that does not load throws its SandboxError. */
export async function validate(dir: string | undefined, opts: ValidateOptions): Promise<number> {
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  // The sources, as `sam validate` reads them (not sam build's output).
  const file = resolveTemplateFile(opts.template ?? dir, { built: false });
  const app = await loadTemplate({ file, parameterOverrides: opts.parameterOverrides, region: opts.region });
  const shown = relative(process.cwd(), file) || file;
  const resources = Object.values(app.resources);
  out(`${pc.green("✔")} ${shown} is a valid template: ${resources.length} ${resources.length === 1 ? "resource" : "resources"}`);
  const byType = new Map<string, number>();
  for (const r of resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  for (const [type, count] of [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) out(pc.dim(`  ${String(count).padStart(3)} ${type}`));
  for (const warning of app.warnings) out(`${pc.yellow("⚠")} ${warning}`);
  return 0;
}
