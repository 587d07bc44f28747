import { AwsError } from "@sam-sandbox/core";

/**
 * AWS IAM's errors. Codes are the model's shape names; the awsQuery wire answers each with its
 * awsQueryError code ("NoSuchEntity", "EntityAlreadyExists", …) and HTTP status. Input
 * constraint failures are "ValidationError", as IAM reports them.
 *
 * Texts: LocalStack's IAM snapshots recorded on AWS (localstack/localstack
 * tests/aws/services/iam/*.snapshot.json, 2026-02) and the provider that reproduces them
 * (localstack-core services/iam/provider.py), unless a comment names another source.
 */
export class ValidationError extends AwsError {
  constructor(message: string) {
    super("ValidationError", message, 400);
  }
}

export class NoSuchEntityException extends AwsError {
  constructor(message: string) {
    super("NoSuchEntityException", message, 404);
  }
}

export class EntityAlreadyExistsException extends AwsError {
  constructor(message: string) {
    super("EntityAlreadyExistsException", message, 409);
  }
}

export class DeleteConflictException extends AwsError {
  constructor(message: string) {
    super("DeleteConflictException", message, 409);
  }
}

export class LimitExceededException extends AwsError {
  constructor(message: string) {
    super("LimitExceededException", message, 409);
  }
}

export class MalformedPolicyDocumentException extends AwsError {
  constructor(message: string) {
    super("MalformedPolicyDocumentException", message, 400);
  }
}

export class InvalidInputException extends AwsError {
  constructor(message: string) {
    super("InvalidInputException", message, 400);
  }
}

