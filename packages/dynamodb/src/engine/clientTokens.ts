/**
 * ClientRequestToken idempotency (TransactWriteItems, and ExecuteTransaction through it),
 * kept in the durable state beside the tables: a token used by a completed transaction is
 * journaled with that transaction's writes, so a restart within the window still answers a
 * retry without writing twice.
 */

/** A client token is valid for 10 minutes after the first request that uses it completes (API_TransactWriteItems, ClientRequestToken). */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;

export interface ClientToken {
  token: string;
  /** The request's TransactItems as sent: a retry with other parameters is refused. */
  fingerprint: string;
  /** Clock time (ms) the transaction completed. */
  at: number;
  /** Each action's table and the item size it was charged on (a retry reports reading them). */
  images?: [string, number][];
}

export type ClientTokens = Map<string, ClientToken>;

/** A request's parameters as canonical JSON (members sorted), so clients that order members differently agree. */
export function fingerprintOf(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const name of Object.keys(v).sort()) sorted[name] = (v as Record<string, unknown>)[name];
    return sorted;
  });
}

/** The token's entry while it is still within the window at `now`. */
export function liveToken(tokens: ClientTokens, token: string, now: number): ClientToken | undefined {
  const entry = tokens.get(token);
  return entry !== undefined && now - entry.at < IDEMPOTENCY_WINDOW_MS ? entry : undefined;
}

/** Records a completed transaction's token; tokens past the window by then are forgotten. */
export function rememberToken(tokens: ClientTokens, entry: ClientToken): void {
  for (const [token, old] of tokens) if (entry.at - old.at >= IDEMPOTENCY_WINDOW_MS) tokens.delete(token);
  tokens.set(entry.token, entry);
}

export function tokensToJSON(tokens: ClientTokens): ClientToken[] {
  return [...tokens.values()];
}

export function tokensFromJSON(json: unknown): ClientTokens {
  const tokens: ClientTokens = new Map();
  if (!Array.isArray(json)) return tokens;
  for (const entry of json as ClientToken[]) {
    if (typeof entry?.token === "string" && typeof entry.fingerprint === "string" && typeof entry.at === "number") tokens.set(entry.token, entry);
  }
  return tokens;
}
