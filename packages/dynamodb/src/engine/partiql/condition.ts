/**
 * A PartiQL WHERE clause as a DynamoDB condition: PartiQL predicates become the condition
 * expression language (IS MISSING → attribute_not_exists, IS NULL → attribute_type(…, 'NULL'),
 * `cond = true` → cond, …), printed with #name/:value placeholders so the engine's own
 * parser, validation and evaluator decide every comparison exactly as for a
 * ConditionExpression or FilterExpression.
 */
import { ValidationException } from "../../errors.js";
import { EXPRESSION_MESSAGES, MAX_IN_OPERANDS, type DocumentPath } from "../expressions/index.js";
import { typeOf, type AttributeValue } from "../types.js";
import type { Expr } from "./ast.js";
import { isValueExpr, literalValue, type Parameters } from "./literals.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";
import { documentPath, isPathExpr } from "./paths.js";

export type Operand =
  | { kind: "path"; path: DocumentPath }
  | { kind: "value"; value: AttributeValue }
  | { kind: "size"; path: DocumentPath };

export type ComparisonOperator = "=" | "<>" | "<" | "<=" | ">" | ">=";

export type Cond =
  | { kind: "and" | "or"; left: Cond; right: Cond }
  | { kind: "not"; operand: Cond }
  | { kind: "compare"; op: ComparisonOperator; left: Operand; right: Operand }
  | { kind: "between"; operand: Operand; low: Operand; high: Operand }
  | { kind: "in"; operand: Operand; list: Operand[] }
  | { kind: "function"; name: string; args: Operand[] }
  | { kind: "const"; value: boolean };

const COMPARISONS = new Set(["=", "<>", "<", "<=", ">", ">="]);
const PREDICATE_FUNCTIONS = new Set(["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"]);
const FUNCTION_ARITY: ReadonlyMap<string, number> = new Map([
  ["attribute_exists", 1],
  ["attribute_not_exists", 1],
  ["attribute_type", 2],
  ["begins_with", 2],
  ["contains", 2],
  ["size", 1],
]);
const ATTRIBUTE_TYPES = new Set(["N", "BS", "L", "B", "NULL", "M", "S", "SS", "NS", "BOOL"]);

/** IS <type> as the attribute type it tests (undefined: MISSING, tested with attribute_not_exists). */
const IS_TYPES: ReadonlyMap<string, string | undefined> = new Map([
  ["missing", undefined],
  ["null", "NULL"],
  ["boolean", "BOOL"],
  ["bool", "BOOL"],
  ["blob", "B"],
  ["string", "S"],
  ["numeric", "N"],
  ["struct", "M"],
  ["tuple", "M"],
  ["list", "L"],
]);

export const TRUE: Cond = { kind: "const", value: true };
export const FALSE: Cond = { kind: "const", value: false };

export function and(left: Cond, right: Cond): Cond {
  if (left.kind === "const") return left.value ? right : FALSE;
  if (right.kind === "const") return right.value ? left : FALSE;
  return { kind: "and", left, right };
}

export function or(left: Cond, right: Cond): Cond {
  if (left.kind === "const") return left.value ? TRUE : right;
  if (right.kind === "const") return right.value ? TRUE : left;
  return { kind: "or", left, right };
}

export function not(operand: Cond): Cond {
  if (operand.kind === "const") return operand.value ? FALSE : TRUE;
  return { kind: "not", operand };
}

function isPredicate(expr: Expr): boolean {
  switch (expr.kind) {
    case "binary":
      return expr.op === "and" || expr.op === "or" || COMPARISONS.has(expr.op) || expr.op === "like";
    case "unary":
      return expr.op === "not";
    case "between":
    case "in":
    case "is":
      return true;
    case "call":
      return expr.name !== "size";
    default:
      return false;
  }
}

function isBooleanValue(expr: Expr, parameters: Parameters): boolean | undefined {
  if (expr.kind === "boolean") return expr.value;
  if (expr.kind === "parameter") {
    const value = parameters[expr.index];
    if (value !== undefined && "BOOL" in value) return value.BOOL;
  }
  return undefined;
}

