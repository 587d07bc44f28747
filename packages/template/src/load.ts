/**
 * loadTemplate: template file → AppModel. Parse, read Parameters / Mappings / Conditions,
 * merge SAM Globals, add SAM's implicit resources, check references like CloudFormation,
 * resolve every resource, then build functions, tables, APIs and outputs.
 */
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve as resolvePath } from "node:path";
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from "@sam-sandbox/core";
import { messages, templateError, type Where } from "./errors.js";
import { MAX_TEMPLATE_BODY_BYTES } from "./limits.js";
import { parseGlobals } from "./globals.js";
import { expandIncludes } from "./include.js";
import type { AppModel, ResolvedResource } from "./model.js";
import { nestedStackName, sanitizeStackName, stackArn } from "./names.js";
import { parseTemplateText } from "./parse/index.js";
import { keyLineOf } from "./parse/located.js";
import { resolveParameters, type ParameterEntry } from "./parameters.js";
import { checkReferences } from "./references.js";
import { readResources, SERVERLESS_TRANSFORM } from "./resources.js";
import { addImplicitResources } from "./sam/implicit.js";
import { NO_VALUE } from "./scope.js";
import { Stack, Warnings } from "./stack.js";
import { checkMappings, checkOutputs, checkResourceAttributes } from "./structure.js";
import type { StackInfo } from "./stack.js";
import { unsupportedWarning } from "./support.js";
import { isRecord } from "./util.js";
import { buildModel } from "./build.js";
import { appDirOf } from "./functions/code.js";
import { isSamBuildDir } from "./find.js";
import { exportingTemplates, exportsOf, importedNames, withStacks } from "./cdk/stacks.js";
import { childParameters, childTemplateOf, nestedUnder, withNestedStacks, type NestedLoader } from "./nested.js";

export interface LoadTemplateOptions {
  /** Path of template.yaml / template.json / cdk.out/<Stack>.template.json. */
  file: string;
  /** --parameter-overrides: parameter name → value (lists comma-separated). */
  parameterOverrides?: Record<string, string>;
  /** Default us-east-1. */
  region?: string;
  /** Default 000000000000. */
  accountId?: string;
  /** Default: the CDK stack name for cdk.out/<Stack>.template.json, else the template directory's name. */
  stackName?: string;
  /**
   * Where the sandbox serves the application's APIs ("http://127.0.0.1:3000"), when known before
   * start-up: Fn::GetAtt <WebSocket Api>.ApiEndpoint then resolves to its ws:// URL.
   */
  appUrl?: string;
  /**
   * The sandbox's AWS edge ("http://127.0.0.1:4566"), when known before start-up: an SQS
   * queue's URL (its !Ref) then points at it, as the AWS SDK sends a queue's requests to its URL's host.
   */
  edgeUrl?: string;
  /**
   * Values of the AWS::SSM::Parameter::Value<…> parameters (by template parameter name), as the sandbox
   * read them from Parameter Store; without one such a parameter resolves to the SSM parameter's name.
   */
  ssmParameterValues?: Record<string, string>;
}

const SECTIONS = ["AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Hooks"];
const QUIET_TRANSFORMS = [SERVERLESS_TRANSFORM, "AWS::LanguageExtensions"];

export async function loadTemplate(options: LoadTemplateOptions): Promise<AppModel> {
  const loaded = new Map<string, AppModel>();
  // Synchronous inside: a nested stack's template is read when the parent first resolves its Ref or outputs.
  const primary = loadStack(options, [], loaded);
  // Each stack once, however many of the others import from it (two stacks sharing a third).
  const dependencies = [...loaded.values()].filter((model) => model !== primary);
  return dependencies.length > 0 ? withStacks(primary, dependencies) : primary;
}

/** How a nested stack's template is loaded: by the stack that declares it. */
interface Nesting {
  /** The templates of the stacks it is nested in, outermost first (a template that nests itself is refused). */
  ancestors: readonly string[];
  rootId: string;
  /** The nested stack resource in the parent template (where a wrong parameter name is reported). */
  declaredAt: Where;
  logicalId: string;
}

