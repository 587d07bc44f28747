/**
 * The keys of a JWT authorizer's issuer. API Gateway checks a token's signature "by using the
 * public key that is fetched from the issuer's jwks_uri" (HTTP API JWT authorizers, AWS developer
 * guide): the jwks_uri of the issuer's OpenID discovery document
 * (<issuer>/.well-known/openid-configuration). An issuer without one (a bare JWKS host) is read
 * at the conventional <issuer>/.well-known/jwks.json.
 */
import { createRemoteJWKSet } from "jose";

export type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;

/** How long the discovery document may take before the conventional location is used. */
const DISCOVERY_TIMEOUT_MS = 5_000;

export class IssuerKeys {
  private resolved: { url: string; keys: RemoteKeys } | undefined;
  private pending: Promise<{ url: string; keys: RemoteKeys }> | undefined;

  constructor(private readonly issuer: string) {}

  /** Where the keys are read (the discovered jwks_uri once known), for messages. */
  get url(): string {
    return this.resolved?.url ?? conventionalJwksUrl(this.issuer);
  }

  /** The key set; undefined when the issuer is not a URL (there is nothing to fetch). */
  async keys(): Promise<RemoteKeys | undefined> {
    if (!URL.canParse(this.issuer)) return undefined;
    if (this.resolved) return this.resolved.keys;
    this.pending ??= this.discover().finally(() => {
      this.pending = undefined;
    });
    return (await this.pending).keys;
  }

  private async discover(): Promise<{ url: string; keys: RemoteKeys }> {
    let url = conventionalJwksUrl(this.issuer);
    let answered = false;
    try {
      const response = await fetch(`${this.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
      answered = true;
      if (response.ok) {
        const document = (await response.json()) as { jwks_uri?: unknown };
        if (typeof document.jwks_uri === "string" && URL.canParse(document.jwks_uri)) url = document.jwks_uri;
      }
    } catch {
      // Unreachable (or not JSON): the conventional location, tried again at the next token while unanswered.
    }
    const found = { url, keys: createRemoteJWKSet(new URL(url)) };
    if (answered) this.resolved = found;
    return found;
  }
}

function conventionalJwksUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, "")}/.well-known/jwks.json`;
}
