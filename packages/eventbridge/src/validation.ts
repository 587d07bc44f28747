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
  // AWS's own texts (localstack test_api_destinations_and_connection.snapshot.json
  // test_create_api_destination_invalid_parameters, recorded): the connection ARN pattern
  // printed with its anchors, the HTTP methods in AWS's hash order.
  shapeOverrides: {
    ConnectionArn: { pattern: "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$" },
    ApiDestinationHttpMethod: { values: ["HEAD", "POST", "PATCH", "DELETE", "PUT", "GET", "OPTIONS"] },
  },
});

export function validatorFor(action: string): OperationValidator | undefined {
  return validator.forOperation(action);
}
