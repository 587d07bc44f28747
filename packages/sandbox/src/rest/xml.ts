/**
 * restXml bodies by the model: element names from xmlName traits, flattened and wrapped
 * lists, maps as entry/key/value, XML attributes; scalars converted by their shape type.
 */
import { XMLParser } from "fast-xml-parser";
import type { ServiceModel } from "@sam-sandbox/core";
import { memberFor, outputName, scalarValue } from "./values.js";

type Input = Record<string, unknown>;

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function scalar(model: ServiceModel, target: string, value: unknown): string {
  const shape = model.shapes[target];
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (shape?.type !== "timestamp") return text;
  const date = new Date(typeof value === "number" ? value * 1000 : String(value));
  // A value that is no date goes as written: the service refuses it, as it would an SDK's.
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function inner(model: ServiceModel, target: string, value: unknown): string {
  const shape = model.shapes[target];
  if (!shape) return escape(String(value));
  if ((shape.type === "structure" || shape.type === "union") && typeof value === "object" && value !== null) {
    let out = "";
    for (const [key, v] of Object.entries(value as Input)) {
      const found = memberFor(shape.members ?? {}, key);
      if (!found || v === undefined || v === null || found[1].xmlAttribute) continue;
      const [name, member] = found;
      const memberShape = model.shapes[member.target];
      const elementName = member.xmlName ?? name;
      if (memberShape?.type === "list" && Array.isArray(v)) {
        const itemName = member.xmlFlattened ? elementName : (memberShape.memberXmlName ?? "member");
        const items = v.map((item) => `<${itemName}>${inner(model, memberShape.member ?? "", item)}</${itemName}>`).join("");
        out += member.xmlFlattened ? items : `<${elementName}>${items}</${elementName}>`;
      } else {
        out += `<${elementName}>${inner(model, member.target, v)}</${elementName}>`;
      }
    }
    return out;
  }
  if (shape.type === "map" && typeof value === "object" && value !== null) {
    const k = shape.keyXmlName ?? "key";
    const vn = shape.valueXmlName ?? "value";
    return Object.entries(value as Input)
      .map(([key, v]) => `<entry><${k}>${escape(key)}</${k}><${vn}>${inner(model, shape.value ?? "", v)}</${vn}></entry>`)
      .join("");
  }
  return escape(scalar(model, target, value));
}

export function toXml(model: ServiceModel, rootName: string, target: string, value: unknown): string {
  const ns = model.service.xmlNamespace ? ` xmlns="${model.service.xmlNamespace}"` : "";
  return `<?xml version="1.0" encoding="UTF-8"?><${rootName}${ns}>${inner(model, target, value)}</${rootName}>`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: false,
});

/** The document's root element (without the XML declaration). */
export function parseXmlRoot(text: string): unknown {
  const doc = parser.parse(text) as Input;
  const key = Object.keys(doc).find((k) => !k.startsWith("?"));
  return key === undefined ? {} : doc[key];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === "" ? [] : [value];
}

/** A parsed element as the shape `target`, members named in PascalCase as Step Functions reports them. */
export function fromXml(model: ServiceModel, target: string, node: unknown): unknown {
  const shape = model.shapes[target];
  if (!shape) return node;
  if (shape.type === "structure" || shape.type === "union") {
    const element = typeof node === "object" && node !== null ? (node as Input) : {};
    const out: Input = {};
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      if (member.header !== undefined || member.prefixHeaders !== undefined || member.responseCode || member.label || member.query !== undefined) continue;
      const elementName = member.xmlName ?? name;
      const memberShape = model.shapes[member.target];
      if (member.xmlAttribute) {
        const attribute = element[`@${elementName}`];
        if (attribute !== undefined) out[outputName(name)] = scalarValue(model, member.target, String(attribute));
        continue;
      }
      const raw = element[elementName];
      if (raw === undefined) continue;
      if (memberShape?.type === "list") {
        const wrapper = typeof raw === "object" && raw !== null ? (raw as Input) : {};
        const items = member.xmlFlattened ? asArray(raw) : asArray(wrapper[memberShape.memberXmlName ?? "member"]);
        out[outputName(name)] = items.map((item) => fromXml(model, memberShape.member ?? "", item));
      } else {
        out[outputName(name)] = fromXml(model, member.target, raw);
      }
    }
    return out;
  }
  if (shape.type === "map") {
    const k = shape.keyXmlName ?? "key";
    const v = shape.valueXmlName ?? "value";
    const entries = asArray((node as Input | undefined)?.entry);
    return Object.fromEntries(entries.map((e) => [String((e as Input)[k]), fromXml(model, shape.value ?? "", (e as Input)[v])]));
  }
  if (typeof node === "object" && node !== null) return scalarValue(model, target, String((node as Input)["#text"] ?? ""));
  return scalarValue(model, target, String(node));
}
