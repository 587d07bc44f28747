import type { StateDefinition } from "../types.js";

/** The state a non-terminal state moves to (undefined when End). */
export function nextOf(def: StateDefinition): string | undefined {
  return def.End === true ? undefined : def.Next;
}
