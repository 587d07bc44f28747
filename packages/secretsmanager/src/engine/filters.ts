/** ListSecrets / BatchGetSecretValue filters: prefix match per value, "!" negates; values OR, filters AND. */
import type { Filter, StoredSecret } from "./types.js";

function fields(s: StoredSecret, key: string, region: string): string[] {
  switch (key) {
    case "name":
      return [s.name];
    case "description":
      return s.description === undefined ? [] : [s.description];
    case "tag-key":
      return s.tags.map((t) => t.Key);
    case "tag-value":
      return s.tags.map((t) => t.Value);
    case "primary-region":
      return [region];
    case "owning-service":
      return s.tags.filter((t) => t.Key === "aws:secretsmanager:owningService").map((t) => t.Value);
    default:
      return [s.name, ...(s.description === undefined ? [] : [s.description]), ...s.tags.flatMap((t) => [t.Key, t.Value])];
  }
}

export function matchesFilters(s: StoredSecret, filters: readonly Filter[], region: string): boolean {
  return filters.every((f) => {
    const texts = fields(s, f.Key, region);
    return f.Values.some((value) => {
      const negated = value.startsWith("!");
      const prefix = negated ? value.slice(1) : value;
      const hit = texts.some((t) => t.startsWith(prefix));
      return negated ? !hit : hit;
    });
  });
}
