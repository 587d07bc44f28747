/**
 * HTTP API JWT authorizers: the token's signature checked against the issuer's JWKS
 * (<issuer>/.well-known/jwks.json), then iss, exp/nbf (on the gateway's Clock), aud — or
 * client_id when the token has no aud — and the route's AuthorizationScopes (AWS developer
 * guide, "Control access to HTTP APIs with JWT authorizers").
 */
import type { Clock, Logger } from "@sam-sandbox/core";
import { decodeProtectedHeader, errors as joseErrors, type JWTPayload, jwtVerify } from "jose";
import type { GatewayResponse } from "../errors.js";
import type { EventInput } from "../http/incoming.js";
import { localIssuer, type CognitoIssuer } from "./cognito.js";
import type { JwtAuthorizerConfig } from "./config.js";
import { IssuerKeys } from "./jwks.js";
import { ForbiddenHttp, UnauthorizedHttp } from "./errors.js";
import { identityValue } from "./identity.js";
import type { Verdict } from "./lambda.js";

/** AWS's documented www-authenticate challenge for a token issued to another audience (HTTP API JWT troubleshooting). */
const WRONG_AUDIENCE = 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"';

/** "Currently, only RSA-based algorithms are supported" (HTTP API JWT authorizers, AWS developer guide). */
const RSA_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

export type JwtVerdict = Verdict | { ok: false; error: GatewayResponse; wwwAuthenticate?: string };

export class JwtAuthorizer {
  /** The issuer's keys, from its jwks_uri; none when the issuer is not a URL, so every token is refused. */
  private readonly keys: IssuerKeys;
  /** The issuer tokens must name: a Cognito user pool the sandbox emulates has a local one. */
  private readonly issuer: string;
  private warned = false;

  constructor(private readonly config: JwtAuthorizerConfig, private readonly deps: { clock: Clock; logger: Logger; cognitoIssuer?: CognitoIssuer }) {
    this.issuer = localIssuer(config.issuer, deps.cognitoIssuer);
    this.keys = new IssuerKeys(this.issuer);
  }

  async authorize(input: EventInput, scopes: string[] | undefined): Promise<JwtVerdict> {
    const unauthorized = (wwwAuthenticate?: string): JwtVerdict => ({ ok: false, error: new UnauthorizedHttp(), ...(wwwAuthenticate ? { wwwAuthenticate } : {}) });
    const sources = this.config.identitySources.length > 0 ? this.config.identitySources : ["$request.header.Authorization"];
    const raw = identityValue(input, sources[0]);
    if (raw === undefined) return unauthorized();
    // The token may be sent bare or after "Bearer ".
    const token = raw.replace(/^Bearer\s+/i, "");
    const keys = await this.keys.keys();
    if (!keys) return unauthorized();
    let claims: JWTPayload;
    try {
      const options = { issuer: this.issuer, algorithms: RSA_ALGORITHMS, currentDate: new Date(this.deps.clock.now()) };
      // "kid – The token must have a header claim that matches the key in the jwks_uri that signed the token."
      if (typeof decodeProtectedHeader(token).kid !== "string") return unauthorized();
      ({ payload: claims } = await jwtVerify(token, keys, options));
    } catch (error) {
      if (isUnreachable(error)) this.warnUnreachable(error);
      return unauthorized();
    }
    const audiences = claims.aud === undefined ? [claims.client_id] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((a) => typeof a === "string" && this.config.audience.includes(a))) return unauthorized(WRONG_AUDIENCE);
    const granted = tokenScopes(claims);
    if (scopes && scopes.length > 0 && !scopes.some((s) => granted.includes(s))) return { ok: false, error: new ForbiddenHttp() };
    return { ok: true, authorizer: { jwt: { claims: flatClaims(claims), scopes: scopes && scopes.length > 0 ? granted : null } } };
  }

  private warnUnreachable(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.deps.logger.warn(
      `JWT authorizer ${this.config.name}: the keys of issuer ${this.config.issuer} cannot be fetched from ${this.keys.url} ` +
        `(${error instanceof Error ? error.message : String(error)}); its routes answer 401.`,
    );
  }
}

function isUnreachable(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  if (error instanceof joseErrors.JOSEError) return false;
  return error instanceof Error;
}

/** The token's scopes: "scope" (space-separated) or "scp" (a list or a string). */
function tokenScopes(claims: JWTPayload): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === "string") return raw.split(" ").filter((s) => s !== "");
  return Array.isArray(raw) ? raw.filter((s): s is string => typeof s === "string") : [];
}

/** HTTP APIs pass claims as strings: numbers and booleans printed, lists as "[a b]". */
function flatClaims(claims: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(claims)) {
    if (Array.isArray(value)) out[key] = `[${value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(" ")}]`;
    else out[key] = typeof value === "string" ? value : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  }
  return out;
}
