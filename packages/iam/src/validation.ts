/**
 * Request validation from AWS's model (generated/iam.ts). IAM reports constraint failures as
 * "ValidationError" and, as recorded on AWS in 2026, names no value: "1 validation error
 * detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length
 * less than or equal to 128"; a list's members are also "Member must not be null"
 * (LocalStack's IAM snapshots: test_role_tag_errors, test_get_aws_managed_policy_version).
 */
import { createValidator, type OperationValidator } from "@sam-sandbox/core";
import { iamModel } from "./generated/iam.js";

const validator = createValidator(iamModel, { errorCode: "ValidationError", omitValues: true, listMemberNotNull: true });

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
