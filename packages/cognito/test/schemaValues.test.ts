import { describe, expect, it } from "vitest";
import { valueProblem, valueRules } from "../src/engine/schema.js";

describe("valueRules", () => {
  it("keys custom attributes by the names users give them and keeps their bounds' texts", () => {
    const rules = valueRules([
      { Name: "email", AttributeDataType: "String", Required: true },
      { Name: "nick", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "1", MaxLength: "10" } },
      // A template's YAML may give bounds as numbers.
      { Name: "price", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: 0.5, MaxValue: "99.50" } },
      { Name: "plan", AttributeDataType: "String", DeveloperOnlyAttribute: true },
    ]);
    expect([...rules.keys()]).toEqual(["custom:nick", "custom:price", "dev:custom:plan"]);
    expect(rules.get("custom:price")).toMatchObject({ minValue: { value: 0.5, text: "0.5" }, maxValue: { value: 99.5, text: "99.50" } });
    expect(rules.get("dev:custom:plan")).toEqual({ type: "String" });
  });

  it("leaves out a bound that is not a number", () => {
    const rules = valueRules([{ Name: "n", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "low", MaxValue: "" } }]);
    expect(rules.get("custom:n")).toEqual({ type: "Number" });
  });
});

describe("valueProblem", () => {
  const rule = (schema: Record<string, unknown>) => valueRules([{ Name: "a", ...schema }]).get("custom:a") ?? { type: "none" };

  it("measures a String in UTF-16 units, as Java does, at both ends of its range", () => {
    const nick = rule({ AttributeDataType: "String", StringAttributeConstraints: { MinLength: "2", MaxLength: "3" } });
    expect(valueProblem(nick, "a")).toBe("String must be no shorter than 2 characters");
    expect(valueProblem(nick, "ab")).toBeUndefined();
    expect(valueProblem(nick, "abc")).toBeUndefined();
    expect(valueProblem(nick, "😀😀")).toBe("String must be no longer than 3 characters");
  });

  it("takes a Number's bounds as inclusive and compares decimals by value", () => {
    const price = rule({ AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "-1.5", MaxValue: "10" } });
    expect(valueProblem(price, "-1.5")).toBeUndefined();
    expect(valueProblem(price, "10.0")).toBeUndefined();
    expect(valueProblem(price, "10.01")).toBe("Number must be no greater than 10");
    expect(valueProblem(price, "-2")).toBe("Number must be no less than -1.5");
    expect(valueProblem(price, "1e3")).toBe("The value must be a number.");
    expect(valueProblem(price, "")).toBe("The value must be a number.");
  });

  it("takes true or false in any case for a Boolean, and any value for a DateTime", () => {
    const member = rule({ AttributeDataType: "Boolean" });
    expect(valueProblem(member, "False")).toBeUndefined();
    expect(valueProblem(member, "1")).toBe("The value must be true or false.");
    expect(valueProblem(rule({ AttributeDataType: "DateTime" }), "whenever")).toBeUndefined();
  });
});
