/**
 * The shape checks CloudFormation makes on a template before it evaluates anything:
 * Mappings hold maps of maps of strings or lists, every output has a Value, no value is
 * null, and a resource carries only the attributes CloudFormation knows.
 */
import { messages, templateError } from "./errors.js";
import { keyLineOf, lineOf } from "./parse/located.js";
import { intrinsicName, isRecord } from "./util.js";

/** Resource attributes CloudFormation accepts next to Type and Properties (resource attribute reference). */
const RESOURCE_ATTRIBUTES = new Set([
  "Type", "Properties", "Condition", "DependsOn", "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy",
  // Custom resources (Custom::*, AWS::CloudFormation::CustomResource) may carry a Version.
  "Version",
  // Tolerated by CloudFormation and written by some generators.
  "Description",
]);

/** Mappings: name → top-level key → second-level key → string or list (AWS checks before resolving anything). */
export function checkMappings(section: unknown, file: string): void {
  if (!isRecord(section)) return;
  for (const [name, mapping] of Object.entries(section)) {
    if (!isRecord(mapping) || intrinsicName(mapping)) throw templateError(messages.mappingMember(name), { file, line: keyLineOf(section, name) });
    for (const [key, attributes] of Object.entries(mapping)) {
      if (!isRecord(attributes) || intrinsicName(attributes)) throw templateError(messages.mappingMember(key), { file, line: keyLineOf(mapping, key) });
      for (const [attribute, value] of Object.entries(attributes)) {
        if (!isMappingValue(value)) throw templateError(messages.mappingAttribute(), { file, line: keyLineOf(attributes, attribute) });
      }
    }
  }
}

function isMappingValue(value: unknown): boolean {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return true;
  return Array.isArray(value) && value.every((item) => typeof item === "string" || typeof item === "number" || typeof item === "boolean");
}

/** Every output has a Value; no output holds a null ("[/Outputs/Name/Value] 'null' values …"). */
export function checkOutputs(section: unknown, file: string): void {
  if (!isRecord(section)) return;
  for (const [name, output] of Object.entries(section)) {
    if (isRecord(output) && !Object.hasOwn(output, "Value")) throw templateError(messages.outputNoValue(), { file, line: keyLineOf(section, name) });
    checkNoNull(output, `/Outputs/${name}`, file, section, name);
  }
}

/**
 * Attributes and null property values of the plain CloudFormation resources (SAM's AWS::Serverless::*
 * pass through the SAM transform first). AWS names a property's path as /Resources/<Id>/Type/<property…>.
 */
export function checkResourceAttributes(section: unknown, file: string): void {
  if (!isRecord(section)) return;
  for (const [logicalId, body] of Object.entries(section)) {
    if (!isRecord(body) || typeof body.Type !== "string" || body.Type.startsWith("AWS::Serverless::")) continue;
    const unknown = Object.keys(body).find((key) => !RESOURCE_ATTRIBUTES.has(key));
    if (unknown !== undefined) throw templateError(messages.resourceAttribute(unknown), { file, line: keyLineOf(body, unknown) });
    if (isRecord(body.Properties)) {
      for (const [key, value] of Object.entries(body.Properties)) checkNoNull(value, `/Resources/${logicalId}/Type/${key}`, file, body.Properties, key);
    }
  }
}

function checkNoNull(value: unknown, path: string, file: string, parent: unknown, key: string | number): void {
  if (value === null) throw templateError(messages.nullValue(path), { file, line: keyLineOf(parent, key) ?? lineOf(parent) });
  if (Array.isArray(value)) value.forEach((item, i) => checkNoNull(item, `${path}/${i}`, file, value, i));
  else if (isRecord(value)) for (const [k, item] of Object.entries(value)) checkNoNull(item, `${path}/${k}`, file, value, k);
}
