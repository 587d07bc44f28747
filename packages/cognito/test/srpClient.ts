/**
 * The client half of Cognito's SRP written out for the tests, independent of the service's code:
 * what amazon-cognito-identity-js's AuthenticationHelper (and pycognito's AWSSRP) compute for
 * PASSWORD_VERIFIER — and, with the DeviceGroupKey as the "pool name" and the DeviceKey as the user
 * name, generateHashDevice (the verifier ConfirmDevice sends) and the DEVICE_PASSWORD_VERIFIER claim.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";

const N = BigInt(
  "0x" +
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);
const G = 2n;

function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");
const hexHash = (hex: string): string => sha256(Buffer.from(hex, "hex"));

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}

const K = BigInt(`0x${hexHash(padHex(N) + padHex(G))}`);

function x(saltHex: string, poolName: string, userId: string, password: string): bigint {
  const inner = sha256(Buffer.from(`${poolName}${userId}:${password}`, "utf8"));
  return BigInt(`0x${hexHash(padHex(BigInt(`0x${saltHex}`)) + inner)}`);
}

export interface DeviceSecret {
  key: string;
  groupKey: string;
  password: string;
  /** ConfirmDevice's DeviceSecretVerifierConfig (base64 of the hex, as the SDKs send it). */
  verifierConfig: { PasswordVerifier: string; Salt: string };
}

export function newDeviceSecret(key: string, groupKey: string): DeviceSecret {
  const password = randomBytes(40).toString("base64");
  const salt = padHex(BigInt(`0x${randomBytes(16).toString("hex")}`));
  const verifier = padHex(modPow(G, x(salt, groupKey, key, password), N));
  return { key, groupKey, password, verifierConfig: { PasswordVerifier: Buffer.from(verifier, "hex").toString("base64"), Salt: Buffer.from(salt, "hex").toString("base64") } };
}

export interface SrpClient {
  /** SRP_A, hex. */
  A: string;
  /** PASSWORD_CLAIM_SIGNATURE for a verifier challenge's parameters (SRP_B, SALT, SECRET_BLOCK) and a TIMESTAMP. */
  claim(params: Record<string, string>, timestamp: string): string;
}

/** SRP for `userId` under `poolName` (a user: the pool id's part after "_"; a device: its group key). */
export function srpClient(poolName: string, userId: string, password: string): SrpClient {
  const a = BigInt(`0x${randomBytes(128).toString("hex")}`) % N;
  const A = modPow(G, a, N);
  return {
    A: A.toString(16),
    claim(params, timestamp) {
      const B = BigInt(`0x${params.SRP_B ?? ""}`);
      const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
      const xv = x(params.SALT ?? "", poolName, userId, password);
      let base = (B - ((K * modPow(G, xv, N)) % N)) % N;
      if (base < 0n) base += N;
      const S = modPow(base, a + u * xv, N);
      const prk = createHmac("sha256", Buffer.from(padHex(u), "hex")).update(Buffer.from(padHex(S), "hex")).digest();
      const key = createHmac("sha256", prk).update(Buffer.from("Caldera Derived Key\u0001", "utf8")).digest().subarray(0, 16);
      return createHmac("sha256", key)
        .update(Buffer.concat([Buffer.from(poolName, "utf8"), Buffer.from(userId, "utf8"), Buffer.from(params.SECRET_BLOCK ?? "", "base64"), Buffer.from(timestamp, "utf8")]))
        .digest("base64");
    },
  };
}

export const deviceSrpClient = (secret: DeviceSecret): SrpClient => srpClient(secret.groupKey, secret.key, secret.password);
