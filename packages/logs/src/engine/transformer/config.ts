/**
 * The rules a transformer's processor list must follow (CloudWatch Logs User Guide, "Create and
 * manage log transformers"), checked by PutTransformer and TestTransformer alike. AWS's own texts
 * for these refusals were not found recorded: the messages are the guide's sentences.
 */
import { InvalidParameterException } from "../../errors.js";
import { DEFAULT_TARGET_FORMAT, unsupportedLetter, zoneOffsetMinutes } from "./dateTime.js";
import { compileGrok } from "./grok.js";
import { MESSAGE_KEY } from "./event.js";

/** Each transformer: at most five parser-type processors ("Create and manage log transformers"). */
export const MAX_PARSERS = 5;
/** "Maximum nested key depth: 3" for every source, destination, key and target ("Processors that you can use"). */
export const MAX_KEY_DEPTH = 3;

export const CONFIGURABLE_PARSERS = ["parseJSON", "parseKeyValue", "csv", "grok"] as const;
export const VENDED_PARSERS = ["parseCloudfront", "parseVPC", "parseWAF", "parsePostgres", "parseRoute53"] as const;
export const MUTATORS = [
  "addKeys", "deleteKeys", "moveKeys", "renameKeys", "copyValue", "listToMap",
  "lowerCaseString", "upperCaseString", "trimString", "splitString", "substituteString", "typeConverter", "dateTimeConverter",
] as const;
export type ProcessorName = (typeof CONFIGURABLE_PARSERS)[number] | (typeof VENDED_PARSERS)[number] | (typeof MUTATORS)[number];

export type ProcessorConfig = Record<string, unknown>;
/** One processor: its kind and its settings. */
export interface Processor {
  name: ProcessorName;
  config: ProcessorConfig;
}

const KNOWN = new Set<string>([...CONFIGURABLE_PARSERS, ...VENDED_PARSERS, ...MUTATORS]);
const isParser = (name: string) => (CONFIGURABLE_PARSERS as readonly string[]).includes(name) || (VENDED_PARSERS as readonly string[]).includes(name);
const isVended = (name: string) => (VENDED_PARSERS as readonly string[]).includes(name);

const invalid = (message: string) => new InvalidParameterException(message);

/** Processors whose entries, or which themselves, have boolean members with a default false in AWS's model. */
const ENTRY_DEFAULTS: ReadonlySet<string> = new Set(["addKeys", "copyValue", "moveKeys", "renameKeys"]);
const OWN_DEFAULTS: Readonly<Record<string, string>> = { parseKeyValue: "overwriteIfExists", listToMap: "flatten" };

/**
 * A stored transformerConfig as GetTransformer answers it: the model's defaults written out
 * (addKeys entries come back with "overwriteIfExists": false: the AWS CLI's example
 * logs/get-transformer.rst; the other members have the same default false in the model).
 */
export function withModelDefaults(transformerConfig: unknown): unknown {
  if (!Array.isArray(transformerConfig)) return transformerConfig;
  return transformerConfig.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return entry;
    const out: Record<string, unknown> = {};
    for (const [name, config] of Object.entries(entry as Record<string, unknown>)) out[name] = processorWithDefaults(name, config);
    return out;
  });
}

function processorWithDefaults(name: string, config: unknown): unknown {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return config;
  const settings = config as Record<string, unknown>;
  const own = OWN_DEFAULTS[name];
  if (own !== undefined) return { ...settings, [own]: settings[own] ?? false };
  if (!ENTRY_DEFAULTS.has(name) || !Array.isArray(settings.entries)) return config;
  const entries = settings.entries.map((e: unknown) =>
    typeof e === "object" && e !== null && !Array.isArray(e) ? { ...e, overwriteIfExists: (e as Record<string, unknown>).overwriteIfExists ?? false } : e,
  );
  return { ...settings, entries };
}

