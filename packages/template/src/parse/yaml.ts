/**
 * YAML templates → plain values. CloudFormation's short tags (!Ref, !Sub, …) become the
 * long-form objects ({"Ref": …}, {"Fn::Sub": …}) JSON templates use, so everything after
 * this file sees one shape. Each object records its source line (located.ts).
 */
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq } from "yaml";
import type { Document, Node as YamlNode, Scalar } from "yaml";
import { messages, templateError } from "../errors.js";
import { keyLineOf, setKeyLine, setLine } from "./located.js";

/** Short tag → long form. !GetAtt and !Ref/!Condition are special-cased below. */
const FN_TAGS: Record<string, string> = {
  "!Sub": "Fn::Sub",
  "!Join": "Fn::Join",
  "!If": "Fn::If",
  "!Select": "Fn::Select",
  "!Split": "Fn::Split",
  "!FindInMap": "Fn::FindInMap",
  "!Equals": "Fn::Equals",
  "!Not": "Fn::Not",
  "!And": "Fn::And",
  "!Or": "Fn::Or",
  "!Base64": "Fn::Base64",
  "!Cidr": "Fn::Cidr",
  "!GetAZs": "Fn::GetAZs",
  "!ImportValue": "Fn::ImportValue",
  "!Transform": "Fn::Transform",
  "!Length": "Fn::Length",
  "!ToJsonString": "Fn::ToJsonString",
  "!GetAtt": "Fn::GetAtt",
};

export function parseYaml(text: string, file: string, warn?: (message: string) => void, cloudFormation = false): unknown {
  const lines = new LineCounter();
  // CloudFormation and `sam deploy` (PyYAML) accept a key written twice in one map and keep the
  // last value; so does the sandbox, with a warning, since the first value is silently lost.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: true });
  const [error] = doc.errors;
  if (error) {
    const at = error.linePos?.[0];
    const firstLine = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    const hint = "Fix the YAML syntax at this line (indentation, a missing ':' or an unclosed bracket or quote).";
    if (cloudFormation && at) throw templateError(messages.notWellFormed("YAML", at.line, at.col), { file, line: at.line }, `${firstLine}. ${hint}`);
    throw templateError(
      `Invalid YAML: ${firstLine}${at ? ` (line ${at.line}, column ${at.col})` : ""}`,
      { file, line: at?.line },
      hint,
    );
  }
  const walker = new Walker(doc, lines, file, warn);
  return walker.convert(doc.contents, undefined);
}

class Walker {
  private readonly aliasDepth = new Set<YamlNode>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
    private readonly warn?: (message: string) => void,
  ) {}

  private lineAt(node: YamlNode | null | undefined): number | undefined {
    const start = node?.range?.[0];
    return start === undefined ? undefined : this.lines.linePos(start).line;
  }

  /** `keyLine` is the line of the map key this node is the value of (tags sit on that line). */
  convert(node: unknown, keyLine: number | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target || this.aliasDepth.has(target)) return null;
      this.aliasDepth.add(target);
      try {
        return this.convert(target, keyLine);
      } finally {
        this.aliasDepth.delete(target);
      }
    }
    const yamlNode = node as YamlNode;
    const tag = yamlNode.tag;
    if (tag && tag.startsWith("!") && !tag.startsWith("!!")) return this.tagged(yamlNode, tag, keyLine);
    return this.plain(yamlNode);
  }

  private plain(node: YamlNode): unknown {
    if (isScalar(node)) return scalarValue(node);
    const line = this.lineAt(node);
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      if (line !== undefined) setLine(out, line);
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = String(isScalar(keyNode) ? keyNode.value : this.convert(keyNode, undefined));
        const keyLine = this.lineAt(keyNode);
        if (Object.hasOwn(out, key)) {
          this.warn?.(`${this.file}:${keyLine ?? "?"}: ${key} is written twice in the same map; CloudFormation keeps this last value and ignores the one on line ${keyLineOf(out, key) ?? "?"}`);
        }
        if (keyLine !== undefined) setKeyLine(out, key, keyLine);
        out[key] = this.convert(pair.value, keyLine);
      }
      return out;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      if (line !== undefined) setLine(out, line);
      node.items.forEach((item, index) => {
        const itemLine = this.lineAt(item as YamlNode);
        if (itemLine !== undefined) setKeyLine(out, index, itemLine);
        out.push(this.convert(item, itemLine));
      });
      return out;
    }
    return null;
  }

  private tagged(node: YamlNode, tag: string, keyLine: number | undefined): unknown {
    const line = keyLine ?? this.lineAt(node);
    const inner = isScalar(node) ? scalarText(node) : this.plain(node);
    let out: Record<string, unknown>;
    if (tag === "!Ref") out = { Ref: inner };
    else if (tag === "!Condition") out = { Condition: inner };
    else if (tag === "!GetAtt" && typeof inner === "string") out = { "Fn::GetAtt": splitGetAtt(inner) };
    else if (FN_TAGS[tag]) out = { [FN_TAGS[tag]]: inner };
    else
      throw templateError(`Unknown YAML tag ${tag}`, { file: this.file, line },
        "CloudFormation short tags are !Ref, !GetAtt, !Sub, !Join, !If, !Select, !Split, !FindInMap, !Equals, !Not, !And, !Or, !Condition, !Base64, !Cidr, !GetAZs and !ImportValue.");
    if (line !== undefined) setLine(out, line);
    return out;
  }
}

/** "Res.Attr.With.Dots" → ["Res", "Attr.With.Dots"] (nested stack outputs keep their dots). */
export function splitGetAtt(text: string): string[] {
  const dot = text.indexOf(".");
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

function scalarText(node: Scalar): string {
  if (node.value === null || node.value === undefined) return "";
  return typeof node.source === "string" ? node.source : String(node.value);
}

/**
 * A plain scalar keeps its number/boolean type when that round-trips to its source text;
 * otherwise (leading zeros as in "0123", "1.10", "1e3") CloudFormation would see the text,
 * so we keep the text.
 */
function scalarValue(node: Scalar): unknown {
  const value = node.value;
  if (typeof value === "number" && typeof node.source === "string" && String(value) !== node.source && node.type === "PLAIN") {
    return node.source;
  }
  if (typeof value === "bigint") return String(value);
  return value ?? null;
}
