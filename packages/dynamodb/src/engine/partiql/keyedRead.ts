/**
 * SELECT inside BatchExecuteStatement and ExecuteTransaction: a read of one item by its
 * full primary key, with nothing else in the WHERE clause (an IN list of one value counts
 * as an equality), never through an index.
 */
import { ValidationException } from "../../errors.js";
import { valuesEqual } from "../expressions/index.js";
import type { Table } from "../table.js";
import type { Item, Key } from "../types.js";
import type { SelectStatement } from "./ast.js";
import { ConditionTranslator, type Cond } from "./condition.js";
import type { Parameters } from "./literals.js";
import { planReads } from "./plan.js";
import { columnsOf, projectColumns } from "./select.js";
import { targetOf } from "./target.js";

export interface KeyedRead {
  table: Table;
  key: Key;
  project(item: Item): Item;
}

function atomsOf(cond: Cond, out: Cond[]): Cond[] {
  if (cond.kind === "and") {
    atomsOf(cond.left, out);
    atomsOf(cond.right, out);
  } else if (cond.kind === "in" && cond.list.length === 1) {
    out.push({ kind: "compare", op: "=", left: cond.operand, right: cond.list[0] });
  } else {
    out.push(cond);
  }
  return out;
}

/** `refusal` is the surface's message ("Select statements within … must specify the primary key …"). */
export function planKeyedRead(table: Table, select: SelectStatement, parameters: Parameters, refusal: string): KeyedRead {
  const target = targetOf(table, undefined);
  const columns = columnsOf(select, target);
  const cond = select.where === undefined ? undefined : new ConditionTranslator(parameters).where(select.where);
  if (cond !== undefined) {
    try {
      planReads(cond, { hash: target.hash, range: target.range });
    } catch (error) {
      // Overlapping reads are refused here; a key of the wrong type is the read's own failure.
      if (!(error instanceof ValidationException) || !error.message.startsWith("Key attribute's data type")) throw error;
    }
  }
  const key: Key = {};
  for (const atom of cond === undefined ? [] : atomsOf(cond, [])) {
    const name =
      atom.kind === "compare" && atom.op === "="
        ? table.keyNames.find((n) => (atom.left.kind === "path" && atom.left.path.length === 1 && atom.left.path[0] === n && atom.right.kind === "value") || (atom.right.kind === "path" && atom.right.path.length === 1 && atom.right.path[0] === n && atom.left.kind === "value"))
        : undefined;
    if (name === undefined || atom.kind !== "compare") throw new ValidationException(refusal);
    const value = atom.left.kind === "value" ? atom.left.value : atom.right.kind === "value" ? atom.right.value : undefined;
    if (value === undefined) throw new ValidationException(refusal);
    if (key[name] !== undefined && !valuesEqual(key[name], value)) throw new ValidationException(refusal);
    key[name] ??= value;
  }
  if (table.keyNames.some((name) => key[name] === undefined)) throw new ValidationException(refusal);
  return { table, key, project: (item) => projectColumns(item, columns) };
}
