/**
 * The port Step Functions sends its execution status-change events through (DESIGN.md rule 1):
 * PutEvents on EventBridge's default bus, as S3's EventBridge notifications go (s3Destinations.ts).
 * Whether a rule listens is asked before every event: it reads each enabled rule's `source`
 * condition once (per rule version), so an app with no rule for "aws.states" builds no event.
 */
import { compileEventPattern, type Logger } from "@sam-sandbox/core";
import type { EventBridge, Rule } from "@sam-sandbox/eventbridge";
// Types only: Step Functions itself loads lazily (sandbox.ts).
import type { ExecutionEventBus } from "@sam-sandbox/stepfunctions";

const DEFAULT_BUS = "default";
/** The source of Step Functions' events (its STATUS_CHANGE_SOURCE). */
const STATUS_CHANGE_SOURCE = "aws.states";

export function stepFunctionsEventBus(eventBridge: EventBridge, logger: Logger): ExecutionEventBus {
  // A rule put again is a new object: its answer is worked out anew.
  const admits = new WeakMap<Rule, boolean>();
  const admitted = (rule: Rule): boolean => {
    let answer = admits.get(rule);
    if (answer === undefined) {
      answer = admitsSource(rule.eventPattern, STATUS_CHANGE_SOURCE);
      admits.set(rule, answer);
    }
    return answer;
  };
  return {
    listening: () => Object.values(eventBridge.engine.bus(DEFAULT_BUS).rules).some((rule) => rule.state !== "DISABLED" && admitted(rule)),
    putEvents: async (entries) => {
      const answer = eventBridge.engine.putEvents({ Entries: entries });
      if (answer.FailedEntryCount === 0) return;
      for (const result of answer.Entries) {
        if ("ErrorCode" in result) logger.warn(`Step Functions status-change event not sent to EventBridge: ${result.ErrorCode}: ${result.ErrorMessage}`);
      }
    },
  };
}

/**
 * Whether an event of `source` could match the pattern: false only when its top-level `source`
 * condition refuses it (a pattern with "$or" at the top, or no `source`, may match anything).
 */
export function admitsSource(eventPattern: string | undefined, source: string): boolean {
  // A schedule-only rule matches no event.
  if (eventPattern === undefined) return false;
  let json: unknown;
  try {
    json = JSON.parse(eventPattern);
  } catch {
    // EventBridge refused such a pattern when the rule was put; read it as matching, to be safe.
    return true;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return true;
  const pattern = json as Record<string, unknown>;
  if (Object.hasOwn(pattern, "$or") || !Object.hasOwn(pattern, "source")) return true;
  try {
    return compileEventPattern({ source: pattern.source }).matches({ source });
  } catch {
    // Same as above: a refused condition is not ours to judge.
    return true;
  }
}
