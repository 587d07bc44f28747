import { AwsError } from "@sam-sandbox/core";

/**
 * Parameter Store's errors, with AWS's texts (sources: AWS CLI output quoted in public issues,
 * the Systems Manager User Guide, moto's ssm backend, which copies AWS's texts).
 */
const err = (code: string, message: string) => new AwsError(code, message, 400);

/** AWS answers an unknown parameter with no message at all ("…GetParameter operation: "). */
export const parameterNotFound = () => err("ParameterNotFound", "");
export const parameterAlreadyExists = () =>
  err("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
export const parameterVersionNotFound = (version: string | number, name: string) =>
  err("ParameterVersionNotFound", `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);
export const typeRequired = () => err("ValidationException", "A parameter type is required when you create a parameter.");
export const tagsWithOverwrite = () =>
  err(
    "ValidationException",
    "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
  );
export const notFullyQualified = () => err("ValidationException", "Parameter name must be a fully qualified name.");
export const reservedPrefix = () => err("ValidationException", 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
export const invalidPathName = () =>
  err(
    "ValidationException",
    'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
  );
export const reservedAwsPath = (name: string) => new AwsError("AccessDeniedException", `No access to reserved parameter name: ${name}.`, 400);
/** The HierarchyLevelLimitExceededException documentation text (AWS API reference); AWS's response text was not found. */
export const hierarchyTooDeep = () =>
  err(
    "HierarchyLevelLimitExceededException",
    "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.",
  );
export const patternMismatch = (pattern: string) =>
  err("ParameterPatternMismatchException", `Parameter value, cannot be validated against allowedPattern: ${pattern}`);
/** AllowedPattern is no regular expression: the exception's API reference text (AWS's response text was not found). */
export const invalidAllowedPattern = () => err("InvalidAllowedPatternException", "The request doesn't meet the regular expression requirement.");
export const standardTooLong = () =>
  err(
    "ValidationException",
    "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html",
  );
export const unsupportedDataType = (dataType: string) =>
  err("ValidationException", `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
export const maxVersionsLabelled = (name: string, version: number) =>
  err(
    "ParameterMaxVersionLimitExceeded",
    `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
  );
export const labelLimit = () =>
  err(
    "ParameterVersionLabelLimitExceeded",
    "A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.",
  );
export const invalidResourceId = () => err("InvalidResourceId", "Invalid Resource Id");
export const invalidResourceType = () => err("InvalidResourceType", "Invalid Resource Type");
export const pathRequirements = () =>
  err(
    "ValidationException",
    'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.',
  );
export const invalidFilterKey = (key: string, valid: string) =>
  err("InvalidFilterKey", `The following filter key is not valid: ${key}. Valid filter keys include: [${valid}].`);
export const invalidFilterOption = (option: string, valid: string) =>
  err("InvalidFilterOption", `The following filter option is not valid: ${option}. Valid options include: [${valid}].`);
export const invalidFilterValue = (value: string, valid: string) =>
  err("InvalidFilterValue", `The following filter value is not valid: ${value}. Valid values include: [${valid}].`);
/** DescribeParameters filter checks; moto's ssm backend texts (tests/test_ssm/test_ssm.py, not AWS-verified there). */
export const filtersAndParameterFilters = () => err("ValidationException", "You can use either Filters or ParameterFilters in a single request.");
export const filterValuesMissing = (key: string) => err("InvalidFilterValue", `The following filter values are missing : null for filter key ${key}.`);
export const duplicatedFilter = (key: string) =>
  err("InvalidFilterKey", `The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`);
export const reservedPathFilter = () =>
  err(
    "ValidationException",
    'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.',
  );
export const invalidNextToken = () => err("InvalidNextToken", "");
/** An action of the model the sandbox does not emulate. */
export const notEmulated = (action: string) => err("ValidationException", `The sandbox does not emulate the SSM action ${action}.`);
/**
 * /aws/reference/secretsmanager/ texts, as measured on AWS (eu-west-1, 2026-09-28) by the floci
 * emulator's SsmSecretsManagerReferenceIntegrationTest; "null" stands for an absent selector.
 */
export const referenceNeedsDecryption = () => err("ValidationException", "WithDecryption flag must be True for retrieving a Secret Manager secret.");
export const referenceBadSelector = () =>
  err("ValidationException", "Invalid parameter name. Please use correct syntax for referencing a version/label  <name>:<version/label>");
export const referenceNotFound = (reference: string) =>
  err("ParameterNotFound", `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${reference} not found.`);
export const referenceDeleted = () => err("ValidationException", "Invalid Request to Secrets Manager");