export class ConditionTranslator {
  constructor(private readonly parameters: Parameters) {}

  /** The WHERE clause as a condition; a clause that is not a predicate is refused. */
  where(expr: Expr): Cond {
    if (!isPredicate(expr) && expr.kind !== "boolean") throw new ValidationException(M.whereNotBoolean);
    return this.condition(expr);
  }

  condition(expr: Expr): Cond {
    switch (expr.kind) {
      case "boolean":
        return expr.value ? TRUE : FALSE;
      case "binary":
        if (expr.op === "and" || expr.op === "or") {
          if (!isPredicate(expr.left) || !isPredicate(expr.right)) throw new ValidationException(M.andOrOperands);
          const left = this.condition(expr.left);
          const right = this.condition(expr.right);
          return expr.op === "and" ? and(left, right) : or(left, right);
        }
        if (COMPARISONS.has(expr.op)) return this.comparison(expr.op as ComparisonOperator, expr.left, expr.right);
        throw new ValidationException(M.conditionOperator(expr.op));
      case "unary":
        if (expr.op !== "not") throw new ValidationException(M.conditionOperator(expr.op));
        if (!isPredicate(expr.operand)) throw new ValidationException(M.notOperand);
        return not(this.condition(expr.operand));
      case "between": {
        const cond: Cond = {
          kind: "between",
          operand: this.operand(expr.operand),
          low: this.operand(expr.low),
          high: this.operand(expr.high),
        };
        return expr.negated ? not(cond) : cond;
      }
      case "in":
        return this.in(expr.operand, expr.list, expr.negated);
      case "is":
        return this.is(expr.operand, expr.type, expr.negated);
      case "call":
        return this.call(expr);
      default:
        throw new ValidationException(M.whereNotBoolean);
    }
  }

  private call(expr: Extract<Expr, { kind: "call" }>): Cond {
    if (!PREDICATE_FUNCTIONS.has(expr.name)) throw new ValidationException(M.unrecognizedFunction(expr.name, expr.position));
    const arity = FUNCTION_ARITY.get(expr.name);
    if (arity !== expr.args.length) throw new ValidationException(M.operandCount(expr.name, expr.args.length));
    const args = expr.args.map((arg) => this.operand(arg));
    if ((expr.name === "attribute_exists" || expr.name === "attribute_not_exists") && args[0].kind !== "path") {
      throw new ValidationException(M.documentPathRequired(expr.name));
    }
    if (expr.name === "attribute_type") {
      const type = args[1];
      if (type.kind === "value") {
        if (!("S" in type.value)) throw new ValidationException(M.operandType(expr.name, typeOf(type.value)));
        if (!ATTRIBUTE_TYPES.has(type.value.S)) throw new ValidationException(M.invalidTypeName(type.value.S));
      }
    }
    return { kind: "function", name: expr.name, args };
  }

  /** A comparison; one whose side is itself a predicate compares truth values. */
  private comparison(op: ComparisonOperator, left: Expr, right: Expr): Cond {
    const leftPredicate = isPredicate(left);
    const rightPredicate = isPredicate(right);
    if (!leftPredicate && !rightPredicate) return { kind: "compare", op, left: this.operand(left), right: this.operand(right) };
    if (op !== "=" && op !== "<>") throw new ValidationException(M.operandType(op, "BOOL"));
    const equal = (cond: Cond): Cond => (op === "=" ? cond : not(cond));
    if (leftPredicate && rightPredicate) {
      const a = this.condition(left);
      const b = this.condition(right);
      return equal(or(and(a, b), and(not(a), not(b))));
    }
    const predicate = this.condition(leftPredicate ? left : right);
    const other = leftPredicate ? right : left;
    if (other.kind === "missing") throw new ValidationException(M.missingMustUseIs);
    const truth = isBooleanValue(other, this.parameters);
    if (truth !== undefined) return equal(truth ? predicate : not(predicate));
    if (isPathExpr(other)) {
      const path: Operand = { kind: "path", path: documentPath(other) };
      const isTrue: Cond = { kind: "compare", op: "=", left: path, right: { kind: "value", value: { BOOL: true } } };
      const isFalse: Cond = { kind: "compare", op: "=", left: path, right: { kind: "value", value: { BOOL: false } } };
      return equal(or(and(predicate, isTrue), and(not(predicate), isFalse)));
    }
    this.operand(other); // a value of another type: validated, and never equal to a truth value
    return equal(FALSE);
  }

