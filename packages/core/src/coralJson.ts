/**
 * How an awsJson service answers a JSON value of the wrong type (a number where a string
 * is expected, a list where a structure is expected): before any constraint is checked,
 * the whole request fails with a SerializationException. The texts differ per service
 * (they come from the service's Java deserializer), so a service picks its rules.
 */
import type { ShapeType } from "./model.js";

/** A value whose JSON type does not fit its shape. Never null (null means "absent"). */
export interface TypeMismatch {
  /** The shape's type, with enum → string, intEnum → integer, union → structure. */
  readonly want: ShapeType;
  readonly value: unknown;
  /** True for a structure member; false for a list element or a map value. */
  readonly member: boolean;
  /** The Java type AWS names: "java.lang.String", "com.amazonaws.dynamodb.v20120810.KeySchemaElement",
   * "java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>". */
  readonly javaType: string;
}

export type TypeVerdict = { readonly accept: unknown } | { readonly reject: string };

export interface JsonTypeRules {
  /** Error code of the failure ("SerializationException"). */
  readonly errorCode: string;
  /** Java package of the service's generated classes, used in messages. */
  readonly javaPackage: string;
  /** Called only for a mismatch: the value AWS would use in its place, or its message. */
  mismatch(m: TypeMismatch): TypeVerdict;
  /** Checks a base64 blob; returns AWS's message when it rejects the text. */
  blob?(text: string): string | undefined;
}

const INTEGRAL = new Set<ShapeType>(["byte", "short", "integer", "long", "bigInteger"]);
const NUMERIC = new Set<ShapeType>([...INTEGRAL, "float", "double", "bigDecimal"]);

// The Java deserializer's own text when a scalar meets a list/map it cannot cast.
const CAST_MESSAGE =
  "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class " +
  "(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";
const START_OF_STRUCTURE = "Start of structure or map found where not expected";

/**
 * DynamoDB's texts, as dynalite recorded them from the real service
 * (dynalite validations/index.js checkTypes and its test helpers' assertType).
 */
export function coralJsonTypeRules(javaPackage: string): JsonTypeRules {
  return {
    errorCode: "SerializationException",
    javaPackage,
    mismatch: (m) => coralMismatch(m),
    blob: coralBase64,
  };
}

function coralMismatch(m: TypeMismatch): TypeVerdict {
  const { want, value } = m;
  const simpleName = m.javaType.slice(m.javaType.lastIndexOf(".") + 1);
  const isArray = Array.isArray(value);
  const kind = isArray ? "array" : typeof value;

  if (want === "list") {
    if (kind === "object") return { reject: START_OF_STRUCTURE };
    return { reject: m.member ? "Unexpected field type" : CAST_MESSAGE };
  }
  if (want === "map") {
    if (isArray) return { reject: `Unrecognized collection type ${m.javaType}` };
    return { reject: m.member ? "Unexpected field type" : CAST_MESSAGE };
  }
  if (want === "structure") {
    if (isArray) return { reject: `Unrecognized collection type class ${m.javaType}` };
    return { reject: m.member ? "Unexpected field type" : "Unexpected value type in payload" };
  }
  // Scalars.
  if (isArray) return { reject: `Unrecognized collection type class ${m.javaType}` };
  if (kind === "object") return { reject: START_OF_STRUCTURE };
  if (want === "timestamp" || want === "document") return { accept: value };
  if (want === "blob") {
    if (kind === "boolean" || kind === "number") return { reject: "only base-64-encoded strings are convertible to bytes" };
    return { accept: value };
  }
  if (want === "boolean") {
    if (kind === "string") {
      // "true"/"false"/"1"/"0"/"yes"/"no" convert, any case.
      const text = String(value).toUpperCase();
      if (text === "TRUE" || text === "1" || text === "YES") return { accept: true };
      if (text === "FALSE" || text === "0" || text === "NO") return { accept: false };
      return { reject: "Unexpected token received from parser" };
    }
    if (kind === "number") return { reject: `${numberToken(value)} cannot be converted to ${simpleName}` };
    return { accept: value };
  }
  if (NUMERIC.has(want)) {
    if (kind === "number") {
      // Integral members drop the fraction.
      return { accept: INTEGRAL.has(want) ? Math.floor(Number(value)) : value };
    }
    if (kind === "string") return { reject: `STRING_VALUE cannot be converted to ${simpleName}` };
    if (kind === "boolean") return { reject: `${value ? "TRUE" : "FALSE"}_VALUE cannot be converted to ${simpleName}` };
    return { accept: value };
  }
  // Strings and enums.
  if (kind === "boolean") return { reject: `${value ? "TRUE" : "FALSE"}_VALUE cannot be converted to ${simpleName}` };
  if (kind === "number") return { reject: `${numberToken(value)} cannot be converted to ${simpleName}` };
  return { accept: value };
}

function numberToken(value: unknown): string {
  return Number.isInteger(value) ? "NUMBER_VALUE" : "DECIMAL_VALUE";
}

function coralBase64(text: string): string | undefined {
  if (text.length % 4 !== 0) return `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`;
  // AWS's own spelling ("dectected").
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || Buffer.from(text, "base64").toString("base64") !== text) {
    return "Invalid last non-pad Base64 character dectected";
  }
  return undefined;
}
