import { extname } from "node:path";
import { parseJson } from "./json.js";
import { parseYaml } from "./yaml.js";

/** Parses a template file's text: `.json` as JSON, everything else as YAML (with CloudFormation tags). */
export function parseTemplateText(text: string, file: string): unknown {
  if (extname(file).toLowerCase() === ".json") return parseJson(text, file);
  return parseYaml(text, file);
}
