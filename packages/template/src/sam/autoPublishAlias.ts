/**
 * A function's AutoPublishAlias, as the SAM transform writes it (samtranslator sam_resources.py
 * SamFunction._construct_version / _construct_alias): an AWS::Lambda::Version
 * "<Function>Version<10 hex>" and an AWS::Lambda::Alias "<Function>Alias<Name>" naming that
 * version. packages/sandbox publishes and creates them at start-up as it does the template's own
 * versions and aliases (lambdaVersions.ts); the function's events then invoke the alias
 * (functions/target.ts).
 */
import { createHash } from "node:crypto";
import { messages, templateError } from "../errors.js";
import type { TemplateResource } from "../resources.js";
import type { Stack } from "../stack.js";
import { keyLineOf } from "../parse/located.js";
import { isRecord, isTrue } from "../util.js";

/** samtranslator LogicalIdGenerator.HASH_LENGTH: the version's logical id ends with this many hex digits. */
const VERSION_HASH_LENGTH = 10;

/** "<Function>Alias<Name>" (and the version it names) for a function with AutoPublishAlias; undefined without. */
export function addAutoPublishAlias(stack: Stack, resource: TemplateResource): string | undefined {
  if (resource.type !== "AWS::Serverless::Function") return undefined;
  const props = resource.properties;
  const where = { file: stack.info.file, line: keyLineOf(props, "AutoPublishAlias") ?? resource.line };
  // An empty AutoPublishAlias is none (samtranslator tests `if self.AutoPublishAlias`); an empty parameter value is refused below.
  if (props.AutoPublishAlias === undefined || props.AutoPublishAlias === null || props.AutoPublishAlias === "") {
    if (props.ProvisionedConcurrencyConfig !== undefined && props.ProvisionedConcurrencyConfig !== null) {
      // SAM's text, its spelling included.
      throw templateError(messages.samResource(resource.logicalId, "To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function"),
        { file: stack.info.file, line: keyLineOf(props, "ProvisionedConcurrencyConfig") ?? resource.line }, "Add AutoPublishAlias (e.g. live): provisioned concurrency applies to an alias.");
    }
    if (isRecord(props.DeploymentPreference) && !isFalse(props.DeploymentPreference.Enabled)) {
      throw templateError(messages.samResource(resource.logicalId, "'DeploymentPreference' requires AutoPublishAlias property to be specified."),
        { file: stack.info.file, line: keyLineOf(props, "DeploymentPreference") ?? resource.line });
    }
    return undefined;
  }
  const name = aliasName(stack, props.AutoPublishAlias);
  if (name === undefined) throw templateError(messages.samResource(resource.logicalId, "'AutoPublishAlias' must be a string or a Ref to a template parameter"), where);
  if (name === "") throw templateError(messages.samResource(resource.logicalId, "Alias name is required to create an alias"), where);
  const versionId = `${resource.logicalId}Version${versionHash(stack, props)}`;
  const aliasId = `${resource.logicalId}Alias${name}`;
  const scope = { included: resource.included, ...(resource.condition !== undefined ? { condition: resource.condition } : {}), ...(resource.line !== undefined ? { line: resource.line } : {}) };
  if (!stack.resources.has(versionId)) {
    const properties: Record<string, unknown> = { FunctionName: { Ref: resource.logicalId } };
    if (props.VersionDescription !== undefined) properties.Description = props.VersionDescription;
    stack.resources.set(versionId, { logicalId: versionId, type: "AWS::Lambda::Version", properties, metadata: {}, dependsOn: [], implicit: true, ...scope });
  }
  if (!stack.resources.has(aliasId)) {
    const properties: Record<string, unknown> = { Name: name, FunctionName: { Ref: resource.logicalId }, FunctionVersion: { "Fn::GetAtt": [versionId, "Version"] } };
    if (props.ProvisionedConcurrencyConfig !== undefined) properties.ProvisionedConcurrencyConfig = props.ProvisionedConcurrencyConfig;
    stack.resources.set(aliasId, { logicalId: aliasId, type: "AWS::Lambda::Alias", properties, metadata: {}, dependsOn: [], implicit: true, ...scope });
  }
  if (isRecord(props.DeploymentPreference) && !isFalse(props.DeploymentPreference.Enabled)) {
    stack.warnings.add(`${resource.logicalId}: DeploymentPreference (a CodeDeploy traffic shift) is not run by the sandbox; the alias ${name} names the new version at once`);
  }
  return aliasId;
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === "string" && value.toLowerCase() === "false");
}

/** A string, or a Ref to a template parameter (samtranslator _get_resolved_alias_name); undefined for anything else. */
function aliasName(stack: Stack, value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isRecord(value) && Object.keys(value).length === 1 && typeof value.Ref === "string" && stack.isValueName(value.Ref)) {
    const resolved = stack.value(value.Ref);
    return typeof resolved === "string" ? resolved : undefined;
  }
  return undefined;
}

/**
 * The version's logical id suffix: AutoPublishCodeSha256's first 10 characters, else the SHA-1 of the
 * code (CodeUri or InlineCode) with Environment and MemorySize — or of every property with
 * AutoPublishAliasAllProperties — as compact JSON with sorted keys (samtranslator LogicalIdGenerator).
 * SAM hashes the S3 location `sam package` uploads the code to; here the CodeUri as written stands for it.
 */
function versionHash(stack: Stack, props: Record<string, unknown>): string {
  const given = resolved(stack, props.AutoPublishCodeSha256);
  if (typeof given === "string" && given !== "") return given.slice(0, VERSION_HASH_LENGTH);
  let data: Record<string, unknown>;
  if (isTrue(props.AutoPublishAliasAllProperties)) {
    data = props;
  } else {
    const code = props.InlineCode !== undefined ? { ZipFile: props.InlineCode } : codeUriDict(props.CodeUri);
    data = { ...code };
    if (isRecord(props.Environment)) Object.assign(data, props.Environment);
    if (props.MemorySize !== undefined) data.MemorySize = props.MemorySize;
    if (isRecord(props.SnapStart) && props.SnapStart.ApplyOn !== undefined && props.SnapStart.ApplyOn !== "None") data.SnapStart = props.SnapStart;
  }
  return createHash("sha1").update(sortedJson(resolved(stack, data))).digest("hex").slice(0, VERSION_HASH_LENGTH);
}

/** CodeUri as the Code dict it becomes (S3Bucket/S3Key/S3ObjectVersion from a map; the path as it is otherwise). */
function codeUriDict(codeUri: unknown): Record<string, unknown> {
  if (isRecord(codeUri)) return { S3Bucket: codeUri.Bucket, S3Key: codeUri.Key, ...(codeUri.Version !== undefined ? { S3ObjectVersion: codeUri.Version } : {}) };
  return { CodeUri: codeUri };
}

/** Parameter references resolved (SAM resolves those before hashing); anything that does not resolve stays as written. */
function resolved(stack: Stack, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => resolved(stack, item));
  if (!isRecord(value)) return value;
  if (Object.keys(value).length === 1 && typeof value.Ref === "string" && stack.isValueName(value.Ref)) return stack.value(value.Ref) ?? value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolved(stack, item)]));
}

/** Python's json.dumps(data, separators=(",", ":"), sort_keys=True). */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (isRecord(value)) return `{${Object.keys(value).filter((k) => value[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(",")}}`;
  return JSON.stringify(value ?? null);
}
