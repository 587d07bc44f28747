import { describe, expect, it } from "vitest";
import { headerProblem, ImportFileError, NO_AUTO_VERIFIED, parseImportCsv, userFromRow, type ImportRules } from "../src/engine/importJobs/csv.js";
import { valueRules } from "../src/engine/schema.js";

const COLUMNS = [
  "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "email", "email_verified",
  "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address", "updated_at", "cognito:mfa_enabled", "cognito:username",
];

const rules = (over: Partial<ImportRules> = {}): ImportRules => ({
  columns: COLUMNS,
  required: [],
  autoVerified: ["email"],
  mfa: "OFF",
  numbers: new Set(["updated_at"]),
  booleans: new Set(["email_verified", "phone_number_verified"]),
  values: new Map(),
  ...over,
});

// The developer guide's sample file ("Formatting the CSV file"), its header in the guide's order.
const GUIDE_HEADER = "cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,updated_at,cognito:mfa_enabled";
const GUIDE_FILE = `${GUIDE_HEADER}
John,,John,Doe,,,,,,,johndoe@example.com,TRUE,,02/01/1985,,,+12345550100,TRUE,123 Any Street,,FALSE
Jane,,Jane,Roe,,,,,,,janeroe@example.com,TRUE,,01/01/1985,,,+12345550199,TRUE,100 Main Street,,FALSE
`;

/** A one-user file with the guide's header; `values` overrides columns by name. */
function row(values: Record<string, string>): { header: string[]; row: { line: number; values: string[] } } {
  const header = GUIDE_HEADER.split(",");
  const base: Record<string, string> = { "cognito:username": "ana", email: "ana@example.com", email_verified: "true", "cognito:mfa_enabled": "false" };
  const all = { ...base, ...values };
  return { header, row: { line: 2, values: header.map((column) => all[column] ?? "") } };
}

const outcome = (values: Record<string, string>, over: Partial<ImportRules> = {}) => {
  const { header, row: r } = row(values);
  return userFromRow(header, r, rules(over));
};

describe("parseImportCsv", () => {
  it("reads the guide's sample file: header, rows and their line numbers", () => {
    const csv = parseImportCsv(GUIDE_FILE);
    expect(csv.header).toEqual(GUIDE_HEADER.split(","));
    expect(csv.rows.map((r) => [r.line, r.values[0]])).toEqual([[2, "John"], [3, "Jane"]]);
  });

  it("takes \\, as a comma inside a value and trims white space", () => {
    const csv = parseImportCsv("cognito:username,address\n  ana , 1 Main St\\, Apt 2 \n");
    expect(csv.rows[0]?.values).toEqual(["ana", "1 Main St, Apt 2"]);
  });

  it("skips blank lines and counts them in line numbers", () => {
    const csv = parseImportCsv("cognito:username\n\nana\n");
    expect(csv.rows).toEqual([{ line: 3, values: ["ana"] }]);
  });

  it("refuses an empty file", () => {
    expect(() => parseImportCsv("")).toThrow(ImportFileError);
  });
});

describe("headerProblem", () => {
  it("accepts GetCSVHeader's columns in any order", () => {
    expect(headerProblem(GUIDE_HEADER.split(","), rules())).toBeUndefined();
  });

  it("names a column the pool does not define, a missing one and a repeated one", () => {
    expect(headerProblem([...COLUMNS, "custom:team"], rules())).toContain("custom:team");
    expect(headerProblem(COLUMNS.filter((c) => c !== "cognito:mfa_enabled"), rules())).toContain("cognito:mfa_enabled");
    expect(headerProblem([...COLUMNS, "email"], rules())).toContain("email twice");
  });
});

