/**
 * Publish's MessageAttributes, checked as SNS checks them (AWS docs: "Amazon SNS message
 * attributes"): names of letters, digits, '-', '_' and '.', not starting or ending with '.'
 * nor holding "..", up to 256 characters; DataType String, Number or Binary, optionally
 * with a ".custom" suffix, or String.Array; a non-empty value in the field the type wants.
 */
import { AwsError } from "@sam-sandbox/core";
import { InvalidParameterValueException } from "../errors.js";
import { MAX_ATTRIBUTE_NAME_LENGTH } from "../limits.js";
import type { AttributeValue } from "./filter/match.js";

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export type MessageAttributes = Record<string, AttributeValue>;

/**
 * `position` (1-based) is the PublishBatch entry, for the validation path AWS reports
 * ("publishBatchRequestEntries.2.member.messageAttributes.k.member.dataType").
 */
export function checkMessageAttributes(attributes: Readonly<Record<string, Partial<AttributeValue>>>, position?: number): MessageAttributes {
  const out: MessageAttributes = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    checkName(name);
    const type = attribute.DataType;
    if (type === undefined || type === null) {
      const at = position === undefined
        ? `messageAttributes.${name}.member.dataType`
        : `publishBatchRequestEntries.${position}.member.messageAttributes.${name}.member.dataType`;
      throw new AwsError("ValidationError", `1 validation error detected: Value null at '${at}' failed to satisfy constraint: Member must not be null`, 400);
    }
    if (!DATA_TYPE.test(type) && type !== "String.Array") {
      throw new InvalidParameterValueException(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const binary = type.startsWith("Binary");
    const field = binary ? "Binary" : "String";
    const value = binary ? attribute.BinaryValue : attribute.StringValue;
    if (attribute.StringValue === undefined && attribute.BinaryValue === undefined) {
      throw new InvalidParameterValueException(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    }
    if (value === undefined) {
      throw new InvalidParameterValueException(`The message attribute '${name}' with type '${type}' must use field '${field}'.`);
    }
    if (value === "") {
      throw new InvalidParameterValueException(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    }
    if (type.startsWith("Number") && !NUMBER.test(value.trim())) {
      throw new InvalidParameterValueException(`Could not cast message attribute '${name}' value to number.`);
    }
    out[name] = binary ? { DataType: type, BinaryValue: value } : { DataType: type, StringValue: value };
  }
  return out;
}

function checkName(name: string): void {
  if (name.length > MAX_ATTRIBUTE_NAME_LENGTH) {
    throw new InvalidParameterValueException("Length of message attribute name must be less than 256 bytes.");
  }
  if (name.startsWith(".")) throw new InvalidParameterValueException("Invalid message attribute name starting with character '.' was found.");
  if (name.endsWith(".")) throw new InvalidParameterValueException("Invalid message attribute name ending with character '.' was found.");
  for (const char of name) {
    if (!NAME_CHAR.test(char)) {
      const code = `#x${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}`;
      throw new InvalidParameterValueException(
        `Invalid non-alphanumeric character '${code}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
      );
    }
  }
  if (name.includes("..")) throw new InvalidParameterValueException("Message attribute name can not have successive '.' character.");
}

/** Bytes counted against the 256 KiB limit: names, types and values. */
export function attributesSize(attributes: MessageAttributes): number {
  let size = 0;
  for (const [name, a] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(a.DataType);
    if (a.StringValue !== undefined) size += Buffer.byteLength(a.StringValue);
    if (a.BinaryValue !== undefined) size += Buffer.from(a.BinaryValue, "base64").length;
  }
  return size;
}

/** How subscribers see attributes: {"k": {"Type": "String", "Value": "v"}} (Binary as base64). */
export function deliveredAttributes(attributes: MessageAttributes): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, a] of Object.entries(attributes)) {
    out[name] = { Type: a.DataType, Value: a.BinaryValue ?? a.StringValue ?? "" };
  }
  return out;
}
