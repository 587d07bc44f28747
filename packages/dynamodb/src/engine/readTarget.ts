/**
 * What Query and Scan share: the table or index read, Select and ProjectionExpression
 * rules, ExclusiveStartKey checks, and how an index entry becomes the returned item.
 */
import { AwsError } from "@sam-sandbox/core";
import { MESSAGES, ValidationException } from "../errors.js";
import { checkItem } from "./items.js";
import type { DocumentPath } from "./expr.js";
import type { KeyCodec } from "./keys.js";
import type { Select } from "./shapes.js";
import { checkKeyAttribute, type Entry, type SecondaryIndex, type Table, type Tree } from "./table.js";
import type { Item, Key } from "./types.js";

export interface ReadTarget {
  tree: Tree;
  codec: KeyCodec;
  index?: SecondaryIndex;
  /** LastEvaluatedKey attributes: the table's key, then the index's own. */
  keyNames: string[];
  /** Index reads of attributes the index does not project (LSI + ALL_ATTRIBUTES). */
  fetch?: (entry: Entry) => Item;
}

export function readTarget(
  table: Table,
  indexName: string | undefined,
  options: {
    select: Select | undefined;
    consistentRead: boolean | undefined;
    projection?: boolean;
    /** Query checks Select ALL_ATTRIBUTES on a global index itself, after its key checks. */
    laterSelectCheck?: boolean;
  },
): ReadTarget {
  if (indexName === undefined) return { tree: table.tree, codec: table.codec, keyNames: table.keyNames };
  const index = table.index(indexName);
  if (!index) throw new ValidationException(MESSAGES.noSuchIndex(indexName));
  if (index.global && options.consistentRead) throw new ValidationException(MESSAGES.consistentReadOnGsi);
  const keyNames = [...table.keyNames];
  for (const { name } of index.keyAttributes) if (!keyNames.includes(name)) keyNames.push(name);
  const target: ReadTarget = { tree: index.tree, codec: index.codec, index, keyNames };
  if (index.projectionType !== "ALL") {
    if (!options.laterSelectCheck) checkSelectOnIndex(target, options.select);
    // A local index reads attributes it does not project from the table (Select ALL_ATTRIBUTES or
    // a ProjectionExpression may name them); a global index cannot.
    if (!index.global && (options.select === "ALL_ATTRIBUTES" || options.projection)) {
      target.fetch = (entry) => table.get(table.codec.encode(entry.item))?.item ?? entry.item;
    }
  }
  return target;
}

/** A global index that does not project every attribute cannot answer Select ALL_ATTRIBUTES. */
export function checkSelectOnIndex(target: ReadTarget, select: Select | undefined): void {
  const index = target.index;
  if (select === "ALL_ATTRIBUTES" && index && index.global && index.projectionType !== "ALL") {
    throw new ValidationException(MESSAGES.selectAllOnGsi(index.name));
  }
}

/**
 * A global index cannot fetch from the table: a projection naming an attribute it does not
 * project is refused. No index filters on one, not even a local index that fetches the item for
 * Select ALL_ATTRIBUTES or a projection (Alternator's test_lsi_keys_only_filter_on_non_projected_attribute,
 * run against DynamoDB). Both name the attributes (top-level names, in order of use).
 */
export function checkIndexAttributes(target: ReadTarget, projectionPaths: readonly DocumentPath[] | undefined, filterNames: readonly string[] | undefined): void {
  const index = target.index;
  const projected = index?.projected;
  if (index === undefined || projected === undefined) return;
  const missing = (names: readonly string[]) => [...new Set(names.filter((name) => !projected.has(name)))];
  if (projectionPaths && index.global) {
    const names = missing(projectionPaths.flatMap((path) => (typeof path[0] === "string" ? [path[0]] : [])));
    if (names.length > 0) throw new ValidationException(MESSAGES.gsiDoesNotProject(index.name, names));
  }
  if (filterNames) {
    const names = missing(filterNames);
    if (names.length > 0) throw new ValidationException(MESSAGES.indexDoesNotProjectFilter(index.name, names));
  }
}

/**
 * Key attributes are scalars: a projection or filter may not read into one (a.b, a[0]); the
 * table's key is named first, then the indexes' (dynalite test/getItem.js, query.js and scan.js,
 * recorded against DynamoDB).
 */
export function checkScalarKeyPaths(table: Table, heads: readonly string[]): void {
  if (heads.length === 0) return;
  for (const name of table.keyNames) if (heads.includes(name)) throw new ValidationException(MESSAGES.nestedKeyPath(name));
  for (const index of table.indexes) {
    for (const { name } of index.keyAttributes) if (heads.includes(name)) throw new ValidationException(MESSAGES.nestedIndexKeyPath(name));
  }
}

