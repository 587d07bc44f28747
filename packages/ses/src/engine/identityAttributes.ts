/**
 * What SES keeps on an identity beside its verification: a custom MAIL FROM domain, SNS topics
 * for bounce/complaint/delivery notifications (with or without the original headers), feedback
 * forwarding, and sending authorization policies. Each action names the identity by name or ARN
 * (SES API reference, "You can specify an identity by using its name or by using its Amazon
 * Resource Name (ARN)"); the Get* answers leave out identities SES does not have, as
 * GetIdentityVerificationAttributes does.
 */
import { InvalidParameterValue } from "../errors.js";
import { commit, type SesContext } from "./context.js";
import { identityKey, type Identity, type NotificationType } from "./state.js";

/** `arn:aws:ses:<region>:<account>:identity/<name>` → name; a name stays as it is. */
const identityName = (nameOrArn: string): string => (nameOrArn.startsWith("arn:") ? nameOrArn.slice(nameOrArn.indexOf(":identity/") + ":identity/".length) : nameOrArn);

const find = (ctx: SesContext, nameOrArn: string): Identity | undefined => ctx.durable.state.identities.get(identityKey(identityName(nameOrArn)));

/** Moto's text for an identity SES does not have (moto ses/models.py set_identity_mail_from_domain); no AWS recording was found. */
function existing(ctx: SesContext, nameOrArn: string): Identity {
  const identity = find(ctx, nameOrArn);
  if (identity === undefined) throw new InvalidParameterValue(`Identity '${nameOrArn}' does not exist.`);
  return identity;
}

const save = (ctx: SesContext, identity: Identity): Promise<void> => commit(ctx, { t: "putIdentity", identity });

/**
 * Sets, or with no MailFromDomain removes, the identity's custom MAIL FROM domain, which must be a
 * subdomain of the identity's domain (moto's texts, as above).
 */
export async function setIdentityMailFromDomain(ctx: SesContext, input: { Identity: string; MailFromDomain?: string; BehaviorOnMXFailure?: string }): Promise<Record<string, never>> {
  const { mailFrom: _previous, ...identity } = existing(ctx, input.Identity);
  if (input.MailFromDomain === undefined) {
    await save(ctx, identity);
    return {};
  }
  const domain = identity.name.split("@").at(-1) ?? identity.name;
  if (!input.MailFromDomain.endsWith(`.${domain}`)) {
    throw new InvalidParameterValue(`Provided MAIL-FROM domain '${input.MailFromDomain}' is not subdomain of the domain of the identity '${domain}'.`);
  }
  await save(ctx, { ...identity, mailFrom: { domain: input.MailFromDomain, behaviorOnMxFailure: input.BehaviorOnMXFailure ?? "UseDefaultValue" } });
  return {};
}

/** The sandbox has no DNS: a MAIL FROM domain is verified at once, as identities are. */
export function getIdentityMailFromDomainAttributes(ctx: SesContext, input: { Identities: string[] }) {
  const attributes: Record<string, { MailFromDomain?: string; MailFromDomainStatus?: string; BehaviorOnMXFailure: string }> = {};
  for (const name of input.Identities) {
    const identity = find(ctx, name);
    if (identity === undefined) continue;
    attributes[name] = identity.mailFrom === undefined
      ? { BehaviorOnMXFailure: "UseDefaultValue" }
      : { MailFromDomain: identity.mailFrom.domain, MailFromDomainStatus: "Success", BehaviorOnMXFailure: identity.mailFrom.behaviorOnMxFailure };
  }
  return { MailFromDomainAttributes: attributes };
}

/** Sets, or with no SnsTopic removes, the topic of one notification type. */
export async function setIdentityNotificationTopic(ctx: SesContext, input: { Identity: string; NotificationType: NotificationType; SnsTopic?: string }): Promise<Record<string, never>> {
  const identity = existing(ctx, input.Identity);
  const { [input.NotificationType]: _previous, ...topics } = identity.notificationTopics ?? {};
  await save(ctx, { ...identity, notificationTopics: { ...topics, ...(input.SnsTopic !== undefined ? { [input.NotificationType]: input.SnsTopic } : {}) } });
  return {};
}

export async function setIdentityHeadersInNotificationsEnabled(ctx: SesContext, input: { Identity: string; NotificationType: NotificationType; Enabled: boolean }): Promise<Record<string, never>> {
  const identity = existing(ctx, input.Identity);
  await save(ctx, { ...identity, headersInNotifications: { ...identity.headersInNotifications, [input.NotificationType]: input.Enabled } });
  return {};
}

export async function setIdentityFeedbackForwardingEnabled(ctx: SesContext, input: { Identity: string; ForwardingEnabled: boolean }): Promise<Record<string, never>> {
  const identity = existing(ctx, input.Identity);
  await save(ctx, { ...identity, forwardingEnabled: input.ForwardingEnabled });
  return {};
}

/** Topics set are named; feedback forwarding is on and headers are left out until changed (the API reference's defaults). */
export function getIdentityNotificationAttributes(ctx: SesContext, input: { Identities: string[] }) {
  const attributes: Record<string, Record<string, string | boolean>> = {};
  for (const name of input.Identities) {
    const identity = find(ctx, name);
    if (identity === undefined) continue;
    const topics = identity.notificationTopics ?? {};
    const headers = identity.headersInNotifications ?? {};
    attributes[name] = {
      ...(topics.Bounce !== undefined ? { BounceTopic: topics.Bounce } : {}),
      ...(topics.Complaint !== undefined ? { ComplaintTopic: topics.Complaint } : {}),
      ...(topics.Delivery !== undefined ? { DeliveryTopic: topics.Delivery } : {}),
      ForwardingEnabled: identity.forwardingEnabled ?? true,
      HeadersInBounceNotificationsEnabled: headers.Bounce ?? false,
      HeadersInComplaintNotificationsEnabled: headers.Complaint ?? false,
      HeadersInDeliveryNotificationsEnabled: headers.Delivery ?? false,
    };
  }
  return { NotificationAttributes: attributes };
}

/** Sending authorization policies, kept as written; SES does not evaluate them in the sandbox. */
export async function putIdentityPolicy(ctx: SesContext, input: { Identity: string; PolicyName: string; Policy: string }): Promise<Record<string, never>> {
  const identity = existing(ctx, input.Identity);
  await save(ctx, { ...identity, policies: { ...identity.policies, [input.PolicyName]: input.Policy } });
  return {};
}

export function getIdentityPolicies(ctx: SesContext, input: { Identity: string; PolicyNames: string[] }) {
  const policies = find(ctx, input.Identity)?.policies ?? {};
  return { Policies: Object.fromEntries(input.PolicyNames.filter((name) => Object.hasOwn(policies, name)).map((name) => [name, policies[name]])) };
}

export function listIdentityPolicies(ctx: SesContext, input: { Identity: string }) {
  return { PolicyNames: Object.keys(find(ctx, input.Identity)?.policies ?? {}) };
}

/** Deleting a policy the identity does not have succeeds, as SES v1 deletes do. */
export async function deleteIdentityPolicy(ctx: SesContext, input: { Identity: string; PolicyName: string }): Promise<Record<string, never>> {
  const identity = find(ctx, input.Identity);
  if (identity?.policies === undefined || !Object.hasOwn(identity.policies, input.PolicyName)) return {};
  const { [input.PolicyName]: _removed, ...policies } = identity.policies;
  await save(ctx, { ...identity, policies });
  return {};
}
