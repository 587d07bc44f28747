import { AwsError } from "@sam-sandbox/core";

/**
 * CloudFormation's errors. Most failures of the read API are "ValidationError" (400,
 * Sender), which is no shape of the model: the awsQuery wire answers the code as it is.
 */
export class ValidationError extends AwsError {
  constructor(message: string) {
    super("ValidationError", message, 400);
  }
}

// AWS's texts, in one place.
/** DescribeStacks, ListStackResources, GetTemplate, … of a stack name or id that is not there. */
export const stackNotFound = (stack: string) => new ValidationError(`Stack with id ${stack} does not exist`);
/** DescribeStackResource of a logical id the stack does not have. */
export const resourceNotFound = (logicalId: string, stack: string) => new ValidationError(`Resource ${logicalId} does not exist for stack ${stack}`);
/** DescribeStackResources with a PhysicalResourceId no stack holds. */
export const stackForNotFound = (physicalId: string) => new ValidationError(`Stack for ${physicalId} does not exist`);
/** GetTemplate without a StackName (the sandbox has no change sets to name instead): AWS's text for a missing member. */
export const stackNameNeeded = () => new ValidationError("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
/** GetTemplate of a change set named without its stack (localstack api/test_templates snapshot, recorded on AWS). */
export const stackNameRequired = () => new ValidationError("StackName is a required parameter.");
/** GetTemplate of a change set: the sandbox's stacks have none (AWS's 404, localstack api/test_templates snapshot). */
export const changeSetNotFound = (changeSet: string) => new AwsError("ChangeSetNotFound", `ChangeSet [${changeSet}] does not exist`, 404);
/** DescribeStackResources with neither StackName nor PhysicalResourceId. */
export const stackOrPhysicalIdNeeded = () => new ValidationError("Either StackName or PhysicalResourceId must be specified");
/** A CloudFormation action the sandbox does not serve (writes: the stack is the template `sandbox up` runs). */
export const notEmulated = (action: string) =>
  new AwsError(
    "InvalidAction",
    `The sandbox does not emulate the CloudFormation action ${action}: its stack is the template \`sandbox up\` runs, read-only through DescribeStacks, ListStackResources, GetTemplate and the other read actions.`,
    400,
  );
