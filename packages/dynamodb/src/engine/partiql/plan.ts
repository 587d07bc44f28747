/**
 * How a SELECT reads: DynamoDB decomposes the WHERE clause into key reads — one Query per
 * partition key value it pins (an equality, an IN list, OR branches), narrowed by a sort
 * key condition — or, when some branch pins no partition, one Scan with the clause as a
 * filter. Branches of one partition whose sort key ranges overlap are refused, as are more
 * than 50 reads.
 */
import { ValidationException } from "../../errors.js";
import { compareValues, valuesEqual } from "../expressions/index.js";
import type { KeyAttribute } from "../keys.js";
import { typeOf, type AttributeValue } from "../types.js";
import type { ComparisonOperator, Cond, Operand } from "./condition.js";
import { MAX_DECOMPOSED_READS } from "./limits.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";

/** Branches kept when expanding OR/IN over keys; past this the clause is read as one Scan. */
const MAX_BRANCHES = 1000;

interface Bound {
  value: AttributeValue;
  inclusive: boolean;
}

export interface Interval {
  low?: Bound;
  high?: Bound;
}

export interface KeyRead {
  partition: AttributeValue;
  /** The sort key condition the Query uses (the whole WHERE clause filters its items anyway). */
  range?: Cond;
  /** Sort key equality (a full primary key when the table has a sort key). */
  rangeValue?: AttributeValue;
  interval: Interval;
  /** A sort key condition DynamoDB does not read as a range (<>, NOT …): no overlap check. */
  negated: boolean;
  /** Two different partition key values (nothing can match). */
  contradictory: boolean;
  atoms: Cond[];
}

export type ReadPlan = { kind: "scan" } | { kind: "query"; reads: KeyRead[] };

export interface KeyNames {
  hash: KeyAttribute;
  range?: KeyAttribute;
}

function isKeyPath(o: Operand, name: string | undefined): o is { kind: "path"; path: [string] } {
  return name !== undefined && o.kind === "path" && o.path.length === 1 && o.path[0] === name;
}

function mentions(cond: Cond, name: string | undefined): boolean {
  if (name === undefined) return false;
  switch (cond.kind) {
    case "and":
    case "or":
      return mentions(cond.left, name) || mentions(cond.right, name);
    case "not":
      return mentions(cond.operand, name);
    case "compare":
      return isKeyPath(cond.left, name) || isKeyPath(cond.right, name);
    case "between":
      return [cond.operand, cond.low, cond.high].some((o) => isKeyPath(o, name));
    case "in":
      return [cond.operand, ...cond.list].some((o) => isKeyPath(o, name));
    case "function":
      return cond.args.some((o) => isKeyPath(o, name));
    case "const":
      return false;
  }
}

