/**
 * CloudFormation on the wire: awsQuery (form-urlencoded Action=…, XML answers), as every
 * AWS SDK and awscli speak it. Actions the sandbox does not serve (the writes) answer an
 * AWS-shaped InvalidAction that says so.
 */
import { createAwsQueryHandler, type AwsQueryAction, type EdgeRequest, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import type { CloudFormationEngine } from "./engine/engine.js";
import { notEmulated } from "./errors.js";
import { CLOUDFORMATION_ACTIONS, cloudFormationModel } from "./generated/cloudformation.js";
import { validatorFor } from "./validation.js";

type Input = Record<string, unknown>;

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Input): T => input as T;

/** AWS action name → engine method. */
const ACTIONS: Record<string, AwsQueryAction<CloudFormationEngine>> = {
  DescribeStacks: (e, i) => e.describeStacks(as(i)),
  ListStacks: (e, i) => e.listStacks(as(i)),
  DescribeStackResources: (e, i) => e.describeStackResources(as(i)),
  DescribeStackResource: (e, i) => e.describeStackResource(as(i)),
  ListStackResources: (e, i) => e.listStackResources(as(i)),
  GetTemplate: (e, i) => e.getTemplate(as(i)),
  ListExports: (e, i) => e.listExports(as(i)),
  DescribeStackEvents: (e, i) => e.describeStackEvents(as(i)),
};

export function createCloudFormationWire(engine: CloudFormationEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return createAwsQueryHandler(
    engine,
    { model: cloudFormationModel, label: "CloudFormation", actions: ACTIONS, validatorFor, notEmulated, hasAction: (action) => CLOUDFORMATION_ACTIONS.includes(action) },
    logger,
  );
}
