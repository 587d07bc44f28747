/**
 * INSERT, UPDATE, DELETE (and EXISTS) as the engine's single-item writes:
 * - INSERT INTO t VALUE {…}     → PutItem with attribute_not_exists(pk) (DuplicateItemException)
 * - UPDATE t SET … REMOVE … WHERE <full key> [AND cond]
 *                                → UpdateItem with attribute_exists(pk) [AND cond]
 * - DELETE FROM t WHERE <full key> [AND cond]
 *                                → DeleteItem with attribute_not_exists(pk) OR cond
 * - EXISTS(SELECT … WHERE <full key> AND cond) → a transaction's ConditionCheck
 * so conditions, key checks, item size and index maintenance are the engine's own.
 */
import { ValidationException } from "../../errors.js";
import { valuesEqual, type DocumentPath } from "../expressions/index.js";
import type { ReturnValue } from "../shapes.js";
import type { Table } from "../table.js";
import { typeOf, type AttributeValue, type ExpressionAttributeNames, type ExpressionAttributeValues, type Item, type Key } from "../types.js";
import type { DeleteStatement, DmlOperation, Expr, ExistsStatement, InsertStatement, Returning, UpdateStatement } from "./ast.js";
import { and, ConditionTranslator, or, type Cond } from "./condition.js";
import { conditionText, Placeholders } from "./expressionText.js";
import { isValueExpr, literalValue, parameterValue, structKey, type Parameters } from "./literals.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";
import { documentPath, isPathExpr, samePath } from "./paths.js";
import { equalityOn } from "./plan.js";

export interface WritePlan {
  kind: "insert" | "update" | "delete" | "check";
  table: Table;
  key: Key;
  item?: Item;
  updateExpression?: string;
  conditionExpression?: string;
  names?: ExpressionAttributeNames;
  values?: ExpressionAttributeValues;
  returnValues?: ReturnValue;
}

/** Why a statement names no single item: DynamoDB's two refusals. */
export type KeyProblem = { kind: "incomplete" } | { kind: "multiple"; name: string };

export class KeyProblemError extends ValidationException {
  constructor(readonly problem: KeyProblem) {
    super(problem.kind === "incomplete" ? M.incompleteKey : M.multipleKeyConditions(problem.name));
  }
}

function conjuncts(cond: Cond | undefined, out: Cond[] = []): Cond[] {
  if (cond === undefined) return out;
  if (cond.kind === "and") {
    conjuncts(cond.left, out);
    conjuncts(cond.right, out);
  } else if (!(cond.kind === "const" && cond.value)) {
    out.push(cond);
  }
  return out;
}

/**
 * The key a WHERE clause pins with top-level equalities, and the rest of the clause. A second,
 * different value for a key attribute is refused; the same value again is just a condition.
 */
export function keyFromWhere(table: Table, cond: Cond | undefined): { key: Key; rest: Cond[] } {
  const key: Key = {};
  const rest: Cond[] = [];
  for (const atom of conjuncts(cond)) {
    const name = table.keyNames.find((n) => equalityOn(atom, n) !== undefined);
    const value = name === undefined ? undefined : equalityOn(atom, name);
    if (name === undefined || value === undefined) {
      rest.push(atom);
      continue;
    }
    const first = key[name];
    if (first === undefined) key[name] = value;
    else if (!valuesEqual(first, value) || typeOf(first) !== typeOf(value)) throw new KeyProblemError({ kind: "multiple", name });
  }
  if (table.keyNames.some((name) => key[name] === undefined)) throw new KeyProblemError({ kind: "incomplete" });
  return { key, rest };
}

function restCondition(rest: Cond[]): Cond | undefined {
  let cond: Cond | undefined;
  for (const atom of rest) cond = cond === undefined ? atom : and(cond, atom);
  return cond;
}

function whereOf(where: Expr | undefined, parameters: Parameters): Cond | undefined {
  return where === undefined ? undefined : new ConditionTranslator(parameters).where(where);
}

