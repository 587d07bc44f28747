/**
 * REST API Cognito user pool authorizers (COGNITO_USER_POOLS): the token must be signed by one of
 * the authorizer's pools (ProviderARNs) and unexpired on the gateway's Clock; an ID token when the
 * method has no AuthorizationScopes, else an access token carrying one of them. Its claims reach
 * the function as requestContext.authorizer.claims (strings). Pools the sandbox emulates are
 * checked against the keys it publishes at <local issuer>/.well-known/jwks.json.
 */
import type { Clock, Logger } from "@sam-sandbox/core";
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from "jose";
import type { CognitoAuthorizerConfig } from "./config.js";
import { UnauthorizedRest } from "./errors.js";
import { identityValue } from "./identity.js";
import type { EventInput } from "../http/incoming.js";
import type { JwtVerdict } from "./jwt.js";

/** The local issuer of an emulated pool, by pool id ("http://127.0.0.1:4566/us-east-1_AbC…"). */
export type CognitoIssuer = (poolId: string) => string;

const AWS_ISSUER = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/([\w-]+_[0-9A-Za-z]+)\/?$/;

/** An issuer written as AWS's (https://cognito-idp.<region>.amazonaws.com/<poolId>) mapped to the local pool's. */
export function localIssuer(issuer: string, cognitoIssuer: CognitoIssuer | undefined): string {
  const m = cognitoIssuer ? AWS_ISSUER.exec(issuer) : null;
  return m && cognitoIssuer ? cognitoIssuer(m[1]) : issuer;
}

export class CognitoAuthorizer {
  private readonly pools = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(private readonly config: CognitoAuthorizerConfig, private readonly deps: { clock: Clock; logger: Logger; cognitoIssuer?: CognitoIssuer }) {
    for (const arn of config.providerArns ?? []) {
      const [, , , region] = arn.split(":");
      const poolId = arn.slice(arn.lastIndexOf("/") + 1);
      const issuer = localIssuer(`https://cognito-idp.${region}.amazonaws.com/${poolId}`, deps.cognitoIssuer);
      this.pools.set(issuer, createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)));
    }
  }

  async authorize(input: EventInput, scopes: string[] | undefined): Promise<JwtVerdict> {
    const unauthorized: JwtVerdict = { ok: false, error: new UnauthorizedRest() };
    const source = this.config.identitySources?.[0] ?? "method.request.header.Authorization";
    const raw = identityValue(input, source);
    if (raw === undefined || raw === "") return unauthorized;
    const token = raw.replace(/^Bearer\s+/i, "");
    let issuer: string;
    try {
      issuer = String(decodeJwt(token).iss);
    } catch {
      return unauthorized;
    }
    const keys = this.pools.get(issuer);
    if (!keys) return unauthorized;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, { issuer, currentDate: new Date(this.deps.clock.now()) }));
    } catch {
      return unauthorized;
    }
    if (scopes && scopes.length > 0) {
      const granted = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
      if (claims.token_use !== "access" || !scopes.some((s) => granted.includes(s))) return unauthorized;
    } else if (claims.token_use !== "id") {
      return unauthorized;
    }
    return { ok: true, authorizer: { claims: restClaims(claims) } };
  }
}

/** REST APIs pass claims as strings; a list (cognito:groups) comma-separated. */
function restClaims(claims: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(claims)) {
    out[key] = Array.isArray(value) ? value.map(String).join(",") : typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}
