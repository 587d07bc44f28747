/** A pool's attribute schema: AWS's standard attributes plus the pool's custom ones. */
import { InvalidParameterException, NotAuthorizedException } from "../errors.js";
import { MAX_ATTRIBUTE_VALUE_LENGTH } from "../limits.js";
import type { Client } from "./state.js";

// OpenID Connect standard attributes every pool has (Cognito developer guide, "Standard attributes").
const STANDARD: Array<[string, string]> = [
  ["sub", "String"], ["name", "String"], ["given_name", "String"], ["family_name", "String"], ["middle_name", "String"],
  ["nickname", "String"], ["preferred_username", "String"], ["profile", "String"], ["picture", "String"], ["website", "String"],
  ["email", "String"], ["email_verified", "Boolean"], ["gender", "String"], ["birthdate", "String"], ["zoneinfo", "String"],
  ["locale", "String"], ["phone_number", "String"], ["phone_number_verified", "Boolean"], ["address", "String"], ["updated_at", "Number"],
];

export const STANDARD_ATTRIBUTES = new Set(STANDARD.map(([name]) => name));

// Standard String attributes whose lengths are not 0–2048: birthdate is YYYY-MM-DD (AWS's answers: the AWS
// CLI's describe-user-pool example, and the schema a user of amplify-js#6138 printed both give 10–10).
const STANDARD_LENGTHS: Record<string, { MinLength: string; MaxLength: string }> = {
  sub: { MinLength: "1", MaxLength: "2048" },
  birthdate: { MinLength: "10", MaxLength: "10" },
};

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
    if (type === "String") base.StringAttributeConstraints = standardLengths(name, override?.StringAttributeConstraints);
    if (type === "Number") base.NumberAttributeConstraints = { MinValue: "0" };
    if (override?.Mutable !== undefined && name !== "sub") base.Mutable = override.Mutable;
    return base;
  });
  const custom = entries(schema)
    .filter((e) => !STANDARD_ATTRIBUTES.has(String(e.Name)))
    .map((e) => ({ ...ownConstraints(e), Name: customName(e), DeveloperOnlyAttribute: e.DeveloperOnlyAttribute === true, Mutable: e.Mutable ?? true, Required: false }));
  return [...standard, ...custom];
}

/**
 * A standard String attribute's lengths: those CreateUserPool gave it (a bound left out keeps AWS's),
 * as AWS answers them back (terraform-provider-aws's docs ask for string_attribute_constraints on
 * standard attributes such as email to match what DescribeUserPool returns; hashicorp/terraform#17068
 * reads email's 7–100 back).
 */
function standardLengths(name: string, given: unknown): { MinLength: string; MaxLength: string } {
  const standard = STANDARD_LENGTHS[name] ?? { MinLength: "0", MaxLength: "2048" };
  if (name === "sub" || typeof given !== "object" || given === null) return standard;
  const bounds = given as Bounds;
  return { MinLength: boundText(bounds, "MinLength", WHOLE) ?? standard.MinLength, MaxLength: boundText(bounds, "MaxLength", WHOLE) ?? standard.MaxLength };
}

/**
 * A custom attribute keeps the constraints of its own data type only: a Number attribute given
 * StringAttributeConstraints too is answered with its NumberAttributeConstraints alone (the SDK's
 * CreateUserPool example "Example user pool with email and username sign-in", dev:custom:mydev).
 */
function ownConstraints(e: SchemaEntry): SchemaEntry {
  const { StringAttributeConstraints, NumberAttributeConstraints, ...rest } = e;
  return {
    ...rest,
    ...(e.AttributeDataType === "String" && StringAttributeConstraints !== undefined ? { StringAttributeConstraints } : {}),
    ...(e.AttributeDataType === "Number" && NumberAttributeConstraints !== undefined ? { NumberAttributeConstraints } : {}),
  };
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
      checkConstraints(e, String(e.Name));
      continue;
    }
    if (e.AttributeDataType === undefined) throw new InvalidParameterException("Invalid AttributeDataType input, consider using the provided AttributeDataType enum.");
    if (e.Required === true) throw new InvalidParameterException("Required custom attributes are not supported currently.");
    checkConstraints(e, customName(e));
  }
}

// A length is a whole number; a Number attribute's bound any decimal number (NumberAttributeConstraintsType: "Must be a number").
const WHOLE = /^\d+$/;
export const NUMBER_FORMAT = /^-?\d+(\.\d+)?$/;
export const BOOLEAN_FORMAT = /^(true|false)$/i;

interface Bounds {
  [bound: string]: unknown;
}

