/**
 * Sending: every accepted message (SendEmail, SendRawEmail, SendTemplatedEmail,
 * SendBulkTemplatedEmail and SESv2's SendEmail / SendBulkEmail) goes through accept(): message
 * tags and the configuration set checked with SES's texts, recipients' addresses read, the
 * sender verified, then the message kept in the outbox (journaled), one line printed, and its
 * SES-style MessageId returned. Nothing leaves the machine.
 */
import { randomUUID } from "node:crypto";
import { InvalidParameterValue, InvalidRenderingParameterException, MessageRejected, MissingRenderingAttributeException, missingFrom, notVerified, tooManyRecipients } from "../errors.js";
import { MAX_BULK_DESTINATIONS, MAX_RECIPIENTS, MAX_TAG_LENGTH } from "../limits.js";
import { addressOf, checkAddress, isVerified, recipientsOf } from "./addresses.js";
import { configurationSetOf } from "./configurationSets.js";
import { commit, type SesContext } from "./context.js";
import { publishEvents, type SendEvent } from "./eventDestinations.js";
import { parseRaw } from "./mime.js";
import type { SentEmail } from "./state.js";
import { renderTemplate, templateOf } from "./templates.js";

export interface Destination {
  ToAddresses?: string[];
  CcAddresses?: string[];
  BccAddresses?: string[];
}

export interface MessageTag {
  Name: string;
  Value: string;
}

interface Outgoing {
  /** The sender as given (Source, FromEmailAddress or the From header). */
  source: string;
  /** Sender addresses SES checks, as its error lists them. */
  senders: string[];
  destination: Destination;
  subject?: string;
  text?: string;
  html?: string;
  raw?: string;
  template?: string;
  templateData?: string;
  tags?: MessageTag[];
  configurationSetName?: string;
  /** The action, as event publishing's ses:operation tag names it (else told from the content). */
  operation?: string;
}

/**
 * SES's MessageId: 16 hex digits (a "0100" prefix and the send time in ms), a UUID and "-000000",
 * e.g. "0100018c2c4a1f9e-6c3c2b7e-9a3e-4b56-8f0e-2d7f7c2b9a11-000000".
 */
export function messageId(now: number): string {
  return `0100${now.toString(16).padStart(12, "0")}-${randomUUID()}-000000`;
}

const TAG_NAME = /^[A-Za-z0-9_-]*$/;
const TAG_VALUE = /^[A-Za-z0-9_.@-]*$/;

/** Message tags as SES checks them (texts recorded against AWS by LocalStack's snapshot tests; "ses:" names are SES's own). */
function checkTags(tags: MessageTag[] | undefined): void {
  for (const { Name: name, Value: value } of tags ?? []) {
    if (name === "") throw new InvalidParameterValue("The tag name must be specified.");
    if (value === "") throw new InvalidParameterValue("The tag value must be specified.");
    if (name.length > MAX_TAG_LENGTH) throw new InvalidParameterValue("Tag name cannot exceed 255 characters.");
    if (!TAG_NAME.test(name.replace(/^ses:/, ""))) throw new InvalidParameterValue(`Invalid tag name <${name}>: only alphanumeric ASCII characters, '_',  '-' are allowed.`);
    if (value.length > MAX_TAG_LENGTH) throw new InvalidParameterValue("Tag value cannot exceed 255 characters.");
    if (!TAG_VALUE.test(value)) throw new InvalidParameterValue(`Invalid tag value <${value}>: only alphanumeric ASCII characters, '_',  '-' , '.', '@' are allowed.`);
  }
}

const nonEmpty = (list: string[] | undefined): string[] | undefined => (list !== undefined && list.length > 0 ? list : undefined);

/** A message checked and ready to keep: every check of accept() done, nothing stored yet. */
interface Prepared {
  email: SentEmail;
  recipients: string[];
  /** What event publishing needs, when the message names a configuration set. */
  event?: Omit<SendEvent, "email" | "recipients">;
}

