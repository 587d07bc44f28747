/** Parameter Store on the wire: awsJson 1.1, X-Amz-Target AmazonSSM.<Action>. */
import { checkWithoutNulls, coralJsonTypeRules, createAwsJsonHandler, createValidator, UnknownOperationException, type AwsJsonAction, type EdgeRequest, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import type { SsmEngine } from "./engine/engine.js";
import { notEmulated } from "./errors.js";
import { PARAMETER_VALUE_LENGTH } from "./limits.js";
import { SSM_ACTIONS, ssmModel } from "./generated/ssm.js";

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Record<string, unknown>): T => input as T;

const ACTIONS: Record<string, AwsJsonAction<SsmEngine>> = {
  PutParameter: (e, i) => e.putParameter(as(i)),
  GetParameter: (e, i) => e.getParameter(as(i)),
  GetParameters: (e, i) => e.getParameters(as(i)),
  GetParametersByPath: (e, i) => e.getParametersByPath(as(i)),
  DescribeParameters: (e, i) => e.describeParameters(as(i)),
  GetParameterHistory: (e, i) => e.getParameterHistory(as(i)),
  DeleteParameter: (e, i) => e.deleteParameter(as(i)),
  DeleteParameters: (e, i) => e.deleteParameters(as(i)),
  LabelParameterVersion: (e, i) => e.labelParameterVersion(as(i)),
  UnlabelParameterVersion: (e, i) => e.unlabelParameterVersion(as(i)),
  AddTagsToResource: (e, i) => e.addTagsToResource(as(i)),
  ListTagsForResource: (e, i) => e.listTagsForResource(as(i)),
  RemoveTagsFromResource: (e, i) => e.removeTagsFromResource(as(i)),
};

/** AWS prints the Type enum in this order ("…enum value set: [SecureString, StringList, String]", moto and AWS CLI output). */
// A value of the wrong JSON type is a SerializationException, as from every coral JSON service.
// PSParameterValue: the published model dropped its bounds, AWS still checks them ("Value at 'value' failed to satisfy
// constraint: Member must have length greater than or equal to 1" / "… less than or equal to 32768", AWS answers
// quoted in ministryofjustice/modernisation-platform#8116 and cloud-platform-infrastructure#3906).
const validator = createValidator(ssmModel, {
  jsonTypes: coralJsonTypeRules("com.amazonaws.ssm"),
  shapeOverrides: {
    ParameterType: { values: ["SecureString", "StringList", "String"] },
    PSParameterValue: { length: { min: PARAMETER_VALUE_LENGTH.min, max: PARAMETER_VALUE_LENGTH.max } },
  },
});

export function createSsmWire(engine: SsmEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return createAwsJsonHandler(engine, {
    protocol: { version: "1.1" },
    label: "SSM",
    actions: ACTIONS,
    targetPrefix: "AmazonSSM",
    validatorFor: (action) => checkWithoutNulls(ssmModel, action, validator.forOperation(action)),
    unknownAction: (action) => (SSM_ACTIONS.includes(action) ? notEmulated(action) : new UnknownOperationException()),
  }, logger);
}
