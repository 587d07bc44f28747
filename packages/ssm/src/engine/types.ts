export type ParameterType = "String" | "StringList" | "SecureString";
export type ParameterTier = "Standard" | "Advanced" | "Intelligent-Tiering";

export interface Tag {
  Key: string;
  Value: string;
}

/** One stored version of a parameter. */
export interface ParameterVersion {
  version: number;
  value: string;
  type: ParameterType;
  tier: ParameterTier;
  dataType: string;
  labels: string[];
  /** Epoch milliseconds. */
  lastModified: number;
  description?: string;
  allowedPattern?: string;
  keyId?: string;
  policies?: string;
}

export interface StoredParameter {
  name: string;
  /** Oldest first; the last is the current version. */
  versions: ParameterVersion[];
  tags: Tag[];
}

export interface ParameterStringFilter {
  Key: string;
  Option?: string;
  Values?: string[];
}

export interface PutParameterInput {
  Name: string;
  Value: string;
  Type?: ParameterType;
  Description?: string;
  KeyId?: string;
  Overwrite?: boolean;
  AllowedPattern?: string;
  Tags?: Tag[];
  Tier?: ParameterTier;
  Policies?: string;
  DataType?: string;
}

/** One version of a Secrets Manager secret, as Parameter Store's /aws/reference/secretsmanager/ answers it. */
export interface ReferencedSecret {
  arn: string;
  name: string;
  versionId: string;
  secretString?: string;
  secretBinary?: string;
  versionStages: string[];
  /** Epoch milliseconds. */
  created: number;
}

/**
 * Reads Secrets Manager for /aws/reference/secretsmanager/<id>[:<label or version id>] (wired by
 * packages/sandbox; a service never imports another). "deleted": scheduled for deletion.
 */
export interface SecretsReader {
  read(secretId: string, selector: string | undefined): Promise<ReferencedSecret | "deleted" | undefined>;
}
