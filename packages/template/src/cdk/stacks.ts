/**
 * A CDK app of several stacks: a stack uses another's resources through `Fn::ImportValue` of the
 * exports CDK generates for it ("DataStack:ExportsOutputRefTable…"). `cdk deploy ApiStack` deploys
 * the stacks it depends on first; the sandbox does the same: the templates next to this one whose
 * Outputs export what it imports are loaded too, their exports resolve the imports, and their
 * resources run in the same sandbox.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import type { AppModel } from "../model.js";
import { isRecord } from "../util.js";

/** Every export name the template reads with a literal `Fn::ImportValue`. */
export function importedNames(root: unknown): string[] {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (isRecord(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "Fn::ImportValue" && typeof inner === "string") names.add(inner);
        else walk(inner);
      }
    }
  };
  walk(isRecord(root) ? [root.Resources, root.Outputs] : []);
  return [...names];
}

/** The other stack templates (`<Stack>.template.json`, not nested stacks') in the template's directory that export one of `names`. */
export function exportingTemplates(file: string, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const dir = dirname(file);
  let siblings: string[];
  try {
    siblings = readdirSync(dir).filter((name) => name.endsWith(".template.json") && !name.endsWith(".nested.template.json") && name !== basename(file));
  } catch {
    return [];
  }
  return siblings.sort().map((name) => resolvePath(join(dir, name))).filter((sibling) => {
    try {
      const outputs: unknown = (JSON.parse(readFileSync(sibling, "utf8")) as { Outputs?: unknown }).Outputs;
      return isRecord(outputs) && Object.values(outputs).some((o) => isRecord(o) && isRecord(o.Export) && names.includes(String(o.Export.Name)));
    } catch {
      return false;
    }
  });
}

/** Export name → value, from loaded stacks' Outputs. */
export function exportsOf(stacks: readonly AppModel[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const stack of stacks) {
    for (const output of Object.values(stack.outputs)) if (output.exportName !== undefined) out[output.exportName] = output.value;
  }
  return out;
}

/** `primary` with the resources of the stacks it depends on; its own Outputs, parameters and identity stay. */
export function withStacks(primary: AppModel, dependencies: readonly AppModel[]): AppModel {
  const merged: AppModel = { ...primary };
  const resources = { ...primary.resources };
  const warnings = [...primary.warnings];
  for (const dependency of dependencies) {
    merged.functions = [...merged.functions, ...dependency.functions];
    merged.skippedFunctions = [...(merged.skippedFunctions ?? []), ...(dependency.skippedFunctions ?? [])];
    merged.apis = [...merged.apis, ...dependency.apis];
    merged.webSocketApis = [...merged.webSocketApis, ...dependency.webSocketApis];
    merged.tables = [...merged.tables, ...dependency.tables];
    merged.stateMachines = [...merged.stateMachines, ...dependency.stateMachines];
    merged.topics = [...merged.topics, ...dependency.topics];
    merged.subscriptions = [...merged.subscriptions, ...dependency.subscriptions];
    merged.eventSourceMappings = [...merged.eventSourceMappings, ...dependency.eventSourceMappings];
    merged.buckets = [...merged.buckets, ...dependency.buckets];
    merged.generatedRoles = [...merged.generatedRoles, ...dependency.generatedRoles];
    // Its nested stacks run with it: their resources' names come from their own stack names (stackOfLogicalId).
    if (dependency.nestedStacks) merged.nestedStacks = [...(merged.nestedStacks ?? []), ...dependency.nestedStacks];
    // CDK's logical ids are unique within a stack only: a clash keeps both, the other under "<Stack>.<LogicalId>".
    for (const [logicalId, resource] of Object.entries(dependency.resources)) {
      resources[logicalId in resources ? `${dependency.stackName}.${logicalId}` : logicalId] = resource;
    }
    warnings.push(...dependency.warnings.map((w) => `${dependency.stackName}: ${w}`));
  }
  merged.resources = resources;
  merged.warnings = warnings;
  return merged;
}
