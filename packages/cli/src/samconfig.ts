/**
 * SAM CLI's configuration file, so a SAM project runs with the settings `sam local start-api`
 * and `sam local invoke` read (samcli/lib/config/samconfig.py, samcli/cli/cli_config_file.py):
 * samconfig.toml (else .yaml, else .yml) in the template's directory — the current one when no
 * template is named — or --config-file; `version = 0.1` at the top; the options of a command
 * under [<env>.<command>.parameters] (`local start-api` → local_start_api, an option's dashes as
 * underscores) over [<env>.global.parameters], <env> from --config-env (default "default").
 * An option given on the command line wins over the file; keys the sandbox has no use for are
 * ignored, as SAM ignores keys a command does not take.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { parse as parseToml, TomlError } from "smol-toml";
import { parseDocument } from "yaml";
import { SandboxError } from "@sam-sandbox/core";
import { parseParameterOverrides } from "./parameterOverrides.js";

/** samcli/lib/config/samconfig.py: DEFAULT_CONFIG_FILE, DEFAULT_ENV, DEFAULT_GLOBAL_CMDNAME. */
const DEFAULT_CONFIG_FILE = "samconfig";
export const DEFAULT_CONFIG_ENV = "default";
const GLOBAL_SECTION = "global";
/** samcli/lib/config/file_manager.py FILE_MANAGER_MAPPER, by priority (JSON is disabled there). */
const EXTENSIONS = [".toml", ".yaml", ".yml"];
/** samcli/lib/config/version.py */
const VERSION_KEY = "version";

const READ_HINT = "Fix the file, or name another one with --config-file.";

type Kind = "string" | "path" | "port" | "overrides" | "debugPort" | "boolean";

/** One command-line option a key of the file sets. */
interface ConfigOption {
  /** Its names in the file: SAM's option name with dashes as underscores. */
  keys: string[];
  /** The commander option it sets. */
  option: string;
  kind: Kind;
  /** The sections it is read from, first found wins (default: the command's, then global). */
  sections?: string[];
}

/** What a sandbox command reads of the file. */
export interface ConfigPlan {
  /** The SAM commands whose sections it reads, the one that wins first; global comes last. */
  sections: string[];
  options: ConfigOption[];
}

const TEMPLATE: ConfigOption = { keys: ["template_file", "template"], option: "template", kind: "path" };
const PARAMETERS: ConfigOption = { keys: ["parameter_overrides"], option: "parameterOverrides", kind: "overrides" };
const REGION: ConfigOption = { keys: ["region"], option: "region", kind: "string" };
const ENV_VARS: ConfigOption = { keys: ["env_vars"], option: "envVars", kind: "path" };
const DEBUG_PORT: ConfigOption = { keys: ["debug_port"], option: "inspect", kind: "debugPort" };

/** `sandbox up` serves what `sam local start-api` and `sam local start-lambda` serve. */
export const UP_PLAN: ConfigPlan = {
  sections: ["local_start_api", "local_start_lambda"],
  options: [
    TEMPLATE,
    PARAMETERS,
    REGION,
    ENV_VARS,
    { keys: ["port"], option: "port", kind: "port", sections: ["local_start_api", GLOBAL_SECTION] },
    // start-lambda's port is where its Lambda API answers: here the edge, which speaks it.
    { keys: ["port"], option: "edgePort", kind: "port", sections: ["local_start_lambda"] },
    { keys: ["host"], option: "host", kind: "string" },
    DEBUG_PORT,
    { keys: ["debug"], option: "verbose", kind: "boolean" },
  ],
};

export const INVOKE_PLAN: ConfigPlan = {
  sections: ["local_invoke"],
  options: [TEMPLATE, PARAMETERS, REGION, ENV_VARS, DEBUG_PORT, { keys: ["event"], option: "event", kind: "path" }],
};

export const VALIDATE_PLAN: ConfigPlan = { sections: ["validate"], options: [TEMPLATE, PARAMETERS, REGION] };

/** What was read, for the start-up line. */
export interface SamConfigUse {
  /** The file as given to the user: relative to the current directory. */
  shown: string;
  env: string;
  /** Keys that set an option. */
  applied: string[];
  /** Keys of the sections read that mean nothing to the sandbox (warm_containers, skip_pull_image…). */
  ignored: string[];
  /** Set when --config-env names an environment the file does not have: the ones it has. */
  missingEnv?: string[];
  /** Set when samconfig.yaml or .yml lie beside the samconfig file read. */
  several?: boolean;
}

