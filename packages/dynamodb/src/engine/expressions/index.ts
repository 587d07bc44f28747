/**
 * DynamoDB's expression language: ConditionExpression, FilterExpression,
 * KeyConditionExpression, UpdateExpression and ProjectionExpression.
 *
 * One request, in DynamoDB's order of checks:
 *   validateExpressionAttributes(names, values, checkValue)
 *   const ctx = new ExpressionContext(names, values)
 *   parseUpdate → parseCondition("ConditionExpression") → parseKeyCondition
 *     → parseCondition("FilterExpression") → parseProjection   (those the request has)
 *   ctx.checkUnused()
 *   keyConditionOf(keyAst, ctx, schema)                          (Query)
 * then evaluateCondition / applyUpdate / project per item. Every failure is a
 * ValidationException with DynamoDB's message.
 */
import { Buffer } from "node:buffer";
import { isArithmetic, type ConditionAst, type ConditionNode, type DocumentPath, type OperandNode, type SetValueNode, type UpdateAst } from "./ast.js";
import { ParseCache } from "./cache.js";
import type { ExpressionContext } from "./context.js";
import { parseConditionSyntax, parseProjectionSyntax, parseUpdateSyntax } from "./grammar.js";
import { checkConditionLimits, checkUpdateLimits, MAX_EXPRESSION_BYTES } from "./limits.js";
import { EXPRESSION_MESSAGES, invalidExpression, type ExpressionKind } from "./messages.js";
import { resolvePath } from "./paths.js";
import { validateProjection, type Projection } from "./projection.js";
import { validateCondition } from "./validateCondition.js";
import { validateUpdate } from "./validateUpdate.js";

export type { ConditionAst, DocumentPath, ProjectionAst, UpdateAst } from "./ast.js";
export { ExpressionContext, validateExpressionAttributes } from "./context.js";
export { evaluateCondition } from "./evaluate.js";
export { applyUpdate, type UpdateResult } from "./update.js";
export { project, projectPaths, type Projection } from "./projection.js";
export { keyConditionFrom, keyConditionOf, keyConditions, type KeyCondition, type KeyOperator, type KeySchemaInfo } from "./keyCondition.js";
export { compareValues, valuesEqual } from "./compare.js";
export { EXPRESSION_MESSAGES, type ExpressionKind } from "./messages.js";
export { MAX_EXPRESSION_BYTES, MAX_IN_OPERANDS, MAX_OPERATORS } from "./limits.js";
export { isReservedWord, RESERVED_WORDS } from "./reservedWords.js";

const cache = new ParseCache();

/** The cached syntax tree of `expression`; empty, oversized and malformed texts throw. */
function syntaxTree<T>(kind: ExpressionKind, expression: string, parse: () => T): T {
  return cache.get(`${kind}\u0000${expression}`, () => {
    if (expression === "") throw invalidExpression(kind, EXPRESSION_MESSAGES.empty);
    const bytes = Buffer.byteLength(expression, "utf8");
    if (bytes > MAX_EXPRESSION_BYTES) {
      // DynamoDB reports the size for condition and filter expressions only.
      const size = kind === "ConditionExpression" || kind === "FilterExpression" ? ` expression size: ${bytes}` : "";
      throw invalidExpression(kind, EXPRESSION_MESSAGES.tooLarge + size);
    }
    return parse();
  });
}

/** Parses and validates a ConditionExpression or FilterExpression. */
export function parseCondition(
  expression: string,
  ctx: ExpressionContext,
  kind: "ConditionExpression" | "FilterExpression" | "KeyConditionExpression" = "ConditionExpression",
): ConditionAst {
  const ast = syntaxTree(kind, expression, () => checkConditionLimits(parseConditionSyntax(expression, kind), kind));
  validateCondition(ast, ctx, kind);
  return ast;
}

