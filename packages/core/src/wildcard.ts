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

/**
 * IAM-style wildcard: "*" any run of characters (slashes included), "?" one character. Matched
 * by walking both strings, going back only to the last "*" on a mismatch (at most pattern × text
 * steps), where a regular expression backtracked for minutes over "*a*a*a*a*a*a*b" against a long
 * request path. API Gateway authorizer policies and X-Ray sampling rules match this way.
 */
export function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (p < pattern.length && (c === "?" || (c !== "*" && c === text[t]))) {
      p++;
      t++;
    } else if (c === "*") {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      // The last "*" takes one more character; the pattern after it is tried again from there.
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}
