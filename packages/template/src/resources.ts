/**
 * The Resources section as the loader works with it: one entry per logical id with its
 * type, raw properties (SAM Globals already merged), Condition and DependsOn.
 */
import { messages, templateError } from "./errors.js";
import { applyGlobals } from "./globals.js";
import type { Globals } from "./globals.js";
import { keyLineOf, lineOf } from "./parse/located.js";
import { isRecord } from "./util.js";

export interface TemplateResource {
  logicalId: string;
  type: string;
  /** Raw properties (intrinsics unresolved), Globals merged for AWS::Serverless::* types. */
  properties: Record<string, unknown>;
  metadata: Record<string, unknown>;
  condition?: string;
  dependsOn: string[];
  line?: number;
  /** False when its Condition is false: the resource does not exist in the stack. */
  included: boolean;
  /** Made by the SAM transform (ServerlessRestApi, ServerlessHttpApi, <Function>Role). */
  implicit: boolean;
}

export const SERVERLESS_TRANSFORM = "AWS::Serverless-2016-10-31";

export function readResources(
  section: unknown,
  globals: Globals,
  options: { file: string; hasSamTransform: boolean; conditionHolds: (name: string, line: number | undefined) => boolean },
): Map<string, TemplateResource> {
  const { file } = options;
  if (!isRecord(section) || Object.keys(section).length === 0) throw templateError(messages.noResources(), { file, line: lineOf(section) });
  const out = new Map<string, TemplateResource>();
  const unrecognized: { type: string; line?: number }[] = [];
  for (const [logicalId, body] of Object.entries(section)) {
    const line = keyLineOf(section, logicalId);
    if (logicalId.startsWith("Fn::ForEach::")) {
      throw templateError(`${logicalId}: Fn::ForEach (AWS::LanguageExtensions) is not supported by the sandbox yet`, { file, line },
        "Write the repeated resources out one by one.");
    }
    if (!/^[A-Za-z0-9]+$/.test(logicalId)) {
      throw templateError(`Template format error: Resource name ${logicalId} is non alphanumeric.`, { file, line });
    }
    if (!isRecord(body)) throw templateError(messages.resourceNotObject(), { file, line });
    if (typeof body.Type !== "string") throw templateError(messages.resourceNoType(logicalId), { file, line });
    const type = body.Type;
    if (type.startsWith("AWS::Serverless::") && !options.hasSamTransform) unrecognized.push({ type, line });
    const rawProperties = body.Properties ?? {};
    if (!isRecord(rawProperties)) {
      throw templateError(`Template format error: Properties of resource ${logicalId} must be a map`, { file, line: keyLineOf(body, "Properties") });
    }
    const properties = type.startsWith("AWS::Serverless::")
      ? applyGlobals(globals, type, rawProperties, body.IgnoreGlobals, { file, line, logicalId })
      : rawProperties;
    const condition = body.Condition;
    if (condition !== undefined && typeof condition !== "string") {
      throw templateError(`Template format error: Condition of resource ${logicalId} must be a condition name`, { file, line: keyLineOf(body, "Condition") });
    }
    const dependsOn = body.DependsOn === undefined ? [] : Array.isArray(body.DependsOn) ? body.DependsOn : [body.DependsOn];
    if (dependsOn.some((d) => typeof d !== "string")) {
      throw templateError("Template format error: DependsOn must be a string or list of strings.", { file, line: keyLineOf(body, "DependsOn") });
    }
    out.set(logicalId, {
      logicalId,
      type,
      properties,
      metadata: isRecord(body.Metadata) ? body.Metadata : {},
      condition,
      dependsOn: dependsOn as string[],
      line,
      included: condition === undefined ? true : options.conditionHolds(condition, keyLineOf(body, "Condition")),
      implicit: false,
    });
  }
  if (unrecognized.length > 0) {
    throw templateError(messages.unrecognizedTypes([...new Set(unrecognized.map((u) => u.type))]), { file, line: unrecognized[0].line },
      `AWS::Serverless::* resources need the SAM transform: add "Transform: ${SERVERLESS_TRANSFORM}" at the top of the template.`);
  }
  return out;
}
