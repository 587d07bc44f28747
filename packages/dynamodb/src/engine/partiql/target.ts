/** The table (or `"Table"."Index"`) a statement names, resolved as DynamoDB does. */
import { ValidationException } from "../../errors.js";
import type { DynamoDbEngine } from "../engine.js";
import type { KeyAttribute } from "../keys.js";
import type { SecondaryIndex, Table } from "../table.js";
import type { Source } from "./ast.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";

export interface Target {
  table: Table;
  index?: SecondaryIndex;
  /** Key of what is read: the index's key for an index, else the table's. */
  hash: KeyAttribute;
  range?: KeyAttribute;
}

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/** Checks of the FROM path that come before the table is looked up. */
export function checkSource(source: Source, dml: boolean): void {
  if (source.insertPath !== undefined) throw new ValidationException(M.dmlSingleTable(source.insertPath));
  if (source.joined) throw new ValidationException("Only select from a single table or index is supported.");
  if (source.complex || source.names.length === 0) throw new ValidationException("Unexpected from source");
  if (source.names.length > 2) throw new ValidationException(M.tooManyPathComponents);
  if (source.names.some((name) => name === "")) throw new ValidationException(M.emptyPathComponent);
  if (source.aliased) throw new ValidationException(M.aliasing);
  if (dml && source.names.length > 1) throw new ValidationException(M.notOnIndex);
  if (!TABLE_NAME.test(source.names[0])) throw new ValidationException(M.invalidTableName);
}

/** The table, or ResourceNotFoundException "Requested resource not found". */
export function findTable(engine: DynamoDbEngine, source: Source): Table {
  return engine.table(source.names[0]);
}

export function resolveTarget(engine: DynamoDbEngine, source: Source, dml = false): Target {
  checkSource(source, dml);
  const table = findTable(engine, source);
  return targetOf(table, source.names[1]);
}

export function targetOf(table: Table, indexName: string | undefined): Target {
  if (indexName === undefined) return { table, hash: table.codec.hash, range: table.codec.range };
  const index = table.index(indexName);
  if (!index) throw new ValidationException(M.noSuchIndex);
  if (index.codec.multi) throw new ValidationException(M.multiAttributeIndex);
  return { table, index, hash: index.codec.hash, range: index.codec.range };
}
