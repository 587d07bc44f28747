/** S3's XML: answers built as text (in S3's element order), request bodies read with fast-xml-parser. */
import { XMLParser, type EntityDecoderOptions } from "fast-xml-parser";
import type { Tag } from "../engine/state.js";
import { malformedXml } from "../errors.js";

export const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
export const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * Text for an element of S3's answers. Control characters go as decimal character references,
 * as S3 writes them (a key ending in CR is listed as `…&#13;`): a parser turns a literal CR into
 * LF (XML 1.0 end-of-line handling), and the key read back would not be the key stored. Tab
 * stays as it is.
 */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"'\x00-\x08\x0a-\x1f]/g, (c) => XML_ESCAPES[c] ?? `&#${c.charCodeAt(0)};`);
}

/** `<name>value</name>`, or "" when value is undefined. */
export function el(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return "";
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: the root element in S3's namespace. */
export function document(root: string, inner: string): string {
  return `${DECLARATION}<${root} xmlns="${S3_NAMESPACE}">${inner}</${root}>`;
}

/** S3 timestamps in XML: ISO 8601 to the second, with zero milliseconds ("2026-11-25T12:00:00.000Z", AWS-recorded). */
export function isoTime(ms: number): string {
  return new Date(ms - (ms % 1000)).toISOString();
}

/** Elements that may repeat, read as lists even when there is one. */
const ARRAYS = new Set([
  "Part", "Object", "Tag", "CloudFunctionConfiguration", "Event", "FilterRule", "TopicConfiguration", "QueueConfiguration",
  "CORSRule", "AllowedOrigin", "AllowedMethod", "AllowedHeader", "ExposeHeader", "Rule", "Grant",
]);

const PREDEFINED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g;

/** A character XML 1.0 allows (its production "Char"). */
function xmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/**
 * XML 1.0's references and nothing more: the five predefined entities and character
 * references (the SDKs send CR and LF in a key as "&#x0D;" / "&#x0A;"). Any other entity (an
 * HTML one such as `&nbsp;`) or a reference to a character XML does not allow makes the body
 * not well-formed, which S3 answers with MalformedXML. fast-xml-parser on its own leaves
 * character references undecoded, and its HTML mode decodes HTML's named entities too.
 */
const xmlReferences: EntityDecoderOptions = {
  decode: (value) =>
    value.indexOf("&") < 0
      ? value
      : value.replace(REFERENCE, (_, ref: string) => {
          if (ref[0] !== "#") {
            const named = PREDEFINED_ENTITIES[ref];
            if (named === undefined) throw new Error(`undefined entity &${ref};`);
            return named;
          }
          const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
          if (!xmlChar(code)) throw new Error(`character reference &${ref}; is not an XML character`);
          return String.fromCodePoint(code);
        }),
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
};

const parser = new XMLParser({
  entityDecoder: xmlReferences,
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ARRAYS.has(name),
});

export type XmlNode = Record<string, unknown>;

/** Parses a request body; MalformedXML when it is not XML or its root is not `root`. */
export function parseXmlBody(body: Buffer, root: string): XmlNode {
  let parsed: unknown;
  try {
    parsed = parser.parse(body.toString("utf8"), true);
  } catch {
    throw malformedXml();
  }
  const node = isNode(parsed) ? parsed[root] : undefined;
  if (node === "") return {};
  if (!isNode(node)) throw malformedXml();
  return node;
}

/**
 * How many `<name>` / `<name …>` elements a body opens, by a byte scan before any parsing:
 * a body repeating one element a million times is refused for what it is at the cost of a
 * search, not after seconds of parsing (the parser reads a few MB a second).
 */
export function countElements(body: Buffer, name: string): number {
  let count = 0;
  for (const open of [`<${name}>`, `<${name} `]) {
    const needle = Buffer.from(open);
    for (let at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + needle.length)) count++;
  }
  return count;
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function text(node: XmlNode, name: string): string | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

export function nodes(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => (isNode(v) ? v : {}));
}

/** The one element `name` of `node` (an empty `<Name/>` as a node with nothing in it), or undefined. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  const value = node[name];
  if (value === "") return {};
  return isNode(value) ? value : undefined;
}

/**
 * <Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>; `tooMany` is the error for
 * more than `max` tags, raised before parsing.
 */
export function parseTaggingXml(body: Buffer, max?: number, tooMany?: () => Error): Tag[] {
  if (max !== undefined && tooMany && countElements(body, "Tag") > max) throw tooMany();
  const set = parseXmlBody(body, "Tagging").TagSet;
  return (isNode(set) ? nodes(set, "Tag") : []).map((t) => {
    const key = text(t, "Key");
    const value = text(t, "Value");
    if (key === undefined || value === undefined) throw malformedXml();
    return { Key: key, Value: value };
  });
}

/**
 * A configuration body checked as XML with root `root` (MalformedXML otherwise): its parsed
 * form, and the text between the root's tags, which S3 answers back as it was put.
 */
export function configurationBody(body: Buffer, root: string): { node: XmlNode; inner: string } {
  const node = parseXmlBody(body, root);
  const source = body.toString("utf8");
  const open = new RegExp(`<${root}(\\s[^>]*)?>`).exec(source);
  if (!open || open[0].endsWith("/>")) return { node, inner: "" };
  const close = source.lastIndexOf(`</${root}>`);
  return { node, inner: close > open.index ? source.slice(open.index + open[0].length, close).trim() : "" };
}