/**
 * One stack's own model, its dependencies loaded into `loaded` (by file) before it, its nested
 * stacks' resources merged into it. `chain`: the templates being loaded that depend on this one
 * (a cycle of imports stops there).
 */
function loadStack(options: LoadTemplateOptions, chain: readonly string[], loaded: Map<string, AppModel>, nesting?: Nesting): AppModel {
  const file = resolvePath(options.file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    if (nesting) {
      throw templateError(`Nested stack ${nesting.logicalId}: cannot read its template ${file}`, nesting.declaredAt, "Check the path: it is relative to the template that declares the nested stack.");
    }
    throw templateError(`Cannot read the template ${file}`, { file }, "Check the path, or run the command in the directory that holds template.yaml.");
  }
  // A template AWS would refuse to deploy is refused here too, before parsing megabytes of it.
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_TEMPLATE_BODY_BYTES) {
    throw templateError(
      `Template is ${bytes.toLocaleString("en-US")} bytes; CloudFormation accepts at most ${MAX_TEMPLATE_BODY_BYTES.toLocaleString("en-US")} bytes`,
      { file },
      "Move large inline values to files (CodeUri, DefinitionUri) or split the application into nested stacks.",
    );
  }
  const warnings = new Warnings();
  const warn = (message: string): void => warnings.add(message);
  // AWS::Include snippets are spliced in before anything else reads the template, as CloudFormation does.
  const root = expandIncludes(parseTemplateText(text, file, { warn, cloudFormation: true }), file, warn);
  if (!isRecord(root)) throw templateError("Template format error: a template must be a map of sections (Resources, …)", { file, line: 1 });
  const transforms = readTransforms(root, file, warnings);
  const hasSamTransform = transforms.includes(SERVERLESS_TRANSFORM);
  checkSections(root, file, hasSamTransform);
  checkResourceAttributes(root.Resources, file);
  checkMappings(root.Mappings, file);
  checkOutputs(root.Outputs, file);

  // The stacks next to this one that export what it imports run with it, as `cdk deploy` deploys a stack's dependencies.
  const dependencies: AppModel[] = [];
  for (const dependency of exportingTemplates(file, importedNames(root))) {
    if (chain.includes(dependency)) continue;
    const { parameterOverrides: _own, stackName: _name, ...shared } = options;
    dependencies.push(loaded.get(dependency) ?? loadStack({ ...shared, file: dependency }, [...chain, file], loaded));
  }
  const info = stackInfo(file, options, exportsOf(dependencies));
  const parameters = nesting
    ? nestedParameters(root.Parameters, options.parameterOverrides ?? {}, nesting, file, warnings)
    : resolveParameters(root.Parameters, options.parameterOverrides ?? {}, file, (m) => warnings.add(m), options.ssmParameterValues);
  const mappings = isRecord(root.Mappings) ? root.Mappings : {};
  const children: NestedChild[] = [];
  const nestedLoader = nestedStackLoader({ options, info, nesting, loaded, warnings, children }, () => stack);
  const stack = new Stack(info, parameters, mappings, root.Conditions, warnings, nestedLoader);
  const conditions = stack.conditions;
  // CloudFormation evaluates every condition, used or not.
  for (const name of conditions.names()) conditions.get(name, undefined, "Conditions");

  const globals = parseGlobals(root.Globals, file);
  const resources = readResources(root.Resources, globals, {
    file,
    hasSamTransform,
    conditionHolds: (name, line) => conditions.get(name, undefined, "Resources", line),
  });
  for (const [id, resource] of resources) stack.resources.set(id, resource);
  const extraEdges = addImplicitResources(stack, globals);
  checkReferences(stack, root.Outputs, extraEdges);

  const resolved = resolveResources(stack);
  for (const resource of stack.resources.values()) {
    const warning = resource.included && !resource.implicit ? unsupportedWarning(resource.type, resource.logicalId, resource.properties) : undefined;
    if (warning) warnings.add(warning);
  }
  if (isSamBuildDir(info.dir) && !nesting) warnings.add(samBuildNotice(file));
  const built = buildModel(stack, resolved);
  const outputs = resolveOutputs(stack, root.Outputs);
  // SAM's generated roles stay referable but are not part of the app.
  const kept = resolved.filter((r) => !(r.type === "AWS::IAM::Role" && stack.resources.get(r.logicalId)?.implicit));
  const model: AppModel = {
    templateFile: file,
    dir: info.dir,
    appDir: appDirOf(info.dir),
    stackName: info.stackName,
    stackId: info.stackId,
    ...(typeof root.Description === "string" ? { description: root.Description } : {}),
    parameters: [...parameters.values()].map(appParameter),
    region: info.region,
    accountId: info.accountId,
    ...built,
    outputs,
    warnings: warnings.list(),
    resources: Object.fromEntries(kept.map((r) => [r.logicalId, r])),
    generatedRoles: resolved.filter((r) => !kept.includes(r)).map((r) => ({ logicalId: r.logicalId, roleName: r.ref })),
  };
  const withChildren = withNestedStacks(model, children);
  // A nested stack is part of its parent, not a stack of the app the parent imports from.
  if (!nesting) loaded.set(file, withChildren);
  return withChildren;
}

