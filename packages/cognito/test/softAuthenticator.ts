/**
 * A software passkey for tests: an ES256 key in node:crypto, the attestation object ("none" format)
 * and authenticator data built by hand as a platform authenticator builds them (WebAuthn Level 2,
 * §6.1 and §6.5), and assertions signed over authenticatorData || SHA-256(clientDataJSON).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");

// Authenticator data flags.
const USER_PRESENT = 0x01;
const USER_VERIFIED = 0x04;
const ATTESTED_CREDENTIAL = 0x40;

export interface CeremonyOptions {
  /** The origin the "browser" reports (default https://<rpId>). */
  origin?: string;
  /** The RP ID the authenticator hashes (default the options' rp id). */
  rpId?: string;
  /** Clear the user-verified flag. */
  noUserVerification?: boolean;
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly key: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  private count = 0;

  get id(): string {
    return b64url(this.credentialId);
  }

  /** COSE_Key of the public key: kty EC2, alg ES256, crv P-256, x, y. */
  private cosePublicKey(): Uint8Array {
    const jwk = this.key.publicKey.export({ format: "jwk" });
    return isoCBOR.encode(new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(String(jwk.x), "base64url"))],
      [-3, new Uint8Array(Buffer.from(String(jwk.y), "base64url"))],
    ]));
  }

  private authenticatorData(rpId: string, flags: number, attested?: Uint8Array): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.count++);
    return Buffer.concat([createHash("sha256").update(rpId).digest(), Buffer.from([flags]), counter, ...(attested ? [Buffer.from(attested)] : [])]);
  }

  /** navigator.credentials.create() answered, as PublicKeyCredential.toJSON() gives it. */
  create(options: { challenge: string; rp: { id: string } }, opts: CeremonyOptions = {}): Record<string, unknown> {
    const rpId = opts.rpId ?? options.rp.id;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, Buffer.from(this.cosePublicKey())]);
    const flags = USER_PRESENT | ATTESTED_CREDENTIAL | (opts.noUserVerification ? 0 : USER_VERIFIED);
    const authData = this.authenticatorData(rpId, flags, attested);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([
      ["fmt", "none"],
      ["attStmt", new Map()],
      ["authData", new Uint8Array(authData)],
    ]) as Parameters<typeof isoCBOR.encode>[0]);
    const clientDataJSON = JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin: opts.origin ?? `https://${options.rp.id}`, crossOrigin: false });
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ["internal"] },
    };
  }

  /** navigator.credentials.get() answered for CREDENTIAL_REQUEST_OPTIONS. */
  get(options: { challenge: string; rpId: string }, opts: CeremonyOptions & { tamper?: boolean } = {}): Record<string, unknown> {
    const rpId = opts.rpId ?? options.rpId;
    const authData = this.authenticatorData(rpId, USER_PRESENT | (opts.noUserVerification ? 0 : USER_VERIFIED));
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: opts.origin ?? `https://${options.rpId}`, crossOrigin: false }));
    const signed = Buffer.concat([authData, createHash("sha256").update(clientDataJSON).digest()]);
    const signature = sign("sha256", opts.tamper ? Buffer.concat([signed, Buffer.from([0])]) : signed, this.key.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature) },
    };
  }
}