function prepare(ctx: SesContext, out: Outgoing): Prepared {
  checkTags(out.tags);
  if (out.configurationSetName !== undefined) configurationSetOf(ctx, out.configurationSetName);
  const recipients = recipientsOf(out.destination);
  if (recipients.length > MAX_RECIPIENTS) throw tooManyRecipients(MAX_RECIPIENTS);
  for (const recipient of recipients) checkAddress(recipient);
  const state = ctx.durable.state;
  const failed = out.senders.filter((sender) => !isVerified(state, checkAddress(sender)));
  if (failed.length > 0) throw notVerified(ctx.region, failed);
  const now = ctx.clock.now();
  const id = messageId(now);
  const destination = {
    ...(nonEmpty(out.destination.ToAddresses) ? { ToAddresses: out.destination.ToAddresses } : {}),
    ...(nonEmpty(out.destination.CcAddresses) ? { CcAddresses: out.destination.CcAddresses } : {}),
    ...(nonEmpty(out.destination.BccAddresses) ? { BccAddresses: out.destination.BccAddresses } : {}),
  };
  const email: SentEmail = {
    Id: id, Region: ctx.region, Source: out.source, Destination: destination,
    ...(out.subject !== undefined ? { Subject: out.subject } : {}),
    ...(out.text !== undefined || out.html !== undefined ? { Body: { text_part: out.text ?? null, html_part: out.html ?? null } } : {}),
    ...(out.raw !== undefined ? { RawData: out.raw } : {}),
    ...(out.template !== undefined ? { Template: out.template, TemplateData: out.templateData ?? "" } : {}),
    Timestamp: new Date(now).toISOString(),
    sentAt: now,
    recipients: recipients.length,
  };
  const operation = out.operation ?? (out.raw !== undefined ? "SendRawEmail" : out.template !== undefined ? "SendTemplatedEmail" : "SendEmail");
  const event = out.configurationSetName !== undefined ? { operation, configurationSetName: out.configurationSetName, tags: out.tags ?? [] } : undefined;
  return { email, recipients, ...(event ? { event } : {}) };
}

async function deliver(ctx: SesContext, { email, recipients, event }: Prepared): Promise<string> {
  await commit(ctx, { t: "sent", email });
  ctx.logger.info(`✉ SES ${email.Source} → ${recipients.join(", ") || "(no recipients)"}: ${email.Subject ?? "(no subject)"}`);
  if (event) await publishEvents(ctx, { ...event, email, recipients });
  return email.Id;
}

const accept = (ctx: SesContext, out: Outgoing): Promise<string> => deliver(ctx, prepare(ctx, out));

export interface SendEmailInput {
  Source: string;
  Destination: Destination;
  Message: { Subject: { Data: string }; Body: { Text?: { Data: string }; Html?: { Data: string } } };
  ReturnPath?: string;
  Tags?: MessageTag[];
  ConfigurationSetName?: string;
}

/**
 * The senders SES verifies: the source and, when given, the return path. An empty ReturnPath is
 * none given, as the SES team's SendEmail example sends it (ReturnPath "" and a MessageId back).
 */
const senders = (source: string, returnPath?: string): string[] => (!returnPath || returnPath === source ? [source] : [source, returnPath]);

export async function sendEmail(ctx: SesContext, input: SendEmailInput) {
  const id = await accept(ctx, {
    source: input.Source, senders: senders(input.Source, input.ReturnPath), destination: input.Destination,
    subject: input.Message.Subject.Data,
    ...(input.Message.Body.Text ? { text: input.Message.Body.Text.Data } : {}),
    ...(input.Message.Body.Html ? { html: input.Message.Body.Html.Data } : {}),
    ...(input.Tags ? { tags: input.Tags } : {}),
    ...(input.ConfigurationSetName !== undefined ? { configurationSetName: input.ConfigurationSetName } : {}),
  });
  return { MessageId: id };
}

export interface SendRawEmailInput {
  RawMessage: { Data: string };
  Source?: string;
  Destinations?: string[];
  Tags?: MessageTag[];
  ConfigurationSetName?: string;
}

/**
 * A raw message: Source, or else its From header, must be verified (SES lists a From with a
 * display name and its bare address); recipients are Destinations, or else its To, Cc and Bcc.
 * An empty Source is none given ("If you do not provide a value for this parameter, you must
 * specify a From address in the raw text"), as the SES team's SendRawEmail example sends Source ""
 * and Destinations [] and gets a MessageId. `Data` is base64 on both wires.
 */
export async function sendRawEmail(ctx: SesContext, input: SendRawEmailInput) {
  const raw = Buffer.from(input.RawMessage.Data, "base64");
  const parsed = await parseRaw(raw);
  const source = input.Source === "" ? undefined : input.Source;
  const from = source ?? parsed.from;
  if (from === undefined || from.trim() === "") throw missingFrom();
  const bare = addressOf(from);
  const destination: Destination = input.Destinations !== undefined && input.Destinations.length > 0
    ? { ToAddresses: input.Destinations }
    : { ToAddresses: parsed.to, CcAddresses: parsed.cc, BccAddresses: parsed.bcc };
  const id = await accept(ctx, {
    source: from, senders: source === undefined && bare !== from ? [from, bare] : [from], destination,
    raw: raw.toString("utf8"),
    ...(parsed.subject !== undefined ? { subject: parsed.subject } : {}),
    ...(parsed.text !== undefined ? { text: parsed.text } : {}),
    ...(parsed.html !== undefined ? { html: parsed.html } : {}),
    ...(input.Tags ? { tags: input.Tags } : {}),
    ...(input.ConfigurationSetName !== undefined ? { configurationSetName: input.ConfigurationSetName } : {}),
  });
  return { MessageId: id };
}

