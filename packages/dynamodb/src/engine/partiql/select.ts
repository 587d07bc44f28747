/**
 * SELECT through ExecuteStatement: the plan's reads run as the engine's GetItem, Query or
 * Scan (so Limit, the 1 MB page, ConsistentRead and index rules are the engine's), the
 * WHERE clause filters what they read, and the projection names columns as PartiQL does.
 * NextToken carries the read and its LastEvaluatedKey, bound to the statement and its
 * parameters ("NextToken does not match request" otherwise).
 */
import { Buffer } from "node:buffer";
import { ValidationException } from "../../errors.js";
import { sumConsumed, type ConsumedCapacity } from "../capacity.js";
import type { DynamoDbEngine } from "../engine.js";
import { compareValues, type DocumentPath } from "../expressions/index.js";
import { valueAtPath } from "../expressions/paths.js";
import type { Item, Key } from "../types.js";
import type { SelectStatement } from "./ast.js";
import { and, attributeNames, ConditionTranslator, type Cond } from "./condition.js";
import { conditionText, Placeholders } from "./expressionText.js";
import { compileFilter, unprefixed, type ItemTest } from "./filter.js";
import type { Parameters } from "./literals.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";
import { columnName, documentPath } from "./paths.js";
import { planReads, type KeyRead, type ReadPlan } from "./plan.js";
import { resolveTarget, type Target } from "./target.js";

export interface SelectOptions {
  consistentRead?: boolean;
  limit?: number;
  nextToken?: string;
  returnConsumedCapacity?: string;
  /** Digest of the statement text and parameters a NextToken must come from. */
  binding: string;
}

export interface SelectOutput {
  Items: Item[];
  NextToken?: string;
  ConsumedCapacity?: ConsumedCapacity;
}

interface Column {
  path: DocumentPath;
  name: string;
}

/** The listed columns (undefined for `*`), checked as DynamoDB checks a projection. */
export function columnsOf(select: SelectStatement, target: Target): Column[] | undefined {
  const columns = selectColumns(select);
  if (columns !== undefined) checkIndexProjection(columns, target);
  return columns;
}

/** The projection's own checks, which need no table (DynamoDB makes them before it looks the table up). */
export function selectColumns(select: SelectStatement): Column[] | undefined {
  if (select.value) throw new ValidationException(M.selectValueOrPivot);
  if (select.projection.some((item) => item.star)) {
    if (select.projection.length > 1) throw new ValidationException(M.starAndOthers);
    return undefined;
  }
  const columns: Column[] = [];
  for (const item of select.projection) {
    if (item.aliased) throw new ValidationException(M.aliasing);
    const path = documentPath(item.expr);
    const name = columnName(path);
    if (columns.some((c) => c.name === name)) throw new ValidationException(M.duplicateSelectNames(name));
    columns.push({ path, name });
  }
  return columns;
}

/** A global index serves only the attributes it projects. */
function checkIndexProjection(columns: Column[], target: Target): void {
  const projected = target.index?.projected;
  if (!target.index?.global || projected === undefined) return;
  const missing: string[] = [];
  for (const column of columns) {
    const root = column.path[0] as string;
    if (!projected.has(root) && !missing.includes(root)) missing.push(root);
  }
  if (missing.length > 0) throw new ValidationException(M.gsiDoesNotProject(target.index.name, missing));
}

/** The item as a projection of its attributes (all when no columns are listed). */
export function projectColumns(item: Item, columns: Column[] | undefined): Item {
  if (columns === undefined) return item;
  const out: Item = {};
  for (const column of columns) {
    const value = valueAtPath(item, column.path);
    if (value !== undefined) out[column.name] = value;
  }
  return out;
}

function trim(item: Item, names: ReadonlySet<string>): Item {
  const out: Item = {};
  for (const name in item) if (names.has(name)) out[name] = item[name];
  return out;
}

function andOf(atoms: Cond[]): Cond | undefined {
  let cond: Cond | undefined;
  for (const atom of atoms) cond = cond === undefined ? atom : and(cond, atom);
  return cond;
}

function byPartition(a: KeyRead, b: KeyRead): number {
  return compareValues(a.partition, b.partition) ?? 0;
}

