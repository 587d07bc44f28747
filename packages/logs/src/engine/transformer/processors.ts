/**
 * What each processor does to one log event (CloudWatch Logs User Guide, "Processors that you
 * can use"). Parsers read a source (default @message) and add keys; mutators change keys that
 * exist and leave an event without them alone; a processor that cannot do its work throws
 * TransformationFailed, and the whole event stays untransformed.
 */
import { RegexTimedOut, runRegex } from "@sam-sandbox/core";
import type { Processor, ProcessorConfig } from "./config.js";
import { DEFAULT_TARGET_FORMAT, formatDate, parseDate } from "./dateTime.js";
import {
  TransformationFailed, deletePath, getPath, hasPath, isObject, putKey, putParsed, setPath, sourceText, type Json, type JsonObject, type LogEvent,
} from "./event.js";
import { compileGrok, unquote } from "./grok.js";
import { notReadLocally, parseCloudfront, parseVPC, parseWAF } from "./vended.js";

/** How long one of the user's regular expressions (grok, substituteString) may run over one event. */
export const TRANSFORMER_REGEX_TIMEOUT_MS = 2000;

type Entry = Record<string, unknown>;
type Apply = (event: LogEvent, config: ProcessorConfig) => void;

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const entries = (config: ProcessorConfig): Entry[] => (Array.isArray(config.entries) ? (config.entries as Entry[]) : []);
const withKeys = (config: ProcessorConfig): string[] => (Array.isArray(config.withKeys) ? (config.withKeys as unknown[]).filter((k): k is string => typeof k === "string") : []);

