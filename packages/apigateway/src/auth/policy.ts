/**
 * The IAM policy a Lambda authorizer returns, evaluated the way API Gateway does for
 * execute-api:Invoke on the method ARN: an explicit Deny wins, then any Allow, else an
 * implicit deny. Resource and Action patterns take "*" and "?" wildcards.
 */
import { globMatches } from "@sam-sandbox/core";
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
    if (!statement.actions.some((a) => globMatches(a.toLowerCase(), "execute-api:invoke"))) continue;
    const listed = statement.resources.some((r) => globMatches(r, arn));
    if (listed === statement.notResource) continue;
    if (statement.effect === "Deny") return "ExplicitDeny";
    allowed = true;
  }
  return allowed ? "Allow" : "ImplicitDeny";
}

function strings(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return value;
  return undefined;
}
