import { describe, expect, it } from "vitest";
import { checkCss } from "../src/engine/settings/uiCustomization.js";
import { validCidr } from "../src/engine/settings/riskConfiguration.js";

describe("checkCss (SetUICustomization)", () => {
  it("takes the classic hosted UI's classes, pseudo-classes included, with comments and several rules", () => {
    expect(() => checkCss("/* template */ .label-customizable { font-weight: 400; }\n.submitButton-customizable:hover, .idpButton-customizable:hover { color: #fff; }")).not.toThrow();
    expect(() => checkCss("")).not.toThrow();
  });

  it("refuses any other selector", () => {
    expect(() => checkCss(".label-customizable {color: red;} body {color: red;}")).toThrow("CSS class body is not one of the classes the hosted UI can customize.");
    expect(() => checkCss(".inputField-customizable:hover {color: red;}")).toThrow(/inputField-customizable:hover/);
  });

  it("reads the largest CSS the API takes (131072 characters) in linear time, braces or comments left open", () => {
    for (const css of ["a".repeat(131072), "/*".repeat(65536), "{".repeat(131072), ".label-customizable { color: red; }".padEnd(131072, " ")]) {
      const started = performance.now();
      checkCss(css);
      // The backtracking patterns took 10 s and more (the event loop blocked for every service).
      expect(performance.now() - started).toBeLessThan(500);
    }
  });

  it("reads a selector as the text after the previous brace, a block opened twice closing the last", () => {
    expect(() => checkCss("junk { .label-customizable { color: red; }")).not.toThrow();
    expect(() => checkCss(".label-customizable { color: red; } .x { }")).toThrow("CSS class .x is not one of the classes the hosted UI can customize.");
    expect(() => checkCss("/* .x { } */ .label-customizable { }")).not.toThrow();
    expect(() => checkCss("/* .x { } .label-customizable { }")).toThrow(/CSS class \/\* \.x is not/);
  });

  it("refuses @-rules and JavaScript", () => {
    for (const css of ["@import url(a.css);", "@media screen { .label-customizable {color: red;} }", ".logo-customizable { background: url(javascript:alert(1)); }"]) {
      expect(() => checkCss(css)).toThrow("CSS must not contain @import, @supports, @page or @media statements or JavaScript.");
    }
  });
});

describe("validCidr (RiskExceptionConfiguration)", () => {
  it("takes IPv4 and IPv6 ranges with a prefix length in range", () => {
    for (const range of ["192.0.2.0/24", "0.0.0.0/0", "10.1.2.3/32", "2001:db8::/32", "::/0"]) expect(validCidr(range)).toBe(true);
  });

  it("refuses addresses without a prefix, prefixes out of range and junk", () => {
    for (const range of ["192.0.2.1", "192.0.2.0/33", "2001:db8::/129", "192.0.2.0/24/1", "192.0.2.0/x", "example.com/24", ""]) expect(validCidr(range)).toBe(false);
  });
});
