/**
 * The hosted UI and OAuth 2.0 endpoints of a user pool domain: /oauth2/authorize and /login
 * (sign-in form), /oauth2/token, /oauth2/revoke, /oauth2/userInfo, /logout and /error.
 */
import type { EdgeRequest, EdgeResponse } from "@sam-sandbox/core";
import type { CognitoContext } from "../engine/context.js";
import { poolOfDomain } from "../engine/domains.js";
import { loginBranding } from "../engine/settings/uiCustomization.js";
import { checkAuthorize, checkCredentials, grant, redirect, type PendingCode } from "./authorize.js";
import type { HostedUiTarget } from "./match.js";
import { errorPage, loginPage } from "./pages.js";
import { oauthError, revoke, token } from "./token.js";
import { HostedSessions, withCookie } from "./session.js";
import { userInfo } from "./userInfo.js";

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function createHostedUi(ctx: CognitoContext): (req: EdgeRequest, target: HostedUiTarget) => Promise<EdgeResponse> {
  const codes = new Map<string, PendingCode>();
  const sessions = new HostedSessions(() => ctx.clock.now());
  return async (req, target) => {
    const pool = poolOfDomain(ctx, target.domain);
    if (!pool) return { status: 404, headers: { "content-type": "text/plain" }, body: `No user pool has the domain ${target.domain}.` };
    const query = new URLSearchParams(req.rawQuery);
    const form = () => new URLSearchParams(req.body.toString("utf8"));
    switch (target.path) {
      case "/oauth2/authorize":
      case "/login": {
        if (req.method !== "GET" && req.method !== "POST") break;
        const checked = checkAuthorize(ctx, pool, target.base, query);
        if ("status" in checked) return checked;
        const session = sessions.signedIn(req, pool);
        if (req.method === "POST") {
          // "Sign in as <username>": the session's user, its cookie good for another hour.
          const renewed = session && form().get("session") === "continue" ? sessions.renew(req, target.base) : undefined;
          if (session && renewed !== undefined) return withCookie(await grant(ctx, codes, checked, session.user, session.authTime), renewed);
          const checkedIn = await checkCredentials(ctx, checked, form());
          if ("refused" in checkedIn) return checkedIn.refused;
          const { user } = checkedIn;
          const started = sessions.start(pool, user, target.base);
          return withCookie(await grant(ctx, codes, checked, user, started.authTime), started.cookie);
        }
        // A signed-in browser goes straight back to the app; another is sent to /login with the same parameters.
        if (target.path === "/oauth2/authorize") return session ? grant(ctx, codes, checked, session.user, session.authTime) : redirect(`${target.base}/login?${req.rawQuery}`);
        return loginPage(pool.pool.name, undefined, "", loginBranding(ctx, pool, checked.client.clientId), session?.user.username);
      }
      case "/oauth2/token":
        // A request that is no form POST is answered 405 with no body (recorded with curl -v in amazon-cognito-auth-js#52).
        if (req.method !== "POST" || !(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return { status: 405, headers: {}, body: "" };
        return token(ctx, codes, pool, req.headers.authorization, form());
      case "/oauth2/revoke":
        if (req.method !== "POST") return oauthError("invalid_request", 405);
        return revoke(ctx, pool, req.headers.authorization, form());
      case "/oauth2/userInfo":
        return userInfo(ctx, req.headers.authorization);
      case "/logout":
        return logout(pool.clients, target.base, query, () => sessions.end(req, target.base));
      case "/error":
        return errorPage(query.get("error") ?? "invalid_request");
    }
    return { status: 404, headers: { "content-type": "text/plain" }, body: "Not Found" };
  };
}

/** Ends the hosted UI session (its cookie cleared) and redirects to a registered logout_uri, or back to the sign-in page. */
function logout(clients: Map<string, { config: Record<string, unknown> }>, base: string, query: URLSearchParams, end: () => string): EdgeResponse {
  const clientId = query.get("client_id") ?? "";
  const client = clients.get(clientId);
  if (!client) return redirect(`${base}/error?${new URLSearchParams({ error: "invalid_request", client_id: clientId })}`);
  const logoutUri = query.get("logout_uri");
  if (logoutUri !== null) {
    if (!strings(client.config.LogoutURLs).includes(logoutUri)) return redirect(`${base}/error?${new URLSearchParams({ error: "redirect_mismatch", client_id: clientId })}`);
    return withCookie(redirect(logoutUri), end());
  }
  if (query.get("redirect_uri") !== null) return withCookie(redirect(`${base}/login?${query.toString()}`), end());
  return redirect(`${base}/error?${new URLSearchParams({ error: "invalid_request", client_id: clientId })}`);
}
