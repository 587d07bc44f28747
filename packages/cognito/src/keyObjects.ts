/**
 * Node KeyObjects of the RSA keys the sandbox keeps as private JWKs (a user pool's signing keys,
 * the identity pools' OpenID key), built once per key: a stored key never changes once made.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

/** A stored RSA key: its private half as a JWK. */
export interface StoredRsaKey {
  privateJwk: Record<string, string>;
}

const privateKeys = new WeakMap<StoredRsaKey, KeyObject>();
const publicKeys = new WeakMap<StoredRsaKey, KeyObject>();

/** The key to sign with. */
export function privateKeyOf(key: StoredRsaKey): KeyObject {
  let k = privateKeys.get(key);
  if (!k) {
    k = createPrivateKey({ key: key.privateJwk, format: "jwk" });
    privateKeys.set(key, k);
  }
  return k;
}

/** The key to verify a signature with. */
export function publicKeyOf(key: StoredRsaKey): KeyObject {
  let k = publicKeys.get(key);
  if (!k) {
    k = createPublicKey(privateKeyOf(key));
    publicKeys.set(key, k);
  }
  return k;
}
