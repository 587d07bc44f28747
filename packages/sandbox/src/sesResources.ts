/**
 * The template's AWS::SES::ConfigurationSet (and its AWS::SES::ConfigurationSetEventDestination),
 * AWS::SES::EmailIdentity and AWS::SES::Template resources, created in SES at start-up (after the
 * template's SNS topics: an SNS event destination's topic must exist). An identity is verified at once (AWS mails a link or
 * waits for DNS records; the sandbox has neither), so a function may send from it straight away.
 * Resources kept from an earlier run are left, a template updated to the template file's.
 */
import { AwsError } from "@sam-sandbox/core";
import type { Ses } from "@sam-sandbox/ses";
import type { AppModel, ResolvedResource } from "@sam-sandbox/template";
import { templateResourceError } from "./templateResourceError.js";

const CONFIGURATION_SET = "AWS::SES::ConfigurationSet";
const EVENT_DESTINATION = "AWS::SES::ConfigurationSetEventDestination";
const IDENTITY = "AWS::SES::EmailIdentity";
const TEMPLATE = "AWS::SES::Template";

export function hasSesResources(app: AppModel): boolean {
  return Object.values(app.resources).some((r) => r.type === CONFIGURATION_SET || r.type === EVENT_DESTINATION || r.type === IDENTITY || r.type === TEMPLATE);
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

async function createTemplate(ses: Ses, resource: ResolvedResource): Promise<void> {
  const parts = (resource.properties.Template ?? {}) as Record<string, unknown>;
  const template = {
    TemplateName: resource.ref,
    ...(text(parts.SubjectPart) !== undefined ? { SubjectPart: text(parts.SubjectPart) } : {}),
    ...(text(parts.TextPart) !== undefined ? { TextPart: text(parts.TextPart) } : {}),
    ...(text(parts.HtmlPart) !== undefined ? { HtmlPart: text(parts.HtmlPart) } : {}),
  };
  try {
    await ses.engine.createTemplate({ Template: template });
  } catch (error) {
    if (!(error instanceof AwsError && error.code === "AlreadyExistsException")) throw error;
    await ses.engine.updateTemplate({ Template: template });
  }
}

/** CloudFormation's EventDestination (SnsDestination) as SES v1's API takes it (SNSDestination); kept from an earlier run, it is updated. */
async function createEventDestination(ses: Ses, resource: ResolvedResource): Promise<void> {
  const given = (resource.properties.EventDestination ?? {}) as Record<string, unknown>;
  const sns = given.SnsDestination as { TopicARN?: unknown } | undefined;
  const destination = {
    Name: resource.ref,
    Enabled: given.Enabled === undefined ? false : given.Enabled === true || given.Enabled === "true",
    MatchingEventTypes: Array.isArray(given.MatchingEventTypes) ? given.MatchingEventTypes.map(String) : [],
    ...(typeof sns?.TopicARN === "string" ? { SNSDestination: { TopicARN: sns.TopicARN } } : {}),
  };
  const input = { ConfigurationSetName: String(resource.properties.ConfigurationSetName ?? ""), EventDestination: destination };
  try {
    await ses.engine.createConfigurationSetEventDestination(input);
  } catch (error) {
    if (!(error instanceof AwsError && error.code === "EventDestinationAlreadyExistsException")) throw error;
    await ses.engine.updateConfigurationSetEventDestination(input);
  }
}

/** The Easy DKIM tokens a domain identity's DkimDNSTokenName1-3 attributes name ("<token>._domainkey.<domain>"), as SESv2 lists them. */
function dkimTokens(resource: ResolvedResource): string[] | undefined {
  const tokens = [1, 2, 3].map((i) => resource.attributes[`DkimDNSTokenName${i}`]?.split("._domainkey.")[0]).filter((t): t is string => t !== undefined && t !== "");
  return tokens.length === 3 ? tokens : undefined;
}

export async function createTemplateSesResources(ses: Ses, app: AppModel, log: (line: string) => void): Promise<void> {
  const resources = Object.values(app.resources);
  const each = async (type: string, create: (resource: ResolvedResource) => Promise<unknown>) => {
    for (const resource of resources.filter((r) => r.type === type)) {
      await create(resource).catch((error: unknown) => {
        throw templateResourceError(app, resource, error);
      });
    }
  };
  await each(CONFIGURATION_SET, (r) =>
    ses.engine.createConfigurationSet({ ConfigurationSet: { Name: r.ref } }).catch((error: unknown) => {
      if (!(error instanceof AwsError && error.code === "ConfigurationSetAlreadyExistsException")) throw error;
    }));
  await each(EVENT_DESTINATION, (r) => createEventDestination(ses, r));
  const verified: string[] = [];
  await each(IDENTITY, async (r) => {
    await (r.ref.includes("@") ? ses.engine.verifyEmailIdentity({ EmailAddress: r.ref }) : ses.engine.verifyDomainIdentity({ Domain: r.ref }, dkimTokens(r)));
    verified.push(r.ref);
  });
  await each(TEMPLATE, (r) => createTemplate(ses, r));
  if (verified.length > 0) log(`SES identities verified at once (no email or DNS check locally): ${verified.join(", ")}`);
}
