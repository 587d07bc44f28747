/**
 * A request's statement and parameters, in DynamoDB's order of checks: the parameters'
 * values first (before the statement is read), then the statement's syntax (syntax trees
 * are cached by statement text), then the number of `?` against the parameters given.
 */
import { createHash } from "node:crypto";
import { ValidationException } from "../../errors.js";
import { ParseCache } from "../expressions/cache.js";
import type { AttributeValue } from "../types.js";
import type { ParsedStatement, Statement } from "./ast.js";
import { STATEMENT_CACHE_CAPACITY } from "./limits.js";
import { checkParameters } from "./literals.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";
import { parseStatement } from "./parser.js";

const cache = new ParseCache(STATEMENT_CACHE_CAPACITY);

/** The cached syntax tree of a statement text; a malformed text throws DynamoDB's error. */
export function parse(text: string): ParsedStatement {
  return cache.get(text, () => parseStatement(text));
}

/** Drops every cached statement (tests). */
export function clearStatementCache(): void {
  cache.clear();
}

export interface Prepared {
  statement: Statement;
  parameters: readonly AttributeValue[];
}

export function checkParameterCount(parsed: ParsedStatement, parameters: readonly AttributeValue[]): void {
  if (parsed.parameterCount !== parameters.length) throw new ValidationException(M.parameterCount);
}

/** Parameters checked, statement parsed, counts matched. */
export function prepare(text: string, parameters: readonly AttributeValue[] | undefined): Prepared {
  checkParameters(parameters);
  const parsed = parse(text);
  const values = parameters ?? [];
  checkParameterCount(parsed, values);
  return { statement: parsed.statement, parameters: values };
}

/** What a NextToken is bound to: the statement text and its parameter values. */
export function bindingOf(text: string, parameters: readonly AttributeValue[]): string {
  return createHash("sha256").update(text).update("\u0000").update(JSON.stringify(parameters)).digest("base64url");
}
