/**
 * The Conditions section, evaluated once per name on first use. Conditions may use
 * parameters, pseudo parameters, mappings and other conditions — never resources.
 */
import { messages, templateError } from "./errors.js";
import { resolve } from "./intrinsics.js";
import { keyLineOf, lineOf } from "./parse/located.js";
import type { Block, Scope } from "./scope.js";
import { hasOwn, isRecord } from "./util.js";

export interface ConditionEnv {
  file: string;
  region: string;
  mappings: Record<string, unknown>;
  /** Parameter or pseudo parameter value; undefined when `name` is neither. */
  value(name: string): unknown;
  warn(message: string): void;
}

export class Conditions {
  private readonly values = new Map<string, boolean>();
  private readonly evaluating: string[] = [];
  private readonly section: Record<string, unknown>;

  constructor(section: unknown, private readonly env: ConditionEnv) {
    this.section = isRecord(section) ? section : {};
  }

  has(name: string): boolean {
    return hasOwn(this.section, name);
  }

  names(): string[] {
    return Object.keys(this.section);
  }

  /** The value of condition `name`; `block` is the section asking (for CloudFormation's message). */
  get(name: string, at: object | undefined, block: Block, line = lineOf(at)): boolean {
    const known = this.values.get(name);
    if (known !== undefined) return known;
    if (!this.has(name)) {
      throw templateError(messages.unresolvedConditions([name], block), { file: this.env.file, line },
        `Declare ${name} in the Conditions section, or fix the condition name.`);
    }
    if (this.evaluating.includes(name)) {
      const cycle = this.evaluating.slice(this.evaluating.indexOf(name));
      throw templateError(messages.circularConditions(cycle), { file: this.env.file, line: keyLineOf(this.section, name) });
    }
    this.evaluating.push(name);
    try {
      const result = resolve(this.section[name], this.scope(), { conditionMode: true });
      const value = result === true || result === "true";
      if (typeof result !== "boolean" && result !== "true" && result !== "false") {
        throw templateError(`Template error: condition ${name} must be built from Fn::Equals, Fn::And, Fn::Or, Fn::Not and Condition`,
          { file: this.env.file, line: keyLineOf(this.section, name) });
      }
      this.values.set(name, value);
      return value;
    } finally {
      this.evaluating.pop();
    }
  }

  private scope(): Scope {
    const env = this.env;
    const noResources = (name: string, at: object): never => {
      throw templateError(messages.unresolvedInConditions([name]), { file: env.file, line: lineOf(at) },
        "Conditions can use parameters, pseudo parameters, mappings and other conditions, not resources.");
    };
    return {
      file: env.file,
      block: "Conditions",
      region: env.region,
      mappings: env.mappings,
      ref: (name, at) => {
        const value = env.value(name);
        return value === undefined ? noResources(name, at) : value;
      },
      getAtt: (logicalId, _attribute, at) => noResources(logicalId, at),
      condition: (name, at) => this.get(name, at, "Conditions"),
      warn: env.warn,
    };
  }
}
