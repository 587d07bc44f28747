import { duplicateTagKeys, InvalidInputException } from "../errors.js";
import type { Tag } from "./state.js";

/**
 * Tag lists. Roles, users, instance profiles and identity providers treat keys
 * case-insensitively (a duplicate in another case is refused, a new value replaces the old);
 * managed policies compare them exactly (LocalStack's snapshots recorded on AWS).
 */
export function checkTags(tags: readonly Tag[] | undefined, caseInsensitive = true): void {
  if (!tags) return;
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = caseInsensitive ? tag.Key.toLowerCase() : tag.Key;
    if (seen.has(key)) throw caseInsensitive ? duplicateTagKeys() : new InvalidInputException("Duplicate tag keys found.");
    seen.add(key);
  }
}

export function mergeTags(existing: readonly Tag[], added: readonly Tag[], caseInsensitive = true): Tag[] {
  const norm = (k: string) => (caseInsensitive ? k.toLowerCase() : k);
  const out = existing.map((t) => ({ ...t }));
  for (const tag of added) {
    const at = out.findIndex((t) => norm(t.Key) === norm(tag.Key));
    const value = { Key: tag.Key, Value: tag.Value ?? "" };
    if (at >= 0) out[at] = value;
    else out.push(value);
  }
  return out;
}

export function removeTags(existing: readonly Tag[], keys: readonly string[], caseInsensitive = true): Tag[] {
  const norm = (k: string) => (caseInsensitive ? k.toLowerCase() : k);
  const drop = new Set(keys.map(norm));
  return existing.filter((t) => !drop.has(norm(t.Key)));
}

/** Tags as given, a missing Value as "" (IAM keeps an empty value). */
export function tagList(tags: readonly Tag[] | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? "" }));
}
