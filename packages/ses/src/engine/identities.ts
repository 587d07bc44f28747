/**
 * Sending identities (email addresses and domains). SES verifies an address by a link it mails
 * and a domain by DNS records; the sandbox has neither, so every identity is verified the moment
 * it is created (VerifyEmailIdentity, VerifyDomainIdentity, SESv2 CreateEmailIdentity, a template's
 * AWS::SES::EmailIdentity), and a sender must be one of them, as on AWS.
 */
import { randomBytes } from "node:crypto";
import { ConfigurationSetDoesNotExistException, emailIdentityNotFound, identityExists, identityNotFound } from "../errors.js";
import { DEFAULT_PAGE_SIZE } from "../limits.js";
import { checkAddress } from "./addresses.js";
import { commit, type SesContext } from "./context.js";
import { page } from "./page.js";
import { identityKey, type Identity, type Tag } from "./state.js";

const isEmail = (name: string): boolean => name.includes("@");

async function putIdentity(ctx: SesContext, name: string, extra: Partial<Identity> = {}): Promise<Identity> {
  const existing = ctx.durable.state.identities.get(identityKey(name));
  if (existing) return existing;
  const identity: Identity = {
    name, type: isEmail(name) ? "EmailAddress" : "Domain", tags: [], created: ctx.clock.now(),
    ...(isEmail(name) ? {} : { token: randomBytes(32).toString("base64") }),
    ...extra,
  };
  await commit(ctx, { t: "putIdentity", identity });
  return identity;
}

export async function verifyEmailIdentity(ctx: SesContext, input: { EmailAddress: string }): Promise<Record<string, never>> {
  checkAddress(input.EmailAddress);
  await putIdentity(ctx, input.EmailAddress);
  return {};
}

/** `dkimTokens`: a template's AWS::SES::EmailIdentity passes the tokens its DkimDNSTokenName attributes gave, so SESv2 shows the same. */
export async function verifyDomainIdentity(ctx: SesContext, input: { Domain: string }, dkimTokens?: string[]): Promise<{ VerificationToken: string }> {
  const identity = await putIdentity(ctx, input.Domain, dkimTokens !== undefined ? { dkimTokens } : {});
  return { VerificationToken: identity.token ?? "" };
}

/**
 * An Easy DKIM token: 32 characters of lower-case base32 (a-z, 2-7), as the SES team's examples of
 * VerifyDomainDkim and GetIdentityDkimAttributes show them ("EXAMPLEjcs5xoyqytjsotsijas7236gr": no 0, 1, 8 or 9).
 */
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const dkimToken = (): string => [...randomBytes(32)].map((byte) => BASE32[byte & 31]).join("");
const dkimTokens = (): string[] => [dkimToken(), dkimToken(), dkimToken()];

/**
 * VerifyDomainDkim: the domain's three Easy DKIM tokens. "The domain that you specify is added to
 * the list of identities that are associated with your account" (SES API reference).
 */
export async function verifyDomainDkim(ctx: SesContext, input: { Domain: string }): Promise<{ DkimTokens: string[] }> {
  const identity = await putIdentity(ctx, input.Domain, { dkimTokens: dkimTokens() });
  if (identity.dkimTokens !== undefined) return { DkimTokens: identity.dkimTokens };
  const withTokens: Identity = { ...identity, dkimTokens: dkimTokens() };
  await commit(ctx, { t: "putIdentity", identity: withTokens });
  return { DkimTokens: withTokens.dkimTokens ?? [] };
}

/** Easy DKIM of each identity SES has (left out of the map otherwise, as verification attributes are): a domain's signing is on and verified at once. */
export function getIdentityDkimAttributes(ctx: SesContext, input: { Identities: string[] }) {
  const attributes: Record<string, { DkimEnabled: boolean; DkimVerificationStatus: string; DkimTokens?: string[] }> = {};
  for (const name of input.Identities) {
    const identity = ctx.durable.state.identities.get(identityKey(name));
    if (!identity) continue;
    attributes[name] = identity.type === "Domain"
      ? { DkimEnabled: true, DkimVerificationStatus: "Success", DkimTokens: identity.dkimTokens ?? [] }
      : { DkimEnabled: false, DkimVerificationStatus: "NotStarted" };
  }
  return { DkimAttributes: attributes };
}

export function listIdentities(ctx: SesContext, input: { IdentityType?: string; MaxItems?: number; NextToken?: string }) {
  const names = [...ctx.durable.state.identities.values()].filter((i) => input.IdentityType === undefined || i.type === input.IdentityType).map((i) => i.name);
  const found = page(names, input.MaxItems ?? names.length, input.NextToken);
  return { Identities: found.items, ...(found.next ? { NextToken: found.next } : {}) };
}

export function listVerifiedEmailAddresses(ctx: SesContext) {
  return { VerifiedEmailAddresses: [...ctx.durable.state.identities.values()].filter((i) => i.type === "EmailAddress").map((i) => i.name) };
}