/** The processors of a transformerConfig, in order, or InvalidParameterException for the first rule broken. */
export function readTransformerConfig(transformerConfig: unknown): Processor[] {
  const list = Array.isArray(transformerConfig) ? transformerConfig : [];
  const processors = list.map((entry: unknown) => {
    const members = typeof entry === "object" && entry !== null ? Object.entries(entry).filter(([, v]) => v !== undefined && v !== null) : [];
    if (members.length !== 1 || !KNOWN.has(members[0][0])) throw invalid("Each processor in a transformer must set exactly one processor type.");
    const [name, config] = members[0];
    return { name: name as ProcessorName, config: (typeof config === "object" && config !== null ? config : {}) as ProcessorConfig };
  });
  const parsers = processors.filter((p) => isParser(p.name));
  if (processors.length === 0 || !isParser(processors[0].name)) throw invalid("The first processor in a transformer must be a parser.");
  if (parsers.length > MAX_PARSERS) throw invalid(`You can include as many as ${MAX_PARSERS} parser-type processors in a transformer.`);
  const vended = processors.filter((p) => isVended(p.name));
  if (vended.length > 1) throw invalid("You can include only one pre-configured parser for a type of AWS vended logs in a transformer.");
  if (vended.length === 1 && !isVended(processors[0].name)) {
    throw invalid("If you include a pre-configured parser for a type of AWS vended logs, it must be the first processor listed in the transformer.");
  }
  for (const only of ["grok", "addKeys", "copyValue"]) {
    if (processors.filter((p) => p.name === only).length > 1) throw invalid(`You can include only one ${only} processor in a transformer.`);
  }
  const first = processors[0];
  if (first.name === "parseJSON" && first.config.source !== undefined && first.config.source !== MESSAGE_KEY) {
    throw invalid("When using parseJSON as the first processor, you must parse the entire log event using @message as the source field.");
  }
  for (const processor of processors) checkProcessor(processor);
  return processors;
}

function checkProcessor({ name, config }: Processor): void {
  if (isVended(name) && config.source !== undefined && config.source !== MESSAGE_KEY) throw invalid(`No other value than @message is allowed for source of ${name}.`);
  for (const key of keysOf(name, config)) {
    if (key.split(".").length > MAX_KEY_DEPTH) throw invalid(`The key ${key} of ${name} is nested deeper than ${MAX_KEY_DEPTH} levels.`);
  }
  if (name === "grok") compileGrok(String(config.match ?? ""));
  if (name === "dateTimeConverter") checkDateTimeConverter(config);
  if (name === "substituteString") {
    for (const entry of entries(config)) {
      try {
        new RegExp(String(entry.from ?? ""));
      } catch {
        throw invalid(`The substituteString pattern ${String(entry.from)} is not a valid regular expression.`);
      }
    }
  }
}

/** The locale, zones and pattern letters a dateTimeConverter names must be ones it can use. */
function checkDateTimeConverter(config: ProcessorConfig): void {
  const locale = config.locale;
  if (typeof locale === "string" && locale !== "locale.ROOT") {
    try {
      new Intl.DateTimeFormat(locale);
    } catch {
      throw invalid(`The locale ${locale} of dateTimeConverter is not valid.`);
    }
  }
  for (const zone of [config.sourceTimezone, config.targetTimezone]) {
    if (typeof zone !== "string") continue;
    try {
      zoneOffsetMinutes(zone, 0);
    } catch {
      throw invalid(`The time zone ${zone} of dateTimeConverter is not valid.`);
    }
  }
  const patterns = [...(Array.isArray(config.matchPatterns) ? config.matchPatterns : []), config.targetFormat ?? DEFAULT_TARGET_FORMAT];
  for (const pattern of patterns) {
    const letter = unsupportedLetter(String(pattern));
    if (letter !== undefined) throw invalid(`The date pattern ${String(pattern)} of dateTimeConverter uses the unsupported letter ${letter}.`);
  }
}

function entries(config: ProcessorConfig): Array<Record<string, unknown>> {
  return Array.isArray(config.entries) ? (config.entries as Array<Record<string, unknown>>) : [];
}

/** Every key path a processor names. */
function keysOf(name: ProcessorName, config: ProcessorConfig): string[] {
  const keys: unknown[] = [config.source, config.destination, config.target, config.key];
  if (Array.isArray(config.withKeys)) keys.push(...(config.withKeys as unknown[]));
  for (const entry of entries(config)) keys.push(entry.source, entry.target, entry.key, name === "renameKeys" ? entry.renameTo : undefined);
  return keys.filter((k): k is string => typeof k === "string" && k !== MESSAGE_KEY);
}
