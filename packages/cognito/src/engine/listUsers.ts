/** ListUsers with its Filter syntax: `email = "x"` (exact) or `name ^= "y"` (prefix). */
import { InvalidParameterException } from "../errors.js";
import { MAX_LIST_USERS } from "../limits.js";
import { page, poolOf, type CognitoContext, type Input } from "./context.js";
import type { User } from "./state.js";
import { userSummary } from "./users.js";

// The attributes ListUsers can filter on (API reference, ListUsers Filter).
const FILTERABLE = new Set(["username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username", "cognito:user_status", "status", "sub"]);

// The attribute name may be quoted too: the API reference's ListUsers example filters with "email"^="testuser".
const FILTER = /^\s*(?:([\w:]+)|"([\w:]+)")\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

function parseFilter(filter: string): (user: User) => boolean {
  const m = FILTER.exec(filter);
  const name = m?.[1] ?? m?.[2];
  if (!m || name === undefined || !FILTERABLE.has(name)) throw new InvalidParameterException("Error while parsing filter.");
  const [, , , op, raw] = m;
  const wanted = raw.replace(/\\(.)/g, "$1");
  const valueOf = (user: User): string | undefined => {
    if (name === "username") return user.username;
    if (name === "cognito:user_status") return user.status;
    if (name === "status") return user.enabled ? "Enabled" : "Disabled";
    return user.attributes[name];
  };
  // cognito:user_status matches in any case; the others as given (ListUsers Filter: "(case-insensitive)").
  const fold = name === "cognito:user_status" ? (v: string) => v.toUpperCase() : (v: string) => v;
  const target = fold(wanted);
  return (user) => {
    const value = valueOf(user);
    if (value === undefined) return false;
    return op === "=" ? fold(value) === target : fold(value).startsWith(target);
  };
}

/**
 * AttributesToGet names attributes every user answered has (API reference, ListUsers: "Amazon Cognito
 * returns an error if not all users in the results have set a value for the attribute you request";
 * one it cannot filter on, a custom attribute say, every user of the pool). The text is AWS's answer to
 * such a request as a report quotes it (aws-samples/sample-collaborative-ai-dlc#52).
 */
function checkAttributesToGet(all: User[], answered: User[], only: string[]): void {
  for (const name of only) {
    const holders = FILTERABLE.has(name) ? answered : all;
    if (holders.some((user) => user.attributes[name] === undefined)) throw new InvalidParameterException("Input fails to satisfy the constraints.");
  }
}

export function listUsers(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const matches = typeof input.Filter === "string" && input.Filter !== "" ? parseFilter(input.Filter) : () => true;
  const only = Array.isArray(input.AttributesToGet) ? input.AttributesToGet.map(String) : undefined;
  const users = [...pool.users.values()].filter(matches);
  const { items, next } = page(users, (u) => u.username, input.Limit, input.PaginationToken, MAX_LIST_USERS);
  if (only) checkAttributesToGet([...pool.users.values()], items, only);
  return { Users: items.map((u) => userSummary(u, only)), ...(next ? { PaginationToken: next } : {}) };
}
