/**
 * What KMS keeps: keys (with their key material, so ciphertext made before a restart decrypts
 * after), aliases and grants. A change is one journal record listing what it writes whole.
 */
export interface Tag {
  TagKey: string;
  TagValue: string;
}

export type KeyState = "Enabled" | "Disabled" | "PendingDeletion" | "PendingImport";

export interface Rotation {
  /** Epoch milliseconds. */
  RotationDate: number;
  RotationType: "AUTOMATIC" | "ON_DEMAND";
}

export interface StoredKey {
  KeyId: string;
  Arn: string;
  /** Epoch milliseconds. */
  CreationDate: number;
  Description: string;
  KeyUsage: string;
  KeySpec: string;
  KeyState: KeyState;
  Origin: string;
  KeyManager: "CUSTOMER" | "AWS";
  MultiRegion: boolean;
  Policy: string;
  Tags: Tag[];
  /** Epoch milliseconds; set while PendingDeletion. */
  DeletionDate?: number;
  PendingDeletionWindowInDays?: number;
  /**
   * Key material, newest last: base64 AES-256 keys (symmetric, several once rotated), HMAC keys,
   * or one PKCS#8 DER private key (asymmetric). Empty while PendingImport.
   */
  material: string[];
  rotationEnabled: boolean;
  rotationPeriodInDays?: number;
  /** When automatic rotation was (re)started: the next rotation is a period after it or the last rotation. */
  rotationStarted?: number;
  rotations: Rotation[];
  /** Imported key material (Origin EXTERNAL): its expiry, and the digest a re-import must match. */
  ExpirationModel?: string;
  ValidTo?: number;
  importedDigest?: string;
}

/** GetParametersForImport's answer, kept until ImportKeyMaterial uses it or it expires. */
export interface StoredImport {
  /** Base64 of the token. */
  ImportToken: string;
  KeyId: string;
  WrappingAlgorithm: string;
  /** PKCS#8 DER of the wrapping key, base64. */
  privateKey: string;
  ParametersValidTo: number;
}

export interface StoredAlias {
  AliasName: string;
  AliasArn: string;
  TargetKeyId: string;
  CreationDate: number;
  LastUpdatedDate: number;
}

export interface StoredGrant {
  GrantId: string;
  KeyId: string;
  /** The key's ARN, as ListGrants answers. */
  KeyArn: string;
  Name?: string;
  CreationDate: number;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  IssuingAccount: string;
  Operations: string[];
  Constraints?: Record<string, unknown>;
  GrantToken: string;
}

export interface KmsState {
  keys: Record<string, StoredKey>;
  aliases: Record<string, StoredAlias>;
  grants: Record<string, StoredGrant>;
  imports: Record<string, StoredImport>;
}

export type Collection = keyof KmsState;

export interface KmsChange {
  collection: Collection;
  key: string;
  /** The entity written whole; absent when removed. */
  value?: unknown;
}

export interface KmsRecord {
  changes: KmsChange[];
}

export const emptyState = (): KmsState => ({ keys: {}, aliases: {}, grants: {}, imports: {} });

export function applyRecord(state: KmsState, record: KmsRecord): void {
  for (const c of record.changes) {
    const table = state[c.collection] as Record<string, unknown>;
    if (c.value === undefined) delete table[c.key];
    else table[c.key] = c.value;
  }
}
