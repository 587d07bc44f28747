/**
 * ItemReader (Distributed Map, "ItemReader (Map)"): the items come from S3 instead of the
 * state input. arn:aws:states:::s3:getObject reads one object as ReaderConfig.InputType
 * JSON (an array, or the one ItemsPointer points to), JSONL (a value per line), CSV (rows
 * as objects keyed by the first row or CSVHeaders) or MANIFEST (an S3 Inventory manifest:
 * the rows of its CSV files, which the sandbox reads uncompressed);
 * arn:aws:states:::s3:listObjectsV2 lists the objects under a prefix, or with
 * Transformation LOAD_AND_FLATTEN reads each of them as InputType says. S3 is reached through
 * the TaskRunner (arn:aws:states:::s3:<action>), so through the sandbox's dispatcher
 * (DESIGN.md rule 1).
 */
import { isObject, type Json, type JsonObject } from "../json.js";
import type { StateRun } from "../execution.js";
import { jsonataBindings, pathSources } from "../execution.js";
import { StatesErrors, StatesFailure } from "../failure.js";
import { evaluatePath } from "../jsonpath.js";
import { resolvePayload } from "../payload.js";
import { evaluateTemplate } from "../jsonata.js";
import { jsonataField } from "../io.js";
import { parseResource, TaskError } from "../ports.js";
import { parseCsv } from "./csv.js";
import { javaHashMapOrder } from "../javaHashOrder.js";
import { DEFAULT_TASK_TIMEOUT_SECONDS } from "../../../limits.js";

function readerFailed(cause: string): StatesFailure {
  return new StatesFailure(StatesErrors.ItemReaderFailed, cause, "task", { located: true });
}

/** Calls S3 through the TaskRunner as arn:aws:states:::s3:<action>; failures are the caller's to name. */
export async function s3Call(run: StateRun, action: string, parameters: Json): Promise<JsonObject> {
  const resource = parseResource(`arn:aws:states:::s3:${action}`);
  if (resource === undefined) throw new TaskError(StatesErrors.Runtime, `Unknown S3 action ${action}`);
  const env = run.frame.env;
  const result = await env.tasks.run({
    resource,
    parameters,
    region: env.region,
    accountId: env.accountId,
    executionArn: env.info.arn,
    stateName: run.name,
    timeoutSeconds: DEFAULT_TASK_TIMEOUT_SECONDS,
    ...(env.traceHeader !== undefined ? { traceHeader: env.traceHeader } : {}),
  });
  return isObject(result) ? result : {};
}

/** A failed S3 call's cause: a TaskError's cause (or its error name), else the error's message. */
export function causeOf(error: unknown): string {
  if (error instanceof TaskError) return error.cause ?? error.error;
  return error instanceof Error ? error.message : String(error);
}

/** The reader's Parameters (JSONPath) or Arguments (JSONata), evaluated against the state input. */
export async function readerParameters(run: StateRun, effective: Json, holder: JsonObject, field: string): Promise<Json> {
  if (run.language === "JSONata") {
    const args = holder.Arguments;
    return args === undefined ? {} : evaluateTemplate(args, jsonataBindings(run), `${field}/Arguments`);
  }
  const params = holder.Parameters;
  return params === undefined ? {} : resolvePayload(params, pathSources(run, effective), run.frame.env.random);
}

/**
 * A failure AWS reports once the Map has started (after MapStateStarted) but before any Map Run:
 * a MaxItemsPath naming no integer (test_map_item_reader_csv_max_items_paths[1.5], AWS-recorded).
 */
export class StartedMapFailure extends StatesFailure {}

async function maxItems(run: StateRun, effective: Json, config: JsonObject): Promise<number | undefined> {
  let value: Json | undefined = config.MaxItems;
  if (typeof config.MaxItemsPath === "string") {
    const path = config.MaxItemsPath;
    const read = evaluatePath(path, pathSources(run, effective)).value;
    // AWS's texts (LocalStack's AWS-recorded test_map_item_reader_csv_max_items_paths[1.5], [-1]).
    if (typeof read !== "number" || !Number.isInteger(read)) {
      const text = typeof read === "string" ? read : JSON.stringify(read ?? null);
      throw new StartedMapFailure(StatesErrors.Runtime, `The MaxItemsPath field refers to value "${text}" which is not a valid integer: ${path}`, "runtime");
    }
    if (read < 0) throw readerFailed("field MaxItems must be positive");
    value = read;
  }
  if (typeof value === "string") value = await jsonataField(run, value, "ItemReader/ReaderConfig/MaxItems");
  // "ItemReader (Map)": MaxItems 0 means no limit; at most 100,000,000 items are read.
  if (typeof value !== "number" || value <= 0) return undefined;
  return Math.floor(value);
}

