/** Paging over a list by an opaque NextToken (the next item's offset). */
export function page<T>(items: T[], size: number, token: string | undefined): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Math.max(0, Number.parseInt(Buffer.from(token, "base64url").toString("utf8"), 10) || 0);
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: Buffer.from(String(end), "utf8").toString("base64url") } : {}) };
}
