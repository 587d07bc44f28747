export interface Tag {
  Key: string;
  Value: string;
}

export interface SecretVersion {
  versionId: string;
  secretString?: string;
  /** Base64, as on the wire. */
  secretBinary?: string;
  stages: string[];
  /** Epoch milliseconds. */
  created: number;
}

export interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tag[];
  /** Oldest first. */
  versions: SecretVersion[];
  created: number;
  lastChanged: number;
  lastAccessed?: number;
  /** When a scheduled deletion takes effect (DeleteSecret with a recovery window). */
  deletionDate?: number;
}

export interface Filter {
  Key: string;
  Values: string[];
}
