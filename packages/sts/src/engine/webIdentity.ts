import { notAJwt, webIdentityTokenExpired } from "../errors.js";

export interface WebIdentityClaims {
  subject?: string;
  issuer?: string;
  audience?: string;
}

/**
 * Reads an OIDC token's claims. The sandbox has no IAM OIDC providers, so the signature
 * is not checked; a token that is no JWT, or whose exp has passed, is refused as STS does.
 */
export function readWebIdentityToken(token: string, nowMs: number): WebIdentityClaims {
  const parts = token.split(".");
  if (parts.length !== 3) throw notAJwt();
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    throw notAJwt();
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) throw notAJwt();
  const c = claims as Record<string, unknown>;
  if (typeof c.exp === "number" && c.exp * 1000 <= nowMs) throw webIdentityTokenExpired();
  const aud = Array.isArray(c.aud) ? c.aud[0] : c.aud;
  return {
    ...(typeof c.sub === "string" ? { subject: c.sub } : {}),
    ...(typeof c.iss === "string" ? { issuer: c.iss } : {}),
    ...(typeof aud === "string" ? { audience: aud } : typeof c.azp === "string" ? { audience: c.azp } : {}),
  };
}