export const PROCESSORS: Record<Processor["name"], Apply> = {
  parseJSON(event, config) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(sourceText(event, str(config.source)));
    } catch (error) {
      if (error instanceof TransformationFailed) throw error;
      throw new TransformationFailed("the source is not JSON");
    }
    if (!isObject(parsed as Json)) throw new TransformationFailed("the source is not a JSON object");
    putParsed(event, str(config.destination), parsed as JsonObject);
  },

  parseKeyValue(event, config) {
    const text = sourceText(event, str(config.source));
    // Defaults: pairs split by "&", key and value by "=" (ParseKeyValue API reference).
    const fieldDelimiter = str(config.fieldDelimiter) ?? "&";
    const keyValueDelimiter = str(config.keyValueDelimiter) ?? "=";
    const prefix = str(config.keyPrefix) ?? "";
    const nonMatch = str(config.nonMatchValue);
    const overwrite = config.overwriteIfExists === true;
    const parsed: JsonObject = {};
    for (const pair of fieldDelimiter === "" ? [text] : text.split(fieldDelimiter)) {
      if (pair === "") continue;
      const at = pair.indexOf(keyValueDelimiter);
      if (at < 0) {
        if (nonMatch !== undefined) putKey(parsed, prefix + pair, nonMatch);
        continue;
      }
      putKey(parsed, prefix + pair.slice(0, at), pair.slice(at + keyValueDelimiter.length));
    }
    const destination = str(config.destination);
    if (destination !== undefined) {
      const existing = getPath(event, destination);
      setPath(event, destination, isObject(existing) ? mergeInto(existing, parsed, overwrite) : parsed);
    } else mergeInto(event.fields, parsed, overwrite);
  },

  csv(event, config) {
    const text = sourceText(event, str(config.source));
    const values = splitCsv(text, str(config.delimiter) ?? ",", str(config.quoteCharacter) ?? '"');
    const columns = Array.isArray(config.columns) ? (config.columns as string[]) : [];
    // Columns not named are column_1, column_2, … (Processors that you can use, csv).
    values.forEach((value, i) => setPath(event, columns[i] ?? `column_${i + 1}`, value));
  },

  grok(event, config) {
    const text = sourceText(event, str(config.source));
    const grok = compileGrok(String(config.match ?? ""));
    const reply = userRegex(event, grok.source, () => runRegex({ op: "exec", source: grok.source, flags: "", text, lastIndex: 0 }, TRANSFORMER_REGEX_TIMEOUT_MS));
    if (reply.match === null) throw new TransformationFailed("the grok pattern does not match");
    grok.fields.forEach((field, i) => {
      const value = reply.match?.[i + 1];
      if (value !== undefined) setPath(event, field, grok.unquoted.has(i) ? unquote(value) : value);
    });
  },

  parseVPC: (event) => parseVPC(event),
  parseCloudfront: (event) => parseCloudfront(event),
  parseWAF: (event) => parseWAF(event),
  parseRoute53: notReadLocally("parseRoute53"),
  parsePostgres: notReadLocally("parsePostgres"),

  addKeys(event, config) {
    for (const entry of entries(config)) {
      const key = String(entry.key);
      if (entry.overwriteIfExists !== true && hasPath(event, key)) continue;
      setPath(event, key, String(entry.value ?? ""));
    }
  },

  deleteKeys(event, config) {
    for (const key of withKeys(config)) deletePath(event, key);
  },

  moveKeys(event, config) {
    for (const entry of entries(config)) move(event, String(entry.source), String(entry.target), entry.overwriteIfExists === true);
  },

  renameKeys(event, config) {
    for (const entry of entries(config)) {
      const key = String(entry.key);
      // The new name replaces the last segment: the key stays under the same parent.
      const parent = key.includes(".") ? key.slice(0, key.lastIndexOf(".") + 1) : "";
      move(event, key, parent + String(entry.renameTo), entry.overwriteIfExists === true);
    }
  },

  copyValue(event, config) {
    for (const entry of entries(config)) {
      const value = getPath(event, String(entry.source));
      if (value === undefined) continue;
      const target = String(entry.target);
      if (entry.overwriteIfExists !== true && hasPath(event, target)) continue;
      setPath(event, target, structuredClone(value));
    }
  },

  listToMap(event, config) {
    const source = String(config.source);
    const list = getPath(event, source);
    if (!Array.isArray(list)) throw new TransformationFailed(`${source} is not a list`);
    const key = String(config.key);
    const valueKey = str(config.valueKey);
    const flatten = config.flatten === true;
    // flattenedElement: which of several values a flattened key keeps ("first" or "last"; required when flatten is true).
    const last = config.flattenedElement === "last";
    const map: JsonObject = {};
    for (const item of list) {
      if (!isObject(item) || item[key] === undefined || item[key] === null) continue;
      const name = String(item[key]);
      const value: Json = valueKey !== undefined ? (item[valueKey] ?? null) : withoutKey(item, key);
      if (flatten) {
        if (!Object.hasOwn(map, name) || last) putKey(map, name, value);
      } else {
        const values = Object.hasOwn(map, name) ? map[name] : undefined;
        if (Array.isArray(values)) values.push(value);
        else putKey(map, name, [value]);
      }
    }
    const target = str(config.target);
    if (target !== undefined) setPath(event, target, map);
    else for (const [name, value] of Object.entries(map)) putKey(event.fields, name, value);
  },

  lowerCaseString: (event, config) => mapStrings(event, withKeys(config), (s) => s.toLowerCase()),
  upperCaseString: (event, config) => mapStrings(event, withKeys(config), (s) => s.toUpperCase()),
  trimString: (event, config) => mapStrings(event, withKeys(config), (s) => s.trim()),

  splitString(event, config) {
    for (const entry of entries(config)) {
      const source = String(entry.source);
      const value = getPath(event, source);
      if (value === undefined) continue;
      if (typeof value !== "string") throw new TransformationFailed(`${source} is not a string`);
      setPath(event, source, value.split(String(entry.delimiter)));
    }
  },

  substituteString(event, config) {
    for (const entry of entries(config)) {
      const source = String(entry.source);
      const value = getPath(event, source);
      if (value === undefined) continue;
      if (typeof value !== "string") throw new TransformationFailed(`${source} is not a string`);
      // "from" is a regular expression; every match is replaced, "to" may name its groups as $1 (Processors that you can use, substituteString).
      const from = String(entry.from);
      const replaced = userRegex(event, from, () =>
        runRegex({ op: "replace", source: from, flags: "g", text: value, replacement: String(entry.to) }, TRANSFORMER_REGEX_TIMEOUT_MS),
      );
      setPath(event, source, replaced);
    }
  },

  typeConverter(event, config) {
    for (const entry of entries(config)) {
      const key = String(entry.key);
      const value = getPath(event, key);
      if (value === undefined) continue;
      setPath(event, key, convert(value, String(entry.type), key));
    }
  },

  dateTimeConverter(event, config) {
    const source = String(config.source);
    const value = getPath(event, source);
    if (value === undefined) return;
    if (typeof value !== "string") throw new TransformationFailed(`${source} is not a string`);
    const locale = str(config.locale) ?? "locale.ROOT";
    const sourceZone = str(config.sourceTimezone) ?? "UTC";
    const patterns = Array.isArray(config.matchPatterns) ? (config.matchPatterns as string[]) : [];
    let epoch: number | undefined;
    for (const pattern of patterns) {
      epoch = parseDate(value, pattern, sourceZone, locale);
      if (epoch !== undefined) break;
    }
    if (epoch === undefined) throw new TransformationFailed(`${source} matches none of the patterns`);
    setPath(event, String(config.target), formatDate(epoch, str(config.targetFormat) ?? DEFAULT_TARGET_FORMAT, str(config.targetTimezone) ?? "UTC", locale));
  },
};

