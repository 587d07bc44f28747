import { describe, expect, it } from "vitest";
import {
  addNumbers,
  compareNumbers,
  normalize,
  numberError,
  numbersEqual,
  subtractNumbers,
} from "../src/engine/numbers.js";

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a failure");
}

const OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range";
const UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
const DIGITS = "Attempting to store more than 38 significant digits in a Number";

describe("normalize", () => {
  it("returns DynamoDB's canonical plain notation", () => {
    expect(normalize("1.50")).toBe("1.5");
    expect(normalize("-0")).toBe("0");
    expect(normalize("0.000")).toBe("0");
    expect(normalize("1e3")).toBe("1000");
    expect(normalize("1E+3")).toBe("1000");
    expect(normalize("+3")).toBe("3");
    expect(normalize(".123")).toBe("0.123");
    expect(normalize("5.")).toBe("5");
    expect(normalize("0001.23")).toBe("1.23");
    expect(normalize("-17.4E37")).toBe("-174000000000000000000000000000000000000");
    expect(normalize("1.5e-3")).toBe("0.0015");
    expect(normalize("-00.0100")).toBe("-0.01");
    expect(normalize("0e125")).toBe("0");
    expect(normalize("123")).toBe("123");
  });

  it("keeps the full range: 1E-130 to 9.99…E+125", () => {
    expect(normalize("1e-130")).toBe(`0.${"0".repeat(129)}1`);
    expect(normalize("9.9999999999999999999999999999999999999E+125")).toBe(`99999999999999999999999999999999999999${"0".repeat(88)}`);
    expect(normalize("-1e125")).toBe(`-1${"0".repeat(125)}`);
  });

  it("counts significant digits without leading or trailing zeros", () => {
    expect(normalize("3.1415926535897932384626433832795028841")).toBe("3.1415926535897932384626433832795028841");
    expect(normalize("31415926535897932384626433832795028841e30")).toBe(`31415926535897932384626433832795028841${"0".repeat(30)}`);
    expect(normalize(`1${"0".repeat(100)}`)).toBe(`1${"0".repeat(100)}`);
    expect(message(() => normalize("3.14159265358979323846264338327950288419"))).toBe(DIGITS);
  });

  it("refuses magnitudes out of range", () => {
    expect(message(() => normalize("1e126"))).toBe(OVERFLOW);
    expect(message(() => normalize("11e125"))).toBe(OVERFLOW);
    expect(message(() => normalize("-1e126"))).toBe(OVERFLOW);
    expect(message(() => normalize("1e-131"))).toBe(UNDERFLOW);
    expect(message(() => normalize("0.9e-130"))).toBe(UNDERFLOW);
    expect(message(() => normalize("1e99999999999"))).toBe(OVERFLOW);
    // Zero is range-checked by the exponent it is written with.
    expect(message(() => normalize("0e126"))).toBe(OVERFLOW);
    expect(message(() => normalize("0e-131"))).toBe(UNDERFLOW);
  });

  it("refuses what is not a number, naming it", () => {
    expect(numberError("")).toBe("The parameter cannot be converted to a numeric value: ");
    // An exponent past a 64-bit integer cannot be converted at all.
    expect(numberError("1e9223372036854775808")).toBe("The parameter cannot be converted to a numeric value: 1e9223372036854775808");
    for (const text of ["NaN", "Infinity", "-Infinity", "dog", " 1", "1 ", "0x10", "1e", "--1", ".", "1,5"]) {
      expect(numberError(text)).toBe(`The parameter cannot be converted to a numeric value: ${text}`);
    }
    expect(message(() => normalize("abc"))).toBe("The parameter cannot be converted to a numeric value: abc");
  });
});

describe("compareNumbers", () => {
  it("orders numerically, whatever the notation", () => {
    expect(compareNumbers("2", "10")).toBe(-1);
    expect(compareNumbers("10", "2")).toBe(1);
    expect(compareNumbers("-10", "2")).toBe(-1);
    expect(compareNumbers("-10", "-2")).toBe(-1);
    expect(compareNumbers("1.5", "1.50")).toBe(0);
    expect(compareNumbers("1e3", "1000")).toBe(0);
    expect(compareNumbers("0", "-0")).toBe(0);
    expect(compareNumbers("0.001", "0")).toBe(1);
    expect(compareNumbers("-0.001", "0")).toBe(-1);
    expect(compareNumbers("123456789012345678901234567890", "123456789012345678901234567891")).toBe(-1);
    expect(compareNumbers("9.99e125", "1e-130")).toBe(1);
    expect(numbersEqual("100", "1E2")).toBe(true);
  });
});

describe("addNumbers / subtractNumbers", () => {
  it("adds exactly, without floating point", () => {
    expect(addNumbers("0.1", "0.2")).toBe("0.3");
    expect(addNumbers("1", "10000000000000000000000")).toBe("10000000000000000000001");
    expect(subtractNumbers("10000000000000000000000", "1")).toBe("9999999999999999999999");
    expect(addNumbers("5", "-5")).toBe("0");
    expect(subtractNumbers("1.25", "0.25")).toBe("1");
    expect(addNumbers("999999999999999", "999999999999999")).toBe("1999999999999998");
    expect(subtractNumbers("3", "7")).toBe("-4");
    expect(addNumbers("5.", "+.5")).toBe("5.5");
    expect(addNumbers("1e125", "-1e125")).toBe("0");
    expect(subtractNumbers("1E-130", "2E-130")).toBe(`-0.${"0".repeat(129)}1`);
  });

  it("throws DynamoDB's overflow errors", () => {
    expect(message(() => addNumbers("9e125", "9e125"))).toBe(OVERFLOW);
    expect(message(() => subtractNumbers("9e125", "-9e125"))).toBe(OVERFLOW);
    // A result that needs more than 38 digits is reported as an overflow too.
    expect(message(() => addNumbers("1e50", "1"))).toBe(OVERFLOW);
    expect(message(() => subtractNumbers("1e50", "1"))).toBe(OVERFLOW);
  });
});
