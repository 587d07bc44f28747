import { extname } from "node:path";
import { parseJson } from "./json.js";
import { parseYaml } from "./yaml.js";

export interface ParseOptions {
  /** Told about things CloudFormation accepts but that are likely mistakes (a YAML key written twice). */
  warn?: (message: string) => void;
  /** The text is a template CloudFormation reads: a syntax error is its "Template format error: … not well-formed." */
  cloudFormation?: boolean;
}

/** Parses a template file's text: `.json` as JSON, everything else as YAML (with CloudFormation tags). */
export function parseTemplateText(text: string, file: string, options: ParseOptions = {}): unknown {
  if (extname(file).toLowerCase() === ".json") return parseJson(text, file, options.cloudFormation);
  return parseYaml(text, file, options.warn, options.cloudFormation);
}
