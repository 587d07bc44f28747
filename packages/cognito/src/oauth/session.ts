/**
 * The hosted UI's browser session: after a sign-in through the form, a "cognito" cookie on the
 * domain keeps the user signed in for an hour, so a new /oauth2/authorize redirects back with a
 * code without the form and /login offers "Sign in as <username>". /logout ends it; GlobalSignOut
 * does not ("A user can still use a hosted UI cookie to retrieve new tokens for the duration of the
 * 1-hour cookie validity period", GlobalSignOut's API reference). Kept in memory: a restart ends it.
 */
import { randomUUID } from "node:crypto";
import type { EdgeRequest, EdgeResponse } from "@sam-sandbox/core";
import { HOSTED_UI_SESSION_VALIDITY_MS } from "../limits.js";
import type { PoolState, User } from "../engine/state.js";

export const SESSION_COOKIE = "cognito";

interface HostedSession {
  poolId: string;
  username: string;
  /** When the user signed in with the form (the tokens' auth_time), in seconds. */
  authTime: number;
  expires: number;
}

/** The cookie's value from a Cookie header. */
function cookieValue(req: Pick<EdgeRequest, "headers">, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Adds a Set-Cookie line to a response. */
export function withCookie(response: EdgeResponse, cookie: string): EdgeResponse {
  return { ...response, multiValueHeaders: { ...response.multiValueHeaders, "set-cookie": [...(response.multiValueHeaders?.["set-cookie"] ?? []), cookie] } };
}

export class HostedSessions {
  private readonly sessions = new Map<string, HostedSession>();

  constructor(private readonly now: () => number) {}

  /** A session for a sign-in through the form, and the Set-Cookie line that carries it (scoped to the domain's paths). */
  start(pool: PoolState, user: User, path: string): { authTime: number; cookie: string } {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expires <= now) this.sessions.delete(id);
    const id = randomUUID();
    const authTime = Math.floor(now / 1000);
    this.sessions.set(id, { poolId: pool.pool.id, username: user.username, authTime, expires: now + HOSTED_UI_SESSION_VALIDITY_MS });
    return { authTime, cookie: this.cookie(id, path, HOSTED_UI_SESSION_VALIDITY_MS / 1000) };
  }

  /** The signed-in user of the request's session cookie on this pool, while the session lasts and the user may sign in. */
  signedIn(req: Pick<EdgeRequest, "headers">, pool: PoolState): { user: User; authTime: number } | undefined {
    const id = cookieValue(req, SESSION_COOKIE);
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session || session.poolId !== pool.pool.id || session.expires <= this.now()) return undefined;
    const user = pool.users.get(session.username);
    if (!user || !user.enabled || user.status !== "CONFIRMED") return undefined;
    return { user, authTime: session.authTime };
  }

  /** "Sign in as <username>" resets the cookie's validity to an hour. */
  renew(req: Pick<EdgeRequest, "headers">, path: string): string | undefined {
    const id = cookieValue(req, SESSION_COOKIE);
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (id === undefined || !session) return undefined;
    session.expires = this.now() + HOSTED_UI_SESSION_VALIDITY_MS;
    return this.cookie(id, path, HOSTED_UI_SESSION_VALIDITY_MS / 1000);
  }

  /** /logout: forgets the session and clears the cookie. */
  end(req: Pick<EdgeRequest, "headers">, path: string): string {
    const id = cookieValue(req, SESSION_COOKIE);
    if (id !== undefined) this.sessions.delete(id);
    return this.cookie("", path, 0);
  }

  private cookie(value: string, path: string, maxAge: number): string {
    return `${SESSION_COOKIE}=${value}; Path=${path === "" ? "/" : path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`;
  }
}