// Not found.
export const noSuchRole = (name: string) => new NoSuchEntityException(`The role with name ${name} cannot be found.`);
export const noSuchUser = (name: string) => new NoSuchEntityException(`The user with name ${name} cannot be found.`);
export const noSuchGroup = (name: string) => new NoSuchEntityException(`The group with name ${name} cannot be found.`);
export const noSuchRolePolicy = (name: string) => new NoSuchEntityException(`The role policy with name ${name} cannot be found.`);
export const noSuchUserPolicy = (name: string) => new NoSuchEntityException(`The user policy with name ${name} cannot be found.`);
export const noSuchGroupPolicy = (name: string) => new NoSuchEntityException(`The group policy with name ${name} cannot be found.`);
/** GetPolicy, DeletePolicy, detaching a policy the entity does not have. */
export const policyNotFound = (arn: string) => new NoSuchEntityException(`Policy ${arn} was not found.`);
export const policyNotAttachable = (arn: string) => new NoSuchEntityException(`Policy ${arn} does not exist or is not attachable.`);
export const policyVersionNotFound = (arn: string, versionId: string) =>
  new NoSuchEntityException(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
export const boundaryNotFound = (arn: string) => new NoSuchEntityException(`Scope ARN: ${arn} does not exist or is not attachable.`);
/** The IAM API's text for a missing instance profile (AWS CLI's delete-instance-profile answers, moto's aws_verified tests). */
export const noSuchInstanceProfile = (name: string) => new NoSuchEntityException(`Instance Profile ${name} cannot be found.`);
export const noSuchAccessKey = (id: string) => new NoSuchEntityException(`The Access Key with id ${id} cannot be found.`);
export const noSuchLoginProfile = (user: string) => new NoSuchEntityException(`Login Profile for User ${user} cannot be found.`);
export const noSuchOidcProvider = (arn: string) => new NoSuchEntityException(`OpenIDConnect Provider not found for arn ${arn}`);
export const noSuchSamlProvider = (arn: string) => new NoSuchEntityException(`SAMLProvider ${arn} does not exist.`);
export const noSuchPasswordPolicy = (account: string) => new NoSuchEntityException(`The Password Policy with domain name ${account} cannot be found.`);
export const noPasswordPolicyToDelete = () => new NoSuchEntityException("The account policy with name PasswordPolicy cannot be found.");
export const noSuchClientId = (clientId: string) => new NoSuchEntityException(`Client ID ${clientId} not found.`);

// Already exists.
export const roleExists = (name: string) => new EntityAlreadyExistsException(`Role with name ${name} already exists.`);
export const userExists = (name: string) => new EntityAlreadyExistsException(`User with name ${name} already exists.`);
export const groupExists = (name: string) => new EntityAlreadyExistsException(`Group with name ${name} already exists.`);
export const policyExists = (name: string) => new EntityAlreadyExistsException(`A policy called ${name} already exists. Duplicate names are not allowed.`);
export const instanceProfileExists = (name: string) => new EntityAlreadyExistsException(`Instance Profile ${name} already exists.`);
export const loginProfileExists = (user: string) => new EntityAlreadyExistsException(`Login Profile for user ${user} already exists.`);
export const oidcProviderExists = (url: string) => new EntityAlreadyExistsException(`Provider with url ${url} already exists.`);
export const samlProviderExists = (name: string) => new InvalidInputException(`SAMLProvider ${name} already exists.`);
export const serviceRoleTaken = (name: string) =>
  new InvalidInputException(`Service role name ${name} has been taken in this account, please try a different suffix.`);

// Delete conflicts.
export const mustDetachPolicies = () => new DeleteConflictException("Cannot delete entity, must detach all policies first.");
export const mustDeletePolicies = () => new DeleteConflictException("Cannot delete entity, must delete policies first.");
export const mustRemoveFromInstanceProfile = () => new DeleteConflictException("Cannot delete entity, must remove roles from instance profile first.");
export const mustRemoveUsersFromGroup = () => new DeleteConflictException("Cannot delete entity, must remove users from group first.");
/** DeleteUser with access keys / a login profile (AWS CLI delete-user documentation's list of what must go first). */
export const mustDeleteAccessKeys = () => new DeleteConflictException("Cannot delete entity, must delete access keys first.");
export const mustDeleteLoginProfile = () => new DeleteConflictException("Cannot delete entity, must delete login profile first.");
export const policyAttached = () => new DeleteConflictException("Cannot delete a policy attached to entities.");
export const policyHasVersions = () =>
  new DeleteConflictException(
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  );
export const defaultVersion = () => new DeleteConflictException("Cannot delete the default version of a policy.");

// Limits.
export const tooManyVersions = (max: number) =>
  new LimitExceededException(`A managed policy can have up to ${max} versions. Before you create a new version, you must delete an existing version.`);
export const accessKeyQuota = (max: number) => new LimitExceededException(`Cannot exceed quota for AccessKeysPerUser: ${max}`);
export const instanceProfileRoleQuota = () => new LimitExceededException("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
export const policySizeQuota = (max: number) => new LimitExceededException(`Cannot exceed quota for PolicySize: ${max}`);
export const trustPolicySizeQuota = (max: number) => new LimitExceededException(`Cannot exceed quota for ACLSizePerRole: ${max}`);
/** An entity's inline policies past their total (CloudFormation events and awscli answers quoting IAM's LimitExceeded). */
export const inlinePolicySize = (max: number, kind: string, name: string) => new LimitExceededException(`Maximum policy size of ${max} bytes exceeded for ${kind} ${name}`);
export const clientIdQuota = () => new LimitExceededException("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100");

// Input.
export const invalidPolicyArn = (arn: string) => new ValidationError(`ARN ${arn} is not valid.`);
export const invalidBoundaryArn = (arn: string) => new InvalidInputException(`ARN ${arn} is not valid.`);
export const duplicateTagKeys = () => new InvalidInputException("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
export const invalidOidcUrl = () => new ValidationError("Invalid Open ID Connect Provider URL");
export const tooManyThumbprints = () => new InvalidInputException("Thumbprint list must contain fewer than 5 entries.");
/** GetUser without UserName from credentials that are no IAM user's nor the root user's. */
export const userNameRequired = () => new ValidationError("Must specify userName when calling with non-User credentials");

// Policy documents.
export const invalidJson = () => new MalformedPolicyDocumentException("This policy contains invalid Json");
export const syntaxErrors = () => new MalformedPolicyDocumentException("Syntax errors in policy.");
export const trustPolicyActions = () => new MalformedPolicyDocumentException("AssumeRole policy may only specify STS AssumeRole actions.");
export const trustPolicyResource = () => new MalformedPolicyDocumentException("Has prohibited field Resource");
