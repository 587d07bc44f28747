/**
 * `$util` of API Gateway mapping templates ("Variables for data transformations for API
 * Gateway", $util variables).
 */
import { escapeJavaScript } from "../stepfunctions/restRequest.js";
import { parseJavaJson } from "./javaJson.js";

/** Java's URLEncoder (application/x-www-form-urlencoded): space as `+`, only `.-*_` kept. */
function urlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).replaceAll("%20", "+");
}

/** Java's URLDecoder: `+` is a space. */
function urlDecode(text: string): string {
  return decodeURIComponent(text.replaceAll("+", " "));
}

export interface MappingUtil {
  escapeJavaScript(text: unknown): string;
  parseJson(text: unknown): unknown;
  urlEncode(text: unknown): string;
  urlDecode(text: unknown): string;
  base64Encode(text: unknown): string;
  base64Decode(text: unknown): string;
}

export function mappingUtil(): MappingUtil {
  return {
    escapeJavaScript: (text) => escapeJavaScript(String(text ?? "")),
    parseJson: (text) => parseJavaJson(String(text ?? "")),
    urlEncode: (text) => urlEncode(String(text ?? "")),
    urlDecode: (text) => urlDecode(String(text ?? "")),
    base64Encode: (text) => Buffer.from(String(text ?? ""), "utf8").toString("base64"),
    base64Decode: (text) => Buffer.from(String(text ?? ""), "base64").toString("utf8"),
  };
}
