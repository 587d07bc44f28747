/** What intrinsic functions resolve against: references, conditions and mappings of one stack. */

/** `Ref: AWS::NoValue` — removes the property or list element it stands in. */
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

/** The template section being resolved; CloudFormation names it in its error messages. */
export type Block = "Resources" | "Outputs" | "Conditions";

export interface Scope {
  readonly file: string;
  readonly block: Block;
  readonly region: string;
  readonly mappings: Record<string, unknown>;
  /** `at` is the intrinsic object, for the line in error messages. */
  ref(name: string, at: object): unknown;
  getAtt(logicalId: string, attribute: string, at: object): unknown;
  condition(name: string, at: object): boolean;
  warn(message: string): void;
  /** The value another stack exports under `name`, when the sandbox runs that stack too (cdk/stacks.ts). */
  importValue?(name: string): string | undefined;
}