function mergeInto(target: JsonObject, parsed: JsonObject, overwrite: boolean): JsonObject {
  for (const [key, value] of Object.entries(parsed)) if (overwrite || !Object.hasOwn(target, key)) putKey(target, key, value);
  return target;
}

function move(event: LogEvent, source: string, target: string, overwrite: boolean): void {
  const value = getPath(event, source);
  if (value === undefined || source === target) return;
  if (!overwrite && hasPath(event, target)) return;
  deletePath(event, source);
  setPath(event, target, value);
}

function withoutKey(item: JsonObject, key: string): JsonObject {
  const { [key]: _dropped, ...rest } = item;
  return rest;
}

function mapStrings(event: LogEvent, keys: string[], f: (s: string) => string): void {
  for (const key of keys) {
    const value = getPath(event, key);
    if (value === undefined) continue;
    if (typeof value !== "string") throw new TransformationFailed(`${key} is not a string`);
    setPath(event, key, f(value));
  }
}

/** typeConverter: integer, double, boolean or string, as Java reads them (an integer has no fraction). */
function convert(value: Json, type: string, key: string): Json {
  const text = typeof value === "string" ? value.trim() : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
  const fail = () => new TransformationFailed(`${key} cannot be converted to ${type}`);
  switch (type) {
    case "string":
      return typeof value === "string" ? value : JSON.stringify(value);
    case "integer":
      if (text === undefined || !/^[+-]?\d+$/.test(text)) throw fail();
      return Number(text);
    case "double":
      if (text === undefined || text === "" || !Number.isFinite(Number(text))) throw fail();
      return Number(text);
    case "boolean":
      if (text === undefined || !/^(true|false)$/i.test(text)) throw fail();
      return text.toLowerCase() === "true";
    default:
      throw fail();
  }
}

/** Splits one CSV record: quoted values may hold the delimiter, a doubled quote is one quote. */
function splitCsv(text: string, delimiter: string, quote: string): string[] {
  const values: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === quote && text[i + 1] === quote) {
        current += quote;
        i += 1;
      } else if (c === quote) quoted = false;
      else current += c;
    } else if (c === quote) quoted = true;
    else if (c === delimiter) {
      values.push(current);
      current = "";
    } else current += c;
  }
  values.push(current);
  return values;
}

/** A user's regular expression past its deadline fails the event, like any processor error. */
function userRegex<T>(event: LogEvent, source: string, run: () => T): T {
  if (event.timedOut.has(source)) throw new TransformationFailed(`the regular expression /${source}/ ran past its deadline`);
  try {
    return run();
  } catch (error) {
    if (error instanceof RegexTimedOut) {
      event.timedOut.add(source);
      throw new TransformationFailed(error.message);
    }
    throw error;
  }
}