/** A constraint's bound as its text, undefined when absent, null when it does not match `pattern`. */
function boundText(bounds: Bounds, member: string, pattern: RegExp): string | undefined | null {
  const value = bounds[member];
  if (value === undefined || value === null || value === "") return undefined;
  // A template's YAML may give the bound as a number; the API takes it as a string.
  const text = typeof value === "number" ? String(value) : value;
  return typeof text === "string" && pattern.test(text) ? text : null;
}

/** A constraint's bound as a number, or undefined when absent; `invalid` when it does not match `pattern`. */
function boundOf(bounds: Bounds, member: string, pattern: RegExp, invalid: () => Error): number | undefined {
  const text = boundText(bounds, member, pattern);
  if (text === null) throw invalid();
  return text === undefined ? undefined : Number(text);
}

/**
 * StringAttributeConstraints / NumberAttributeConstraints of an attribute with an AttributeDataType,
 * with the texts of moto's tests test_create_user_pool_invalid_schema_values,
 * ..._string_schema_max_length_over_2048 and ..._schema_min_bigger_than_max; `name` is the attribute
 * as DescribeUserPool names it.
 */
function checkConstraints(e: SchemaEntry, name: string): void {
  if (e.AttributeDataType === "String" && typeof e.StringAttributeConstraints === "object" && e.StringAttributeConstraints !== null) {
    const bounds = e.StringAttributeConstraints as Bounds;
    const invalid = () => new InvalidParameterException(`Invalid StringAttributeConstraints for schema attribute ${name}`);
    const min = boundOf(bounds, "MinLength", WHOLE, invalid);
    const max = boundOf(bounds, "MaxLength", WHOLE, invalid);
    if ((min ?? 0) > MAX_ATTRIBUTE_VALUE_LENGTH || (max ?? 0) > MAX_ATTRIBUTE_VALUE_LENGTH) {
      throw new InvalidParameterException(`user.${name}: String attributes cannot have a length of more than ${MAX_ATTRIBUTE_VALUE_LENGTH}`);
    }
    if (min !== undefined && max !== undefined && min > max) throw new InvalidParameterException(`user.${name}: Max length cannot be less than min length.`);
  }
  if (e.AttributeDataType === "Number" && typeof e.NumberAttributeConstraints === "object" && e.NumberAttributeConstraints !== null) {
    const bounds = e.NumberAttributeConstraints as Bounds;
    const invalid = () => new InvalidParameterException(`Invalid NumberAttributeConstraints for schema attribute ${name}`);
    const min = boundOf(bounds, "MinValue", NUMBER_FORMAT, invalid);
    const max = boundOf(bounds, "MaxValue", NUMBER_FORMAT, invalid);
    if (min !== undefined && max !== undefined && min > max) throw new InvalidParameterException(`user.${name}: Max value cannot be less than min value.`);
  }
}

/**
 * The start of AWS's answer when SignUp or AdminCreateUser attributes do not fit the schema; one line
 * follows per attribute, each ending in a newline ("Attributes did not conform to the schema:
 * custom:firstName: Attribute does not exist in the schema.\ncustom:lastName: …\n", amplify-flutter#509,
 * amplify-js#2167; "given_name: The attribute is required.\nfamily_name: The attribute is required.\n…"
 * for a sign-up without the pool's required attributes, as a user quoted AWS's answer).
 */
const NOT_CONFORMING = "Attributes did not conform to the schema: ";

function unknownNames(schema: unknown, attributes: Array<{ Name: string }>): string[] {
  const custom = customNames(schema);
  return [...new Set(attributes.map((a) => a.Name))].filter((name) => !STANDARD_ATTRIBUTES.has(name) && !custom.has(name));
}

/** A new user's attributes the schema does not define (SignUp, AdminCreateUser): all of them are named. */
export function checkAttributeNames(schema: unknown, attributes: Array<{ Name: string }>): void {
  const unknown = unknownNames(schema, attributes);
  if (unknown.length > 0) throw new InvalidParameterException(NOT_CONFORMING + unknown.map((name) => `${name}: Attribute does not exist in the schema.\n`).join(""));
}

/**
 * An update's attributes the schema does not define (UpdateUserAttributes, AdminUpdateUserAttributes):
 * AWS names each as "user.<name>" ("user.update_email: Attribute does not exist in the schema.\n", an
 * UpdateUserAttributes answer quoted in a security write-up), as it does for an immutable attribute.
 */
export function checkUpdatedNames(schema: unknown, attributes: Array<{ Name: string }>): void {
  const unknown = unknownNames(schema, attributes);
  if (unknown.length > 0) throw new InvalidParameterException(unknown.map((name) => `user.${name}: Attribute does not exist in the schema.\n`).join(""));
}