/** A Query of a non-ALL index may filter only on attributes the index projects. */
function checkFilterProjection(plan: ReadPlan, target: Target): void {
  const projected = target.index?.projected;
  if (target.index === undefined || projected === undefined || plan.kind !== "query") return;
  const perRead = [...plan.reads].sort(byPartition).map((read) => {
    const cond = andOf(read.atoms);
    return cond === undefined ? [] : attributeNames(cond).filter((name) => !projected.has(name));
  });
  // Captured cases agree with: refused when the first and the last read (in key order) both
  // filter on unprojected attributes, naming the last's; `(k = 'y' AND nonproj = 1) OR k = 'y2'`
  // is accepted (nubo-db/dynamodb-conformance, tests/tier2/partiql/indexQualifier).
  const last = perRead[perRead.length - 1];
  if (perRead[0].length === 0 || last.length === 0) return;
  throw new ValidationException(M.indexDoesNotProjectFilter(target.index.name, last));
}

interface Ordering {
  reads: KeyRead[];
  forward: boolean;
}

/** ORDER BY: key attributes only, over a keyed read; reads go in key order. */
function ordering(select: SelectStatement, plan: ReadPlan, target: Target): Ordering | undefined {
  const orderBy = select.orderBy;
  if (orderBy === undefined) return plan.kind === "query" ? { reads: plan.reads, forward: true } : undefined;
  if (select.where === undefined) throw new ValidationException(M.orderByWithoutWhere);
  let hashDescending: boolean | undefined;
  let rangeDescending: boolean | undefined;
  for (const item of orderBy) {
    if (item.expr.kind !== "id") throw new ValidationException(M.orderByArgument(item.expr.kind === "path" ? "Path" : "Expression"));
    const name = item.expr.name;
    if (name === target.hash.name) hashDescending ??= item.descending;
    else if (name === target.range?.name) rangeDescending ??= item.descending;
    else throw new ValidationException(M.orderByNotKey(name));
  }
  if (plan.kind === "scan") throw new ValidationException(M.orderByWithoutHashKey);
  if (plan.reads.length > 1 && hashDescending === undefined) throw new ValidationException(M.orderByHashKeyRequired);
  // Ordered by the partition key alone, DynamoDB returns each partition's sort keys descending.
  const descending = rangeDescending ?? hashDescending !== undefined;
  const reads = [...plan.reads].sort((a, b) => {
    const partition = byPartition(a, b) * (hashDescending ? -1 : 1);
    if (partition !== 0) return partition;
    const low = a.interval.low && b.interval.low ? (compareValues(a.interval.low.value, b.interval.low.value) ?? 0) : 0;
    return descending ? -low : low;
  });
  return { reads, forward: !descending };
}

interface Token {
  read: number;
  key?: Key;
}

function encodeToken(binding: string, token: Token): string {
  return Buffer.from(JSON.stringify({ b: binding, r: token.read, k: token.key })).toString("base64");
}

function decodeToken(text: string | undefined, binding: string): Token | undefined {
  if (text === undefined || text === null) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, "base64").toString("utf8"));
  } catch {
    throw new ValidationException(M.invalidNextToken);
  }
  if (typeof payload !== "object" || payload === null) throw new ValidationException(M.invalidNextToken);
  const { b, r, k } = payload as { b?: unknown; r?: unknown; k?: unknown };
  if (b !== binding || typeof r !== "number") throw new ValidationException(M.nextTokenMismatch);
  return { read: r, key: typeof k === "object" && k !== null ? (k as Key) : undefined };
}

export function executeSelect(engine: DynamoDbEngine, select: SelectStatement, parameters: Parameters, options: SelectOptions): SelectOutput {
  // The statement's own checks (a projection DynamoDB cannot serve such as COUNT(*), an
  // operand type with no ordering) come before the table is looked up (dynoxide's captures).
  const columns = selectColumns(select);
  const cond = select.where === undefined ? undefined : new ConditionTranslator(parameters).where(select.where);
  // The WHERE clause is validated as a condition whether or not the table exists (for a
  // missing table the partition key name is a stand-in: ResourceNotFoundException follows).
  const filter = compileFilter(cond, engine.tables.get(select.from.names[0] ?? "")?.codec.hash.name ?? "pk");
  const target = resolveTarget(engine, select.from);
  if (columns !== undefined) checkIndexProjection(columns, target);
  if (options.consistentRead && target.index?.global) throw new ValidationException(M.consistentReadOnGsi);
  const plan = planReads(cond, { hash: target.hash, range: target.range });
  checkFilterProjection(plan, target);
  const order = ordering(select, plan, target);
  const token = decodeToken(options.nextToken, options.binding);

  const projected = target.index?.projected;
  const fetchAll =
    target.index !== undefined && !target.index.global && projected !== undefined && columns?.some((c) => !projected.has(c.path[0] as string));
  const view = (item: Item): Item => (projected === undefined ? item : trim(item, projected));
  const reader = new Reader(engine, target, options, filter, view, columns, fetchAll === true);

  if (plan.kind === "scan" || order === undefined) return reader.scan(token);
  const live = order.reads.filter((read) => !read.contradictory);
  const only = live[0];
  if (target.index === undefined && live.length === 1 && (target.range === undefined || only.rangeValue !== undefined)) {
    return reader.get(only);
  }
  return reader.query(live, order.forward, token);
}

