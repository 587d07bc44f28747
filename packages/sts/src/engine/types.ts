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

export interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  SourceIdentity?: string;
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
