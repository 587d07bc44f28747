/**
 * Whether `value` matches a `*` wildcard split into its literal pieces ("a*b*c" → ["a", "b", "c"]):
 * the first a prefix, the last a suffix, each one between found leftmost after the one before.
 * Greedy and linear, where a regular expression (`^a.*a.*b$`) backtracks for minutes over a long
 * value and blocks the process. EventBridge's wildcard patterns, CloudWatch Logs' filter-pattern
 * wildcards and Step Functions' StringMatches all match this way.
 */
export function wildcardMatches(parts: readonly string[], value: string): boolean {
  const first = parts[0] ?? "";
  if (parts.length === 1) return value === first;
  const last = parts[parts.length - 1] ?? "";
  const end = value.length - last.length;
  if (end < first.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? "";
    const found = value.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}
