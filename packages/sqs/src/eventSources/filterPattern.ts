/**
 * Lambda event filtering (FilterCriteria), the EventBridge pattern language applied to each
 * SQS record ("Control which events Lambda sends to your function"). The language lives in
 * core (shared with EventBridge rules and DynamoDB's stream mappings); a pattern AWS refuses
 * is a SandboxError here. Message attributes carry numbers as text, so numeric conditions
 * also read numeric strings.
 */
import { EventPatternError, parseEventPattern, SandboxError, type EventPattern } from "@sam-sandbox/core";

export type FilterPattern = EventPattern;

/** Parses one Filters[].Pattern string; a SandboxError names what is wrong with it. */
export function parseFilterPattern(text: string): FilterPattern {
  try {
    return parseEventPattern(text, { numericStrings: true });
  } catch (error) {
    if (!(error instanceof EventPatternError)) throw error;
    throw new SandboxError(`Invalid filter pattern ${text}: ${error.reason}`, {
      hint: 'Patterns use the EventBridge syntax, e.g. {"body": {"type": ["order"]}}.',
    });
  }
}

/** The record passes when it matches any of the filters (or when there are none). */
export function parseFilterCriteria(criteria: { Filters?: { Pattern?: string }[] } | undefined): FilterPattern | undefined {
  const patterns = (criteria?.Filters ?? []).map((f) => parseFilterPattern(f.Pattern ?? "{}"));
  if (patterns.length === 0) return undefined;
  return { matches: (event) => patterns.some((p) => p.matches(event)) };
}