function returnValue(returning: Returning | undefined): ReturnValue | undefined {
  switch (returning) {
    case "ALL OLD":
      return "ALL_OLD";
    case "ALL NEW":
      return "ALL_NEW";
    case "MODIFIED OLD":
      return "UPDATED_OLD";
    case "MODIFIED NEW":
      return "UPDATED_NEW";
    default:
      return undefined;
  }
}

export function planInsert(table: Table, statement: InsertStatement, parameters: Parameters): WritePlan {
  if (statement.value === undefined) throw new ValidationException(M.insertMultiple);
  if (statement.atPosition) throw new ValidationException(M.insertAt);
  if (statement.returning !== undefined) throw new ValidationException(M.returningInInsert);
  if (statement.value.kind !== "struct") throw new ValidationException(M.itemFormat);
  // Each attribute's value is a "root" of its own in DynamoDB's messages.
  const map: Item = {};
  for (const field of statement.value.fields) {
    const name = structKey(field.key, "root");
    if (Object.hasOwn(map, name)) throw new ValidationException(M.duplicateTupleKey(name, "root"));
    map[name] = literalValue(field.value, parameters);
  }
  const p = new Placeholders();
  const condition = `attribute_not_exists(${p.name(table.codec.hash.name)})`;
  const key: Key = {};
  for (const name of table.keyNames) if (map[name] !== undefined) key[name] = map[name];
  return { kind: "insert", table, key, item: map, conditionExpression: condition, names: p.attributeNames };
}

export function planDelete(table: Table, statement: DeleteStatement, parameters: Parameters): WritePlan {
  if (statement.returning !== undefined && statement.returning !== "ALL OLD") {
    throw new ValidationException(M.returningInDelete(statement.returning));
  }
  const { key, rest } = keyFromWhere(table, whereOf(statement.where, parameters));
  const p = new Placeholders();
  const cond = restCondition(rest);
  const absent: Cond = { kind: "function", name: "attribute_not_exists", args: [{ kind: "path", path: [table.codec.hash.name] }] };
  return {
    kind: "delete",
    table,
    key,
    conditionExpression: cond === undefined ? undefined : conditionText(or(absent, cond), p, table.codec.hash.name),
    names: p.attributeNames,
    values: p.attributeValues,
    returnValues: returnValue(statement.returning),
  };
}

export function planUpdate(table: Table, statement: UpdateStatement, parameters: Parameters): WritePlan {
  const { key, rest } = keyFromWhere(table, whereOf(statement.where, parameters));
  const p = new Placeholders();
  const updateExpression = new UpdateBuilder(p, parameters).build(statement.operations);
  const exists: Cond = { kind: "function", name: "attribute_exists", args: [{ kind: "path", path: [table.codec.hash.name] }] };
  const cond = restCondition(rest);
  return {
    kind: "update",
    table,
    key,
    updateExpression,
    conditionExpression: conditionText(cond === undefined ? exists : and(exists, cond), p, table.codec.hash.name),
    names: p.attributeNames,
    values: p.attributeValues,
    returnValues: returnValue(statement.returning),
  };
}

/** EXISTS(SELECT … WHERE <full key> AND <condition>): the item must exist and meet the condition. */
export function planCheck(table: Table, statement: ExistsStatement, parameters: Parameters): WritePlan {
  const { key, rest } = keyFromWhere(table, whereOf(statement.select.where, parameters));
  const cond = restCondition(rest);
  if (cond === undefined) throw new ValidationException(M.existsCondition);
  const p = new Placeholders();
  const exists: Cond = { kind: "function", name: "attribute_exists", args: [{ kind: "path", path: [table.codec.hash.name] }] };
  return {
    kind: "check",
    table,
    key,
    conditionExpression: conditionText(and(exists, cond), p, table.codec.hash.name),
    names: p.attributeNames,
    values: p.attributeValues,
  };
}

const SET_FUNCTIONS: Record<string, "ADD" | "DELETE"> = { set_add: "ADD", set_delete: "DELETE" };
const ARITHMETIC = new Set(["+", "-"]);

function typeName(expr: Expr, parameters: Parameters): string {
  if (expr.kind === "parameter") {
    const value = parameters[expr.index];
    return value === undefined ? "NULL" : typeOf(value);
  }
  return typeOf(literalValue(expr, parameters));
}

