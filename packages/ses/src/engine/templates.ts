/**
 * Email templates, one store for both APIs: v1's Template {TemplateName, SubjectPart, TextPart,
 * HtmlPart} and SESv2's {TemplateName, TemplateContent: {Subject, Text, Html}}.
 */
import { NotFoundException, TemplateDoesNotExistException, templateExists } from "../errors.js";
import { DEFAULT_LIST_TEMPLATES, DEFAULT_PAGE_SIZE } from "../limits.js";
import { commit, seconds, type SesContext } from "./context.js";
import { renderedMessage } from "./mime.js";
import { page } from "./page.js";
import { parseTemplateData, render } from "./render.js";
import type { Template } from "./state.js";

export interface TemplateInput {
  TemplateName: string;
  SubjectPart?: string;
  TextPart?: string;
  HtmlPart?: string;
}

export interface TemplateContent {
  Subject?: string;
  Text?: string;
  Html?: string;
}

export function templateOf(ctx: SesContext, name: string): Template {
  const template = ctx.durable.state.templates.get(name);
  if (!template) throw new TemplateDoesNotExistException(name);
  return template;
}

function fromV1(input: TemplateInput, created: number): Template {
  return {
    name: input.TemplateName, created,
    ...(input.SubjectPart !== undefined ? { subject: input.SubjectPart } : {}),
    ...(input.TextPart !== undefined ? { text: input.TextPart } : {}),
    ...(input.HtmlPart !== undefined ? { html: input.HtmlPart } : {}),
  };
}

const v1Parts = (input: { TemplateName: string; TemplateContent: TemplateContent }): TemplateInput => ({
  TemplateName: input.TemplateName,
  ...(input.TemplateContent.Subject !== undefined ? { SubjectPart: input.TemplateContent.Subject } : {}),
  ...(input.TemplateContent.Text !== undefined ? { TextPart: input.TemplateContent.Text } : {}),
  ...(input.TemplateContent.Html !== undefined ? { HtmlPart: input.TemplateContent.Html } : {}),
});

export async function createTemplate(ctx: SesContext, input: { Template: TemplateInput }): Promise<Record<string, never>> {
  if (ctx.durable.state.templates.has(input.Template.TemplateName)) throw templateExists(input.Template.TemplateName);
  await commit(ctx, { t: "putTemplate", template: fromV1(input.Template, ctx.clock.now()) });
  return {};
}

export async function updateTemplate(ctx: SesContext, input: { Template: TemplateInput }): Promise<Record<string, never>> {
  const existing = templateOf(ctx, input.Template.TemplateName);
  await commit(ctx, { t: "putTemplate", template: fromV1(input.Template, existing.created) });
  return {};
}

export function getTemplate(ctx: SesContext, input: { TemplateName: string }) {
  const t = templateOf(ctx, input.TemplateName);
  return {
    Template: {
      TemplateName: t.name,
      ...(t.subject !== undefined ? { SubjectPart: t.subject } : {}),
      ...(t.text !== undefined ? { TextPart: t.text } : {}),
      ...(t.html !== undefined ? { HtmlPart: t.html } : {}),
    },
  };
}

/** DeleteTemplate of a template SES does not have succeeds (v1). */
export async function deleteTemplate(ctx: SesContext, input: { TemplateName: string }): Promise<Record<string, never>> {
  if (ctx.durable.state.templates.has(input.TemplateName)) await commit(ctx, { t: "deleteTemplate", name: input.TemplateName });
  return {};
}

export function listTemplates(ctx: SesContext, input: { MaxItems?: number; NextToken?: string }) {
  const all = [...ctx.durable.state.templates.values()].map((t) => ({ Name: t.name, CreatedTimestamp: seconds(t.created) }));
  const found = page(all, input.MaxItems ?? DEFAULT_LIST_TEMPLATES, input.NextToken);
  return { TemplatesMetadata: found.items, ...(found.next ? { NextToken: found.next } : {}) };
}

/** Subject, text and HTML of a template rendered with the data (a missing attribute fails). */
export function renderTemplate(template: Template, templateData: string): { subject?: string; text?: string; html?: string } {
  const data = parseTemplateData(templateData);
  const subject = render(template.subject, data);
  const text = render(template.text, data);
  const html = render(template.html, data);
  return { ...(subject !== undefined ? { subject } : {}), ...(text !== undefined ? { text } : {}), ...(html !== undefined ? { html } : {}) };
}

export function testRenderTemplate(ctx: SesContext, input: { TemplateName: string; TemplateData: string }) {
  const parts = renderTemplate(templateOf(ctx, input.TemplateName), input.TemplateData);
  return { RenderedTemplate: renderedMessage(new Date(ctx.clock.now()), parts) };
}

// SESv2

/** SESv2 names a missing template with NotFoundException. */
function v2TemplateOf(ctx: SesContext, name: string): Template {
  const template = ctx.durable.state.templates.get(name);
  if (!template) throw new NotFoundException(`Template ${name} does not exist.`);
  return template;
}

export function createEmailTemplate(ctx: SesContext, input: { TemplateName: string; TemplateContent: TemplateContent }) {
  return createTemplate(ctx, { Template: v1Parts(input) });
}

export async function updateEmailTemplate(ctx: SesContext, input: { TemplateName: string; TemplateContent: TemplateContent }): Promise<Record<string, never>> {
  const existing = v2TemplateOf(ctx, input.TemplateName);
  await commit(ctx, { t: "putTemplate", template: fromV1(v1Parts(input), existing.created) });
  return {};
}

export function getEmailTemplate(ctx: SesContext, input: { TemplateName: string }) {
  const t = v2TemplateOf(ctx, input.TemplateName);
  return {
    TemplateName: t.name,
    TemplateContent: {
      ...(t.subject !== undefined ? { Subject: t.subject } : {}),
      ...(t.text !== undefined ? { Text: t.text } : {}),
      ...(t.html !== undefined ? { Html: t.html } : {}),
    },
  };
}

export async function deleteEmailTemplate(ctx: SesContext, input: { TemplateName: string }): Promise<Record<string, never>> {
  v2TemplateOf(ctx, input.TemplateName);
  await commit(ctx, { t: "deleteTemplate", name: input.TemplateName });
  return {};
}

export function listEmailTemplates(ctx: SesContext, input: { PageSize?: number; NextToken?: string }) {
  const all = [...ctx.durable.state.templates.values()].map((t) => ({ TemplateName: t.name, CreatedTimestamp: seconds(t.created) }));
  const found = page(all, input.PageSize ?? DEFAULT_PAGE_SIZE, input.NextToken);
  return { TemplatesMetadata: found.items, ...(found.next ? { NextToken: found.next } : {}) };
}

export function testRenderEmailTemplate(ctx: SesContext, input: { TemplateName: string; TemplateData: string }) {
  const parts = renderTemplate(v2TemplateOf(ctx, input.TemplateName), input.TemplateData);
  return { RenderedTemplate: renderedMessage(new Date(ctx.clock.now()), parts) };
}
