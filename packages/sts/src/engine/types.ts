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

/** The session policies and tags a request may pass; their packed size is answered as PackedPolicySize. */
export interface SessionPolicyInput {
  Policy?: string;
  PolicyArns?: Array<{ arn?: string }>;
  Tags?: Tag[];
}

export interface AssumeRoleInput extends SessionPolicyInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  SourceIdentity?: string;
  TransitiveTagKeys?: string[];
}

export interface GetFederationTokenInput extends SessionPolicyInput {
  Name: string;
  DurationSeconds?: number;
}

export interface FederatedUser {
  /** "<account>:<name>" */
  FederatedUserId: string;
  /** "arn:aws:sts::<account>:federated-user/<name>" */
  Arn: string;
}

export interface AssumeRoleWithWebIdentityInput {
  RoleArn: string;
  Policy?: string;
  PolicyArns?: Array<{ arn?: string }>;
  RoleSessionName: string;
  WebIdentityToken: string;
  ProviderId?: string;
  DurationSeconds?: number;
}

export interface GetSessionTokenInput {
  DurationSeconds?: number;
}

export interface AssumeRoleWithSAMLInput {
  RoleArn: string;
  PrincipalArn: string;
  /** Base64 of the IdP's samlp:Response. */
  SAMLAssertion: string;
  Policy?: string;
  PolicyArns?: Array<{ arn?: string }>;
  DurationSeconds?: number;
}

export interface AssumeRootInput {
  /** A member account id or principal ARN. */
  TargetPrincipal: string;
  TaskPolicyArn: { arn?: string };
  DurationSeconds?: number;
}
