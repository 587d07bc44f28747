/** A pool's attribute schema: AWS's standard attributes plus the pool's custom ones. */
import { InvalidParameterException } from "../errors.js";

// OpenID Connect standard attributes every pool has (Cognito developer guide, "Standard attributes").
const STANDARD: Array<[string, string]> = [
  ["sub", "String"], ["name", "String"], ["given_name", "String"], ["family_name", "String"], ["middle_name", "String"],
  ["nickname", "String"], ["preferred_username", "String"], ["profile", "String"], ["picture", "String"], ["website", "String"],
  ["email", "String"], ["email_verified", "Boolean"], ["gender", "String"], ["birthdate", "String"], ["zoneinfo", "String"],
  ["locale", "String"], ["phone_number", "String"], ["phone_number_verified", "Boolean"], ["address", "String"], ["updated_at", "Number"],
];

export const STANDARD_ATTRIBUTES = new Set(STANDARD.map(([name]) => name));

interface SchemaEntry {
  Name?: string;
  AttributeDataType?: string;
  Mutable?: boolean;
  Required?: boolean;
  [member: string]: unknown;
}

function entries(schema: unknown): SchemaEntry[] {
  return Array.isArray(schema) ? (schema as SchemaEntry[]) : [];
}

/** DescribeUserPool's SchemaAttributes. */
export function schemaAttributes(schema: unknown): Array<Record<string, unknown>> {
  const given = new Map(entries(schema).map((e) => [String(e.Name), e]));
  const standard = STANDARD.map(([name, type]) => {
    const override = given.get(name);
    const base: Record<string, unknown> = {
      Name: name,
      AttributeDataType: type,
      DeveloperOnlyAttribute: false,
      Mutable: name !== "sub",
      Required: name === "sub" || override?.Required === true,
    };
    if (type === "String") base.StringAttributeConstraints = name === "sub" ? { MinLength: "1", MaxLength: "2048" } : { MinLength: "0", MaxLength: "2048" };
    if (type === "Number") base.NumberAttributeConstraints = { MinValue: "0" };
    if (override?.Mutable !== undefined && name !== "sub") base.Mutable = override.Mutable;
    return base;
  });
  const custom = entries(schema)
    .filter((e) => !STANDARD_ATTRIBUTES.has(String(e.Name)))
    .map((e) => ({ ...e, Name: `custom:${String(e.Name)}`, DeveloperOnlyAttribute: false, Mutable: e.Mutable ?? true, Required: false }));
  return [...standard, ...custom];
}

function customNames(schema: unknown): Set<string> {
  return new Set(entries(schema).filter((e) => !STANDARD_ATTRIBUTES.has(String(e.Name))).map((e) => `custom:${String(e.Name)}`));
}

/** Rejects attributes the schema does not define, as AWS does. */
export function checkAttributeNames(schema: unknown, attributes: Array<{ Name: string }>): void {
  const custom = customNames(schema);
  for (const { Name } of attributes) {
    if (!STANDARD_ATTRIBUTES.has(Name) && !custom.has(Name)) {
      throw new InvalidParameterException(`Attributes did not conform to the schema: Type for attribute {${Name}} could not be determined`);
    }
  }
}

/** Required standard attributes missing from a sign-up. */
export function checkRequiredAttributes(schema: unknown, attributes: Record<string, string>): void {
  for (const e of entries(schema)) {
    const name = String(e.Name);
    if (e.Required === true && STANDARD_ATTRIBUTES.has(name) && attributes[name] === undefined) {
      throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: The attribute is required`);
    }
  }
}
