/**
 * DynamoDB numbers: decimal, up to 38 significant digits, magnitude 1E-130 to
 * 9.9999999999999999999999999999999999999E+125 (or zero). DynamoDB stores them
 * normalized and returns them in plain notation: "1.50" → "1.5", "1e3" → "1000",
 * "-0" → "0". Numbers are never JS floats here: plain small integers take a fast path,
 * everything else is handled as digit strings, and arithmetic uses decimal.js.
 */
import { Decimal } from "decimal.js";
import { ValidationException } from "@sam-sandbox/core";
import { ValueException } from "../errors.js";

/** DynamoDB developer guide, "Data types": numbers can have up to 38 digits of precision. */
export const MAX_SIGNIFICANT_DIGITS = 38;
/** Largest decimal exponent of a number's leading digit (9.99…E+125). */
export const MAX_EXPONENT = 125;
/** Smallest decimal exponent of a number's leading digit (1E-130). */
export const MIN_EXPONENT = -130;

/** Texts DynamoDB answers with (recorded by dynalite against DynamoDB). */
export const NUMBER_MESSAGES = {
  empty: "The parameter cannot be converted to a numeric value",
  notNumeric: (text: string) => `The parameter cannot be converted to a numeric value: ${text}`,
  tooManyDigits: "Attempting to store more than 38 significant digits in a Number",
  overflow: "Number overflow. Attempting to store a number with magnitude larger than supported range",
  underflow: "Number underflow. Attempting to store a number with magnitude smaller than supported range",
} as const;

/** A decimal as sign, significant digits (no leading or trailing zeros) and exponent. */
export interface DecimalValue {
  negative: boolean;
  /** "" for zero. */
  digits: string;
  /** Decimal exponent of the leading digit: value = 0.d1d2… × 10^(exponent + 1). */
  exponent: number;
}

// Number syntax Java's BigDecimal accepts: optional sign, digits with an optional point
// (".5" and "5." included), optional exponent. No spaces, NaN, Infinity or hex.
const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// Already canonical and exactly representable as a double: no Decimal, no copying.
const SMALL_INTEGER = /^-?[1-9]\d{0,14}$/;

const ARITHMETIC = Decimal.clone({ precision: 400, toExpNeg: -1000, toExpPos: 1000 });

/** Splits a syntactically valid number into sign, significant digits and exponent. */
export function parseDecimal(text: string): DecimalValue {
  let start = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */) {
    negative = true;
    start = 1;
  } else if (first === 43 /* + */) {
    start = 1;
  }
  let end = text.length;
  let exp10 = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 || c === 69 /* e E */) {
      end = i;
      exp10 = parseExponent(text.slice(i + 1));
      break;
    }
  }
  const dot = text.indexOf(".", start);
  let all: string;
  let fraction = 0;
  if (dot >= 0 && dot < end) {
    all = text.slice(start, dot) + text.slice(dot + 1, end);
    fraction = end - dot - 1;
  } else {
    all = text.slice(start, end);
  }
  let lead = 0;
  while (lead < all.length && all.charCodeAt(lead) === 48) lead++;
  let trail = all.length;
  while (trail > lead && all.charCodeAt(trail - 1) === 48) trail--;
  if (lead === trail) return { negative: false, digits: "", exponent: 0 };
  const digits = all.slice(lead, trail);
  // value = digits × 10^(exp10 - fraction + (all.length - trail))
  const power = exp10 - fraction + (all.length - trail);
  return { negative, digits, exponent: power + digits.length - 1 };
}

/** Exponents past any supported range only need to stay past it (no precision loss). */
function parseExponent(text: string): number {
  const value = Number.parseInt(text, 10);
  if (value > 1e9) return 1e9;
  if (value < -1e9) return -1e9;
  return value;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const INT32_MAX = 2147483647n;
const INT32_MIN = -2147483648n;

/**
 * DynamoDB's message for a number it refuses, or undefined when the number is valid, as
 * its current value checks word it: the exponent is read in full (past 64 bits the text
 * cannot be converted), and zero is range-checked by the exponent it is written with
 * ("0e126" overflows); the empty text keeps the colon.
 */
export function numberError(text: string): string | undefined {
  if (SMALL_INTEGER.test(text)) return undefined;
  if (!NUMBER_SYNTAX.test(text)) return NUMBER_MESSAGES.notNumeric(text);
  const e = exponentAt(text);
  if (e >= 0 && (text.length - e > 20 || outside(BigInt(text.slice(e + 1)), INT64_MIN, INT64_MAX))) {
    return NUMBER_MESSAGES.notNumeric(text);
  }
  return rangeError(parseDecimal(text), text);
}

/**
 * The older value checks (BatchWriteItem, transactions, Scan, PartiQL) read a number as
 * Java's BigDecimal: an exponent or scale beyond 32 bits cannot be converted, and the
 * magnitude (precision - scale) is computed in 32-bit arithmetic, which wraps
 * (1e2147483647 comes out as an underflow); the empty text has no colon.
 */
export function olderNumberError(text: string): string | undefined {
  if (text === "") return NUMBER_MESSAGES.empty;
  if (!NUMBER_SYNTAX.test(text)) return NUMBER_MESSAGES.notNumeric(text);
  const e = exponentAt(text);
  const mantissa = (e < 0 ? text : text.slice(0, e)).replace(/^[+-]/, "");
  if (e >= 0 && text.length - e > 20) return NUMBER_MESSAGES.notNumeric(text);
  const exponent = e < 0 ? 0n : BigInt(text.slice(e + 1));
  if (outside(exponent, INT32_MIN, INT32_MAX)) return NUMBER_MESSAGES.notNumeric(text);
  const dot = mantissa.indexOf(".");
  const scale = BigInt(dot < 0 ? 0 : mantissa.length - dot - 1) - exponent;
  if (outside(scale, INT32_MIN, INT32_MAX)) return NUMBER_MESSAGES.notNumeric(text);
  const digits = mantissa.replace(".", "").replace(/^0+/, "");
  if (digits !== "") {
    const magnitude = BigInt(digits.length) - scale;
    const wrapped = Number(BigInt.asIntN(32, magnitude));
    if (BigInt(wrapped) !== magnitude) {
      const leading = wrapped - 1;
      if (leading > MAX_EXPONENT) return NUMBER_MESSAGES.overflow;
      if (leading < MIN_EXPONENT) return NUMBER_MESSAGES.underflow;
    }
  }
  return numberError(text);
}

function exponentAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 || c === 69 /* e E */) return i;
  }
  return -1;
}

