/** ParameterFilters of GetParametersByPath and DescribeParameters. */
import { duplicatedFilter, filterValuesMissing, invalidFilterKey, invalidFilterOption, invalidFilterValue, pathRequirements, reservedPathFilter } from "../errors.js";
import type { ParameterStringFilter, ParameterVersion, StoredParameter } from "./types.js";

const TYPES = ["String", "StringList", "SecureString"];
const TIERS = ["Standard", "Advanced", "Intelligent-Tiering"];

/** Throws AWS's error for a filter the action does not take. */
export function checkFilters(filters: readonly ParameterStringFilter[], byPath: boolean): void {
  const seen = new Set<string>();
  for (const f of filters) {
    const key = f.Key;
    if (byPath && (key === "Name" || key === "Path" || key === "Tier")) throw invalidFilterKey(key, "Type, KeyId");
    if (!byPath && key === "Label") throw invalidFilterKey(key, "Path, Name, Type, KeyId, Tier");
    // A tag filter without values asks whether the tag exists.
    if (!key.startsWith("tag:") && (f.Values ?? []).length === 0) throw filterValuesMissing(key);
    if (seen.has(key)) throw duplicatedFilter(key);
    seen.add(key);
    const option = f.Option ?? (key === "Path" ? "OneLevel" : "Equals");
    if (key === "Path" && option !== "Recursive" && option !== "OneLevel") throw invalidFilterOption(option, "Recursive, OneLevel");
    if (key === "Path") {
      for (const value of f.Values ?? []) {
        if (/^\/(aws|ssm)/i.test(value)) throw reservedPathFilter();
        if (!value.startsWith("/") || value.includes("//") || !/^[a-zA-Z0-9_.\-/]*$/.test(value)) throw pathRequirements();
      }
    }
    if (key !== "Path" && !key.startsWith("tag:")) {
      const allowed = key === "Name" ? ["Equals", "BeginsWith", "Contains"] : ["Equals", "BeginsWith"];
      if (!allowed.includes(option)) throw invalidFilterOption(option, "BeginsWith, Equals");
    }
    for (const value of f.Values ?? []) {
      if (key === "Type" && !TYPES.includes(value)) throw invalidFilterValue(value, TYPES.join(", "));
      if (key === "Tier" && !TIERS.includes(value)) throw invalidFilterValue(value, TIERS.join(", "));
    }
  }
}

function matchText(what: string | undefined, option: string, values: readonly string[]): boolean {
  if (what === undefined) return false;
  if (option === "BeginsWith") return values.some((v) => what.startsWith(v));
  if (option === "Contains") return values.some((v) => what.includes(v));
  return values.some((v) => what === v);
}

const withSlash = (name: string) => `/${name.replace(/^\/+/, "")}`;

function matchOne(p: StoredParameter, current: ParameterVersion, f: ParameterStringFilter): boolean {
  const values = f.Values ?? [];
  const option = f.Option ?? (f.Key === "Path" ? "OneLevel" : "Equals");
  if (f.Key.startsWith("tag:")) {
    const tag = p.tags.find((t) => t.Key === f.Key.slice(4));
    return tag !== undefined && (values.length === 0 || matchText(tag.Value, option, values));
  }
  switch (f.Key) {
    case "Name":
      // Names compare as "/name" whether or not they were created with the leading slash.
      return option === "Contains" ? matchText(withSlash(p.name), option, values) : matchText(withSlash(p.name), option, values.map(withSlash));
    case "Type":
      return matchText(current.type, option, values);
    case "KeyId":
      return matchText(current.keyId, option, values);
    case "Tier":
      return matchText(current.tier, option, values);
    case "DataType":
      return matchText(current.dataType, option, values);
    case "Label":
      return p.versions.some((v) => v.labels.some((l) => values.includes(l)));
    case "Path":
      return values.some((v) => inPath(p.name, v, option === "Recursive"));
    default:
      return false;
  }
}

/** Is `name` under `path` (its direct child unless recursive)? */
export function inPath(name: string, path: string, recursive: boolean): boolean {
  const prefix = path.endsWith("/") ? path : `${path}/`;
  if (!withSlash(name).startsWith(prefix)) return false;
  return recursive || !withSlash(name).slice(prefix.length).includes("/");
}

export function matchesFilters(p: StoredParameter, filters: readonly ParameterStringFilter[]): boolean {
  const current = p.versions.at(-1);
  return current !== undefined && filters.every((f) => matchOne(p, current, f));
}
