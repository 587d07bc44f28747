/**
 * A user import job's CSV file, read and checked as the developer guide's "Formatting the CSV file"
 * describes: the header is GetCSVHeader's columns in any order, values are not quoted, a comma in a
 * value is written "\,", leading and trailing white space is trimmed, each row names a user by
 * cognito:username and says cognito:mfa_enabled, and sets one of the pool's auto-verified attributes
 * to true. The per-line texts in CloudWatch Logs that the guide quotes ("The import succeeded.",
 * "The user already exists.", "The User Record does not set any of the auto verified attributes to
 * true. (Example: email_verified to true).") are used as they are; for the other refusals the guide
 * quotes none, and the API's own texts for the same mistake stand in (AdminCreateUser's "Invalid email
 * address format.", "<name>: The attribute is required.").
 */
import { parse } from "csv-parse/sync";
import { BOOLEAN_FORMAT, EMAIL_FORMAT, NOT_A_BOOLEAN, NOT_A_NUMBER, NUMBER_FORMAT, PHONE_FORMAT, valueProblem, type ValueRule } from "../schema.js";

// Developer guide, "Formatting the CSV file".
export const MAX_IMPORT_ROW_CHARACTERS = 16_000;
export const MAX_IMPORT_ROWS = 500_000;
export const MAX_IMPORT_FILE_BYTES = 100 * 1024 * 1024;

export const USERNAME_COLUMN = "cognito:username";
export const MFA_COLUMN = "cognito:mfa_enabled";

/** The guide's texts for a row's outcome in the job's log stream. */
export const IMPORT_SUCCEEDED = "The import succeeded.";
export const USER_EXISTS = "The user already exists.";
export const NO_AUTO_VERIFIED = "The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).";

/** "\," is a comma inside a value; a noncharacter stands in for it while the file is split on commas. */
const ESCAPED_COMMA = "\uFDD0";

export interface CsvRow {
  /** The row's line in the file (the header is line 1), as the log's "Line Number" gives it. */
  line: number;
  values: string[];
}

export interface ImportCsv {
  header: string[];
  rows: CsvRow[];
}

/** What the pool asks of each row. */
export interface ImportRules {
  /** GetCSVHeader's columns: the header must have each of them and no other. */
  columns: string[];
  /** Standard attributes the pool's schema marks required. */
  required: string[];
  /** AutoVerifiedAttributes: "email" and/or "phone_number". */
  autoVerified: string[];
  /** MfaConfiguration. */
  mfa: "OFF" | "ON" | "OPTIONAL";
  /** Attributes of type Number (updated_at, custom Number attributes). */
  numbers: Set<string>;
  /** Attributes of type Boolean (email_verified, phone_number_verified, custom Boolean attributes). */
  booleans: Set<string>;
  /** Custom attributes' types and bounds, by column. */
  values: Map<string, ValueRule>;
}

/** A row made into a user, or why it was not. */
export type RowOutcome = { username: string; attributes: Record<string, string>; mfaEnabled: boolean } | { failure: string };

/** The file cannot be read at all (the job then fails). */
export class ImportFileError extends Error {}

/** Splits the file into the header and its data rows; throws ImportFileError when it cannot be parsed. */
export function parseImportCsv(text: string): ImportCsv {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    const parsed: unknown = parse(text.replaceAll("\\,", ESCAPED_COMMA), { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true, relax_quotes: true });
    // With `info`, each record comes as { record, info } (csv-parse's typings give the plain rows).
    records = parsed as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    throw new ImportFileError(error instanceof Error ? error.message : String(error));
  }
  const [first, ...rest] = records;
  if (!first) throw new ImportFileError("The file has no header row.");
  const restore = (value: string) => value.replaceAll(ESCAPED_COMMA, ",");
  return {
    header: first.record.map(restore),
    rows: rest.map(({ record, info }) => ({ line: info.lines, values: record.map(restore) })),
  };
}