/** Identities SES does not have are left out of the map, as AWS answers. */
export function getIdentityVerificationAttributes(ctx: SesContext, input: { Identities: string[] }) {
  const attributes: Record<string, { VerificationStatus: string; VerificationToken?: string }> = {};
  for (const name of input.Identities) {
    const identity = ctx.durable.state.identities.get(identityKey(name));
    if (!identity) continue;
    attributes[name] = { VerificationStatus: "Success", ...(identity.token ? { VerificationToken: identity.token } : {}) };
  }
  return { VerificationAttributes: attributes };
}

/** DeleteIdentity of an identity SES does not have succeeds (v1 deletes are idempotent). */
export async function deleteIdentity(ctx: SesContext, input: { Identity: string }): Promise<Record<string, never>> {
  if (ctx.durable.state.identities.has(identityKey(input.Identity))) await commit(ctx, { t: "deleteIdentity", name: input.Identity });
  return {};
}

// SESv2

const v2Type = (identity: Identity): string => (identity.type === "Domain" ? "DOMAIN" : "EMAIL_ADDRESS");

/** Easy DKIM as SESv2 shows it for a domain (signing on, verified at once) and for an address (not started). */
function dkimAttributes(ctx: SesContext, identity: Identity) {
  if (identity.type === "EmailAddress") {
    return { SigningEnabled: false, Status: "NOT_STARTED", SigningAttributesOrigin: "AWS_SES", NextSigningKeyLength: "RSA_1024_BIT" };
  }
  return {
    SigningEnabled: true, Status: "SUCCESS", Tokens: identity.dkimTokens ?? [], SigningAttributesOrigin: "AWS_SES",
    NextSigningKeyLength: "RSA_2048_BIT", CurrentSigningKeyLength: "RSA_2048_BIT", LastKeyGenerationTimestamp: identity.created / 1000,
  };
}

/** A custom MAIL FROM domain (SetIdentityMailFromDomain) as SESv2 writes it: verified at once, its enums upper-case. */
function mailFromAttributes(identity: Identity) {
  if (identity.mailFrom === undefined) return { BehaviorOnMxFailure: "USE_DEFAULT_VALUE" };
  const behavior = identity.mailFrom.behaviorOnMxFailure === "RejectMessage" ? "REJECT_MESSAGE" : "USE_DEFAULT_VALUE";
  return { MailFromDomain: identity.mailFrom.domain, MailFromDomainStatus: "SUCCESS", BehaviorOnMxFailure: behavior };
}

export async function createEmailIdentity(ctx: SesContext, input: { EmailIdentity: string; Tags?: Tag[]; ConfigurationSetName?: string }) {
  const name = input.EmailIdentity;
  if (ctx.durable.state.identities.has(identityKey(name))) throw identityExists(name);
  if (isEmail(name)) checkAddress(name);
  if (input.ConfigurationSetName !== undefined && !ctx.durable.state.configurationSets.has(input.ConfigurationSetName)) {
    throw new ConfigurationSetDoesNotExistException(input.ConfigurationSetName);
  }
  const identity = await putIdentity(ctx, name, {
    tags: input.Tags ?? [],
    ...(input.ConfigurationSetName !== undefined ? { configurationSetName: input.ConfigurationSetName } : {}),
    ...(isEmail(name) ? {} : { dkimTokens: dkimTokens() }),
  });
  return { IdentityType: v2Type(identity), VerifiedForSendingStatus: true, ...(identity.type === "Domain" ? { DkimAttributes: dkimAttributes(ctx, identity) } : {}) };
}

export function getEmailIdentity(ctx: SesContext, input: { EmailIdentity: string }) {
  const identity = ctx.durable.state.identities.get(identityKey(input.EmailIdentity));
  if (!identity) throw identityNotFound(input.EmailIdentity);
  return {
    IdentityType: v2Type(identity),
    FeedbackForwardingStatus: true,
    VerifiedForSendingStatus: true,
    DkimAttributes: dkimAttributes(ctx, identity),
    MailFromAttributes: mailFromAttributes(identity),
    Policies: identity.policies ?? {},
    Tags: identity.tags,
    ...(identity.configurationSetName !== undefined ? { ConfigurationSetName: identity.configurationSetName } : {}),
    VerificationStatus: "SUCCESS",
    VerificationInfo: {},
  };
}

export function listEmailIdentities(ctx: SesContext, input: { PageSize?: number; NextToken?: string }) {
  const all = [...ctx.durable.state.identities.values()].map((i) => ({
    IdentityType: v2Type(i), IdentityName: i.name, SendingEnabled: true, VerificationStatus: "SUCCESS",
  }));
  const found = page(all, input.PageSize ?? DEFAULT_PAGE_SIZE, input.NextToken);
  return { EmailIdentities: found.items, ...(found.next ? { NextToken: found.next } : {}) };
}

export async function deleteEmailIdentity(ctx: SesContext, input: { EmailIdentity: string }): Promise<Record<string, never>> {
  if (!ctx.durable.state.identities.has(identityKey(input.EmailIdentity))) throw emailIdentityNotFound(input.EmailIdentity);
  await commit(ctx, { t: "deleteIdentity", name: input.EmailIdentity });
  return {};
}