const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = { "=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/** `name op value` (either way round), normalized with the attribute on the left. */
function comparisonOn(cond: Cond, name: string | undefined): { op: ComparisonOperator; value: AttributeValue } | undefined {
  if (cond.kind !== "compare") return undefined;
  if (isKeyPath(cond.left, name) && cond.right.kind === "value") return { op: cond.op, value: cond.right.value };
  if (isKeyPath(cond.right, name) && cond.left.kind === "value") return { op: FLIPPED[cond.op], value: cond.left.value };
  return undefined;
}

export function equalityOn(cond: Cond, name: string | undefined): AttributeValue | undefined {
  const c = comparisonOn(cond, name);
  return c?.op === "=" ? c.value : undefined;
}

/** OR of ANDs, expanded only where keys are involved (other sub-conditions stay whole). */
function branches(cond: Cond, keys: KeyNames): Cond[][] | undefined {
  switch (cond.kind) {
    case "const":
      return cond.value ? [[]] : [];
    case "and": {
      const left = branches(cond.left, keys);
      const right = branches(cond.right, keys);
      if (left === undefined || right === undefined || left.length * right.length > MAX_BRANCHES) return undefined;
      const out: Cond[][] = [];
      for (const l of left) for (const r of right) out.push([...l, ...r]);
      return out;
    }
    case "or": {
      if (!mentions(cond, keys.hash.name) && !mentions(cond, keys.range?.name)) return [[cond]];
      const left = branches(cond.left, keys);
      const right = branches(cond.right, keys);
      if (left === undefined || right === undefined || left.length + right.length > MAX_BRANCHES) return undefined;
      return [...left, ...right];
    }
    case "in": {
      const keyName = [keys.hash.name, keys.range?.name].find((name) => isKeyPath(cond.operand, name));
      if (keyName === undefined || !cond.list.every((o) => o.kind === "value")) return [[cond]];
      return cond.list.map((value) => [{ kind: "compare", op: "=", left: cond.operand, right: value } as Cond]);
    }
    default:
      return [[cond]];
  }
}

/** The sort key interval a range atom selects; undefined when the atom is not a range. */
function rangeOf(cond: Cond, range: KeyAttribute): Interval | undefined {
  const c = comparisonOn(cond, range.name);
  if (c !== undefined) {
    if (typeOf(c.value) !== range.type) return undefined;
    const bound = (inclusive: boolean): Bound => ({ value: c.value, inclusive });
    switch (c.op) {
      case "=":
        return { low: bound(true), high: bound(true) };
      case "<":
        return { high: bound(false) };
      case "<=":
        return { high: bound(true) };
      case ">":
        return { low: bound(false) };
      case ">=":
        return { low: bound(true) };
      default:
        return undefined;
    }
  }
  if (cond.kind === "between" && isKeyPath(cond.operand, range.name) && cond.low.kind === "value" && cond.high.kind === "value") {
    if (typeOf(cond.low.value) !== range.type || typeOf(cond.high.value) !== range.type) return undefined;
    return { low: { value: cond.low.value, inclusive: true }, high: { value: cond.high.value, inclusive: true } };
  }
  if (cond.kind === "function" && cond.name === "begins_with" && isKeyPath(cond.args[0], range.name) && cond.args[1].kind === "value") {
    const prefix = cond.args[1].value;
    if (range.type !== "S" || !("S" in prefix)) return undefined;
    return { low: { value: prefix, inclusive: true }, high: { value: { S: `${prefix.S}\u{10FFFF}` }, inclusive: true } };
  }
  return undefined;
}

function tighterLow(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const order = compareValues(a.value, b.value) ?? 0;
  if (order !== 0) return order > 0 ? a : b;
  return a.inclusive ? b : a;
}

function tighterHigh(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const order = compareValues(a.value, b.value) ?? 0;
  if (order !== 0) return order < 0 ? a : b;
  return a.inclusive ? b : a;
}

/** True when `high` lies below `low` (the intervals they end and start cannot meet). */
function below(high: Bound | undefined, low: Bound | undefined): boolean {
  if (high === undefined || low === undefined) return false;
  const order = compareValues(high.value, low.value) ?? 0;
  return order < 0 || (order === 0 && !(high.inclusive && low.inclusive));
}

export function overlaps(a: Interval, b: Interval): boolean {
  return !below(a.high, b.low) && !below(b.high, a.low);
}

/** Decomposes the WHERE clause into reads, or a Scan. Throws DynamoDB's refusals. */
export function planReads(cond: Cond | undefined, keys: KeyNames): ReadPlan {
  if (cond === undefined) return { kind: "scan" };
  const expanded = branches(cond, keys);
  if (expanded === undefined || expanded.length === 0) return { kind: "scan" };
  const reads: KeyRead[] = [];
  for (const atoms of expanded) {
    const partitions = atoms.map((atom) => equalityOn(atom, keys.hash.name)).filter((v) => v !== undefined);
    if (partitions.length === 0) return { kind: "scan" };
    reads.push(keyRead(atoms, partitions, keys));
  }
  for (const read of reads) {
    for (const value of read.atoms.map((atom) => equalityOn(atom, keys.hash.name))) {
      if (value !== undefined && typeOf(value) !== keys.hash.type) throw new ValidationException(M.keyTypeMismatch(keys.hash.name));
    }
    const range = keys.range;
    if (range === undefined) continue;
    for (const value of read.atoms.map((atom) => equalityOn(atom, range.name))) {
      if (value !== undefined && typeOf(value) !== range.type) throw new ValidationException(M.keyTypeMismatch(range.name));
    }
  }
  if (reads.length > MAX_DECOMPOSED_READS) throw new ValidationException(M.tooManyReads);
  const live = reads.filter((read) => !read.contradictory);
  for (let i = 1; i < live.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = live[i];
      const b = live[j];
      if (a.negated || b.negated || !valuesEqual(a.partition, b.partition)) continue;
      if (overlaps(a.interval, b.interval)) throw new ValidationException(M.overlappingConditions);
    }
  }
  return { kind: "query", reads };
}

function keyRead(atoms: Cond[], partitions: AttributeValue[], keys: KeyNames): KeyRead {
  const partition = partitions[0];
  const contradictory = partitions.some((value) => !valuesEqual(value, partition));
  const read: KeyRead = { partition, interval: {}, negated: false, contradictory, atoms };
  const range = keys.range;
  if (range === undefined) return read;
  for (const atom of atoms) {
    if (!mentions(atom, range.name)) continue;
    const interval = rangeOf(atom, range);
    if (interval === undefined) {
      if (equalityOn(atom, range.name) === undefined) read.negated ||= isNegated(atom, range.name);
      continue;
    }
    read.interval = { low: tighterLow(read.interval.low, interval.low), high: tighterHigh(read.interval.high, interval.high) };
    read.range ??= keyConditionOf(atom, range.name);
    const equal = equalityOn(atom, range.name);
    if (equal !== undefined) read.rangeValue ??= equal;
  }
  return read;
}

/** A range atom with the key attribute first, as KeyConditionExpression wants it. */
function keyConditionOf(atom: Cond, name: string): Cond {
  const c = comparisonOn(atom, name);
  if (c === undefined) return atom;
  return { kind: "compare", op: c.op, left: { kind: "path", path: [name] }, right: { kind: "value", value: c.value } };
}

/** A condition on the sort key DynamoDB keeps out of the key read (<>, NOT, IN under NOT, …). */
function isNegated(cond: Cond, name: string): boolean {
  if (cond.kind === "compare") return cond.op === "<>";
  return cond.kind === "not" || cond.kind === "in" || cond.kind === "or" || cond.kind === "and" ? mentions(cond, name) : false;
}