type NestedChild = ReturnType<typeof nestedUnder>;

interface NestingParent {
  options: LoadTemplateOptions;
  info: StackInfo;
  nesting: Nesting | undefined;
  loaded: Map<string, AppModel>;
  warnings: Warnings;
  /** Where each child loaded is kept, to be merged into the parent once it is built. */
  children: NestedChild[];
}

/**
 * Loads the child template of one of the parent's nested stacks (when its Ref or outputs are first
 * resolved), as a stack of its own named "<parent>-<LogicalId>-<SUFFIX>", its Parameters evaluated in the parent.
 */
function nestedStackLoader(parent: NestingParent, stack: () => Stack): NestedLoader {
  const { info, nesting } = parent;
  return (resource) => {
    const child = childTemplateOf(stack(), resource);
    if ("warning" in child) {
      parent.warnings.add(child.warning);
      return undefined;
    }
    const ancestors = [...(nesting?.ancestors ?? []), info.file];
    const declaredAt = { file: info.file, line: resource.line };
    if (ancestors.includes(child.file)) {
      const cycle = [...ancestors.slice(ancestors.indexOf(child.file)), child.file].map((f) => relative(dirname(ancestors[0]), f) || basename(f));
      throw templateError(`Nested stack ${resource.logicalId}: ${child.file} nests itself (${cycle.join(" -> ")})`, declaredAt,
        "A nested stack's template cannot contain, directly or through its own nested stacks, a template that nests it.");
    }
    const rootId = nesting?.rootId ?? info.stackId;
    const { appUrl, edgeUrl } = parent.options;
    const model = loadStack({
      file: child.file,
      parameterOverrides: childParameters(stack(), resource),
      stackName: nestedStackName(info.stackName, resource.logicalId),
      region: info.region,
      accountId: info.accountId,
      ...(appUrl ? { appUrl } : {}),
      ...(edgeUrl ? { edgeUrl } : {}),
    }, [], parent.loaded, { ancestors, rootId, declaredAt, logicalId: resource.logicalId });
    parent.children.push(nestedUnder(model, resource.logicalId, {
      logicalId: resource.logicalId,
      stackName: model.stackName,
      stackId: model.stackId,
      parentId: info.stackId,
      rootId,
      templateFile: model.templateFile,
      ...(model.description !== undefined ? { description: model.description } : {}),
      parameters: model.parameters,
      outputs: model.outputs,
    }));
    const outputs = Object.fromEntries(Object.entries(model.outputs).map(([name, output]) => [name, output.value]));
    return { stackId: model.stackId, parentId: info.stackId, rootId, outputs };
  };
}

/**
 * A nested stack's parameter values: its Parameters property. CloudFormation refuses a name the
 * template does not declare, and a parameter without a Default that the property does not give.
 */
