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
import type { ConditionAst, ConditionNode, DocumentPath, OperandNode, UpdateAst } from "./ast.js";
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
export { keyConditionOf, type KeyCondition, type KeyOperator, type KeySchemaInfo } from "./keyCondition.js";
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

/** Top-level attribute names a condition reads (Query refuses filters on key attributes). */
export function conditionAttributeNames(ast: ConditionAst, ctx: ExpressionContext): string[] {
  const names = new Set<string>();
  const operand = (node: OperandNode): void => {
    if (node.kind === "call") node.args.forEach(operand);
    else if (node.kind === "path") names.add(resolvePath(node, ctx)[0] as string);
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

/** Resolved paths an UpdateExpression writes, in the order written. */
export function updatePaths(ast: UpdateAst, ctx: ExpressionContext): DocumentPath[] {
  return ast.actions.map((action) => resolvePath(action.path, ctx));
}

/** Drops every cached syntax tree (tests). */
export function clearExpressionCache(): void {
  cache.clear();
}
