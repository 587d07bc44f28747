/**
 * PutParameter's AllowedPattern: a regular expression the caller writes, run over the value on
 * every put. It is checked with a time limit (node:vm interrupts a runaway match) because a
 * backtracking pattern would freeze the process; a pattern that is no regular expression is
 * refused with InvalidAllowedPatternException instead of surfacing as an internal error.
 */
import { createContext, Script } from "node:vm";
import { invalidAllowedPattern, patternMismatch } from "../errors.js";
import { ALLOWED_PATTERN_TIMEOUT_MS } from "../limits.js";

const context = createContext({ pattern: /(?:)/, value: "" }) as { pattern: RegExp; value: string };
const test = new Script("pattern.test(value)");

/** Throws unless `value` matches `allowedPattern` within ALLOWED_PATTERN_TIMEOUT_MS. */
export function checkAllowedPattern(allowedPattern: string, value: string): void {
  let pattern: RegExp;
  try {
    pattern = new RegExp(allowedPattern);
  } catch {
    throw invalidAllowedPattern();
  }
  context.pattern = pattern;
  context.value = value;
  let matched: unknown;
  try {
    matched = test.runInContext(context, { timeout: ALLOWED_PATTERN_TIMEOUT_MS });
  } catch {
    // Timed out: the value "cannot be validated against allowedPattern", AWS's own wording.
    matched = false;
  } finally {
    context.value = "";
  }
  if (matched !== true) throw patternMismatch(allowedPattern);
}