/**
 * Reads the configuration for `command` (its --config-file and --config-env) and sets the options
 * the command line left at their defaults. `where` is the template or directory the command line
 * named, if any: the file is looked for beside it, as SAM looks beside the template.
 */
export function applySamConfig(command: Command, plan: ConfigPlan, where: string | undefined): SamConfigUse | undefined {
  const configDir = directoryOf(where);
  const configFile = command.getOptionValue("configFile") as string | undefined;
  const defaults = EXTENSIONS.map((ext) => join(configDir, DEFAULT_CONFIG_FILE + ext)).filter((f) => existsSync(f) && !isDirectory(f));
  const file = configFile === undefined ? defaults[0] : givenConfigFile(configFile, configDir);
  if (file === undefined) return undefined;
  const several = configFile === undefined && defaults.length > 1;
  const shown = relative(process.cwd(), file) || file;
  const document = readConfigFile(file, shown);
  const env = (command.getOptionValue("configEnv") as string | undefined) ?? DEFAULT_CONFIG_ENV;
  const environment = table(document[env]);
  if (environment === undefined) {
    const envs = Object.keys(document).filter((k) => table(document[k]) !== undefined);
    return { shown, env, applied: [], ignored: [], missingEnv: command.getOptionValueSource("configEnv") === "cli" ? envs : undefined, several };
  }
  const sections = [...plan.sections, GLOBAL_SECTION];
  const parameters = new Map(sections.map((s) => [s, table(table(environment[s])?.parameters) ?? {}]));
  const applied: string[] = [];
  for (const entry of plan.options) {
    const found = lookup(parameters, entry);
    if (found === undefined) continue;
    const source = command.getOptionValueSource(entry.option);
    if (source === "cli" || source === "env") continue;
    const at = `${found.key} in [${env}.${found.section}.parameters]`;
    command.setOptionValueWithSource(entry.option, convert(entry.kind, found.value, at, shown, configDir), "config");
    if (!applied.includes(found.key)) applied.push(found.key);
  }
  const known = new Set(plan.options.flatMap((o) => o.keys));
  const ignored = [...new Set([...parameters.values()].flatMap((p) => Object.keys(p)))].filter((k) => !known.has(k));
  return { shown, env, applied, ignored, several };
}

/** The start-up line, or lines: none when nothing of the file applies (unless `verbose`). */
export function samConfigLines(use: SamConfigUse, style: { json: boolean; verbose: boolean }): string[] {
  if (style.json) {
    return [JSON.stringify({ time: new Date().toISOString(), type: "samconfig", file: use.shown, env: use.env, applied: use.applied, ignored: use.ignored, ...(use.missingEnv ? { missingEnv: true } : {}) })];
  }
  if (use.missingEnv) {
    const has = use.missingEnv.length > 0 ? ` (it has ${use.missingEnv.map((e) => `[${e}]`).join(", ")})` : "";
    return [pc.yellow(`⚠ ${use.shown} has no [${use.env}] environment${has}: nothing read from it`)];
  }
  const lines: string[] = [];
  if (use.applied.length > 0) lines.push(pc.dim(`using ${use.shown} [${use.env}]: ${use.applied.join(", ")}`));
  else if (style.verbose) lines.push(pc.dim(`using ${use.shown} [${use.env}]: nothing for this command`));
  if (style.verbose && use.ignored.length > 0) lines.push(pc.dim(`  not used by the sandbox: ${use.ignored.join(", ")}`));
  // SAM's note (samcli/lib/config/samconfig.py get_default_file).
  if (use.several && lines.length > 0) lines.push(pc.dim(`  More than one samconfig file found; using ${basename(use.shown)}. To use another config file, please specify it using the '--config-file' flag.`));
  return lines;
}