/** The pool's required standard attributes `attributes` lacks, in schema order. */
export function missingRequired(schema: unknown, attributes: Record<string, string>): string[] {
  const required = entries(schema).filter((e) => e.Required === true).map((e) => String(e.Name));
  return [...new Set(required)].filter((name) => STANDARD_ATTRIBUTES.has(name) && attributes[name] === undefined);
}

/**
 * Required attributes missing from a sign-up. AdminCreateUser does not check them (API reference,
 * AdminCreateUser UserAttributes: the user may supply them later; they are asked for in the
 * NEW_PASSWORD_REQUIRED challenge).
 */
export function checkRequiredAttributes(schema: unknown, attributes: Record<string, string>): void {
  const missing = missingRequired(schema, attributes);
  if (missing.length > 0) throw new InvalidParameterException(NOT_CONFORMING + missing.map((name) => `${name}: The attribute is required.\n`).join(""));
}

// The formats Cognito holds the standard email and phone_number attributes to (developer guide,
// "Standard attributes": a phone number is "+", the country code and digits only).
export const EMAIL_FORMAT = /^[^@\s]+@[^@\s]+$/;
export const PHONE_FORMAT = /^\+[0-9]{4,20}$/;

/**
 * An email or phone_number value in the wrong format, with AWS's texts ("Invalid email address format."
 * answered to a sign-up with the email "asdfasdf", amplify-js#5313; "Invalid phone number format.",
 * amazon-cognito-identity-js#316). A blank value in an update deletes the attribute and is not checked.
 */
export function checkFormats(attributes: Array<{ Name: string; Value?: string }>, blankDeletes: boolean): void {
  for (const { Name, Value } of attributes) {
    if (blankDeletes && (Value === undefined || Value === "")) continue;
    if (Name === "email" && !EMAIL_FORMAT.test(Value ?? "")) throw new InvalidParameterException("Invalid email address format.");
    if (Name === "phone_number" && !PHONE_FORMAT.test(Value ?? "")) throw new InvalidParameterException("Invalid phone number format.");
  }
}

/** A new user's attribute without a Value (AWS's text to AdminCreateUser, quoted in aws-saas-factory-eks-reference-architecture#53). */
export function checkValuesGiven(attributes: Array<{ Name: string; Value?: string }>): void {
  const empty = attributes.find((a) => a.Value === undefined || a.Value === null);
  if (empty) throw new InvalidParameterException(`Attribute value for ${empty.Name} must not be null`);
}

/**
 * The attributes an app client names in ReadAttributes / WriteAttributes, or undefined when it names
 * none (the defaults apply: the sandbox then narrows nothing). `sub` is always readable.
 */
export function clientAttributes(client: Client, member: "ReadAttributes" | "WriteAttributes"): Set<string> | undefined {
  const names = client.config[member];
  return Array.isArray(names) && names.length > 0 ? new Set(names.map(String)) : undefined;
}

const VERIFIED_FLAGS = new Set(["email_verified", "phone_number_verified"]);

/**
 * A sign-up or a user's own update may set only the client's WriteAttributes (AWS's text, quoted in
 * aws-sdk-js#1084), and never a developer-only "dev:custom:" attribute: those are read-only to every
 * app client, set only with IAM credentials through the Admin* actions (SchemaAttributeType
 * DeveloperOnlyAttribute).
 */
export function checkWritable(client: Client, attributes: Array<{ Name: string }>, signUp = false): void {
  const writable = clientAttributes(client, "WriteAttributes");
  // A sign-up cannot verify its own email or phone number (aws-sdk-js#3603; no client's WriteAttributes may name the flags).
  const refused = (name: string) => name.startsWith("dev:") || (signUp && VERIFIED_FLAGS.has(name)) || (writable !== undefined && !writable.has(name));
  if (attributes.some((a) => refused(a.Name))) {
    throw new NotAuthorizedException("A client attempted to write unauthorized attribute");
  }
}

/** Attributes whose schema entry says Mutable: false keep the value given at sign-up or creation; `sub` is one of them. */
export function checkMutable(schema: unknown, attributes: Array<{ Name: string }>): void {
  const immutable = new Set(schemaAttributes(schema).filter((a) => a.Mutable === false).map((a) => String(a.Name)));
  const fixed = attributes.filter((a) => immutable.has(a.Name));
  // The text AWS answers UpdateUserAttributes with (amplify-swift#3981, amplify-js#3526): one line per attribute.
  if (fixed.length > 0) throw new InvalidParameterException(fixed.map((a) => `user.${a.Name}: Attribute cannot be updated.\n`).join(""));
}

