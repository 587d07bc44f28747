/** The shapes of the STS actions the engine serves (model: sts-2011-06-15.json). */

export interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

export interface AssumedRoleUser {
  /** "AROA…:<session>" */
  AssumedRoleId: string;
  /** "arn:aws:sts::<account>:assumed-role/<role>/<session>" */
  Arn: string;
}

export interface CallerIdentity {
  UserId: string;
  Account: string;
  Arn: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  SourceIdentity?: string;
  Tags?: Tag[];
  TransitiveTagKeys?: string[];
}

export interface GetFederationTokenInput {
  Name: string;
  DurationSeconds?: number;
  Policy?: string;
  PolicyArns?: unknown[];
  Tags?: Tag[];
}

export interface FederatedUser {
  /** "<account>:<name>" */
  FederatedUserId: string;
  /** "arn:aws:sts::<account>:federated-user/<name>" */
  Arn: string;
}

export interface AssumeRoleWithWebIdentityInput {
  RoleArn: string;
  RoleSessionName: string;
  WebIdentityToken: string;
  ProviderId?: string;
  DurationSeconds?: number;
}

export interface GetSessionTokenInput {
  DurationSeconds?: number;
}
