/**
 * Syntax trees of DynamoDB expressions. They hold placeholders (#name, :value) unresolved,
 * so one tree serves every request that sends the same expression text (see cache.ts);
 * placeholders are looked up in the request's ExpressionContext when validated and evaluated.
 */

/** One step of a document path: an attribute name (literal or #placeholder) or a list index. */
export type PathStep =
  | { kind: "name"; name: string; placeholder: boolean }
  | { kind: "index"; index: number };

export interface PathNode {
  kind: "path";
  steps: PathStep[];
}

export interface ValueNode {
  kind: "value";
  /** ":name" as written. */
  ref: string;
}

export interface CallNode {
  kind: "call";
  name: string;
  args: OperandNode[];
}

export type OperandNode = PathNode | ValueNode | CallNode;

export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";

export type ConditionNode =
  | { kind: "compare"; op: Comparator; left: OperandNode; right: OperandNode }
  | { kind: "between"; operand: OperandNode; low: OperandNode; high: OperandNode }
  | { kind: "in"; operand: OperandNode; list: OperandNode[] }
  | { kind: "and"; left: ConditionNode; right: ConditionNode }
  | { kind: "or"; left: ConditionNode; right: ConditionNode }
  | { kind: "not"; operand: ConditionNode }
  | CallNode; // a function used as a condition: attribute_exists(a), begins_with(a, :v), …

/** A parsed ConditionExpression, FilterExpression or KeyConditionExpression. */
export interface ConditionAst {
  kind: "condition";
  root: ConditionNode;
}

export type ArithmeticNode = { kind: "plus" | "minus"; left: OperandNode; right: OperandNode };

export type SetValueNode = OperandNode | ArithmeticNode;

export function isArithmetic(node: SetValueNode): node is ArithmeticNode {
  return node.kind === "plus" || node.kind === "minus";
}

export type UpdateSection = "SET" | "REMOVE" | "ADD" | "DELETE";

export type UpdateAction =
  | { kind: "SET"; path: PathNode; value: SetValueNode }
  | { kind: "REMOVE"; path: PathNode }
  | { kind: "ADD"; path: PathNode; value: ValueNode }
  | { kind: "DELETE"; path: PathNode; value: ValueNode };

export interface UpdateAst {
  kind: "update";
  /** Sections in the order written (a repeated section is reported by validation). */
  sections: UpdateSection[];
  /** Actions in the order written. */
  actions: UpdateAction[];
}

export interface ProjectionAst {
  kind: "projection";
  paths: PathNode[];
}

/** A document path with placeholders resolved: attribute names and list indexes. */
export type DocumentPath = (string | number)[];
