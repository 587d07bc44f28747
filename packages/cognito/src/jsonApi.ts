/**
 * What Cognito's two awsJson 1.1 APIs — user pools (wire.ts) and identity pools
 * (identity/wire.ts) — wire the same way: the protocol, the model check, the answer to an
 * action the sandbox does not run, and the JSON documents served by GET.
 */
import {
  coralJsonTypeRules,
  createValidator,
  requestId,
  UnknownOperationException,
  type AwsJsonOptions,
  type EdgeResponse,
  type InputValidator,
  type ServiceModel,
  type ValidationOptions,
} from "@sam-sandbox/core";

export const COGNITO_PROTOCOL: AwsJsonOptions = { version: "1.1" };

/** One AWS action on an engine (awsJson 1.1, X-Amz-Target <prefix>.<Action>). */
export type CognitoAction<Engine> = (engine: Engine, input: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Constraint failures ("1 validation error detected: …") are user pools' InvalidParameterException;
 * identity pools answer them with ValidationException (x-amzn-ErrorType "ValidationException:",
 * quoted in aws-sdk-ios#2317, aws-sdk-cpp#1085 and amazon-freertos#1829).
 */
export function cognitoValidator(
  model: ServiceModel,
  javaPackage: string,
  options: { errorCode?: "InvalidParameterException" | "ValidationException"; shapeOverrides?: ValidationOptions["shapeOverrides"] } = {},
): InputValidator {
  return createValidator(model, {
    errorCode: options.errorCode ?? "InvalidParameterException",
    jsonTypes: coralJsonTypeRules(javaPackage),
    ...(options.shapeOverrides ? { shapeOverrides: options.shapeOverrides } : {}),
  });
}

/** An action of AWS's model the sandbox does not emulate says so; any other gets AWS's bare answer. */
export function unknownActionOf(model: ServiceModel, api: string): (action: string) => UnknownOperationException {
  return (action) => {
    if (!Object.hasOwn(model.operations, action)) return new UnknownOperationException();
    return new UnknownOperationException(`The sandbox does not emulate the ${api} action ${action}.`);
  };
}

/** A JSON document served by GET (JWKS, OpenID configuration), readable from a browser. */
export function jsonDocument(status: number, body: unknown): EdgeResponse {
  const headers = { "content-type": "application/json;charset=UTF-8", "x-amzn-requestid": requestId(), "access-control-allow-origin": "*" };
  return { status, headers, body: JSON.stringify(body) };
}
