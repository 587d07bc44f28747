/**
 * A bucket's lifecycle rules, read from the configuration's stored XML (S3 User Guide,
 * "Lifecycle configuration elements", "Adding filters to Lifecycle rules"). Transitions are
 * kept but not read: the sandbox has one storage class.
 */
import { child, nodes, parseXmlBody, text, type XmlNode } from "../../wire/xml.js";
import type { Tag } from "../state.js";

export interface LifecycleFilter {
  prefix: string;
  tags: Tag[];
  sizeGreaterThan?: number;
  sizeLessThan?: number;
}

export interface LifecycleRule {
  id: string;
  filter: LifecycleFilter;
  expiration?: { days?: number; date?: number; expiredObjectDeleteMarker: boolean };
  noncurrentExpiration?: { days: number; newerNoncurrentVersions: number };
  abortAfterDays?: number;
}

const MAX_CACHED = 256;
/** Parsed rules by configuration text: every object read asks for them (x-amz-expiration). */
const cache = new Map<string, LifecycleRule[]>();

/** The enabled rules of a configuration's inner XML (Disabled rules do nothing). */
export function enabledRules(xml: string): LifecycleRule[] {
  const cached = cache.get(xml);
  if (cached) return cached;
  const root = parseXmlBody(Buffer.from(`<LifecycleConfiguration>${xml}</LifecycleConfiguration>`), "LifecycleConfiguration");
  const rules = nodes(root, "Rule").filter((r) => text(r, "Status") === "Enabled").map(ruleOf);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(xml, rules);
  return rules;
}

/** A positive whole number, or undefined (S3 refuses others at Put; older state is read leniently). */
function count(node: XmlNode | undefined, name: string): number | undefined {
  const raw = node === undefined ? undefined : text(node, name);
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

function tagOf(node: XmlNode): Tag {
  // A tag filter with a Key and no Value matches objects whose tag has no value (intro-lifecycle-filters).
  return { Key: text(node, "Key") ?? "", Value: text(node, "Value") ?? "" };
}

function filterOf(rule: XmlNode): LifecycleFilter {
  const filter = child(rule, "Filter");
  // Before Filter, a rule named its prefix directly (LifecycleRule.Prefix, deprecated).
  if (!filter) return { prefix: text(rule, "Prefix") ?? "", tags: [] };
  const and = child(filter, "And");
  const source = and ?? filter;
  const tags = and ? nodes(and, "Tag").map(tagOf) : nodes(filter, "Tag").map(tagOf);
  return {
    prefix: text(source, "Prefix") ?? "",
    tags,
    ...optional("sizeGreaterThan", count(source, "ObjectSizeGreaterThan")),
    ...optional("sizeLessThan", count(source, "ObjectSizeLessThan")),
  };
}

function optional<K extends string>(name: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, number>);
}

function ruleOf(rule: XmlNode): LifecycleRule {
  const expiration = child(rule, "Expiration");
  const noncurrent = child(rule, "NoncurrentVersionExpiration");
  const abort = child(rule, "AbortIncompleteMultipartUpload");
  const dateText = expiration ? text(expiration, "Date") : undefined;
  const date = dateText === undefined ? NaN : Date.parse(dateText);
  const noncurrentDays = count(noncurrent, "NoncurrentDays");
  const abortDays = count(abort, "DaysAfterInitiation");
  return {
    id: text(rule, "ID") ?? "",
    filter: filterOf(rule),
    ...(expiration
      ? {
        expiration: {
          ...optional("days", count(expiration, "Days")),
          ...(Number.isNaN(date) ? {} : { date }),
          expiredObjectDeleteMarker: text(expiration, "ExpiredObjectDeleteMarker")?.trim() === "true",
        },
      }
      : {}),
    ...(noncurrentDays === undefined ? {} : { noncurrentExpiration: { days: noncurrentDays, newerNoncurrentVersions: count(noncurrent, "NewerNoncurrentVersions") ?? 0 } }),
    ...(abortDays === undefined ? {} : { abortAfterDays: abortDays }),
  };
}

/** What a filter reads of an object version: its key, size and tags (a delete marker: size 0, no tags). */
export interface Candidate {
  key: string;
  size: number;
  tags: readonly Tag[];
}

/** A filter's elements combine with a logical AND (intro-lifecycle-filters). */
export function matches(filter: LifecycleFilter, object: Candidate): boolean {
  if (!object.key.startsWith(filter.prefix)) return false;
  if (!filter.tags.every((t) => object.tags.some((o) => o.Key === t.Key && o.Value === t.Value))) return false;
  if (filter.sizeGreaterThan !== undefined && !(object.size > filter.sizeGreaterThan)) return false;
  if (filter.sizeLessThan !== undefined && !(object.size < filter.sizeLessThan)) return false;
  return true;
}

/** Whether a rule can apply to an upload in progress: it filters by key prefix alone (tags and size are not known yet). */
export function appliesToUploads(filter: LifecycleFilter): boolean {
  return filter.tags.length === 0 && filter.sizeGreaterThan === undefined && filter.sizeLessThan === undefined;
}