/**
 * A templated message. SES accepts it and renders it afterwards: a variable the data lacks is a
 * Rendering Failure event and no delivery, not an error of the call. The sandbox does the same
 * (MessageId returned, nothing in the outbox) and prints the failure.
 */
function prepareTemplated(
  ctx: SesContext,
  out: Omit<Outgoing, "subject" | "text" | "html">,
  templateName: string,
): Prepared | { undelivered: string } {
  const template = templateOf(ctx, templateName);
  let parts: { subject?: string; text?: string; html?: string };
  try {
    parts = renderTemplate(template, out.templateData ?? "");
  } catch (error) {
    if (!(error instanceof MissingRenderingAttributeException || error instanceof InvalidRenderingParameterException)) throw error;
    checkTags(out.tags);
    ctx.logger.warn(`✉ SES rendering failure of template ${templateName} (not delivered): ${error.message}`);
    return { undelivered: messageId(ctx.clock.now()) };
  }
  return prepare(ctx, { ...out, ...parts, template: templateName });
}

function sendTemplated(ctx: SesContext, out: Omit<Outgoing, "subject" | "text" | "html">, templateName: string): Promise<string> {
  const prepared = prepareTemplated(ctx, out, templateName);
  return "undelivered" in prepared ? Promise.resolve(prepared.undelivered) : deliver(ctx, prepared);
}

export interface SendTemplatedEmailInput {
  Source: string;
  Destination: Destination;
  Template: string;
  TemplateData: string;
  ReturnPath?: string;
  Tags?: MessageTag[];
  ConfigurationSetName?: string;
}

export async function sendTemplatedEmail(ctx: SesContext, input: SendTemplatedEmailInput) {
  const id = await sendTemplated(ctx, {
    source: input.Source, senders: senders(input.Source, input.ReturnPath), destination: input.Destination, templateData: input.TemplateData,
    ...(input.Tags ? { tags: input.Tags } : {}),
    ...(input.ConfigurationSetName !== undefined ? { configurationSetName: input.ConfigurationSetName } : {}),
  }, input.Template);
  return { MessageId: id };
}

export interface SendBulkTemplatedEmailInput {
  Source: string;
  Template: string;
  DefaultTemplateData?: string;
  Destinations: Array<{ Destination: Destination; ReplacementTemplateData?: string; ReplacementTags?: MessageTag[] }>;
  ReturnPath?: string;
  DefaultTags?: MessageTag[];
  ConfigurationSetName?: string;
}

/**
 * Each destination its own message, its ReplacementTemplateData over DefaultTemplateData. Every
 * destination is checked and rendered before any is kept: a call that fails keeps none (a bad
 * address in the second destination failed the call after the first was in the outbox).
 */
export async function sendBulkTemplatedEmail(ctx: SesContext, input: SendBulkTemplatedEmailInput) {
  // No AWS recording of the refusal was found; moto's tests word it so (MessageRejected "Too many destinations.").
  if (input.Destinations.length > MAX_BULK_DESTINATIONS) throw new MessageRejected("Too many destinations.");
  templateOf(ctx, input.Template);
  const prepared = input.Destinations.map((entry) => prepareTemplated(ctx, {
    source: input.Source, senders: senders(input.Source, input.ReturnPath), destination: entry.Destination,
    templateData: mergeData(input.DefaultTemplateData, entry.ReplacementTemplateData), operation: "SendBulkTemplatedEmail",
    ...(entry.ReplacementTags ?? input.DefaultTags ? { tags: entry.ReplacementTags ?? input.DefaultTags } : {}),
    ...(input.ConfigurationSetName !== undefined ? { configurationSetName: input.ConfigurationSetName } : {}),
  }, input.Template));
  const status: Array<{ Status: string; MessageId: string }> = [];
  for (const entry of prepared) status.push({ Status: "Success", MessageId: "undelivered" in entry ? entry.undelivered : await deliver(ctx, entry) });
  return { Status: status };
}