describe("userFromRow", () => {
  it("makes a user of a good row: booleans lower-cased, blank values left out", () => {
    const { header, row: r } = row({ email_verified: "TRUE", phone_number_verified: "FALSE", name: "Ana" });
    expect(userFromRow(header, r, rules())).toEqual({
      username: "ana",
      attributes: { name: "Ana", email: "ana@example.com", email_verified: "true", phone_number_verified: "false" },
      mfaEnabled: false,
    });
  });

  it("fails a row without any of the pool's auto-verified attributes set true, with the guide's text", () => {
    expect(outcome({ email_verified: "false" })).toEqual({ failure: NO_AUTO_VERIFIED });
    // With email and phone_number auto-verified, either one verified will do.
    expect(outcome({ email_verified: "false", phone_number: "+12345550100", phone_number_verified: "true" }, { autoVerified: ["email", "phone_number"] })).not.toHaveProperty("failure");
    // With only phone_number auto-verified, a verified email is not enough.
    expect(outcome({}, { autoVerified: ["phone_number"] })).toEqual({ failure: NO_AUTO_VERIFIED });
  });

  it("needs email when email_verified is true, and the pool's required attributes", () => {
    expect(outcome({ email: "" })).toEqual({ failure: "email: The attribute is required." });
    expect(outcome({}, { required: ["family_name"] })).toEqual({ failure: "family_name: The attribute is required." });
  });

  it("needs cognito:username without spaces", () => {
    expect(outcome({ "cognito:username": "" })).toEqual({ failure: "cognito:username: The attribute is required." });
    expect(outcome({ "cognito:username": "ana maria" })).toHaveProperty("failure");
  });

  it("holds cognito:mfa_enabled to the pool's MFA: required true with ON, false with OFF, either with OPTIONAL", () => {
    expect(outcome({ "cognito:mfa_enabled": "" })).toHaveProperty("failure");
    expect(outcome({ "cognito:mfa_enabled": "true" }, { mfa: "OFF" })).toHaveProperty("failure");
    expect(outcome({ "cognito:mfa_enabled": "false" }, { mfa: "ON" })).toHaveProperty("failure");
    expect(outcome({ "cognito:mfa_enabled": "TRUE" }, { mfa: "OPTIONAL" })).toMatchObject({ mfaEnabled: true });
  });

  it("checks formats: email, phone number, birthdate mm/dd/yyyy, numbers, booleans", () => {
    expect(outcome({ email: "not-an-email" })).toEqual({ failure: "Invalid email address format." });
    expect(outcome({ phone_number: "555-0100" })).toEqual({ failure: "Invalid phone number format." });
    expect(outcome({ birthdate: "1985-02-01" })).toHaveProperty("failure");
    expect(outcome({ birthdate: "02/01/1985" })).not.toHaveProperty("failure");
    expect(outcome({ updated_at: "yesterday" })).toHaveProperty("failure");
    expect(outcome({ updated_at: "1471453471" })).not.toHaveProperty("failure");
    expect(outcome({ phone_number_verified: "yes" })).toHaveProperty("failure");
  });

  it("holds custom attributes to their schema entries, with the API's texts", () => {
    const schema = [
      { Name: "nick", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "3", MaxLength: "5" } },
      { Name: "level", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "1", MaxValue: "3" } },
      { Name: "member", AttributeDataType: "Boolean" },
    ];
    const custom = ["custom:nick", "custom:level", "custom:member"];
    const over = { columns: [...COLUMNS, ...custom], numbers: new Set(["updated_at", "custom:level"]), booleans: new Set(["email_verified", "custom:member"]), values: valueRules(schema) };
    const header = ["cognito:username", "email", "email_verified", "cognito:mfa_enabled", ...custom];
    const user = (nick: string, level: string, member: string) => userFromRow(header, { line: 2, values: ["ana", "ana@example.com", "true", "false", nick, level, member] }, rules(over));
    expect(user("an", "", "")).toEqual({ failure: "custom:nick: String must be no shorter than 3 characters" });
    expect(user("annabel", "", "")).toEqual({ failure: "custom:nick: String must be no longer than 5 characters" });
    expect(user("", "4", "")).toEqual({ failure: "custom:level: Number must be no greater than 3" });
    expect(user("", "x", "")).toEqual({ failure: "custom:level: The value must be a number." });
    expect(user("", "", "maybe")).toEqual({ failure: "custom:member: The value must be true or false." });
    expect(user("anna", "2", "TRUE")).toMatchObject({ attributes: { "custom:nick": "anna", "custom:level": "2", "custom:member": "true" } });
  });

  it("fails a row whose number of values is not the header's", () => {
    const { header } = row({});
    expect(userFromRow(header, { line: 2, values: ["ana", "x"] }, rules())).toHaveProperty("failure");
  });

  it("fails a row longer than 16,000 characters", () => {
    expect(outcome({ address: "x".repeat(16_001) })).toHaveProperty("failure");
  });
});