function nestedParameters(section: unknown, given: Record<string, string>, nesting: Nesting, file: string, warnings: Warnings): Map<string, ParameterEntry> {
  const unknown = Object.keys(given).filter((name) => !(isRecord(section) && Object.hasOwn(section, name)));
  if (unknown.length > 0) {
    const them = unknown.length === 1 ? "it" : "them";
    throw templateError(messages.parametersNotInTemplate(unknown), nesting.declaredAt,
      `Nested stack ${nesting.logicalId} passes ${unknown.join(", ")}, which ${file} does not declare: declare ${them} under its Parameters, or stop passing ${them}.`);
  }
  const missing = isRecord(section)
    ? Object.entries(section).filter(([name, definition]) => !Object.hasOwn(given, name) && isRecord(definition) && (definition.Default === undefined || definition.Default === null)).map(([name]) => name)
    : [];
  if (missing.length > 0) {
    throw templateError(messages.parametersMissing(missing), nesting.declaredAt,
      `Pass ${missing.length === 1 ? "it" : "them"} in the Parameters of nested stack ${nesting.logicalId}, or give ${missing.length === 1 ? "it" : "them"} a Default in ${file}.`);
  }
  return resolveParameters(section, given, file, (m) => warnings.add(m));
}

/**
 * The application of a sandbox started without a template (`sandbox up --no-template`): no
 * resources, no stack; the AWS APIs serve whatever the SDK or CLI creates. `dir` holds its state.
 */
export function emptyApp(options: { dir: string; region?: string; accountId?: string }): AppModel {
  const dir = resolvePath(options.dir);
  const info = stackInfo(resolvePath(dir, "template.yaml"), { file: dir, region: options.region, accountId: options.accountId });
  return {
    templateFile: "",
    dir,
    appDir: dir,
    stackName: info.stackName,
    stackId: info.stackId,
    parameters: [],
    region: info.region,
    accountId: info.accountId,
    functions: [],
    apis: [],
    webSocketApis: [],
    tables: [],
    stateMachines: [],
    topics: [],
    subscriptions: [],
    eventSourceMappings: [],
    buckets: [],
    outputs: {},
    warnings: [],
    resources: {},
    generatedRoles: [],
  };
}

function appParameter(p: ParameterEntry): AppModel["parameters"][number] {
  const value = Array.isArray(p.value) ? p.value.join(",") : p.value;
  if (p.ssmName === undefined) return { name: p.name, value, noEcho: p.noEcho };
  return { name: p.name, value: p.ssmName, noEcho: p.noEcho, ssmType: p.type, ...(p.line ? { line: p.line } : {}), referenced: p.referenced === true, ...(p.ssmDefault ? {} : { resolvedValue: value }) };
}

function readTransforms(root: Record<string, unknown>, file: string, warnings: Warnings): string[] {
  const value = root.Transform;
  if (value === undefined) return [];
  const names = (Array.isArray(value) ? value : [value]).map((t) => {
    if (typeof t === "string") return t;
    if (isRecord(t) && typeof t.Name === "string") return t.Name;
    throw templateError(messages.transformName(), { file, line: keyLineOf(root, "Transform") });
  });
  for (const name of names) {
    if (!QUIET_TRANSFORMS.includes(name)) warnings.add(`Transform ${name} is a CloudFormation macro the sandbox cannot run; the template is used as written`);
  }
  if (names.length === 0) throw templateError("Template format error: Transform must name a transform", { file, line: keyLineOf(root, "Transform") });
  return names;
}

function checkSections(root: Record<string, unknown>, file: string, hasSamTransform: boolean): void {
  const allowed = hasSamTransform ? [...SECTIONS, "Globals"] : SECTIONS;
  const invalid = Object.keys(root).filter((key) => !allowed.includes(key));
  if (invalid.length > 0) {
    throw templateError(messages.invalidSections(invalid), { file, line: keyLineOf(root, invalid[0]) },
      invalid.includes("Globals")
        ? `Globals needs the SAM transform: add "Transform: ${SERVERLESS_TRANSFORM}".`
        : `Top-level sections are ${allowed.join(", ")}.`);
  }
}

