/**
 * Mobile push platform applications: CreatePlatformApplication, Get/SetPlatformApplicationAttributes,
 * ListPlatformApplications, DeletePlatformApplication. The sandbox reaches no push service, so
 * credentials are checked only as far as SNS checks them before calling the platform.
 */
import { InvalidParameterException, applicationNotFound, invalidParameter, nullAttributes } from "../errors.js";
import { MAX_PLATFORM_APPLICATION_NAME_LENGTH } from "../limits.js";
import { change, type SnsContext } from "./context.js";
import { page } from "./page.js";
import type { PlatformApplication } from "./state.js";
import { isJsonObject } from "./topicAttributes.js";

/** Platforms SNS supports (AWS API reference, CreatePlatformApplication). */
export const PLATFORMS = new Set(["ADM", "APNS", "APNS_SANDBOX", "BAIDU", "GCM", "MPNS", "WNS"]);
/** Kept apart: GetPlatformApplicationAttributes never shows them. */
const CREDENTIALS = new Set(["PlatformCredential", "PlatformPrincipal"]);
const NAME = /^[A-Za-z0-9._-]+$/;

export function applicationArn(region: string, account: string, platform: string, name: string): string {
  return `arn:aws:sns:${region}:${account}:app/${platform}/${name}`;
}

/**
 * "arn:aws:sns:us-east-1:000000000000:app/GCM/name" → its relative part split at "/". SNS
 * answers a value with fewer than six ':' elements, or a relative part that is not
 * app/<platform>/<name>, with "Invalid parameter: PlatformApplicationArn Reason: …".
 */
export function checkApplicationArn(arn: string): void {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") {
    throw invalidParameter(`PlatformApplicationArn Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  }
  const relative = parts.slice(5).join(":").split("/");
  if (relative.length !== 3 || relative[0] !== "app") {
    throw invalidParameter("PlatformApplicationArn Reason: Wrong number of slashes in relative portion of the ARN.");
  }
}

export function findApplication(ctx: SnsContext, arn: string): PlatformApplication {
  checkApplicationArn(arn);
  const app = ctx.durable.state.applications.get(arn);
  if (!app) throw applicationNotFound();
  return app;
}

function checkName(name: string): void {
  let reason = "";
  if (name === "") reason = "cannot be empty";
  else if (name.length > MAX_PLATFORM_APPLICATION_NAME_LENGTH) reason = "must be at most 256 characters long";
  else if (!NAME.test(name)) reason = "must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'";
  if (reason !== "") throw invalidParameter(`${name} Reason: ${reason}`);
}

/**
 * Certificate-style platforms (APNS with a certificate, ADM, Baidu, MPNS, WNS) need the
 * principal and the credential together; GCM (Firebase) takes a credential alone.
 */
function checkCredentials(platform: string, attributes: Record<string, string>): void {
  checkCredentialValues(attributes);
  if (platform === "GCM") return;
  const credential = attributes.PlatformCredential !== undefined;
  const principal = attributes.PlatformPrincipal !== undefined;
  if (credential && !principal) {
    throw new InvalidParameterException("Invalid parameter: Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal");
  }
  if (principal && !credential) {
    throw new InvalidParameterException("Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential");
  }
}

/**
 * AWS verifies credentials with the push service and answers "Platform credentials are
 * invalid"; the sandbox can only refuse what no service would take: an empty value, or a
 * JSON key file (FCM HTTP v1 service account) that does not parse.
 */
function checkCredentialValues(attributes: Record<string, string>): void {
  for (const key of CREDENTIALS) {
    const value = attributes[key];
    if (value === undefined) continue;
    if (value.trim() === "" || (value.trimStart().startsWith("{") && !isJsonObject(value))) {
      throw invalidParameter("Attributes Reason: Platform credentials are invalid");
    }
  }
}

/** Splits given attributes into the shown ones and the credentials. */
function split(attributes: Record<string, string>): { shown: Record<string, string>; credentials: Record<string, string> } {
  const shown: Record<string, string> = {};
  const credentials: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) (CREDENTIALS.has(key) ? credentials : shown)[key] = value;
  return { shown, credentials };
}

/** Creating an existing name again answers its ARN with the new attributes. */
export async function createPlatformApplication(
  ctx: SnsContext,
  input: { Name: string; Platform: string; Attributes?: Record<string, string> },
): Promise<{ PlatformApplicationArn: string }> {
  checkName(input.Name);
  if (!PLATFORMS.has(input.Platform)) throw invalidParameter(`Platform Reason: ${input.Platform} is not supported`);
  const attributes = input.Attributes ?? {};
  if (Object.keys(attributes).length === 0) throw nullAttributes();
  checkCredentials(input.Platform, attributes);
  const arn = applicationArn(ctx.region, ctx.accountId, input.Platform, input.Name);
  const { shown, credentials } = split(attributes);
  const application: PlatformApplication = {
    arn,
    name: input.Name,
    platform: input.Platform,
    attributes: { Enabled: "true", ...shown },
    credentials,
    created: ctx.durable.state.applications.get(arn)?.created ?? ctx.clock.now(),
  };
  await change(ctx, { t: "putApplication", application });
  return { PlatformApplicationArn: arn };
}

export function getPlatformApplicationAttributes(ctx: SnsContext, input: { PlatformApplicationArn: string }): { Attributes: Record<string, string> } {
  return { Attributes: { ...findApplication(ctx, input.PlatformApplicationArn).attributes } };
}

export async function setPlatformApplicationAttributes(
  ctx: SnsContext,
  input: { PlatformApplicationArn: string; Attributes?: Record<string, string> },
): Promise<Record<string, never>> {
  checkApplicationArn(input.PlatformApplicationArn);
  const attributes = input.Attributes ?? {};
  if (Object.keys(attributes).length === 0) throw nullAttributes();
  const app = findApplication(ctx, input.PlatformApplicationArn);
  checkCredentialValues(attributes);
  const { shown, credentials } = split(attributes);
  await change(ctx, {
    t: "putApplication",
    application: { ...app, attributes: { ...app.attributes, ...shown }, credentials: { ...app.credentials, ...credentials } },
  });
  return {};
}

interface Listed {
  PlatformApplicationArn: string;
  Attributes: Record<string, string>;
}

export function listPlatformApplications(ctx: SnsContext, input: { NextToken?: string }): { PlatformApplications: Listed[]; NextToken?: string } {
  const result = page([...ctx.durable.state.applications.values()], (a) => a.arn, input.NextToken);
  return {
    PlatformApplications: result.page.map((a) => ({ PlatformApplicationArn: a.arn, Attributes: { ...a.attributes } })),
    ...(result.nextToken !== undefined ? { NextToken: result.nextToken } : {}),
  };
}

/** Idempotent; the application's endpoints go with it. */
export async function deletePlatformApplication(ctx: SnsContext, input: { PlatformApplicationArn: string }): Promise<Record<string, never>> {
  checkApplicationArn(input.PlatformApplicationArn);
  if (ctx.durable.state.applications.has(input.PlatformApplicationArn)) {
    await change(ctx, { t: "deleteApplication", arn: input.PlatformApplicationArn });
  }
  return {};
}
