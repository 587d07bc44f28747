/**
 * ListSecrets / BatchGetSecretValue filters (API reference "Filter"): name, tag-key, tag-value,
 * primary-region and owning-service match a prefix, case-sensitive; description and all match
 * words, not case-sensitive ("one two" finds "one and two"; AWS-verified in moto's
 * test_list_secrets.py and localstack's test_list_secrets_filtering). "!" negates a value;
 * the values of one filter OR, the filters AND.
 */
import type { Filter, StoredSecret } from "./types.js";

/** Name parts AWS splits on; a name mixing two of them is one word. */
const SEPARATORS = ["/", "-", "_", "+", "=", ".", "@"];

/** "MyTest" → My, Test; "prod/AppBeta/x" → prod, App, Beta, x; "COMPANYthings" → COMPAN, Ythings. */
export function splitWords(text: string): string[] {
  if (SEPARATORS.includes(text)) return [];
  const separator = SEPARATORS.find((c) => text.includes(c));
  if (separator !== undefined) {
    if (SEPARATORS.some((c) => c !== separator && text.includes(c))) return [text];
    return text.split(separator).flatMap(byCase);
  }
  return byCase(text);
}

function byCase(text: string): string[] {
  return text.split(/([^a-z][a-z]+)/).map((w) => w.trim()).filter((w) => w.length > 0);
}

/** Every word of the pattern begins some word of the text. */
function wordsMatch(pattern: string, text: string): boolean {
  const wanted = splitWords(pattern).map((w) => w.toLowerCase());
  if (wanted.length === 0) return false;
  const words = splitWords(text).map((w) => w.toLowerCase());
  return wanted.every((p) => words.some((w) => w.startsWith(p)));
}

function matches(values: readonly string[], texts: readonly string[], byWords: boolean): boolean {
  const one = (pattern: string, text: string) => (byWords ? wordsMatch(pattern, text) : text.startsWith(pattern));
  for (const v of values) if (v.startsWith("!") && texts.some((t) => !one(v.slice(1), t))) return true;
  for (const v of values) if (!v.startsWith("!") && texts.some((t) => one(v, t))) return true;
  return false;
}

function matchesOne(s: StoredSecret, given: Filter, region: string): boolean {
  // Values is optional in the model: a filter without values matches nothing.
  const f = { Key: given.Key, Values: given.Values ?? [] };
  const tags = s.tags;
  switch (f.Key) {
    case "name":
      return matches(f.Values, [s.name], false);
    case "description":
      return s.description ? matches(f.Values, [s.description], true) : false;
    case "tag-key":
      return matches(f.Values, tags.map((t) => t.Key), false);
    case "tag-value":
      return matches(f.Values, tags.map((t) => t.Value), false);
    case "primary-region":
      return matches(f.Values, [region], false);
    case "owning-service":
      return matches(f.Values, tags.filter((t) => t.Key === "aws:secretsmanager:owningService").map((t) => t.Value), false);
    default:
      return matches(f.Values, [s.name, ...(s.description ? [s.description] : []), ...tags.flatMap((t) => [t.Key, t.Value])], true);
  }
}

export function matchesFilters(s: StoredSecret, filters: readonly Filter[], region: string): boolean {
  return filters.every((f) => matchesOne(s, f, region));
}
