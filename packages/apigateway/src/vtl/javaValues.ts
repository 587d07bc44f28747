/**
 * The values a mapping template holds are Java's: API Gateway renders templates with Apache
 * Velocity 1.7 on Java, and $input.path / $util.parseJson give Java maps, lists, Strings,
 * Integers and Doubles. JavaScript has one number type; a JavaScript number stands for a Java
 * integer (Integer / Long) here, a JavaDouble for a Java Double, so that `10.00` in the body
 * renders `10.0` (as Double.toString writes it) and `7 / 2` is 3, as on AWS.
 */

/** A Java Double: rendered, compared and serialized as Java does. */
export class JavaDouble {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value;
  }

  toString(): string {
    return javaDoubleString(this.value);
  }

  /** Written into text (`"" + d`, as velocityjs appends a reference) as Java writes it; a number in arithmetic. */
  [Symbol.toPrimitive](hint: string): string | number {
    return hint === "number" ? this.value : this.toString();
  }
}

/**
 * Java's Double.toString: plain decimals from 10^-3 to 10^7 with at least one digit after the
 * point (`10.0`), computerized scientific notation outside it (`1.0E7`, `1.5E-4`).
 */
export function javaDoubleString(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes(".") ? text : `${text}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A Java number: an integer (a number, or a bigint past 2^53: a Long or BigInteger), or a Double. */
export type JavaNumber = number | bigint | JavaDouble;

export function isJavaNumber(value: unknown): value is JavaNumber {
  return typeof value === "number" || typeof value === "bigint" || value instanceof JavaDouble;
}

/** Compares two numbers by value: -1, 0 or 1 (MathUtils.compare), exactly for integers past 2^53. */
export function compareNumbers(left: JavaNumber, right: JavaNumber): number {
  if (typeof left === "bigint" || typeof right === "bigint") {
    if (left instanceof JavaDouble || right instanceof JavaDouble) return Math.sign(Number(left) - Number(right));
    const a = BigInt(left as number | bigint);
    const b = BigInt(right as number | bigint);
    return a === b ? 0 : a < b ? -1 : 1;
  }
  const a = Number(left);
  const b = Number(right);
  return a === b ? 0 : a < b ? -1 : 1;
}

/** One of a Map's entrySet(): $e.key / $e.getKey(), $e.value / $e.getValue(), written `key=value`. */
export class JavaEntry {
  constructor(
    readonly key: string,
    readonly value: unknown,
  ) {}

  getKey(): string {
    return this.key;
  }

  getValue(): unknown {
    return this.value;
  }

  toString(): string {
    return `${this.key}=${javaString(this.value)}`;
  }
}

/** A Java Map: what a JSON object, a `{}` literal or $input.params() is. */
export function isJavaMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof JavaDouble) && !(value instanceof JavaEntry);
}

/**
 * Velocity 1.7's truth of a condition (#if, !, &&, ||): "$foo is a boolean (true/false) which has
 * a true value, or the value is not null" (Velocity 1.7 User Guide, "If / ElseIf / Else"). An empty
 * string, 0 and an empty list are true.
 */
export function velocityTruth(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return value !== undefined && value !== null;
}

/** Java's equals(): Integer 1 is not Double 1.0; lists and maps compare their members. */
export function javaEquals(left: unknown, right: unknown): boolean {
  if (left === undefined || left === null || right === undefined || right === null) return (left ?? null) === (right ?? null);
  if (isJavaNumber(left) || isJavaNumber(right)) {
    return isJavaNumber(left) && isJavaNumber(right) && left instanceof JavaDouble === right instanceof JavaDouble && compareNumbers(left, right) === 0;
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    return Array.isArray(left) && Array.isArray(right) && left.length === right.length && left.every((item, i) => javaEquals(item, right[i]));
  }
  if (isJavaMap(left) && isJavaMap(right)) {
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && javaEquals(left[key], right[key]));
  }
  return left === right;
}

/**
 * Velocity 1.7's `==`: numbers by value whatever their class, objects of one class by equals(),
 * others by their toString() ("When the objects are of different classes, the string
 * representations are obtained by calling toString() for each object and then compared",
 * Velocity 1.7 User Guide, "Relational and Logical Operators"); null equals only null.
 */
export function velocityEquals(left: unknown, right: unknown): boolean {
  if (isJavaNumber(left) && isJavaNumber(right)) return compareNumbers(left, right) === 0;
  if (left === undefined || left === null || right === undefined || right === null) return (left ?? null) === (right ?? null);
  if (javaClass(left) === javaClass(right)) return javaEquals(left, right);
  return javaString(left) === javaString(right);
}

function javaClass(value: unknown): string {
  if (Array.isArray(value)) return "List";
  if (isJavaMap(value)) return "Map";
  return typeof value;
}

/** A value as Java's toString() writes it: {a=1, b=[x, y]} for a Map, [x, y] for a List. */
export function javaString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaString).join(", ")}]`;
  if (isJavaMap(value)) return `{${Object.entries(value).map(([key, item]) => `${key}=${javaString(item)}`).join(", ")}}`;
  if (value === undefined || value === null) return "null";
  return String(value);
}

/**
 * Velocity 1.7's arithmetic (ASTMathNode, MathUtils): both sides must be numbers, else the
 * result is null; integers stay integers (`7 / 2` is 3, the quotient truncated), a Double on
 * either side makes a Double; dividing by zero is null.
 */
export function velocityMath(operator: string, left: unknown, right: unknown): unknown {
  if (!isJavaNumber(left) || !isJavaNumber(right)) return undefined;
  const double = left instanceof JavaDouble || right instanceof JavaDouble;
  if (!double && (typeof left === "bigint" || typeof right === "bigint")) return longMath(operator, BigInt(left), BigInt(right));
  const a = Number(left);
  const b = Number(right);
  let result: number;
  switch (operator) {
    case "+":
      result = a + b;
      break;
    case "-":
      result = a - b;
      break;
    case "*":
      result = a * b;
      break;
    case "/":
      if (b === 0) return undefined;
      result = double ? a / b : Math.trunc(a / b);
      break;
    case "%":
      if (b === 0) return undefined;
      result = a % b;
      break;
    default:
      return undefined;
  }
  return double ? new JavaDouble(result) : result;
}

/** Integer arithmetic past 2^53, exact as Java's Long / BigInteger; the result a number again when it fits. */
function longMath(operator: string, a: bigint, b: bigint): unknown {
  let result: bigint;
  if (operator === "+") result = a + b;
  else if (operator === "-") result = a - b;
  else if (operator === "*") result = a * b;
  else if (b === 0n) return undefined;
  else if (operator === "/") result = a / b;
  else if (operator === "%") result = a % b;
  else return undefined;
  const small = Number(result);
  return Number.isSafeInteger(small) ? small : result;
}