/** The header's problem, if any: a column GetCSVHeader does not give, one it gives missing, or one twice. */
export function headerProblem(header: string[], rules: ImportRules): string | undefined {
  const seen = new Set<string>();
  for (const column of header) {
    if (!rules.columns.includes(column)) return `The header has a column the user pool does not define: ${column}.`;
    if (seen.has(column)) return `The header names ${column} twice.`;
    seen.add(column);
  }
  const missing = rules.columns.filter((column) => !seen.has(column));
  if (missing.length > 0) return `The header lacks the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`;
  return undefined;
}

/** One data row as a user (RESET_REQUIRED, no password), or the reason it fails. */
export function userFromRow(header: string[], row: CsvRow, rules: ImportRules): RowOutcome {
  if (row.values.join(",").length > MAX_IMPORT_ROW_CHARACTERS) return { failure: `The row is longer than ${MAX_IMPORT_ROW_CHARACTERS} characters.` };
  if (row.values.length !== header.length) return { failure: `The row has ${row.values.length} values where the header has ${header.length} columns.` };
  const given = new Map(header.map((column, i) => [column, row.values[i] ?? ""]));
  const username = given.get(USERNAME_COLUMN) ?? "";
  if (username === "") return { failure: `${USERNAME_COLUMN}: The attribute is required.` };
  if (/[\s]/.test(username)) return { failure: `${USERNAME_COLUMN}: The username cannot contain spaces or tabs.` };
  const mfa = given.get(MFA_COLUMN) ?? "";
  if (!BOOLEAN_FORMAT.test(mfa)) return { failure: `${MFA_COLUMN}: The value must be true or false.` };
  const mfaEnabled = mfa.toLowerCase() === "true";
  if (rules.mfa === "ON" && !mfaEnabled) return { failure: `${MFA_COLUMN}: The user pool requires MFA, so the value must be true.` };
  if (rules.mfa === "OFF" && mfaEnabled) return { failure: `${MFA_COLUMN}: The user pool has MFA off, so the value must be false.` };

  const attributes: Record<string, string> = {};
  for (const [column, value] of given) {
    if (column === USERNAME_COLUMN || column === MFA_COLUMN || value === "") continue;
    if (rules.booleans.has(column)) {
      if (!BOOLEAN_FORMAT.test(value)) return { failure: `${column}: ${NOT_A_BOOLEAN}` };
      attributes[column] = value.toLowerCase();
    } else {
      if (rules.numbers.has(column) && !NUMBER_FORMAT.test(value)) return { failure: `${column}: ${NOT_A_NUMBER}` };
      attributes[column] = value;
    }
    // A custom attribute's bounds, with the API's texts (SignUp and AdminCreateUser name the attribute the same way).
    const rule = rules.values.get(column);
    const problem = rule && valueProblem(rule, attributes[column] ?? value);
    if (problem) return { failure: `${column}: ${problem}` };
  }
  const verified = (name: string) => attributes[`${name}_verified`] === "true";
  // The guide: one of the pool's auto-verified attributes true; with only one, that one.
  if (!rules.autoVerified.some(verified)) return { failure: NO_AUTO_VERIFIED };
  for (const name of ["email", "phone_number"]) {
    if (verified(name) && attributes[name] === undefined) return { failure: `${name}: The attribute is required.` };
  }
  const missing = rules.required.filter((name) => attributes[name] === undefined);
  if (missing.length > 0) return { failure: missing.map((name) => `${name}: The attribute is required.`).join(" ") };
  if (attributes.email !== undefined && !EMAIL_FORMAT.test(attributes.email)) return { failure: "Invalid email address format." };
  if (attributes.phone_number !== undefined && !PHONE_FORMAT.test(attributes.phone_number)) return { failure: "Invalid phone number format." };
  if (attributes.birthdate !== undefined && !/^\d{2}\/\d{2}\/\d{4}$/.test(attributes.birthdate)) return { failure: "birthdate: The value must be in the format mm/dd/yyyy." };
  return { username, attributes, mfaEnabled };
}
