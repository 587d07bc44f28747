/**
 * Request validation from AWS's model (generated/eventbridge.ts): "1 validation error
 * detected: Value … at 'name' failed to satisfy constraint: …" as a ValidationException. A
 * member of the wrong JSON type fails first with a SerializationException, in the texts AWS's
 * Java (Coral) front ends write; the class package follows the project's convention for
 * Coral services (EventBridge's own was not found in a recording).
 */
import { coralJsonTypeRules, createValidator, type OperationValidator, type ServiceModel } from "@sam-sandbox/core";
import { eventbridgeModel } from "./generated/eventbridge.js";

/**
 * AWS's PutEventsRequestEntry has two members the public model lacks; its toString prints
 * them ("…, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)", localstack
 * test_events.snapshot.json test_put_events_exceed_limit_ten_entries, recorded on AWS).
 */
function withJavaMembers(model: ServiceModel): ServiceModel {
  const entry = model.shapes.PutEventsRequestEntry;
  if (entry?.members === undefined) return model;
  const members = { ...entry.members, KmsKeyIdentifier: { target: "String" }, InternalMetadata: { target: "String" } };
  return { ...model, shapes: { ...model.shapes, PutEventsRequestEntry: { ...entry, members } } };
}

const validator = createValidator(withJavaMembers(eventbridgeModel), {
  errorCode: "ValidationException",
  jsonTypes: coralJsonTypeRules("com.amazonaws.eventbridge"),
});

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