function outside(value: bigint, min: bigint, max: bigint): boolean {
  return value < min || value > max;
}

function rangeError(value: DecimalValue, text: string): string | undefined {
  if (value.digits === "") return zeroRangeError(text);
  if (value.exponent > MAX_EXPONENT) return NUMBER_MESSAGES.overflow;
  if (value.exponent < MIN_EXPONENT) return NUMBER_MESSAGES.underflow;
  if (value.digits.length > MAX_SIGNIFICANT_DIGITS) return NUMBER_MESSAGES.tooManyDigits;
  return undefined;
}

/** Zero's magnitude is the exponent it is written with (BigDecimal: precision - scale - 1). */
function zeroRangeError(text: string): string | undefined {
  const e = exponentAt(text);
  if (e < 0) return undefined;
  const dot = text.indexOf(".");
  const fraction = dot < 0 || dot > e ? 0 : e - dot - 1;
  const magnitude = Number(text.slice(e + 1)) - fraction;
  if (magnitude > MAX_EXPONENT) return NUMBER_MESSAGES.overflow;
  if (magnitude < MIN_EXPONENT) return NUMBER_MESSAGES.underflow;
  return undefined;
}

/** The canonical text DynamoDB stores and returns; throws DynamoDB's ValidationException. */
export function normalize(text: string): string {
  if (SMALL_INTEGER.test(text)) return text;
  const message = numberError(text);
  if (message !== undefined) throw new ValueException(message, olderNumberError(text) ?? message);
  return formatDecimal(parseDecimal(text));
}

export { normalize as normalizeNumber };

/** Plain notation without exponent, trailing zeros or negative zero. */
export function formatDecimal(value: DecimalValue): string {
  const { digits, exponent } = value;
  if (digits === "") return "0";
  const sign = value.negative ? "-" : "";
  const point = exponent + 1; // digits before the decimal point
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}0.${"0".repeat(-point)}${digits}`;
}

/** Numeric order of two valid numbers: -1, 0 or 1. */
export function compareNumbers(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  if (SMALL_INTEGER.test(a) && SMALL_INTEGER.test(b)) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return compareDecimals(parseDecimal(a), parseDecimal(b));
}

export function compareDecimals(a: DecimalValue, b: DecimalValue): -1 | 0 | 1 {
  const signA = a.digits === "" ? 0 : a.negative ? -1 : 1;
  const signB = b.digits === "" ? 0 : b.negative ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  let magnitude: -1 | 0 | 1;
  if (a.exponent !== b.exponent) magnitude = a.exponent < b.exponent ? -1 : 1;
  else magnitude = a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0; // no trailing zeros: string order is numeric order
  return signA < 0 ? (-magnitude as -1 | 0 | 1) : magnitude;
}

export function numbersEqual(a: string, b: string): boolean {
  return a === b || compareNumbers(a, b) === 0;
}

/** a + b as DynamoDB computes it for `SET x = a + b` and `ADD`; throws its overflow errors. */
export function addNumbers(a: string, b: string): string {
  if (SMALL_INTEGER.test(a) && SMALL_INTEGER.test(b)) return String(Number(a) + Number(b));
  return checkedResult(decimal(a).plus(decimal(b)));
}

/** a - b as DynamoDB computes it for `SET x = a - b`; throws its overflow errors. */
export function subtractNumbers(a: string, b: string): string {
  if (SMALL_INTEGER.test(a) && SMALL_INTEGER.test(b)) return String(Number(a) - Number(b));
  return checkedResult(decimal(a).minus(decimal(b)));
}

/** decimal.js reads every notation DynamoDB accepts once it is in plain form ("5." is not). */
function decimal(text: string): Decimal {
  return new ARITHMETIC(formatDecimal(parseDecimal(text)));
}

function checkedResult(result: Decimal): string {
  if (result.isZero()) return "0";
  const value = parseDecimal(result.toFixed());
  // DynamoDB reports a result it cannot hold in 38 digits (1e50 + 1) as an overflow.
  if (value.exponent > MAX_EXPONENT || value.digits.length > MAX_SIGNIFICANT_DIGITS) {
    throw new ValidationException(NUMBER_MESSAGES.overflow);
  }
  if (value.exponent < MIN_EXPONENT) throw new ValidationException(NUMBER_MESSAGES.underflow);
  return formatDecimal(value);
}
