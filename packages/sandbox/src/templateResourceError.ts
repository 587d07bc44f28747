import { SandboxError } from "@sam-sandbox/core";
import { stackOfLogicalId, type AppModel, type ResolvedResource } from "@sam-sandbox/template";

/** A template resource its service refused at start-up: one SandboxError naming the template file (a nested stack's own) and line. */
export function templateResourceError(app: AppModel, resource: ResolvedResource, error: unknown): SandboxError {
  return new SandboxError(`${resource.type} ${resource.logicalId}: ${error instanceof Error ? error.message : String(error)}`, {
    file: stackOfLogicalId(app, resource.logicalId).templateFile,
    line: resource.line,
    hint: "Fix the resource's properties in the template.",
  });
}