/** Sets a field by name, "__proto__" too (a plain assignment would set the prototype and lose the column). */
function setField(item: JsonObject, name: string, value: Json): void {
  if (name === "__proto__") Object.defineProperty(item, name, { value, enumerable: true, writable: true, configurable: true });
  else item[name] = value;
}

/**
 * CSV rows as objects keyed by the header, values as text ("ItemReader (Map)": a short row
 * gets empty strings, a long row's extra fields are skipped).
 */
function csvItems(text: string, config: JsonObject, limit: number | undefined): Json[] {
  const rows = parseCsv(text, delimiter(config.CSVDelimiter));
  let headers: string[];
  if (config.CSVHeaderLocation === "GIVEN") {
    headers = Array.isArray(config.CSVHeaders) ? config.CSVHeaders.map(String) : [];
  } else {
    headers = rows.shift() ?? [];
  }
  if (new Set(headers).size < headers.length) throw readerFailed("CSV headers cannot contain duplicates.");
  const selected = limit === undefined ? rows : rows.slice(0, limit);
  // Each row is a java.util.HashMap: its columns come out in the map's order, not the file's
  // (test_map_item_reader_csv_headers_first_row_typed_headers, AWS-recorded: "0", "{}", "True").
  const columns = javaHashMapOrder(headers.map((header, index) => ({ header, index })), (column) => column.header);
  return selected.map((row) => {
    const item: JsonObject = {};
    for (const { header, index } of columns) setField(item, header, row[index] ?? "");
    return item;
  });
}

function delimiter(value: Json | undefined): string {
  switch (value) {
    case "PIPE":
      return "|";
    case "SEMICOLON":
      return ";";
    case "SPACE":
      return " ";
    case "TAB":
      return "\t";
    default:
      return ",";
  }
}

/** RFC 6901: "/inventory/products/featured". */
function pointTo(value: Json, pointer: string): Json | undefined {
  if (pointer === "") return value;
  let current: Json | undefined = value;
  for (const raw of pointer.replace(/^\//, "").split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = current[token];
    else return undefined;
  }
  return current;
}

/** A JSON array, or the array ReaderConfig.ItemsPointer points to. */
function jsonItems(text: string, config: JsonObject, limit: number | undefined): Json[] {
  let parsed: Json | undefined;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    throw readerFailed("Attempting to map over non-iterable node.");
  }
  if (typeof config.ItemsPointer === "string") parsed = pointTo(parsed, config.ItemsPointer);
  if (!Array.isArray(parsed)) throw readerFailed("Attempting to map over non-iterable node.");
  return limit === undefined ? parsed : parsed.slice(0, limit);
}

function jsonlItems(text: string, limit: number | undefined): Json[] {
  const items: Json[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    if (limit !== undefined && items.length >= limit) break;
    try {
      items.push(JSON.parse(line) as Json);
    } catch {
      throw readerFailed(`Invalid JSON on line ${items.length + 1} of the JSONL file.`);
    }
  }
  return items;
}

/** An S3 Inventory manifest: each CSV file it lists, rows named by its fileSchema. */
async function manifestItems(run: StateRun, text: string, delimiter: string, limit: number | undefined): Promise<Json[]> {
  let manifest: JsonObject;
  try {
    const parsed = JSON.parse(text) as Json;
    manifest = isObject(parsed) ? parsed : {};
  } catch {
    throw readerFailed("The manifest file is not valid JSON.");
  }
  if (manifest.fileFormat !== "CSV") throw readerFailed(`The manifest's fileFormat '${String(manifest.fileFormat)}' is not supported: use CSV.`);
  const columns = String(manifest.fileSchema ?? "").split(",").map((c) => c.trim());
  const bucket = String(manifest.destinationBucket ?? "").replace(/^arn:aws:s3:::/, "");
  const items: Json[] = [];
  for (const file of Array.isArray(manifest.files) ? manifest.files : []) {
    if (!isObject(file) || typeof file.key !== "string") continue;
    const object = await s3Call(run, "getObject", { Bucket: bucket, Key: file.key });
    for (const row of parseCsv(String(object.Body ?? ""), delimiter)) {
      if (limit !== undefined && items.length >= limit) return items;
      const item: JsonObject = {};
      columns.forEach((column, i) => setField(item, column, row[i] ?? ""));
      items.push(item);
    }
  }
  return items;
}

