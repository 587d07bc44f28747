/**
 * SAM CLI's environment variables file (`sam local invoke|start-api --env-vars env.json`):
 * `{"Parameters": {"STAGE": "dev"}}` for every function, `{"<LogicalId or FunctionName>":
 * {"TABLE_NAME": "local"}}` for one, the function's own entries winning. As in SAM CLI, a value
 * replaces the template's for a variable the function's template declares (Environment.Variables,
 * Globals included); a variable the template does not declare is not added.
 */
import { readFileSync } from "node:fs";
import { SandboxError } from "@sam-sandbox/core";
import { parseJson, type AppModel } from "@sam-sandbox/template";

export type EnvVars = Record<string, Record<string, unknown>>;

/** The section that applies to every function. */
const GLOBAL_SECTION = "Parameters";

/** Reads and checks an env vars file (or takes the object given). */
export function readEnvVars(source: string | EnvVars): { envVars: EnvVars; file?: string } {
  if (typeof source !== "string") return { envVars: checked(source) };
  let text: string;
  try {
    text = readFileSync(source, "utf8");
  } catch (error) {
    throw new SandboxError(`Could not read the environment variables file: ${(error as Error).message}`, {
      file: source,
      hint: 'Pass a JSON file like {"Parameters": {"STAGE": "dev"}, "MyFunction": {"TABLE_NAME": "local"}}.',
    });
  }
  let parsed: unknown;
  try {
    parsed = parseJson(text, source);
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    throw new SandboxError(`The environment variables file is not valid JSON: ${error.message.replace(/^Invalid JSON: /, "")}.`, { file: source, line: error.line });
  }
  try {
    return { envVars: checked(parsed), file: source };
  } catch (error) {
    if (error instanceof SandboxError) throw new SandboxError(error.message, { file: source, hint: error.hint });
    throw error;
  }
}

/** An object of objects whose values are strings, numbers or booleans (SAM CLI turns the last two into text). */
function checked(value: unknown): EnvVars {
  const hint = 'The file maps "Parameters" (every function) or a function\'s logical id or name to {"NAME": "value", …}.';
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SandboxError("The environment variables file must hold a JSON object.", { hint });
  for (const [section, variables] of Object.entries(value)) {
    if (typeof variables !== "object" || variables === null || Array.isArray(variables)) {
      throw new SandboxError(`"${section}" in the environment variables file must be an object of variables.`, { hint });
    }
    for (const [name, v] of Object.entries(variables)) {
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
        throw new SandboxError(`The variable ${section}.${name} must be a string, number or boolean.`, { hint });
      }
    }
  }
  return value as EnvVars;
}

/**
 * Overrides the functions' variables in place; answers the sections that named no function of
 * the template (a typo the caller warns about).
 */
export function applyEnvVars(app: AppModel, envVars: EnvVars): string[] {
  const used = new Set<string>();
  for (const fn of app.functions) {
    const own = envVars[fn.logicalId] ?? envVars[fn.functionName];
    if (envVars[fn.logicalId]) used.add(fn.logicalId);
    else if (envVars[fn.functionName]) used.add(fn.functionName);
    for (const overrides of [envVars[GLOBAL_SECTION], own]) {
      if (!overrides) continue;
      for (const [name, value] of Object.entries(overrides)) {
        if (Object.hasOwn(fn.environment, name)) fn.environment[name] = String(value);
      }
    }
  }
  return Object.keys(envVars).filter((section) => section !== GLOBAL_SECTION && !used.has(section));
}