/** The top-level names of the paths that go deeper than one attribute. */
export function nestedHeads(paths: readonly DocumentPath[]): string[] {
  const heads: string[] = [];
  for (const path of paths) if (path.length > 1 && typeof path[0] === "string") heads.push(path[0]);
  return heads;
}

/**
 * Select ↔ ProjectionExpression/AttributesToGet rules (texts captured from DynamoDB by dynoxide;
 * moto test_dynamodb_select.py, @aws_verified: Query words them inside the validation envelope and
 * names AttributesToGet when the request used it).
 */
export function checkSelect(
  select: Select | undefined,
  projection: string | undefined,
  indexName: string | undefined,
  action: "Query" | "Scan",
  projectionName: "ProjectionExpression" | "AttributesToGet" = "ProjectionExpression",
): void {
  const fail = (message: string): never => {
    throw new ValidationException(action === "Query" ? `1 validation error detected: ${message}` : message);
  };
  if (select === "SPECIFIC_ATTRIBUTES" && projection === undefined) {
    fail("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
  }
  if (projection !== undefined && select !== undefined && select !== "SPECIFIC_ATTRIBUTES") {
    fail(`Cannot specify the ${projectionName} when choosing to get ${select === "COUNT" ? "only the Count" : select}`);
  }
  if (select === "ALL_PROJECTED_ATTRIBUTES" && indexName === undefined) {
    fail("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
}

/** ExclusiveStartKey's attribute values, with DynamoDB's "starting key" wording. */
export function checkStartKeyValues(key: Key | undefined): void {
  if (key === undefined || key === null) return;
  try {
    checkItem(key);
  } catch (error) {
    if (!(error instanceof AwsError) || error.code !== "ValidationException") throw error;
    // DynamoDB prefixes some value errors and not others (recorded by dynalite).
    if (/contains duplicates|number set|numeric value|significant digits|number with magnitude/.test(error.message)) throw error;
    throw new ValidationException(MESSAGES.invalidStartKeyDetail(error.message));
  }
}

/**
 * Query's first look at an ExclusiveStartKey, attribute by attribute of the read key schema:
 * the first failure and the position of the attribute it concerns (-1: the attribute count),
 * so that it can be told apart in order from the key condition's own failures (dynalite
 * actions/query.js and test/query.js, recorded against DynamoDB).
 */
export function startKeyFailure(target: ReadTarget, key: Key): { at: number; error: unknown } | undefined {
  let count = 0;
  for (const _ in key) count++;
  if (count !== target.keyNames.length) return { at: -1, error: new ValidationException(MESSAGES.invalidStartKey) };
  const { hashes, ranges } = target.codec;
  const attributes = [...hashes, ...ranges];
  for (let at = 0; at < attributes.length; at++) {
    const attribute = attributes[at];
    if (key[attribute.name] === undefined) return { at, error: new ValidationException(MESSAGES.invalidStartKey) };
    try {
      checkKeyAttribute(key, attribute, hashes.includes(attribute));
    } catch (error) {
      return { at, error };
    }
  }
  return undefined;
}

/**
 * Checks an ExclusiveStartKey against the table (and index) and encodes it for the read tree.
 * A key with the wrong number of attributes is plainly "invalid" for Query and for index
 * reads, and names the schema mismatch for a table Scan (dynalite test/query.js and
 * test/scan.js, recorded against DynamoDB).
 */
export function startKey(table: Table, target: ReadTarget, key: Key, operation: "Query" | "Scan" = "Scan"): string {
  let count = 0;
  for (const _ in key) count++;
  if (count !== target.keyNames.length) {
    throw new ValidationException(
      target.index || operation === "Query" ? MESSAGES.invalidStartKey : MESSAGES.invalidStartKeyDetail(MESSAGES.keySchemaMismatch),
    );
  }
  if (target.index) {
    const { hashes } = target.index.codec;
    for (const attribute of target.index.keyAttributes) {
      if (key[attribute.name] === undefined) throw new ValidationException(MESSAGES.invalidStartKey);
      checkKeyAttribute(key, attribute, hashes.includes(attribute));
    }
  }
  const tableKey: Key = {};
  for (const name of table.keyNames) {
    const value = key[name];
    if (value !== undefined) tableKey[name] = value;
  }
  let encoded: string;
  try {
    encoded = table.keyOf(tableKey);
  } catch (error) {
    if (error instanceof AwsError && error.code === "ValidationException") {
      throw new ValidationException(MESSAGES.invalidStartKeyDetail(error.message));
    }
    throw error;
  }
  return target.index ? target.index.codec.encode(key) + table.codec.itemHash(tableKey) + encoded : encoded;
}