class Reader {
  private readonly items: Item[] = [];
  /** The reads' capacity summed, index shares included (an index read is charged to the index). */
  private consumed: ConsumedCapacity | undefined;

  constructor(
    private readonly engine: DynamoDbEngine,
    private readonly target: Target,
    private readonly options: SelectOptions,
    private readonly filter: ItemTest | undefined,
    private readonly view: (item: Item) => Item,
    private readonly columns: Column[] | undefined,
    private readonly fetchAll: boolean,
  ) {}

  private accept(item: Item, seen?: Set<string>): void {
    const indexView = this.view(item);
    if (this.filter !== undefined && !this.filter(indexView)) return;
    if (seen !== undefined) {
      const key = this.target.table.codec.encode(item);
      if (seen.has(key)) return;
      seen.add(key);
    }
    this.items.push(projectColumns(this.columns === undefined ? indexView : item, this.columns));
  }

  private charge(output: object): void {
    if ("ConsumedCapacity" in output && output.ConsumedCapacity !== undefined) {
      this.consumed = sumConsumed(this.consumed, output.ConsumedCapacity as ConsumedCapacity);
    }
  }

  private output(token?: Token): SelectOutput {
    const out: SelectOutput = { Items: this.items };
    if (token !== undefined) out.NextToken = encodeToken(this.options.binding, token);
    if (this.consumed !== undefined) out.ConsumedCapacity = this.consumed;
    return out;
  }

  get(read: KeyRead): SelectOutput {
    const { hash, range } = this.target;
    const key: Key = { [hash.name]: read.partition };
    if (range !== undefined && read.rangeValue !== undefined) key[range.name] = read.rangeValue;
    const output = this.engine.getItem({
      TableName: this.target.table.name,
      Key: key,
      ConsistentRead: this.options.consistentRead,
      ReturnConsumedCapacity: this.options.returnConsumedCapacity,
    });
    this.charge(output);
    if (output.Item !== undefined) this.accept(output.Item as Item);
    return this.output();
  }

  scan(token: Token | undefined): SelectOutput {
    const output = this.engine.scan({
      TableName: this.target.table.name,
      IndexName: this.target.index?.name,
      Limit: this.options.limit,
      ExclusiveStartKey: token?.key,
      ConsistentRead: this.options.consistentRead,
      Select: this.fetchAll ? "ALL_ATTRIBUTES" : undefined,
      ReturnConsumedCapacity: this.options.returnConsumedCapacity,
    });
    this.charge(output);
    for (const item of output.Items ?? []) this.accept(item);
    return this.output(output.LastEvaluatedKey ? { read: 0, key: output.LastEvaluatedKey } : undefined);
  }

  query(reads: KeyRead[], forward: boolean, token: Token | undefined): SelectOutput {
    const seen = reads.length > 1 ? new Set<string>() : undefined;
    let remaining = this.options.limit;
    for (let i = token?.read ?? 0; i < reads.length; i++) {
      const read = reads[i];
      const p = new Placeholders();
      let keyCondition = `${p.name(this.target.hash.name)} = ${p.value(read.partition)}`;
      if (read.range !== undefined) keyCondition += ` AND ${conditionText(read.range, p, this.target.hash.name)}`;
      const output = unprefixed(() =>
        this.engine.query({
          TableName: this.target.table.name,
          IndexName: this.target.index?.name,
          KeyConditionExpression: keyCondition,
          ExpressionAttributeNames: p.attributeNames,
          ExpressionAttributeValues: p.attributeValues,
          Limit: remaining,
          ExclusiveStartKey: token !== undefined && i === token.read ? token.key : undefined,
          ConsistentRead: this.options.consistentRead,
          ScanIndexForward: forward,
          Select: this.fetchAll ? "ALL_ATTRIBUTES" : undefined,
          ReturnConsumedCapacity: this.options.returnConsumedCapacity,
        }),
      );
      this.charge(output);
      for (const item of output.Items ?? []) this.accept(item, seen);
      if (output.LastEvaluatedKey) return this.output({ read: i, key: output.LastEvaluatedKey });
      if (remaining !== undefined) {
        remaining -= output.ScannedCount;
        if (remaining <= 0 && i + 1 < reads.length) return this.output({ read: i + 1 });
      }
    }
    return this.output();
  }
}