/** The objects under a prefix, every page, as {Etag, Key, LastModified (epoch seconds), Size, StorageClass}. */
async function listedObjects(run: StateRun, parameters: Json, limit: number | undefined): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  let token: string | undefined;
  do {
    const base = isObject(parameters) ? parameters : {};
    const page = await s3Call(run, "listObjectsV2", token === undefined ? base : { ...base, ContinuationToken: token });
    for (const object of Array.isArray(page.Contents) ? page.Contents : []) {
      if (!isObject(object)) continue;
      if (limit !== undefined && items.length >= limit) return items;
      const modified = typeof object.LastModified === "string" ? Math.floor(Date.parse(object.LastModified) / 1000) : object.LastModified;
      items.push({ Etag: object.ETag ?? null, Key: object.Key ?? null, LastModified: modified ?? null, Size: object.Size ?? null, StorageClass: object.StorageClass ?? null });
    }
    token = page.IsTruncated === true && typeof page.NextContinuationToken === "string" ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return items;
}

/** The items of one object's text, read as ReaderConfig.InputType says. */
async function parsedItems(run: StateRun, text: string, config: JsonObject, limit: number | undefined): Promise<Json[]> {
  if (config.ManifestType === "S3_INVENTORY") return manifestItems(run, text, delimiter(config.CSVDelimiter), limit);
  switch (config.InputType) {
    case "CSV":
      return csvItems(text, config, limit);
    case "JSONL":
      return jsonlItems(text, limit);
    case "MANIFEST":
      return manifestItems(run, text, delimiter(config.CSVDelimiter), limit);
    case "JSON":
    case undefined:
      return jsonItems(text, config, limit);
    default:
      throw readerFailed(`The InputType '${String(config.InputType)}' is not supported by the sandbox.`);
  }
}

/** listObjectsV2 with Transformation LOAD_AND_FLATTEN: the items of every listed object, in turn. */
async function flattenedItems(run: StateRun, parameters: Json, config: JsonObject, limit: number | undefined): Promise<Json[]> {
  const bucket = isObject(parameters) ? parameters.Bucket : undefined;
  const items: Json[] = [];
  for (const object of await listedObjects(run, parameters, undefined)) {
    if (limit !== undefined && items.length >= limit) break;
    const body = await s3Call(run, "getObject", { Bucket: bucket ?? null, Key: object.Key });
    items.push(...(await parsedItems(run, String(body.Body ?? ""), config, limit === undefined ? undefined : limit - items.length)));
  }
  return items;
}

/** The Distributed Map's items, read as its ItemReader says. */
export async function readItems(run: StateRun, effective: Json): Promise<Json[]> {
  const reader = run.def.ItemReader;
  if (!isObject(reader)) throw readerFailed("The ItemReader field must be an object.");
  const resource = typeof reader.Resource === "string" ? reader.Resource : "";
  const action = /^arn:[^:]+:states:::s3:(getObject|listObjectsV2)$/.exec(resource)?.[1];
  if (action === undefined) throw readerFailed(`The resource provided ${resource} is not supported by ItemReader.`);
  const config = isObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
  const parameters = await readerParameters(run, effective, reader, "ItemReader");
  const limit = await maxItems(run, effective, config);
  try {
    if (action === "listObjectsV2") {
      if (config.Transformation === "LOAD_AND_FLATTEN") return await flattenedItems(run, parameters, config, limit);
      return await listedObjects(run, parameters, limit);
    }
    const object = await s3Call(run, "getObject", parameters);
    return await parsedItems(run, String(object.Body ?? ""), config, limit);
  } catch (error) {
    if (error instanceof StatesFailure) throw error;
    throw readerFailed(causeOf(error));
  }
}