/** SET/REMOVE operations as one UpdateExpression (set_add → ADD, set_delete → DELETE). */
class UpdateBuilder {
  private readonly set: string[] = [];
  private readonly remove: string[] = [];
  private readonly add: string[] = [];
  private readonly delete: string[] = [];

  constructor(
    private readonly p: Placeholders,
    private readonly parameters: Parameters,
  ) {}

  build(operations: DmlOperation[]): string {
    for (const operation of operations) {
      const path = documentPath(operation.target);
      if (operation.kind === "remove") this.remove.push(this.p.path(path));
      else this.assignment(path, operation.value);
    }
    const sections: string[] = [];
    if (this.set.length > 0) sections.push(`SET ${this.set.join(", ")}`);
    if (this.remove.length > 0) sections.push(`REMOVE ${this.remove.join(", ")}`);
    if (this.add.length > 0) sections.push(`ADD ${this.add.join(", ")}`);
    if (this.delete.length > 0) sections.push(`DELETE ${this.delete.join(", ")}`);
    return sections.join(" ");
  }

  private assignment(path: DocumentPath, value: Expr): void {
    if (value.kind === "call" && SET_FUNCTIONS[value.name] !== undefined) {
      this.setFunction(path, value);
      return;
    }
    this.set.push(`${this.p.path(path)} = ${this.value(value)}`);
  }

  private setFunction(path: DocumentPath, call: Extract<Expr, { kind: "call" }>): void {
    const action = SET_FUNCTIONS[call.name];
    const label = call.name.slice(4).toUpperCase();
    if (call.args.length !== 2) throw new ValidationException(M.setFunctionArgs(label, call.position));
    const [first, second] = call.args;
    if (!isPathExpr(first) || !samePath(documentPath(first), path)) {
      throw new ValidationException(M.setFunctionFirst(label, call.position));
    }
    const members = second.kind === "bag" || second.kind === "parameter" ? literalValue(second, this.parameters) : undefined;
    if (members === undefined || !("SS" in members || "NS" in members || "BS" in members)) {
      throw new ValidationException(M.setFunctionSecond(label, first.position));
    }
    const entry = `${this.p.path(path)} ${this.p.value(members)}`;
    if (action === "ADD") this.add.push(entry);
    else this.delete.push(entry);
  }

  /** The right-hand side of SET: a value, a path, arithmetic, list_append or if_not_exists. */
  private value(expr: Expr): string {
    if (isPathExpr(expr)) return this.p.path(documentPath(expr));
    if (expr.kind === "parameter") return this.p.value(parameterValue(expr.index, this.parameters));
    if (isValueExpr(expr)) return this.p.value(literalValue(expr, this.parameters));
    switch (expr.kind) {
      case "binary":
        if (!ARITHMETIC.has(expr.op)) throw new ValidationException(M.updateOperator(expr.op));
        for (const side of [expr.left, expr.right]) {
          if (isValueExpr(side)) {
            const type = typeName(side, this.parameters);
            if (type !== "N") throw new ValidationException(M.operandType(expr.op, type));
          }
        }
        return `${this.value(expr.left)} ${expr.op} ${this.value(expr.right)}`;
      case "call":
        if (expr.name === "list_append" || expr.name === "if_not_exists") {
          return `${expr.name}(${expr.args.map((arg) => this.value(arg)).join(", ")})`;
        }
        throw new ValidationException(M.unrecognizedFunction(expr.name, expr.position));
      case "is":
        throw new ValidationException(M.isInUpdate);
      case "unary":
        throw new ValidationException(M.updateOperator(expr.op));
      case "missing":
        throw new ValidationException(M.missingMustUseIs);
      default:
        throw new ValidationException(M.updateOperator(expr.kind));
    }
  }
}

/** Key attributes of a statement checked against the table's schema (transactions report them as reasons). */
export function keyMatchesSchema(table: Table, key: Key): boolean {
  const { hash, range } = table.codec;
  const matches = (name: string, type: string): boolean => {
    const value: AttributeValue | undefined = key[name];
    return value !== undefined && typeOf(value) === type;
  };
  return matches(hash.name, hash.type) && (range === undefined || matches(range.name, range.type));
}
