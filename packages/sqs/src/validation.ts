/**
 * Request checks from AWS's model (generated/sqs.ts). SQS answers a missing required member
 * with MissingParameter ("The request must contain the parameter QueueUrl."), also inside
 * batch entries; attribute names are the engine's to judge (InvalidAttributeName).
 */
import { coralJsonTypeRules, createValidator } from "@sam-sandbox/core";
import { sqsModel } from "./generated/sqs.js";
import { MissingParameter } from "./errors.js";

// The JSON form can carry a member of the wrong JSON type (a number for a MessageBody), which
// the query form's text cannot: it fails with a SerializationException before anything else.
const jsonTypes = createValidator(sqsModel, {
  jsonTypes: coralJsonTypeRules("com.amazonaws.sqs"),
  skip: ["required", "length", "range", "pattern", "enum"],
});

type Input = Record<string, unknown>;

function structureMembers(shapeName: string): Record<string, { target: string; required?: boolean }> {
  return sqsModel.shapes[shapeName]?.members ?? {};
}

function check(shapeName: string, value: Input): void {
  for (const [name, member] of Object.entries(structureMembers(shapeName))) {
    const v = value[name];
    if (member.required && (v === undefined || v === null)) throw new MissingParameter(name);
    const target = sqsModel.shapes[member.target];
    // Batch entries: each structure of a list is checked the same way.
    if (target?.type === "list" && Array.isArray(v) && sqsModel.shapes[target.member ?? ""]?.type === "structure") {
      for (const item of v) if (item && typeof item === "object") check(target.member ?? "", item as Input);
    }
  }
}

/** The check of an action's input (`json`: sent in the JSON form); undefined for an action the model does not have. */
export function validatorFor(action: string, json = false): ((input: Input) => void) | undefined {
  const shape = sqsModel.operations[action]?.input;
  if (shape === undefined) return undefined;
  const types = json ? jsonTypes.forOperation(action) : undefined;
  return (input) => {
    types?.(input);
    check(shape, input);
  };
}
