/** Walks over operands shared by the validations of every expression kind. */
import type { CallNode, OperandNode } from "./ast.js";
import type { ExpressionContext } from "./context.js";
import { EXPRESSION_MESSAGES as M } from "./messages.js";
import { isReservedWord } from "./reservedWords.js";

/** First call, in post-order (arguments before the call), that matches. */
export function firstCall(operands: OperandNode[], matches: (call: CallNode) => boolean): CallNode | undefined {
  for (const operand of operands) {
    if (operand.kind !== "call") continue;
    const inner = firstCall(operand.args, matches);
    if (inner !== undefined) return inner;
    if (matches(operand)) return operand;
  }
  return undefined;
}

/** First reserved word written as a plain name in a path, left to right. */
export function reservedWordIn(operands: OperandNode[]): string | undefined {
  for (const operand of operands) {
    if (operand.kind === "call") {
      const inner = reservedWordIn(operand.args);
      if (inner !== undefined) return inner;
    } else if (operand.kind === "path") {
      for (const step of operand.steps) {
        if (step.kind === "name" && !step.placeholder && isReservedWord(step.name)) return step.name;
      }
    }
  }
  return undefined;
}

/** First undefined #name or :value, left to right; marks the defined ones used. */
export function undefinedPlaceholder(operands: OperandNode[], ctx: ExpressionContext): string | undefined {
  let missing: string | undefined;
  const visit = (operand: OperandNode): void => {
    if (operand.kind === "call") operand.args.forEach(visit);
    else if (operand.kind === "value") {
      if (ctx.useValue(operand.ref) === undefined) missing ??= M.undefinedValue(operand.ref);
    } else {
      for (const step of operand.steps) {
        if (step.kind === "name" && step.placeholder && ctx.useName(step.name) === undefined) {
          missing ??= M.undefinedName(step.name);
        }
      }
    }
  };
  operands.forEach(visit);
  return missing;
}
