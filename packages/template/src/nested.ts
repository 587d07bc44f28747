/**
 * Nested stacks: AWS::CloudFormation::Stack (TemplateURL) and SAM's AWS::Serverless::Application
 * (Location, which the SAM transform turns into the same AWS::CloudFormation::Stack). The child
 * template is loaded like the parent, as its own stack: its Parameters are the resource's
 * Parameters evaluated in the parent's scope, AWS::StackName is the nested stack's own name
 * ("<parent>-<LogicalId>-<SUFFIX>", as CloudFormation names it) and every name CloudFormation
 * generates in it starts with that name. Its resources then run with the parent's under
 * "<LogicalId>/<child's logical id>" (SAM CLI's way of naming a nested stack's function), so
 * they cannot collide with the parent's alphanumeric logical ids.
 */
import { existsSync, statSync } from "node:fs";
import { relative, resolve as resolvePath } from "node:path";
import { assetForObjectKey } from "./cdk/assets.js";
import { templateError } from "./errors.js";
import type { AppModel, NestedStackSpec } from "./model.js";
import { keyLineOf } from "./parse/located.js";
import type { TemplateResource } from "./resources.js";
import { NO_VALUE } from "./scope.js";
import type { Stack } from "./stack.js";
import { isRecord } from "./util.js";

/** Applications (SAM) and stacks (CloudFormation) nested in a template. */
export const NESTED_STACK_TYPES = new Set(["AWS::Serverless::Application", "AWS::CloudFormation::Stack"]);

/** Between a nested stack's logical id and its resources' ids: "Child/Function", "Child/Grandchild/Function". */
export const NESTED_ID_SEPARATOR = "/";

/** A nested stack resource's child template, or why it cannot be run (a warning). */
export type ChildTemplate = { file: string } | { warning: string };

/** The loaded child, as the parent's Ref / Fn::GetAtt read it. */
export interface LoadedChild {
  stackId: string;
  parentId: string;
  rootId: string;
  outputs: Record<string, string>;
}

/**
 * Loads a nested stack's child template (load.ts's loader, given the nested stack's name and
 * parameters); undefined when it cannot be run, after the warning saying why.
 */
export type NestedLoader = (resource: TemplateResource) => LoadedChild | undefined;

/**
 * Where the child template is. SAM `Location`: a path relative to the parent template (`sam build`
 * keeps it local: "ChildApp/template.yaml"), an S3 URL, or a Serverless Application Repository
 * application. CloudFormation `TemplateURL`: a local path (as SAM CLI accepts it), or the S3 URL
 * `cdk synth` builds from the assets bucket and the template asset's hash, which the resource's
 * aws:asset:path metadata, else cdk.out's asset manifest, maps back to the file in cdk.out.
 */
export function childTemplateOf(stack: Stack, resource: TemplateResource): ChildTemplate {
  const { logicalId, type } = resource;
  const key = type === "AWS::Serverless::Application" ? "Location" : "TemplateURL";
  const raw = resource.properties[key];
  const offline = `its resources are not created and its Outputs (Fn::GetAtt ${logicalId}.Outputs.<Name>) resolve to placeholder text`;
  if (raw === undefined) return { warning: `${type} ${logicalId} has no ${key}; ${offline}` };
  const location = stack.resolve(raw);
  if (isRecord(location)) {
    const app = typeof location.ApplicationId === "string" ? ` ${location.ApplicationId}` : "";
    return {
      warning: `${type} ${logicalId} is the Serverless Application Repository application${app}, which the sandbox cannot fetch offline; ${offline}. ` +
        "Save its template next to this one and set Location to that file to run it",
    };
  }
  if (typeof location !== "string") return { warning: `${type} ${logicalId}: ${key} is not a path or URL; ${offline}` };
  const where = { file: stack.info.file, line: keyLineOf(resource.properties, key) ?? resource.line };
  const dir = stack.info.dir;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return { file: localTemplate(resolvePath(dir, location), location, resource, where) };
  const assetPath = resource.metadata["aws:asset:path"];
  if (typeof assetPath === "string") return { file: localTemplate(resolvePath(dir, assetPath), assetPath, resource, where) };
  const asset = assetForObjectKey(dir, location.split("?")[0].split("/").pop());
  if (asset?.kind === "file") return { file: asset.path };
  return {
    warning: `${type} ${logicalId}: ${key} ${location} is not a local file, and the sandbox cannot fetch it offline; ${offline}. ` +
      `Set ${key} to the template's path (relative to ${relative(process.cwd(), stack.info.file) || stack.info.file}) to run it`,
  };
}

function localTemplate(path: string, written: string, resource: TemplateResource, where: { file: string; line?: number }): string {
  if (!existsSync(path)) {
    throw templateError(`Nested stack ${resource.logicalId}: its template ${written} does not exist (${path})`, where,
      "Fix the path: it is relative to the template that declares the nested stack.");
  }
  // `sam build` writes a nested application's template into a directory of its own; Location may name the directory.
  if (statSync(path).isDirectory()) {
    const inside = ["template.yaml", "template.yml", "template.json"].map((name) => resolvePath(path, name)).find((file) => existsSync(file));
    if (inside) return inside;
    throw templateError(`Nested stack ${resource.logicalId}: ${written} is a directory without template.yaml`, where, "Point it at the child template file.");
  }
  return path;
}

/**
 * The nested stack's Parameters, evaluated in the parent's scope, as the child's parameter values:
 * CloudFormation passes each as a string (a list comma-joined).
 */
