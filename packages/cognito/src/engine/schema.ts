/** A pool's attribute schema: AWS's standard attributes plus the pool's custom ones. */
import { InvalidParameterException, NotAuthorizedException } from "../errors.js";
import type { Client } from "./state.js";

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
  DeveloperOnlyAttribute?: boolean;
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
    .map((e) => ({ ...e, Name: customName(e), DeveloperOnlyAttribute: e.DeveloperOnlyAttribute === true, Mutable: e.Mutable ?? true, Required: false }));
  return [...standard, ...custom];
}

/** A custom attribute's name in DescribeUserPool and user attributes: developer-only ones are "dev:custom:<name>" (API reference, DescribeUserPool example). */
function customName(e: SchemaEntry): string {
  return `${e.DeveloperOnlyAttribute === true ? "dev:" : ""}custom:${String(e.Name)}`;
}

function customNames(schema: unknown): Set<string> {
  return new Set(entries(schema).filter((e) => !STANDARD_ATTRIBUTES.has(String(e.Name))).map(customName));
}

const STANDARD_TYPES = new Map(STANDARD);

/**
 * CreateUserPool's Schema as AWS checks it: a standard attribute keeps its data type and cannot be
 * developer-only (AWS's text, quoted in a user's Terraform configuration for email_verified); a custom
 * attribute cannot be required (serverless-cognito-manager#4, terraform-provider-aws#18430) and needs
 * an AttributeDataType (sst#1645, amplify-cli#9960).
 */
export function checkSchema(schema: unknown): void {
  for (const e of entries(schema)) {
    const standardType = STANDARD_TYPES.get(String(e.Name));
    if (standardType !== undefined) {
      if ((e.AttributeDataType !== undefined && e.AttributeDataType !== standardType) || e.DeveloperOnlyAttribute === true) {
        throw new InvalidParameterException(`You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${String(e.Name)}`);
      }
      continue;
    }
    if (e.AttributeDataType === undefined) throw new InvalidParameterException("Invalid AttributeDataType input, consider using the provided AttributeDataType enum.");
    if (e.Required === true) throw new InvalidParameterException("Required custom attributes are not supported currently.");
  }
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

/**
 * The attributes an app client names in ReadAttributes / WriteAttributes, or undefined when it names
 * none (the defaults apply: the sandbox then narrows nothing). `sub` is always readable.
 */
export function clientAttributes(client: Client, member: "ReadAttributes" | "WriteAttributes"): Set<string> | undefined {
  const names = client.config[member];
  return Array.isArray(names) && names.length > 0 ? new Set(names.map(String)) : undefined;
}

/** A sign-up or a user's own update may set only the client's WriteAttributes (AWS's text, quoted in aws-sdk-js#1084). */
export function checkWritable(client: Client, attributes: Array<{ Name: string }>): void {
  const writable = clientAttributes(client, "WriteAttributes");
  if (writable && attributes.some((a) => !writable.has(a.Name))) throw new NotAuthorizedException("A client attempted to write unauthorized attribute");
}

/** Attributes whose schema entry says Mutable: false keep the value given at sign-up or creation. */
export function checkMutable(schema: unknown, attributes: Array<{ Name: string }>): void {
  const immutable = new Set(schemaAttributes(schema).filter((a) => a.Mutable === false && a.Name !== "sub").map((a) => String(a.Name)));
  const fixed = attributes.filter((a) => immutable.has(a.Name));
  // The text AWS answers UpdateUserAttributes with (amplify-swift#3981, amplify-js#3526): one line per attribute.
  if (fixed.length > 0) throw new InvalidParameterException(fixed.map((a) => `user.${a.Name}: Attribute cannot be updated.\n`).join(""));
}