/** Running `sam build`'s output, as `sam local` does: say so, and how to run the sources instead. */
function samBuildNotice(file: string): string {
  const source = join(appDirOf(dirname(file)), "template.yaml");
  let older = "";
  try {
    if (statSync(file).mtimeMs < statSync(source).mtimeMs) older = " It is older than template.yaml.";
  } catch {
    // No template.yaml beside .aws-sam (or a .yml one): nothing to compare.
  }
  return `running .aws-sam/build/template.yaml, sam build's output, as sam local does: its code changes only with the next \`sam build\`.${older} ` +
    "To run the sources (with hot reload), start with -t template.yaml or remove .aws-sam";
}

/**
 * The stack `serverless deploy` would deploy: provider.stackName, else <service>-<stage>, as
 * .serverless/serverless-state.json records them; else the project directory's name.
 */
function serverlessStackName(dir: string): string {
  try {
    const state = JSON.parse(readFileSync(join(dir, "serverless-state.json"), "utf8")) as { service?: { service?: unknown; provider?: { stage?: unknown; stackName?: unknown } } };
    const { service, provider } = { service: state.service?.service, provider: state.service?.provider };
    if (typeof provider?.stackName === "string" && provider.stackName !== "") return provider.stackName;
    if (typeof service === "string" && typeof provider?.stage === "string") return `${service}-${provider.stage}`;
  } catch {
    // No state file (or not one of ours): the project directory names the stack.
  }
  return basename(dirname(dir));
}

function stackInfo(file: string, options: LoadTemplateOptions, imports: Record<string, string> = {}): StackInfo {
  const dir = dirname(file);
  const cdkStack = /^(.+)\.template\.json$/.exec(basename(file));
  const stackName = options.stackName ?? sanitizeStackName(cdkStack && basename(dir) === "cdk.out" ? cdkStack[1] : basename(dir) === ".serverless" ? serverlessStackName(dir) : basename(appDirOf(dir)));
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  const urlSuffix = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  const stackId = stackArn(partition, region, accountId, stackName);
  return { file, dir, stackName, region, accountId, partition, urlSuffix, stackId, ...(options.appUrl ? { appUrl: options.appUrl } : {}), ...(options.edgeUrl ? { edgeUrl: options.edgeUrl } : {}), ...(Object.keys(imports).length > 0 ? { imports } : {}) };
}

function resolveResources(stack: Stack): ResolvedResource[] {
  const out: ResolvedResource[] = [];
  for (const resource of stack.resources.values()) {
    if (!resource.included) continue;
    const properties = stack.resolve(resource.properties);
    const identity = stack.identity(resource.logicalId);
    out.push({
      logicalId: resource.logicalId,
      type: resource.type,
      properties: isRecord(properties) ? properties : {},
      ref: identity.ref,
      attributes: identity.attributes,
      line: resource.line,
    });
  }
  return out;
}

function resolveOutputs(stack: Stack, section: unknown): AppModel["outputs"] {
  const outputs: AppModel["outputs"] = {};
  if (!isRecord(section)) return outputs;
  for (const [name, output] of Object.entries(section)) {
    if (!isRecord(output)) continue;
    if (typeof output.Condition === "string" && !stack.condition(output.Condition, output, "Outputs")) continue;
    const value = stack.resolve(output.Value, "Outputs");
    if (value === NO_VALUE || value === undefined) {
      throw templateError(`Template format error: Output ${name} is malformed. The Value field must not be empty.`, { file: stack.info.file, line: keyLineOf(section, name) });
    }
    const text = Array.isArray(value) ? value.map(String).join(",") : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
    outputs[name] = { value: text };
    const description = stack.resolve(output.Description, "Outputs");
    if (typeof description === "string") outputs[name].description = description;
    const exportName = isRecord(output.Export) ? stack.resolve(output.Export.Name, "Outputs") : undefined;
    if (typeof exportName === "string") outputs[name].exportName = exportName;
  }
  return outputs;
}