/** Parses and validates a KeyConditionExpression as a condition; see keyConditionOf. */
export function parseKeyCondition(expression: string, ctx: ExpressionContext): ConditionAst {
  return parseCondition(expression, ctx, "KeyConditionExpression");
}

/** Parses and validates an UpdateExpression. */
export function parseUpdate(expression: string, ctx: ExpressionContext): UpdateAst {
  const ast = syntaxTree("UpdateExpression", expression, () => checkUpdateLimits(parseUpdateSyntax(expression)));
  validateUpdate(ast, ctx);
  return ast;
}

/** Parses and validates a ProjectionExpression; the result has its paths resolved. */
export function parseProjection(expression: string, ctx: ExpressionContext): Projection {
  const ast = syntaxTree("ProjectionExpression", expression, () => parseProjectionSyntax(expression));
  return validateProjection(ast, ctx);
}

/** Top-level attribute names a condition reads (Query refuses filters on key attributes); `nested` gets those read into (a.b, a[0]). */
export function conditionAttributeNames(ast: ConditionAst, ctx: ExpressionContext, nested?: Set<string>): string[] {
  const names = new Set<string>();
  const operand = (node: OperandNode): void => {
    if (node.kind === "call") node.args.forEach(operand);
    else if (node.kind === "path") {
      const path = resolvePath(node, ctx);
      names.add(path[0] as string);
      if (nested && path.length > 1) nested.add(path[0] as string);
    }
  };
  const condition = (node: ConditionNode): void => {
    switch (node.kind) {
      case "and":
      case "or":
        condition(node.left);
        condition(node.right);
        return;
      case "not":
        condition(node.operand);
        return;
      case "compare":
        [node.left, node.right].forEach(operand);
        return;
      case "between":
        [node.operand, node.low, node.high].forEach(operand);
        return;
      case "in":
        [node.operand, ...node.list].forEach(operand);
        return;
      case "call":
        operand(node);
    }
  };
  condition(ast.root);
  return [...names];
}

/** Resolved paths the SET values of an UpdateExpression read (SET a = b.c + d[1] reads b.c and d[1]). */
export function updateOperandPaths(ast: UpdateAst, ctx: ExpressionContext): DocumentPath[] {
  const paths: DocumentPath[] = [];
  const operand = (node: SetValueNode): void => {
    if (isArithmetic(node)) {
      operand(node.left);
      operand(node.right);
    } else if (node.kind === "call") node.args.forEach(operand);
    else if (node.kind === "path") paths.push(resolvePath(node, ctx));
  };
  for (const action of ast.actions) if (action.kind === "SET") operand(action.value);
  return paths;
}

/**
 * The type a top-level attribute gets from its action, where the request alone tells it:
 * SET to a value, to arithmetic (N) or list_append (L); ADD of a value. Paths and if_not_exists
 * are only known against the item.
 */
export function updateStaticTypes(ast: UpdateAst, ctx: ExpressionContext): Map<string, string> {
  const types = new Map<string, string>();
  for (const action of ast.actions) {
    if (action.kind !== "SET" && action.kind !== "ADD") continue;
    const path = resolvePath(action.path, ctx);
    if (path.length !== 1) continue;
    const node = action.value;
    let type: string | undefined;
    if (isArithmetic(node)) type = "N";
    else if (node.kind === "value") {
      const value = ctx.values[node.ref];
      type = value === undefined ? undefined : Object.keys(value)[0];
    } else if (node.kind === "call" && node.name === "list_append") type = "L";
    if (type !== undefined) types.set(path[0] as string, type);
  }
  return types;
}

/** Resolved paths an UpdateExpression writes, in the order written. */
export function updatePaths(ast: UpdateAst, ctx: ExpressionContext): DocumentPath[] {
  return ast.actions.map((action) => resolvePath(action.path, ctx));
}

/** Drops every cached syntax tree (tests). */
export function clearExpressionCache(): void {
  cache.clear();
}
