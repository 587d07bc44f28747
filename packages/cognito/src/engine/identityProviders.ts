/**
 * CreateIdentityProvider … DeleteIdentityProvider and GetIdentityProviderByIdentifier: a pool's
 * federated identity providers (SAML, OIDC, social), stored and listed. Federation itself (the
 * hosted UI's redirect to the provider) is not emulated.
 */
import { DuplicateProviderException, InvalidParameterException, ResourceNotFoundException } from "../errors.js";
import { MAX_LIST_PROVIDERS } from "../limits.js";
import { page, poolOf, write, type CognitoContext, type Input } from "./context.js";
import { poolCertificate } from "./settings/signingCertificate.js";
import type { IdentityProvider, PoolState } from "./state.js";

// A social provider's name is its type ("Name and type must have the same value", aws-cli#3179).
const SOCIAL = new Set(["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"]);

function providerType(poolId: string, p: IdentityProvider): Record<string, unknown> {
  return {
    UserPoolId: poolId,
    ProviderName: p.name,
    ProviderType: p.type,
    ProviderDetails: p.details,
    AttributeMapping: p.attributeMapping,
    IdpIdentifiers: p.idpIdentifiers,
    LastModifiedDate: p.modified / 1000,
    CreationDate: p.created / 1000,
  };
}

/**
 * A SAML provider's details as AWS keeps them: the HTTP-Redirect endpoints of the metadata file's
 * SingleSignOnService and SingleLogoutService added as SSORedirectBindingURI and SLORedirectBindingURI
 * (the AWS CLI's example create-identity-provider.rst). A MetadataURL is not fetched: the sandbox is offline.
 */
function samlDetails(type: string, details: Record<string, string>): Record<string, string> {
  const metadata = details.MetadataFile;
  if (type !== "SAML" || metadata === undefined) return details;
  const redirect = (service: string): string | undefined => {
    for (const [element] of metadata.matchAll(new RegExp(`<(?:[\\w-]+:)?${service}\\b[^>]*>`, "g"))) {
      const binding = /\bBinding\s*=\s*"([^"]*)"/.exec(element)?.[1];
      const location = /\bLocation\s*=\s*"([^"]*)"/.exec(element)?.[1];
      if (binding === "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" && location) return location;
    }
    return undefined;
  };
  const sso = redirect("SingleSignOnService");
  const slo = redirect("SingleLogoutService");
  return { ...details, ...(slo ? { SLORedirectBindingURI: slo } : {}), ...(sso ? { SSORedirectBindingURI: sso } : {}) };
}

/** With EncryptedResponses, AWS names the pool's encryption certificate in the details (create-identity-provider.rst). */
async function withEncryption(ctx: CognitoContext, poolId: string, type: string, details: Record<string, string>): Promise<Record<string, string>> {
  const saml = samlDetails(type, details);
  if (type !== "SAML" || saml.EncryptedResponses !== "true") return saml;
  return { ...saml, ActiveEncryptionCertificate: await poolCertificate(ctx, poolId, "encryptionCertificate") };
}

const stringMap = (value: unknown): Record<string, string> => (value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) : {});
const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** The pool's provider, or a ResourceNotFoundException naming it (moto's answer; no AWS text was found). */
function providerOf(pool: PoolState, name: string): IdentityProvider {
  const provider = pool.identityProviders.get(name);
  if (!provider) throw new ResourceNotFoundException(name);
  return provider;
}

export async function createIdentityProvider(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const name = String(input.ProviderName);
  const type = String(input.ProviderType);
  // AWS's text (aws-cli#3179): "Provider NameOfGP cannot be of type Google."
  if (SOCIAL.has(type) && name !== type) throw new InvalidParameterException(`Provider ${name} cannot be of type ${type}.`);
  // AWS's text, from CloudTrail (quoted in aws-cloudformation/cloudformation-coverage-roadmap#1287).
  const duplicate = () => new DuplicateProviderException(`${name} already exists in user pool ${pool.pool.id}`);
  if (pool.identityProviders.has(name)) throw duplicate();
  const details = await withEncryption(ctx, pool.pool.id, type, stringMap(input.ProviderDetails));
  // Another request may have created it while the certificate was made.
  if (poolOf(ctx, pool.pool.id).identityProviders.has(name)) throw duplicate();
  const now = ctx.clock.now();
  const provider: IdentityProvider = {
    name,
    type,
    details,
    attributeMapping: stringMap(input.AttributeMapping),
    idpIdentifiers: stringList(input.IdpIdentifiers),
    created: now,
    modified: now,
  };
  await write(ctx, { t: "identityProvider", poolId: pool.pool.id, provider });
  return { IdentityProvider: providerType(pool.pool.id, provider) };
}

export function describeIdentityProvider(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  return { IdentityProvider: providerType(pool.pool.id, providerOf(pool, String(input.ProviderName))) };
}

/** Members left out keep their values. */
export async function updateIdentityProvider(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const provider = providerOf(pool, String(input.ProviderName));
  const updated: IdentityProvider = {
    ...provider,
    ...(input.ProviderDetails !== undefined ? { details: await withEncryption(ctx, pool.pool.id, provider.type, stringMap(input.ProviderDetails)) } : {}),
    ...(input.AttributeMapping !== undefined ? { attributeMapping: stringMap(input.AttributeMapping) } : {}),
    ...(input.IdpIdentifiers !== undefined ? { idpIdentifiers: stringList(input.IdpIdentifiers) } : {}),
    modified: ctx.clock.now(),
  };
  await write(ctx, { t: "identityProvider", poolId: pool.pool.id, provider: updated });
  return { IdentityProvider: providerType(pool.pool.id, updated) };
}

/** ProviderDescription entries: name, type and dates (no details). */
export function listIdentityProviders(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const { items, next } = page([...pool.identityProviders.values()], (p) => p.name, input.MaxResults, input.NextToken, MAX_LIST_PROVIDERS);
  return {
    Providers: items.map((p) => ({ ProviderName: p.name, ProviderType: p.type, LastModifiedDate: p.modified / 1000, CreationDate: p.created / 1000 })),
    ...(next ? { NextToken: next } : {}),
  };
}

export async function deleteIdentityProvider(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const provider = providerOf(pool, String(input.ProviderName));
  await write(ctx, { t: "deleteIdentityProvider", poolId: pool.pool.id, name: provider.name });
  return {};
}

export function getIdentityProviderByIdentifier(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const identifier = String(input.IdpIdentifier);
  const provider = [...pool.identityProviders.values()].find((p) => p.idpIdentifiers.includes(identifier));
  if (!provider) throw new ResourceNotFoundException(identifier);
  return { IdentityProvider: providerType(pool.pool.id, provider) };
}
