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
  // The header is a JSON object too (it names the signing key): a token whose header is not
  // one is no JWT, however long.
  const header = jsonObject(parts[0]);
  const c = jsonObject(parts[1]);
  if (header === undefined || c === undefined) throw notAJwt();
  if (typeof c.exp === "number" && c.exp * 1000 <= nowMs) throw webIdentityTokenExpired();
  const aud = Array.isArray(c.aud) ? c.aud[0] : c.aud;
  return {
    ...(typeof c.sub === "string" ? { subject: c.sub } : {}),
    ...(typeof c.iss === "string" ? { issuer: c.iss } : {}),
    ...(typeof aud === "string" ? { audience: aud } : typeof c.azp === "string" ? { audience: c.azp } : {}),
  };
}

/** A base64url segment's JSON object, or undefined. */
function jsonObject(segment: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
