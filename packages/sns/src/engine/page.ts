import { invalidParameter } from "../errors.js";
import { PAGE_SIZE } from "../limits.js";

/**
 * One page of a list keyed by ARN. NextToken is the base64 of the next item's ARN, so a
 * page stays stable while items before it come and go.
 */
export function page<T>(
  items: readonly T[], keyOf: (item: T) => string, nextToken: string | undefined, size = PAGE_SIZE,
): { page: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined && nextToken !== "") {
    const key = Buffer.from(nextToken, "base64").toString("utf8");
    start = items.findIndex((item) => keyOf(item) === key);
    if (start < 0) throw invalidParameter("NextToken");
  }
  const slice = items.slice(start, start + size);
  const next = items[start + size];
  return next === undefined ? { page: slice } : { page: slice, nextToken: Buffer.from(keyOf(next)).toString("base64") };
}
