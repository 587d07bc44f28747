/**
 * Device endpoints of platform applications: CreatePlatformEndpoint, Get/SetEndpointAttributes,
 * ListEndpointsByPlatformApplication, DeleteEndpoint.
 */
import { randomUUID } from "node:crypto";
import { endpointNotFound, invalidParameter, nullAttributes } from "../errors.js";
import { MAX_CUSTOM_USER_DATA_BYTES } from "../limits.js";
import { change, type SnsContext } from "./context.js";
import { page } from "./page.js";
import { findApplication } from "./platformApplications.js";
import type { PlatformEndpoint } from "./state.js";

/** Attributes an endpoint has (AWS API reference, SetEndpointAttributes). */
const ENDPOINT_ATTRIBUTES = new Set(["CustomUserData", "Enabled", "Token"]);

/**
 * "arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/<uuid>": fewer than six ':' elements or
 * a relative part other than endpoint/<platform>/<app>/<id> is "Invalid parameter: EndpointArn …".
 */
export function checkEndpointArn(arn: string): void {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") {
    throw invalidParameter(`EndpointArn Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  }
  const relative = parts.slice(5).join(":").split("/");
  if (relative.length !== 4 || relative[0] !== "endpoint") {
    throw invalidParameter("EndpointArn Reason: Wrong number of slashes in relative portion of the ARN.");
  }
}

export function findEndpoint(ctx: SnsContext, arn: string): PlatformEndpoint {
  checkEndpointArn(arn);
  const endpoint = ctx.durable.state.endpoints.get(arn);
  if (!endpoint) throw endpointNotFound();
  return endpoint;
}

function checkAttributes(attributes: Record<string, string>): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (!ENDPOINT_ATTRIBUTES.has(key)) throw invalidParameter(`Attributes Reason: Invalid attribute name: ${key}`);
    if (key === "CustomUserData" && Buffer.byteLength(value) > MAX_CUSTOM_USER_DATA_BYTES) {
      throw invalidParameter("Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding");
    }
    if (key === "Enabled" && value !== "true" && value !== "false") throw invalidParameter("Attributes Reason: Invalid value for attribute: Enabled");
  }
}

function sameAttributes(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

/**
 * Idempotent for the same Token with the same attributes; the same Token with other
 * attributes is refused with the existing endpoint's ARN in the message.
 */
export async function createPlatformEndpoint(
  ctx: SnsContext,
  input: { PlatformApplicationArn: string; Token: string; CustomUserData?: string; Attributes?: Record<string, string> },
): Promise<{ EndpointArn: string }> {
  const app = findApplication(ctx, input.PlatformApplicationArn);
  const given = input.Attributes ?? {};
  checkAttributes(given);
  // CustomUserData may come as a parameter or as an attribute; the attribute wins.
  const attributes: Record<string, string> = { Enabled: "true", Token: input.Token };
  if (input.CustomUserData !== undefined) attributes.CustomUserData = input.CustomUserData;
  Object.assign(attributes, given);
  checkAttributes(attributes);
  const existing = [...ctx.durable.state.endpoints.values()].find((e) => e.applicationArn === app.arn && e.attributes.Token === input.Token);
  if (existing) {
    if (!sameAttributes(existing.attributes, attributes)) {
      throw invalidParameter(`Token Reason: Endpoint ${existing.arn} already exists with the same Token, but different attributes.`);
    }
    return { EndpointArn: existing.arn };
  }
  const endpoint: PlatformEndpoint = {
    arn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:endpoint/${app.platform}/${app.name}/${randomUUID()}`,
    applicationArn: app.arn,
    attributes,
    created: ctx.clock.now(),
  };
  await change(ctx, { t: "putEndpoint", endpoint });
  return { EndpointArn: endpoint.arn };
}

export function getEndpointAttributes(ctx: SnsContext, input: { EndpointArn: string }): { Attributes: Record<string, string> } {
  return { Attributes: { ...findEndpoint(ctx, input.EndpointArn).attributes } };
}

export async function setEndpointAttributes(
  ctx: SnsContext,
  input: { EndpointArn: string; Attributes?: Record<string, string> },
): Promise<Record<string, never>> {
  checkEndpointArn(input.EndpointArn);
  const attributes = input.Attributes ?? {};
  if (Object.keys(attributes).length === 0) throw nullAttributes();
  checkAttributes(attributes);
  const endpoint = findEndpoint(ctx, input.EndpointArn);
  await change(ctx, { t: "putEndpoint", endpoint: { ...endpoint, attributes: { ...endpoint.attributes, ...attributes } } });
  return {};
}

interface Listed {
  EndpointArn: string;
  Attributes: Record<string, string>;
}

export function listEndpointsByPlatformApplication(
  ctx: SnsContext,
  input: { PlatformApplicationArn: string; NextToken?: string },
): { Endpoints: Listed[]; NextToken?: string } {
  const app = findApplication(ctx, input.PlatformApplicationArn);
  const endpoints = [...ctx.durable.state.endpoints.values()].filter((e) => e.applicationArn === app.arn);
  const result = page(endpoints, (e) => e.arn, input.NextToken);
  return {
    Endpoints: result.page.map((e) => ({ EndpointArn: e.arn, Attributes: { ...e.attributes } })),
    ...(result.nextToken !== undefined ? { NextToken: result.nextToken } : {}),
  };
}

/** Idempotent. */
export async function deleteEndpoint(ctx: SnsContext, input: { EndpointArn: string }): Promise<Record<string, never>> {
  checkEndpointArn(input.EndpointArn);
  if (ctx.durable.state.endpoints.has(input.EndpointArn)) await change(ctx, { t: "deleteEndpoint", arn: input.EndpointArn });
  return {};
}
