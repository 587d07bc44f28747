/**
 * Rotation with a Lambda function (User Guide, "Rotation by Lambda function"): Secrets Manager
 * invokes the function four times, one step each, with the secret's ARN and the new version's
 * ClientRequestToken. The function does the work through the Secrets Manager API (createSecret
 * puts the AWSPENDING value, finishSecret moves AWSCURRENT).
 */
import { randomUUID } from "node:crypto";
import type { LambdaInvoker, Logger } from "@sam-sandbox/core";

export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** One step; false when the function failed (the rotation stops there, as on AWS). */
export async function invokeStep(invoker: LambdaInvoker, logger: Logger, functionName: string, step: RotationStep, secretArn: string, token: string): Promise<boolean> {
  const payload = Buffer.from(JSON.stringify({ Step: step, SecretId: secretArn, ClientRequestToken: token, RotationToken: randomUUID() }));
  const result = await invoker.invoke({ functionName, payload, invocationType: "RequestResponse", source: "secretsmanager" });
  if (result.functionError === undefined) return true;
  logger.warn(`Secrets Manager: the rotation function ${functionName} failed at ${step} for ${secretArn}: ${result.payload.toString()}`);
  return false;
}
