/** AddCustomAttributes: custom attributes added to an existing pool's schema. */
import { InvalidParameterException } from "../errors.js";
import { poolOf, write, type CognitoContext, type Input } from "./context.js";
import { checkSchema, schemaAttributes } from "./schema.js";

/**
 * Each new attribute is stored as CreateUserPool's Schema holds it (bare name; DescribeUserPool shows
 * "custom:<name>" or "dev:custom:<name>"). The model bounds the list (1–25 entries) and the names
 * (1–20 characters); a name the schema already has is refused with AWS's text
 * ("custom:<name>: Existing attribute already has name <existing>.", quoted from AWS in
 * serverless-cognito-add-custom-attributes#3 and asserted by moto's test_add_custom_attributes_existing_attribute).
 */
export async function addCustomAttributes(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const added = Array.isArray(input.CustomAttributes) ? (input.CustomAttributes as Array<Record<string, unknown>>) : [];
  checkSchema(added);
  const existing = Array.isArray(pool.pool.config.Schema) ? (pool.pool.config.Schema as Array<Record<string, unknown>>) : [];
  const names = new Set(schemaAttributes(existing).map((a) => String(a.Name)));
  for (const attribute of added) {
    const name = String(attribute.Name);
    const taken = [`custom:${name}`, `dev:custom:${name}`].find((n) => names.has(n));
    if (taken !== undefined) throw new InvalidParameterException(`custom:${name}: Existing attribute already has name ${taken}.`);
    names.add(`${attribute.DeveloperOnlyAttribute === true ? "dev:" : ""}custom:${name}`);
  }
  const config = { ...pool.pool.config, Schema: [...existing, ...added] };
  await write(ctx, { t: "pool", pool: { ...pool.pool, config, modified: ctx.clock.now() } });
  return {};
}
