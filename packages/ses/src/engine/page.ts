/**
 * Paging over a list by an opaque NextToken (the next item's offset). A page holds at least one
 * item (a size of 0 or below answered an empty page whose token named the same page, and a
 * paginator never ended); AWS documents 1-1000 for MaxItems and names no error text for others.
 */
export function page<T>(items: T[], size: number, token: string | undefined): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Math.max(0, Number.parseInt(Buffer.from(token, "base64url").toString("utf8"), 10) || 0);
  const end = start + Math.max(1, size);
  return { items: items.slice(start, end), ...(end < items.length ? { next: Buffer.from(String(end), "utf8").toString("base64url") } : {}) };
}