/** Replacement data over the default data, key by key (both JSON objects; anything else is left to the renderer to refuse). */
export function mergeData(defaults: string | undefined, replacement: string | undefined): string {
  if (replacement === undefined || replacement === "") return defaults ?? "{}";
  if (defaults === undefined || defaults === "") return replacement;
  try {
    const base: unknown = JSON.parse(defaults);
    const over: unknown = JSON.parse(replacement);
    if (isObject(base) && isObject(over)) return JSON.stringify({ ...base, ...over });
  } catch {
    // Either is no JSON: the renderer reports it.
  }
  return replacement;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

// SESv2

export interface V2Content {
  Simple?: { Subject: { Data: string }; Body: { Text?: { Data: string }; Html?: { Data: string } } };
  Raw?: { Data: string };
  Template?: { TemplateName?: string; TemplateData?: string; TemplateContent?: { Subject?: string; Text?: string; Html?: string } };
}

export interface V2SendEmailInput {
  FromEmailAddress?: string;
  Destination?: Destination;
  Content: V2Content;
  EmailTags?: MessageTag[];
  ConfigurationSetName?: string;
}

export async function sendEmailV2(ctx: SesContext, input: V2SendEmailInput) {
  const common = {
    ...(input.EmailTags ? { Tags: input.EmailTags } : {}),
    ...(input.ConfigurationSetName !== undefined ? { ConfigurationSetName: input.ConfigurationSetName } : {}),
  };
  const { Simple: simple, Raw: raw, Template: template } = input.Content;
  if (raw) {
    const destinations = recipientsOf(input.Destination);
    return sendRawEmail(ctx, {
      RawMessage: raw, ...common,
      ...(input.FromEmailAddress !== undefined ? { Source: input.FromEmailAddress } : {}),
      ...(destinations.length > 0 ? { Destinations: destinations } : {}),
    });
  }
  const source = input.FromEmailAddress ?? "";
  if (simple) return sendEmail(ctx, { Source: source, Destination: input.Destination ?? {}, Message: simple, ...common });
  if (template?.TemplateContent) {
    // An inline template: rendered as a stored one would be.
    const inline = { name: "", created: 0, ...contentParts(template.TemplateContent) };
    const parts = renderTemplate(inline, template.TemplateData ?? "{}");
    const id = await accept(ctx, { source, senders: [source], destination: input.Destination ?? {}, ...parts, templateData: template.TemplateData ?? "", ...tagsAndSet(input) });
    return { MessageId: id };
  }
  return sendTemplatedEmail(ctx, {
    Source: source, Destination: input.Destination ?? {}, Template: template?.TemplateName ?? "", TemplateData: template?.TemplateData ?? "{}", ...common,
  });
}

function contentParts(content: { Subject?: string; Text?: string; Html?: string }) {
  return {
    ...(content.Subject !== undefined ? { subject: content.Subject } : {}),
    ...(content.Text !== undefined ? { text: content.Text } : {}),
    ...(content.Html !== undefined ? { html: content.Html } : {}),
  };
}

function tagsAndSet(input: { EmailTags?: MessageTag[]; ConfigurationSetName?: string }) {
  return {
    ...(input.EmailTags ? { tags: input.EmailTags } : {}),
    ...(input.ConfigurationSetName !== undefined ? { configurationSetName: input.ConfigurationSetName } : {}),
  };
}

export interface V2SendBulkEmailInput {
  FromEmailAddress?: string;
  DefaultContent: { Template?: { TemplateName?: string; TemplateData?: string } };
  BulkEmailEntries: Array<{ Destination: Destination; ReplacementEmailContent?: { ReplacementTemplate?: { ReplacementTemplateData?: string } }; ReplacementTags?: MessageTag[] }>;
  DefaultEmailTags?: MessageTag[];
  ConfigurationSetName?: string;
}

export async function sendBulkEmail(ctx: SesContext, input: V2SendBulkEmailInput) {
  const result = await sendBulkTemplatedEmail(ctx, {
    Source: input.FromEmailAddress ?? "",
    Template: input.DefaultContent.Template?.TemplateName ?? "",
    ...(input.DefaultContent.Template?.TemplateData !== undefined ? { DefaultTemplateData: input.DefaultContent.Template.TemplateData } : {}),
    Destinations: input.BulkEmailEntries.map((entry) => ({
      Destination: entry.Destination,
      ...(entry.ReplacementEmailContent?.ReplacementTemplate?.ReplacementTemplateData !== undefined
        ? { ReplacementTemplateData: entry.ReplacementEmailContent.ReplacementTemplate.ReplacementTemplateData } : {}),
      ...(entry.ReplacementTags ? { ReplacementTags: entry.ReplacementTags } : {}),
    })),
    ...(input.DefaultEmailTags ? { DefaultTags: input.DefaultEmailTags } : {}),
    ...(input.ConfigurationSetName !== undefined ? { ConfigurationSetName: input.ConfigurationSetName } : {}),
  });
  return { BulkEmailEntryResults: result.Status.map((s) => ({ Status: "SUCCESS", MessageId: s.MessageId })) };
}
