/**
 * The IAM policy a Lambda authorizer returns, evaluated the way API Gateway does for
 * execute-api:Invoke on the method ARN: an explicit Deny wins, then any Allow, else an
 * implicit deny. Resource and Action patterns take "*" and "?" wildcards.
 */
import { isRecord } from "../http/outgoing.js";

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

interface Statement {
  effect: "Allow" | "Deny";
  actions: string[];
  resources: string[];
  /** NotResource: the statement applies to every resource but these. */
  notResource: boolean;
}

/** A parsed policy document; undefined when it is not one API Gateway accepts. */
export type Policy = Statement[];

export function parsePolicy(document: unknown): Policy | undefined {
  if (!isRecord(document)) return undefined;
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : undefined;
  if (!list) return undefined;
  const out: Statement[] = [];
  for (const item of list) {
    if (!isRecord(item)) return undefined;
    const effect = item.Effect;
    if (effect !== "Allow" && effect !== "Deny") return undefined;
    const actions = strings(item.Action);
    const notResource = item.Resource === undefined && item.NotResource !== undefined;
    const resources = strings(notResource ? item.NotResource : item.Resource);
    if (!actions || !resources) return undefined;
    out.push({ effect, actions, resources, notResource });
  }
  return out;
}

export function evaluatePolicy(policy: Policy, arn: string): Decision {
  let allowed = false;
  for (const statement of policy) {
    if (!statement.actions.some((a) => wildcard(a.toLowerCase(), "execute-api:invoke"))) continue;
    const listed = statement.resources.some((r) => wildcard(r, arn));
    if (listed === statement.notResource) continue;
    if (statement.effect === "Deny") return "ExplicitDeny";
    allowed = true;
  }
  return allowed ? "Allow" : "ImplicitDeny";
}

/**
 * IAM wildcard match: "*" any run of characters (slashes included), "?" one character. Matched
 * by walking both strings, going back only to the last "*" (at most pattern × text steps): a
 * regular expression backtracked for minutes over "*a*a*a*a*a*a*b" against a long request path
 * (the path is the client's, the method ARN holds it), freezing the sandbox.
 */
export function wildcard(pattern: string, text: string): boolean {
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

function strings(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return value;
  return undefined;
}
