/**
 * CreateUserPoolDomain / DescribeUserPoolDomain / DeleteUserPoolDomain: a prefix domain
 * ("<prefix>.auth.<region>.amazoncognito.com") whose hosted UI and OAuth 2.0 endpoints the
 * sandbox serves on the edge under /<prefix>.auth.<region>.amazoncognito.com/.
 */
import { InvalidParameterException } from "../errors.js";
import { poolOf, write, type CognitoContext, type Input } from "./context.js";
import type { PoolState } from "./state.js";

/** The pool that owns a domain prefix (DescribeUserPool's Domain member holds it). */
export function poolOfDomain(ctx: CognitoContext, domain: string): PoolState | undefined {
  for (const pool of ctx.durable.state.pools.values()) {
    if (pool.pool.config.Domain === domain || pool.pool.config.CustomDomain === domain) return pool;
  }
  return undefined;
}

/**
 * A pool holds one prefix domain and one custom domain: a second of the same kind is refused until
 * the first is deleted (AWS's text, quoted in aws-cdk#10062 for a changed domainPrefix).
 */
export async function createUserPoolDomain(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const domain = String(input.Domain);
  const custom = input.CustomDomainConfig !== undefined;
  if (pool.pool.config[custom ? "CustomDomain" : "Domain"] !== undefined) throw new InvalidParameterException("User pool already has a domain configured.");
  if (poolOfDomain(ctx, domain)) throw new InvalidParameterException("Domain already associated with another user pool.");
  const config = { ...pool.pool.config, [custom ? "CustomDomain" : "Domain"]: domain };
  if (input.ManagedLoginVersion !== undefined) config.ManagedLoginVersion = input.ManagedLoginVersion;
  if (custom) config.CustomDomainConfig = input.CustomDomainConfig;
  await write(ctx, { t: "pool", pool: { ...pool.pool, config, modified: ctx.clock.now() } });
  return {
    ...(custom ? { CloudFrontDomain: `${domain.replace(/\W/g, "")}.cloudfront.net` } : {}),
    ...(input.ManagedLoginVersion !== undefined ? { ManagedLoginVersion: input.ManagedLoginVersion } : {}),
  };
}

/**
 * UpdateUserPoolDomain: the branding version (1 hosted UI classic, 2 managed login) and a custom
 * domain's certificate change; the domain itself does not. A domain the pool does not have is
 * refused with the text DeleteUserPoolDomain answers (no AWS text for this action was found).
 */
export async function updateUserPoolDomain(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const domain = String(input.Domain);
  const custom = pool.pool.config.CustomDomain === domain;
  if (pool.pool.config.Domain !== domain && !custom) throw new InvalidParameterException("No such domain or user pool exists.");
  const config = { ...pool.pool.config };
  if (input.ManagedLoginVersion !== undefined) config.ManagedLoginVersion = input.ManagedLoginVersion;
  if (custom && input.CustomDomainConfig !== undefined) config.CustomDomainConfig = input.CustomDomainConfig;
  await write(ctx, { t: "pool", pool: { ...pool.pool, config, modified: ctx.clock.now() } });
  return {
    ...(custom ? { CloudFrontDomain: `${domain.replace(/\W/g, "")}.cloudfront.net` } : {}),
    ...(config.ManagedLoginVersion !== undefined ? { ManagedLoginVersion: config.ManagedLoginVersion } : {}),
  };
}

/** An unknown domain is answered with an empty DomainDescription, as AWS does. */
export function describeUserPoolDomain(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const domain = String(input.Domain);
  const pool = poolOfDomain(ctx, domain);
  if (!pool) return { DomainDescription: {} };
  return {
    DomainDescription: {
      UserPoolId: pool.pool.id,
      AWSAccountId: ctx.accountId,
      Domain: domain,
      S3Bucket: "aws-cognito-prod-sandbox-assets",
      CloudFrontDistribution: `${domain.replace(/\W/g, "")}.cloudfront.net`,
      Version: "20250101000000",
      Status: "ACTIVE",
      ...(pool.pool.config.ManagedLoginVersion !== undefined ? { ManagedLoginVersion: pool.pool.config.ManagedLoginVersion } : {}),
      // A prefix domain names an empty CustomDomainConfig (the AWS CLI's example describe-user-pool-domain.rst).
      CustomDomainConfig: pool.pool.config.CustomDomain === domain ? (pool.pool.config.CustomDomainConfig ?? {}) : {},
    },
  };
}

export async function deleteUserPoolDomain(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const domain = String(input.Domain);
  if (pool.pool.config.Domain !== domain && pool.pool.config.CustomDomain !== domain) throw new InvalidParameterException("No such domain or user pool exists.");
  const config = { ...pool.pool.config };
  if (config.Domain === domain) delete config.Domain;
  if (config.CustomDomain === domain) {
    delete config.CustomDomain;
    delete config.CustomDomainConfig;
  }
  await write(ctx, { t: "pool", pool: { ...pool.pool, config, modified: ctx.clock.now() } });
  return {};
}