  private in(operand: Expr, list: Expr, negated: boolean): Cond {
    if ((list.kind !== "list" && list.kind !== "bag") || list.items.length === 0) throw new ValidationException(M.invalidIn);
    if (list.items.length > MAX_IN_OPERANDS) throw new ValidationException(EXPRESSION_MESSAGES.tooManyInOperands(list.items.length));
    let cond: Cond;
    if (isPredicate(operand)) {
      cond = FALSE;
      for (const item of list.items) cond = or(cond, this.comparison("=", operand, item));
    } else {
      cond = { kind: "in", operand: this.operand(operand), list: list.items.map((item) => this.operand(item)) };
    }
    return negated ? not(cond) : cond;
  }

  private is(operand: Expr, typeName: string, negated: boolean): Cond {
    if (!IS_TYPES.has(typeName)) throw new ValidationException(M.unsupportedIsType(typeName.replace("_", " ").toUpperCase()));
    const type = IS_TYPES.get(typeName);
    let cond: Cond;
    if (isPathExpr(operand)) {
      const path: Operand = { kind: "path", path: documentPath(operand) };
      cond =
        type === undefined
          ? { kind: "function", name: "attribute_not_exists", args: [path] }
          : { kind: "function", name: "attribute_type", args: [path, { kind: "value", value: { S: type } }] };
    } else if (isValueExpr(operand) || operand.kind === "missing") {
      const value = operand.kind === "missing" ? undefined : literalValue(operand, this.parameters);
      cond = (type === undefined ? value === undefined : value !== undefined && typeOf(value) === type) ? TRUE : FALSE;
    } else {
      throw new ValidationException(M.isOperand);
    }
    return negated ? not(cond) : cond;
  }

  operand(expr: Expr): Operand {
    if (isPathExpr(expr)) return { kind: "path", path: documentPath(expr) };
    if (expr.kind === "missing") throw new ValidationException(M.missingMustUseIs);
    if (isValueExpr(expr)) return { kind: "value", value: literalValue(expr, this.parameters) };
    if (expr.kind === "call") {
      if (expr.name !== "size") throw new ValidationException(M.unrecognizedFunction(expr.name, expr.position));
      if (expr.args.length !== 1) throw new ValidationException(M.operandCount("size", expr.args.length));
      const arg = this.operand(expr.args[0]);
      if (arg.kind !== "path") throw new ValidationException(M.documentPathRequired("size"));
      return { kind: "size", path: arg.path };
    }
    if (expr.kind === "binary" || expr.kind === "unary") throw new ValidationException(M.conditionOperator(expr.op));
    throw new ValidationException(M.unexpectedPathComponent(expr.position));
  }
}

/** Top-level attribute names a condition reads, in DynamoDB's order (AND right-first, OR left-first). */
export function attributeNames(cond: Cond, out: string[] = []): string[] {
  const operand = (o: Operand): void => {
    if (o.kind !== "value" && !out.includes(o.path[0] as string)) out.push(o.path[0] as string);
  };
  switch (cond.kind) {
    case "and":
      attributeNames(cond.right, out);
      attributeNames(cond.left, out);
      break;
    case "or":
      attributeNames(cond.left, out);
      attributeNames(cond.right, out);
      break;
    case "not":
      attributeNames(cond.operand, out);
      break;
    case "compare":
      operand(cond.left);
      operand(cond.right);
      break;
    case "between":
      [cond.operand, cond.low, cond.high].forEach(operand);
      break;
    case "in":
      [cond.operand, ...cond.list].forEach(operand);
      break;
    case "function":
      cond.args.forEach(operand);
      break;
    case "const":
      break;
  }
  return out;
}
