/** NextToken paging over an in-memory list: the token is the next entry's index. */
export function page<T>(items: readonly T[], nextToken: string | undefined, size: number): { items: T[]; NextToken?: string } {
  const start = nextToken ? Number.parseInt(Buffer.from(nextToken, "base64url").toString("utf8"), 10) || 0 : 0;
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString("base64url") } : {}),
  };
}
