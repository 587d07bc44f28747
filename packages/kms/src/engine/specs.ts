/**
 * What each KeySpec offers (Developer Guide "Key spec reference"): the key usages it may be
 * created for and the algorithms DescribeKey lists for each usage.
 */
const RSA_ENCRYPTION = ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"];
const RSA_SIGNING = ["RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"];

interface SpecInfo {
  /** Usage → the algorithms listed for it. */
  usages: Record<string, string[]>;
  /** RSA modulus bits / EC curve (node:crypto's name) / HMAC key bytes. */
  rsaBits?: number;
  curve?: string;
  hmacBytes?: number;
}

export const KEY_SPECS: Readonly<Record<string, SpecInfo>> = {
  SYMMETRIC_DEFAULT: { usages: { ENCRYPT_DECRYPT: ["SYMMETRIC_DEFAULT"] } },
  RSA_2048: { usages: { ENCRYPT_DECRYPT: RSA_ENCRYPTION, SIGN_VERIFY: RSA_SIGNING }, rsaBits: 2048 },
  RSA_3072: { usages: { ENCRYPT_DECRYPT: RSA_ENCRYPTION, SIGN_VERIFY: RSA_SIGNING }, rsaBits: 3072 },
  RSA_4096: { usages: { ENCRYPT_DECRYPT: RSA_ENCRYPTION, SIGN_VERIFY: RSA_SIGNING }, rsaBits: 4096 },
  ECC_NIST_P256: { usages: { SIGN_VERIFY: ["ECDSA_SHA_256"] }, curve: "prime256v1" },
  ECC_NIST_P384: { usages: { SIGN_VERIFY: ["ECDSA_SHA_384"] }, curve: "secp384r1" },
  ECC_NIST_P521: { usages: { SIGN_VERIFY: ["ECDSA_SHA_512"] }, curve: "secp521r1" },
  ECC_SECG_P256K1: { usages: { SIGN_VERIFY: ["ECDSA_SHA_256"] }, curve: "secp256k1" },
  HMAC_224: { usages: { GENERATE_VERIFY_MAC: ["HMAC_SHA_224"] }, hmacBytes: 28 },
  HMAC_256: { usages: { GENERATE_VERIFY_MAC: ["HMAC_SHA_256"] }, hmacBytes: 32 },
  HMAC_384: { usages: { GENERATE_VERIFY_MAC: ["HMAC_SHA_384"] }, hmacBytes: 48 },
  HMAC_512: { usages: { GENERATE_VERIFY_MAC: ["HMAC_SHA_512"] }, hmacBytes: 64 },
};

/** RSAES_OAEP plaintext limits per modulus (test_encrypt_validate_plaintext_size_per_key_type, recorded on AWS). */
export const RSA_PLAINTEXT_MAX: Readonly<Record<string, Record<string, number>>> = {
  RSA_2048: { RSAES_OAEP_SHA_1: 214, RSAES_OAEP_SHA_256: 190 },
  RSA_3072: { RSAES_OAEP_SHA_1: 342, RSAES_OAEP_SHA_256: 318 },
  RSA_4096: { RSAES_OAEP_SHA_1: 470, RSAES_OAEP_SHA_256: 446 },
};

/** The algorithm's hash (node:crypto's name) and digest length. */
export function hashOf(algorithm: string): { name: string; bytes: number } {
  const bits = Number(algorithm.slice(algorithm.lastIndexOf("_") + 1));
  return bits === 1 ? { name: "sha1", bytes: 20 } : { name: `sha${bits}`, bytes: bits / 8 };
}

/** The algorithm lists DescribeKey shows for a key of this spec and usage. */
export function algorithmsOf(keySpec: string, keyUsage: string): { EncryptionAlgorithms?: string[]; SigningAlgorithms?: string[]; MacAlgorithms?: string[] } {
  const list = KEY_SPECS[keySpec]?.usages[keyUsage] ?? [];
  if (keyUsage === "ENCRYPT_DECRYPT") return { EncryptionAlgorithms: list };
  if (keyUsage === "SIGN_VERIFY") return { SigningAlgorithms: list };
  if (keyUsage === "GENERATE_VERIFY_MAC") return { MacAlgorithms: list };
  return {};
}
