/**
 * Workflow variables ("Passing data between states with variables"). The top-level
 * states share one scope; each Parallel branch and Map iteration runs in an inner scope
 * that reads the outer ones but cannot assign their names. New values take effect when
 * the assigning state finishes: every reference in a state reads the values it entered with.
 */
import type { Json } from "./json.js";
import { runtimeError } from "./failure.js";

export class VariableScope {
  /** Made on the first assignment: most scopes (branches, iterations) never get one. */
  private values: Map<string, Json> | undefined;

  /** `parent` is undefined for the top level and for a distributed Map's child workflow. */
  constructor(private readonly parent?: VariableScope, initial?: Record<string, Json>) {
    if (initial !== undefined) this.values = new Map(Object.entries(initial));
  }

  get(name: string): { found: boolean; value: Json } {
    if (this.values?.has(name)) return { found: true, value: this.values.get(name) ?? null };
    if (this.parent) return this.parent.get(name);
    return { found: false, value: null };
  }

  /** Every visible variable, inner names over outer ones (JSONata bindings). */
  all(): Record<string, Json> {
    const out: Record<string, Json> = this.parent ? this.parent.all() : {};
    if (this.values !== undefined) for (const [k, v] of this.values) out[k] = v;
    return out;
  }

  private ownedByOuter(name: string): boolean {
    return this.parent !== undefined && this.parent.get(name).found;
  }

  /** Applies one state's Assign, all names at once. */
  assign(assigned: Record<string, Json>): void {
    for (const [name, value] of Object.entries(assigned)) {
      if (this.ownedByOuter(name) && this.values?.has(name) !== true) {
        throw runtimeError(`Cannot bind value '${JSON.stringify(value)}' to variable '${name}' as it belongs to an outer scope.`);
      }
    }
    const values = (this.values ??= new Map());
    for (const [name, value] of Object.entries(assigned)) values.set(name, value);
  }

  /** This scope's own variables (persisted with a checkpoint). */
  own(): Record<string, Json> {
    return this.values === undefined ? {} : Object.fromEntries(this.values);
  }
}