/** The directory of the template the command line named (a directory is its own), else the current one. */
function directoryOf(where: string | undefined): string {
  if (where === undefined) return process.cwd();
  const target = resolve(where);
  return isDirectory(target) ? target : dirname(target);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** --config-file is relative to the template's directory in SAM; the current directory is tried next. */
function givenConfigFile(configFile: string, configDir: string): string {
  const candidates = isAbsolute(configFile) ? [configFile] : [join(configDir, configFile), resolve(configFile)];
  const file = candidates.find((c) => existsSync(c) && !isDirectory(c));
  // SAM's message (samcli/cli/cli_config_file.py).
  if (file === undefined) throw new SandboxError(`Config file ${configFile} does not exist or could not be read!`, { hint: `Looked in ${[...new Set(candidates)].join(" and ")}.` });
  if (!EXTENSIONS.includes(extname(file))) {
    // SAM's message (samcli/lib/config/samconfig.py).
    throw new SandboxError(`The config file ${file} uses an unsupported extension, and cannot be read.`, { hint: `Supported formats are: [${EXTENSIONS.join("|")}]` });
  }
  return file;
}

/** The document; a syntax mistake stops with its line, as SAM stops with "Error reading configuration". */
function readConfigFile(file: string, shown: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SandboxError(`Config file ${shown} does not exist or could not be read! ${(error as Error).message}`);
  }
  const document = extname(file) === ".toml" ? parseTomlFile(text, shown) : parseYamlFile(text, shown);
  // An empty file is no configuration; one with content needs its version (SamConfig._version_sanity_check).
  if (Object.keys(document).length > 0 && typeof document[VERSION_KEY] !== "number") {
    throw new SandboxError(`Error reading configuration: '${VERSION_KEY}' key is not present or is in unrecognized format.`, {
      file: shown,
      hint: `Start the file with \`${VERSION_KEY} = 0.1\` (YAML: \`${VERSION_KEY}: 0.1\`), as \`sam\` writes it.`,
    });
  }
  return document;
}

function parseTomlFile(text: string, shown: string): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
    throw new SandboxError(`Error reading configuration: ${reason} (line ${error.line}, column ${error.column}).`, { file: shown, line: error.line, hint: `${READ_HINT} The TOML syntax: https://toml.io/en/` });
  }
}

function parseYamlFile(text: string, shown: string): Record<string, unknown> {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error !== undefined) {
    const line = error.linePos?.[0].line;
    const reason = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new SandboxError(`Error reading configuration: ${reason}${error.linePos ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : ""}.`, { file: shown, line, hint: READ_HINT });
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  const document = table(value);
  if (document === undefined) throw new SandboxError("Error reading configuration: the file is not a mapping of environments.", { file: shown, hint: READ_HINT });
  return document;
}

function table(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function lookup(parameters: Map<string, Record<string, unknown>>, entry: ConfigOption): { key: string; section: string; value: unknown } | undefined {
  for (const section of entry.sections ?? parameters.keys()) {
    const p = parameters.get(section) ?? {};
    const key = entry.keys.find((k) => p[k] !== undefined);
    if (key !== undefined) return { key, section, value: p[key] };
  }
  return undefined;
}

/** The option's value from the file's; a value of the wrong type names the key and section. */
function convert(kind: Kind, value: unknown, where: string, shown: string, configDir: string): unknown {
  const fail = (expected: string): never => {
    throw new SandboxError(`${where} must be ${expected}, got ${JSON.stringify(value)}.`, { file: shown, hint: READ_HINT });
  };
  switch (kind) {
    case "string":
      return typeof value === "string" || typeof value === "number" ? String(value) : fail("a string");
    case "path":
      // Relative to the project directory, which is where `sam` runs and reads them from.
      if (typeof value !== "string") return fail("a file path");
      return value === "-" ? value : resolve(configDir, value);
    case "boolean":
      return typeof value === "boolean" ? value : fail("true or false");
    case "port":
      return port(value) ?? fail("a port number from 0 to 65535");
    case "debugPort": {
      // SAM takes several (one per debugged container); one inspector serves every function here.
      const first = Array.isArray(value) ? (value as unknown[])[0] : value;
      const n = port(first);
      return n === undefined ? fail("a port number from 0 to 65535") : String(n);
    }
    case "overrides": {
      const items = typeof value === "string" ? value : Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : fail('a string such as "Key=Value Key2=Value2", or a list of them');
      try {
        return parseParameterOverrides(items);
      } catch (error) {
        if (!(error instanceof SandboxError)) throw error;
        throw new SandboxError(`${where}: ${error.message}`, { file: shown, hint: READ_HINT });
      }
    }
  }
}

function port(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}