export function childParameters(stack: Stack, resource: TemplateResource): Record<string, string> {
  const raw = resource.properties.Parameters;
  if (raw === undefined) return {};
  const resolved = stack.resolve(raw);
  if (!isRecord(resolved)) {
    throw templateError(`Nested stack ${resource.logicalId}: Parameters must be a map of parameter names to values`,
      { file: stack.info.file, line: keyLineOf(resource.properties, "Parameters") ?? resource.line });
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(resolved)) {
    if (value === NO_VALUE) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(",") : isRecord(value) ? JSON.stringify(value) : String(value);
  }
  return out;
}

/**
 * `child` as part of its parent: every logical id it names (its resources, the functions its routes
 * invoke, …) prefixed with "<path>/", its warnings with "<path>: ". Its own Outputs stay with its
 * NestedStackSpec, as a nested stack's outputs are not the parent's.
 */
export function nestedUnder(child: AppModel, path: string, spec: Omit<NestedStackSpec, "path" | "resourceIds">): { model: AppModel; stacks: NestedStackSpec[] } {
  const prefix = (id: string) => `${path}${NESTED_ID_SEPARATOR}${id}`;
  const rename = <T>(value: T): T => renameIds(value, prefix) as T;
  const own: NestedStackSpec = { ...spec, path, resourceIds: Object.keys(child.resources).filter((id) => !id.includes(NESTED_ID_SEPARATOR)) };
  const model: AppModel = {
    ...child,
    functions: rename(child.functions),
    ...(child.skippedFunctions ? { skippedFunctions: rename(child.skippedFunctions) } : {}),
    apis: rename(child.apis),
    webSocketApis: rename(child.webSocketApis),
    tables: rename(child.tables),
    stateMachines: rename(child.stateMachines),
    topics: rename(child.topics),
    subscriptions: rename(child.subscriptions),
    eventSourceMappings: rename(child.eventSourceMappings),
    buckets: rename(child.buckets),
    generatedRoles: rename(child.generatedRoles),
    resources: Object.fromEntries(Object.entries(child.resources).map(([id, r]) => [prefix(id), { ...r, logicalId: prefix(r.logicalId) }])),
    warnings: child.warnings.map((w) => `${path}: ${w}`),
  };
  // Grandchildren were named under the child already ("Grandchild/…"): now "<path>/Grandchild/…".
  const stacks = [own, ...(child.nestedStacks ?? []).map((s) => ({ ...s, path: prefix(s.path) }))];
  return { model, stacks };
}

/** Renames `logicalId` and `…LogicalId` fields (a resource's own raw properties are left alone). */
function renameIds(value: unknown, prefix: (id: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameIds(item, prefix));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if ((key === "logicalId" || key.endsWith("LogicalId")) && typeof inner === "string" && inner !== "") out[key] = prefix(inner);
    else if (key === "properties" || key === "createTableInput") out[key] = inner;
    else out[key] = renameIds(inner, prefix);
  }
  return out;
}

/** `primary` with its nested stacks' resources running in it (nestedUnder's models). */
export function withNestedStacks(primary: AppModel, children: ReadonlyArray<{ model: AppModel; stacks: NestedStackSpec[] }>): AppModel {
  if (children.length === 0) return primary;
  const merged: AppModel = { ...primary, resources: { ...primary.resources }, warnings: [...primary.warnings], nestedStacks: [...(primary.nestedStacks ?? [])] };
  for (const { model, stacks } of children) {
    merged.functions = [...merged.functions, ...model.functions];
    if (model.skippedFunctions) merged.skippedFunctions = [...(merged.skippedFunctions ?? []), ...model.skippedFunctions];
    merged.apis = [...merged.apis, ...model.apis];
    merged.webSocketApis = [...merged.webSocketApis, ...model.webSocketApis];
    merged.tables = [...merged.tables, ...model.tables];
    merged.stateMachines = [...merged.stateMachines, ...model.stateMachines];
    merged.topics = [...merged.topics, ...model.topics];
    merged.subscriptions = [...merged.subscriptions, ...model.subscriptions];
    merged.eventSourceMappings = [...merged.eventSourceMappings, ...model.eventSourceMappings];
    merged.buckets = [...merged.buckets, ...model.buckets];
    merged.generatedRoles = [...merged.generatedRoles, ...model.generatedRoles];
    Object.assign(merged.resources, model.resources);
    merged.warnings.push(...model.warnings);
    merged.nestedStacks!.push(...stacks);
  }
  return merged;
}

/**
 * The stack a (possibly nested) logical id belongs to, and its id there: "Child/Fn" → the nested
 * stack Child's name and "Fn". Names the sandbox generates itself ("<stack>-<LogicalId>-<SUFFIX>")
 * use them, as CloudFormation names a nested stack's resources after the nested stack.
 */
export function stackOfLogicalId(app: Pick<AppModel, "stackName" | "templateFile" | "nestedStacks">, logicalId: string): { stackName: string; logicalId: string; templateFile: string } {
  const cut = logicalId.lastIndexOf(NESTED_ID_SEPARATOR);
  if (cut < 0) return { stackName: app.stackName, logicalId, templateFile: app.templateFile };
  const stack = app.nestedStacks?.find((s) => s.path === logicalId.slice(0, cut));
  return stack
    ? { stackName: stack.stackName, logicalId: logicalId.slice(cut + 1), templateFile: stack.templateFile }
    : { stackName: app.stackName, logicalId, templateFile: app.templateFile };
}
