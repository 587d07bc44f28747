/** CreateUserPoolClient / UpdateUserPoolClient settings checked as AWS checks them. */
import { InvalidParameterException } from "../errors.js";
import { TOKEN_VALIDITY_RANGE_SECONDS } from "../limits.js";
import type { Input } from "./context.js";
import { schemaAttributes } from "./schema.js";
import type { PoolState } from "./state.js";
import { validitySeconds } from "./tokens.js";

// Cognito alone sets these: an app client cannot be given write access to them (a user's report in a Terraform configuration).
const NOT_WRITABLE = new Set(["sub", "email_verified", "phone_number_verified"]);

/**
 * Token validities inside AWS's ranges (AWS's text quoted in terraform-provider-aws#32504 and
 * cloudfront-authorization-at-edge#144; a 0 leaves the default), and Read/WriteAttributes the pool
 * defines ("Invalid read attributes specified while creating a client", amplify-cli#12887;
 * "Invalid write attributes specified while updating a client", aws-sdk-java#1395, aws-cdk#20760).
 */
export function checkClientSettings(pool: PoolState, input: Input, verb: "creating" | "updating"): void {
  for (const kind of ["AccessToken", "IdToken", "RefreshToken"] as const) {
    const value = input[`${kind}Validity`];
    if (typeof value !== "number" || value === 0) continue;
    const seconds = validitySeconds(input, kind);
    const range = TOKEN_VALIDITY_RANGE_SECONDS[kind];
    if (seconds < range.min || seconds > range.max) throw new InvalidParameterException("Invalid range for token validity.");
  }
  const known = new Set(schemaAttributes(pool.pool.config.Schema).map((a) => String(a.Name)));
  const listed = (member: string) => (Array.isArray(input[member]) ? (input[member] as unknown[]).map(String) : []);
  if (listed("ReadAttributes").some((name) => !known.has(name))) throw new InvalidParameterException(`Invalid read attributes specified while ${verb} a client`);
  if (listed("WriteAttributes").some((name) => !known.has(name) || NOT_WRITABLE.has(name))) throw new InvalidParameterException(`Invalid write attributes specified while ${verb} a client`);
}

/**
 * SupportedIdentityProviders names COGNITO or the pool's own identity providers: AWS refuses another with
 * "The provider <name> does not exist for User Pool <id>." (lgallard/terraform-aws-cognito-user-pool#71).
 * A template's clients are not checked: the sandbox does not create a template's identity providers.
 */
export function checkSupportedProviders(pool: PoolState, input: Input): void {
  const named = Array.isArray(input.SupportedIdentityProviders) ? input.SupportedIdentityProviders.map(String) : [];
  const unknown = named.find((name) => name !== "COGNITO" && !pool.identityProviders.has(name));
  if (unknown !== undefined) throw new InvalidParameterException(`The provider ${unknown} does not exist for User Pool ${pool.pool.id}.`);
}
