/**
 * TestState with `stateName`: the definition is a whole state machine, validated as one, and
 * the named state (at any depth: Parallel branches, Map processors) is the state under test,
 * its transitions reported as nextState (LocalStack's AWS-recorded
 * test_test_state_machine_scenarios, 2025-12).
 */
import { isObject, parseJsonText, type Json } from "../asl/json.js";
import type { StateDefinition } from "../asl/types.js";
import { validateDefinition } from "../definition/validate.js";
import { invalidDefinitionMessage } from "../definition/diagnostics.js";
import { InvalidDefinition, SfnValidationException } from "../../errors.js";

export function findState(text: string, name: string): { name: string; def: StateDefinition } {
  const errors = validateDefinition(text).diagnostics.filter((d) => d.severity === "ERROR");
  if (errors.length > 0) throw new InvalidDefinition(invalidDefinitionMessage(errors));
  const machine = parseJsonText(text) ?? null;
  const found = isObject(machine) ? search(machine, name) : undefined;
  if (found === undefined) throw new SfnValidationException("State not found in definition");
  // The state reads in the machine's query language unless it names its own.
  const language = isObject(machine) ? machine.QueryLanguage : undefined;
  const def = found.QueryLanguage === undefined && typeof language === "string" ? { ...found, QueryLanguage: language } : found;
  return { name, def: def as unknown as StateDefinition };
}

/** The state named `name` in a state list or in the lists nested in its states. */
function search(machine: Record<string, Json>, name: string): Record<string, Json> | undefined {
  const states = machine.States;
  if (!isObject(states)) return undefined;
  const direct = states[name];
  if (isObject(direct)) return direct;
  for (const state of Object.values(states)) {
    if (!isObject(state)) continue;
    const nested: Json[] = [...(Array.isArray(state.Branches) ? state.Branches : []), state.ItemProcessor ?? null, state.Iterator ?? null];
    for (const inner of nested) {
      const found = isObject(inner) ? search(inner, name) : undefined;
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
