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
  /** The day (epoch ms at 00:00 UTC) GetSecretValue last read this version. */
  lastAccessed?: number;
}

export interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tag[];
  /** Tags were set once: DescribeSecret then shows Tags, even an empty list (AWS, localstack test_secret_tags). */
  tagged?: boolean;
  /** RotateSecret's configuration, once set. */
  rotation?: Rotation;
  /** PutResourcePolicy's document, as given. */
  resourcePolicy?: string;
  /** Oldest first. */
  versions: SecretVersion[];
  created: number;
  lastChanged: number;
  lastAccessed?: number;
  /** When a scheduled deletion takes effect (DeleteSecret with a recovery window). */
  deletionDate?: number;
}

export interface Filter {
  Key?: string;
  Values?: string[];
}

export interface RotationRules {
  AutomaticallyAfterDays?: number;
  Duration?: string;
  ScheduleExpression?: string;
}

export interface Rotation {
  enabled: boolean;
  lambdaArn: string;
  rules?: RotationRules;
  /** Epoch milliseconds of the last rotation that finished. */
  lastRotated?: number;
  /** Epoch milliseconds RotateSecret last set this configuration (the schedule's start before any rotation). */
  configured?: number;
  /** Epoch milliseconds of the last scheduled rotation's start, finished or not (a failed one waits for the next window). */
  lastScheduled?: number;
  /** Epoch milliseconds of the last new AWSCURRENT value from PutSecretValue / UpdateSecret: a rotation for AutomaticallyAfterDays. */
  manuallyRotated?: number;
}