/** A bound of a custom attribute's schema entry: its value and its text as the schema gives it. */
interface Bound {
  value: number;
  text: string;
}

/** What a custom attribute's value must be: its AttributeDataType and the bounds its schema entry gives. */
export interface ValueRule {
  type: string;
  minLength?: Bound;
  maxLength?: Bound;
  minValue?: Bound;
  maxValue?: Bound;
}

function storedBound(bounds: unknown, member: string, pattern: RegExp): Bound | undefined {
  if (typeof bounds !== "object" || bounds === null) return undefined;
  const text = boundText(bounds as Bounds, member, pattern);
  return typeof text === "string" ? { value: Number(text), text } : undefined;
}

/** Each custom attribute's rule, by the name users give it ("custom:<name>", "dev:custom:<name>"). */
export function valueRules(schema: unknown): Map<string, ValueRule> {
  const rules = new Map<string, ValueRule>();
  for (const e of entries(schema)) {
    if (STANDARD_ATTRIBUTES.has(String(e.Name))) continue;
    rules.set(customName(e), {
      type: String(e.AttributeDataType),
      minLength: storedBound(e.StringAttributeConstraints, "MinLength", WHOLE),
      maxLength: storedBound(e.StringAttributeConstraints, "MaxLength", WHOLE),
      minValue: storedBound(e.NumberAttributeConstraints, "MinValue", NUMBER_FORMAT),
      maxValue: storedBound(e.NumberAttributeConstraints, "MaxValue", NUMBER_FORMAT),
    });
  }
  return rules;
}

// The texts a user import job's log already gives a Number or Boolean column's bad value: no AWS answer to
// the API could be found for these, nor for a Number out of its range, worded here after AWS's String texts.
export const NOT_A_NUMBER = "The value must be a number.";
export const NOT_A_BOOLEAN = "The value must be true or false.";

/**
 * Why `value` does not fit `rule`, or undefined when it does. The String texts are AWS's
 * ("user.custom:cart_uuid: String must be no shorter than 36 characters\n" answered to UpdateUserAttributes
 * in a project's recorded AWS tests; "…: String must be no longer than 10 characters" in an app matching
 * AWS's answer). A length counts UTF-16 units, as Java's String does. DateTime values are not checked:
 * no source says which forms Cognito takes, and refusing one AWS accepts would break the app.
 */
export function valueProblem(rule: ValueRule, value: string): string | undefined {
  if (rule.type === "String") {
    if (rule.minLength && value.length < rule.minLength.value) return `String must be no shorter than ${rule.minLength.text} characters`;
    if (rule.maxLength && value.length > rule.maxLength.value) return `String must be no longer than ${rule.maxLength.text} characters`;
  }
  if (rule.type === "Number") {
    if (!NUMBER_FORMAT.test(value)) return NOT_A_NUMBER;
    if (rule.minValue && Number(value) < rule.minValue.value) return `Number must be no less than ${rule.minValue.text}`;
    if (rule.maxValue && Number(value) > rule.maxValue.value) return `Number must be no greater than ${rule.maxValue.text}`;
  }
  if (rule.type === "Boolean" && !BOOLEAN_FORMAT.test(value)) return NOT_A_BOOLEAN;
  return undefined;
}

/** Each given custom attribute's problem, one line each as AWS lists schema problems; a blank value in an update deletes and is not checked. */
function valueLines(schema: unknown, attributes: Array<{ Name: string; Value?: string }>, prefix: string, blankDeletes: boolean): string[] {
  const rules = valueRules(schema);
  const lines: string[] = [];
  for (const { Name, Value } of attributes) {
    const rule = rules.get(Name);
    if (!rule || (blankDeletes && (Value === undefined || Value === ""))) continue;
    const problem = valueProblem(rule, Value ?? "");
    if (problem !== undefined) lines.push(`${prefix}${Name}: ${problem}\n`);
  }
  return lines;
}

/** A new user's custom attribute values against their schema entries (SignUp, AdminCreateUser), after the same start as an unknown attribute. */
export function checkValues(schema: unknown, attributes: Array<{ Name: string; Value?: string }>): void {
  const lines = valueLines(schema, attributes, "", false);
  if (lines.length > 0) throw new InvalidParameterException(NOT_CONFORMING + lines.join(""));
}

/** An update's custom attribute values (UpdateUserAttributes, AdminUpdateUserAttributes): each named "user.<name>", as AWS names them. */
export function checkUpdatedValues(schema: unknown, attributes: Array<{ Name: string; Value?: string }>): void {
  const lines = valueLines(schema, attributes, "user.", true);
  if (lines.length > 0) throw new InvalidParameterException(lines.join(""));
}
