/**
 * PutDataProtectionPolicy / GetDataProtectionPolicy: a topic's data protection policy, kept as
 * its DataProtectionPolicy attribute (CreateTopic takes it too). The sandbox stores the policy;
 * it does not audit, mask or deny message content.
 */
import { InvalidParameterException, invalidParameter } from "../errors.js";
import { change, findTopic, type SnsContext } from "./context.js";

export async function putDataProtectionPolicy(
  ctx: SnsContext,
  input: { ResourceArn: string; DataProtectionPolicy: string },
): Promise<Record<string, never>> {
  const topic = findTopic(ctx, input.ResourceArn, "ResourceArn");
  // An empty policy removes the topic's (the Terraform AWS provider deletes
  // aws_sns_topic_data_protection_policy so), as SetTopicAttributes' empty value does.
  if (input.DataProtectionPolicy !== "") checkDataProtectionPolicy(input.DataProtectionPolicy);
  await change(ctx, { t: "setTopicAttribute", arn: topic.arn, name: "DataProtectionPolicy", value: input.DataProtectionPolicy });
  return {};
}

/** A topic without a policy answers an empty one. */
export function getDataProtectionPolicy(ctx: SnsContext, input: { ResourceArn: string }): { DataProtectionPolicy: string } {
  const topic = findTopic(ctx, input.ResourceArn, "ResourceArn");
  return { DataProtectionPolicy: topic.attributes.DataProtectionPolicy ?? "" };
}

const DATA_DIRECTIONS = new Set(["Inbound", "Outbound"]);

/**
 * A policy must be a JSON object; each statement's DataDirection is Inbound or Outbound (the
 * check AWS reports as "Invalid parameter: DataProtectionPolicy Reason: …"). Used by
 * PutDataProtectionPolicy and by CreateTopic / SetTopicAttributes for the attribute.
 */
export function checkDataProtectionPolicy(text: string): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidParameterException("Invalid parameter: DataProtectionPolicy: failed to parse JSON.");
  }
  const statements = (value as { Statement?: unknown }).Statement;
  for (const statement of Array.isArray(statements) ? statements : []) {
    const direction = typeof statement === "object" && statement !== null ? (statement as { DataDirection?: unknown }).DataDirection : undefined;
    if (typeof direction !== "string" || !DATA_DIRECTIONS.has(direction)) {
      throw invalidParameter("DataProtectionPolicy Reason: Statement DataDirection must be either Inbound or Outbound");
    }
  }
}
