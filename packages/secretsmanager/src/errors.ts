import { AwsError } from "@sam-sandbox/core";

/**
 * Secrets Manager's errors with AWS's texts (sources: AWS CLI / SDK output quoted in public
 * issues and the Terraform AWS provider, moto's secretsmanager backend).
 */
const err = (code: string, message: string) => new AwsError(code, message, 400);

export const secretNotFound = () => err("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
export const valueNotFound = (kind: "VersionId" | "staging label", id: string) =>
  err("ResourceNotFoundException", `Secrets Manager can't find the specified secret value for ${kind}: ${id}`);
export const markedForDeletion = () => err("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");
export const alreadyMarkedDeleted = () => err("InvalidRequestException", "You tried to perform the operation on a secret that's currently marked deleted.");
export const scheduledForDeletion = () =>
  err("InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");
export const secretExists = (name: string) => err("ResourceExistsException", `The operation failed because the secret ${name} already exists.`);
/** moto test_put_different_secret_value_with_same_token (@aws_verified): the text ends with a period. */
export const tokenInUse = (token: string, arn: string) =>
  err("ResourceExistsException", `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${arn}.`);
export const bothValues = () => err("InvalidParameterException", "You can't specify both a binary secret value and a string secret value in the same secret.");
/** PutSecretValue without a value (AWS's answer, quoted by Terraform users in public configurations). */
export const valueRequired = () => err("InvalidRequestException", "You must provide either SecretString or SecretBinary.");
export const stageMismatch = () => err("InvalidRequestException", "You provided a VersionStage that is not associated to the provided VersionId.");
export const recoveryWindowRange = () => err("InvalidParameterException", "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
export const forceWithWindow = () => err("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
export const passwordTooShort = () => err("InvalidParameterException", "Password length is too short based on the required types.");
export const idsAndFilters = () => err("InvalidParameterException", "Either 'SecretIdList' or 'Filters' must be provided, but not both.");
export const maxResultsWithoutFilters = () =>
  err("InvalidParameterException", "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
export const notAValidVersion = (versionId: string) => err("InvalidParameterException", `Not a valid version: ${versionId}`);
export const stageNotInVersion = (stage: string, versionId: string) =>
  err("InvalidParameterException", `Version stage ${stage} not found in version ${versionId}`);
export const removeFromRequired = (current: string) =>
  err(
    "InvalidParameterException",
    `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${current}, so you must explicitly reference that version in RemoveFromVersionId.`,
  );
/** UpdateSecretVersionStage with RemoveFromVersionId and no MoveToVersionId for AWSCURRENT (AWS's text, as terraform-provider-aws quotes it; a typographic apostrophe). */
export const currentNotRemovable = () =>
  err("InvalidParameterException", "You can only move staging label AWSCURRENT to a different secret version. It can\u2019t be completely removed.");
/** CreateSecret's Name and every SecretId that is not an ARN (localstack test_invalid_secret_name, recorded on AWS). */
export const invalidName = () =>
  new AwsError("ValidationException", "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!", 400);
/** A raw request that carries a value without ClientRequestToken (the SDKs fill it in); localstack test_no_client_request_token. */
export const tokenRequired = (code: "InvalidRequestException" | "InvalidParameterException") =>
  err(code, "You must provide a ClientRequestToken value. We recommend a UUID-type value.");
/** RotateSecret without a function (AWS CLI output quoted in public CI logs). */
export const noRotationFunction = () => err("InvalidRequestException", "No Lambda rotation function ARN is associated with this secret.");
/** RotateSecret with a function Secrets Manager cannot invoke (localstack test_rotate_secret_invalid_lambda_arn, recorded on AWS). */
export const cannotInvokeRotation = () =>
  new AwsError(
    "AccessDeniedException",
    "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.",
    400,
  );
/** The API reference's description of InvalidNextTokenException (no AWS recording found). */
export const invalidNextToken = () => err("InvalidNextTokenException", "The NextToken value is invalid.");
/** Rotation runs no Lambda function here: RotateSecret and the other unemulated actions answer this. */
export const notEmulated = (action: string) =>
  err("InvalidRequestException", `The sandbox does not emulate the Secrets Manager action ${action}.`);
/**
 * CancelRotateSecret on a secret without a rotation function: the API reference's InvalidRequestException
 * case ("You tried to enable rotation on a secret that doesn't already have a Lambda function ARN
 * configured and you didn't include such an ARN as a parameter in this call."), as moto answers it.
 */
export const noRotationToCancel = () =>
  err("InvalidRequestException", "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.");
