/**
 * SAM's Globals section, merged into each AWS::Serverless::* resource the way the SAM
 * translator merges it (samtranslator/plugins/globals/globals.py): maps merge key by key,
 * lists concatenate (globals first), anything else — and any intrinsic function — is
 * replaced by the resource's own value. `IgnoreGlobals` ("*" or a list) opts out.
 */
import { messages, templateError } from "./errors.js";
import { copyLocation, keyLineOf, lineOf } from "./parse/located.js";
import { intrinsicName, isRecord } from "./util.js";

/** Properties each Globals section accepts (SAM's `supported_properties`). */
export const GLOBAL_PROPERTIES: Record<string, readonly string[]> = {
  Function: [
    "Handler", "Runtime", "CodeUri", "DeadLetterQueue", "Description", "MemorySize", "Timeout", "VpcConfig",
    "Environment", "Tags", "PropagateTags", "Tracing", "KmsKeyArn", "AutoPublishAlias", "AutoPublishAliasAllProperties",
    "Layers", "DeploymentPreference", "RolePath", "PermissionsBoundary", "ReservedConcurrentExecutions",
    "ProvisionedConcurrencyConfig", "AssumeRolePolicyDocument", "EventInvokeConfig", "FileSystemConfigs",
    "CodeSigningConfigArn", "Architectures", "SnapStart", "EphemeralStorage", "FunctionUrlConfig",
    "RuntimeManagementConfig", "LoggingConfig", "RecursiveLoop", "SourceKMSKeyArn",
  ],
  Api: [
    "Auth", "Name", "DefinitionUri", "CacheClusterEnabled", "CacheClusterSize", "MergeDefinitions", "Variables",
    "EndpointConfiguration", "MethodSettings", "BinaryMediaTypes", "MinimumCompressionSize", "Cors",
    "GatewayResponses", "AccessLogSetting", "CanarySetting", "TracingEnabled", "OpenApiVersion", "Domain",
    "AlwaysDeploy", "PropagateTags",
  ],
  HttpApi: [
    "Auth", "AccessLogSettings", "StageVariables", "Tags", "CorsConfiguration", "DefaultRouteSettings", "Domain",
    "RouteSettings", "FailOnWarnings", "PropagateTags",
  ],
  SimpleTable: ["SSESpecification"],
  StateMachine: ["PropagateTags"],
  LayerVersion: ["PublishLambdaVersion"],
};

export type Globals = Map<string, Record<string, unknown>>;

export function parseGlobals(section: unknown, file: string): Globals {
  const out: Globals = new Map();
  if (section === undefined || section === null) return out;
  if (!isRecord(section)) throw templateError(messages.samGlobals("It must be a non-empty dictionary"), { file, line: lineOf(section) });
  const sections = Object.keys(GLOBAL_PROPERTIES).sort();
  for (const [name, properties] of Object.entries(section)) {
    const supported = GLOBAL_PROPERTIES[name];
    if (!supported) {
      throw templateError(messages.samGlobals(`'${name}' is not supported. Must be one of the following values - [${sections.map((s) => `'${s}'`).join(", ")}]`),
        { file, line: keyLineOf(section, name) });
    }
    if (!isRecord(properties)) throw templateError(messages.samGlobals(`Value of ${name} must be a dictionary`), { file, line: keyLineOf(section, name) });
    for (const key of Object.keys(properties)) {
      if (!supported.includes(key)) {
        throw templateError(
          messages.samGlobals(`'${key}' is not a supported property of '${name}'. Must be one of the following values - [${supported.map((s) => `'${s}'`).join(", ")}]`),
          { file, line: keyLineOf(properties, key) },
        );
      }
    }
    out.set(`AWS::Serverless::${name}`, properties);
  }
  return out;
}

/** The resource's properties with the globals for its type merged in. */
export function applyGlobals(
  globals: Globals,
  type: string,
  properties: Record<string, unknown>,
  ignoreGlobals: unknown,
  where: { file: string; line?: number; logicalId: string },
): Record<string, unknown> {
  const forType = globals.get(type);
  if (!forType || ignoreGlobals === "*") return properties;
  let applicable = forType;
  if (ignoreGlobals !== undefined) {
    if (!Array.isArray(ignoreGlobals)) {
      throw templateError(messages.samResource(where.logicalId, `Resource ${where.logicalId} has invalid resource attribute 'IgnoreGlobals'.`), where);
    }
    applicable = { ...forType };
    for (const key of ignoreGlobals) {
      if (typeof key !== "string" || !(key in applicable)) {
        throw templateError(messages.samResource(where.logicalId, `Resource ${where.logicalId} has invalid resource attribute 'IgnoreGlobals' on item '${String(key)}'.`), where);
      }
      delete applicable[key];
    }
  }
  return merge(applicable, properties) as Record<string, unknown>;
}

type Token = "primitive" | "dict" | "list";

function tokenOf(value: unknown): Token {
  if (Array.isArray(value)) return "list";
  // Intrinsic functions resolve to primitives at deploy time, so SAM treats them as such.
  if (isRecord(value)) return intrinsicName(value) || isConditionOnly(value) ? "primitive" : "dict";
  return "primitive";
}

function isConditionOnly(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === "Condition";
}

function merge(globalValue: unknown, localValue: unknown): unknown {
  const token = tokenOf(globalValue);
  if (token !== tokenOf(localValue) || token === "primitive") return localValue;
  if (token === "list") return [...(globalValue as unknown[]), ...(localValue as unknown[])];
  const g = globalValue as Record<string, unknown>;
  const l = localValue as Record<string, unknown>;
  const out: Record<string, unknown> = { ...g };
  copyLocation(l, out);
  for (const [key, value] of Object.entries(l)) out[key] = key in g ? merge(g[key], value) : value;
  return out;
}
