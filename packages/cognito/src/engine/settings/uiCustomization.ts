/**
 * SetUICustomization / GetUICustomization: hosted UI (classic) branding, the pool's default
 * ("ALL") and per app client; a client with its own settings no longer falls back to ALL
 * (developer guide, "Customizing hosted UI (classic) branding").
 */
import { InvalidParameterException } from "../../errors.js";
import { MAX_UI_LOGO_BYTES } from "../../limits.js";
import { clientOf, poolOf, type CognitoContext, type Input } from "../context.js";
import { writeExtras, type UiCustomization } from "../extras.js";
import type { PoolState } from "../state.js";

const ALL = "ALL";

// The class names the classic hosted UI takes (developer guide, "Specifying CSS customization in classic branding").
const CSS_CLASSES = new Set([
  "background-customizable", "banner-customizable", "errorMessage-customizable", "idpButton-customizable", "idpButton-customizable:hover",
  "idpDescription-customizable", "inputField-customizable", "inputField-customizable:focus", "label-customizable", "legalText-customizable",
  "logo-customizable", "passwordCheck-valid-customizable", "passwordCheck-notValid-customizable", "redirect-customizable",
  "socialButton-customizable", "submitButton-customizable", "submitButton-customizable:hover", "textDescription-customizable",
]);

// "Property values can contain HTML, except for … @import, @supports, @page, or @media statements, or JavaScript" (the same page).
const FORBIDDEN = /@import|@supports|@page|@media|javascript:|expression\s*\(/i;

/**
 * The CSS's selectors must be the documented classes. AWS's wording of the refusal was not found:
 * the sandbox names the rule it breaks.
 */
export function checkCss(css: string): void {
  if (FORBIDDEN.test(css)) throw new InvalidParameterException("CSS must not contain @import, @supports, @page or @media statements or JavaScript.");
  for (const selectors of ruleSelectors(withoutComments(css))) {
    for (const selector of selectors.split(",").map((s) => s.trim()).filter(Boolean)) {
      const name = selector.startsWith(".") ? selector.slice(1) : selector;
      if (!CSS_CLASSES.has(name)) throw new InvalidParameterException(`CSS class ${selector} is not one of the classes the hosted UI can customize.`);
    }
  }
}

/*
 * Both scans are linear: the CSS is up to 131072 characters (CSSType), and the patterns they replace
 * (/\/\*[\s\S]*?\*\//g, /([^{}]*)\{[^{}]*\}/g) backtracked for seconds on an unclosed comment or brace.
 */

/** The CSS without its closed comments (an unclosed one stays, as text). */
function withoutComments(css: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const start = css.indexOf("/*", from);
    const end = start < 0 ? -1 : css.indexOf("*/", start + 2);
    if (end < 0) return out + css.slice(from);
    out += css.slice(from, start);
    from = end + 2;
  }
}

/** Each rule's selector text: what follows the previous brace up to a "{" whose block closes before another opens. */
function ruleSelectors(css: string): string[] {
  const found: string[] = [];
  let from = 0;
  let pending: string | undefined;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === "{") pending = css.slice(from, i);
    else if (c !== "}") continue;
    else if (pending !== undefined) {
      found.push(pending);
      pending = undefined;
    }
    from = i + 1;
  }
  return found;
}

/**
 * "To customize your UI, you must set up a domain for your user pool" (developer guide); AWS's answer
 * to Set- and GetUICustomization without one, as terraform-provider-aws's acceptance tests match it.
 */
export function requireDomain(pool: PoolState): void {
  if (typeof pool.pool.config.Domain !== "string") throw new InvalidParameterException("There has to be an existing domain associated with this user pool");
}

/** The target's key: ALL (also when left out) or an app client of the pool. */
function keyOf(ctx: CognitoContext, pool: PoolState, clientId: unknown): string {
  if (clientId === undefined || clientId === ALL) return ALL;
  clientOf(ctx, String(clientId), pool.pool.id);
  return String(clientId);
}

function output(ctx: CognitoContext, pool: PoolState, key: string, c: UiCustomization): Record<string, unknown> {
  return {
    UserPoolId: pool.pool.id,
    ClientId: key,
    ...(c.image !== undefined ? { ImageUrl: imageUrl(ctx, pool, key, c) } : {}),
    ...(c.css !== undefined ? { CSS: c.css, CSSVersion: cssVersion(c) } : {}),
  };
}

/**
 * The version AWS names a customization by: when it was set, yyyyMMddHHmmss in UTC ("20250117005911"), also a
 * segment of its ImageUrl; the answer names no dates (the AWS CLI's examples set-ui-customization.rst, get-ui-customization.rst).
 */
function cssVersion(c: UiCustomization): string {
  return new Date(c.modified).toISOString().replace(/\.\d{3}Z$/, "").replace(/\D/g, "");
}

/** Where the logo is served: the edge's /<poolId>/ui/<client>/<version>/logo (AWS serves it from CloudFront). */
function imageUrl(ctx: CognitoContext, pool: PoolState, key: string, c: UiCustomization): string {
  const issuer = ctx.issuer(pool.pool.id);
  return `${issuer}/ui/${key}/${cssVersion(c)}/logo`;
}

export async function setUICustomization(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const key = keyOf(ctx, pool, input.ClientId);
  requireDomain(pool);
  const css = typeof input.CSS === "string" ? input.CSS : undefined;
  if (css !== undefined) checkCss(css);
  const image = typeof input.ImageFile === "string" ? input.ImageFile : undefined;
  if (image !== undefined && Buffer.from(image, "base64").length > MAX_UI_LOGO_BYTES) throw new InvalidParameterException("request parameters too large");
  const now = ctx.clock.now();
  const existing = pool.extras.uiCustomizations?.[key];
  // "You can't set CSS and logo customization separately": each request replaces both.
  const customization: UiCustomization = { ...(css !== undefined ? { css } : {}), ...(image !== undefined ? { image } : {}), created: existing?.created ?? now, modified: now };
  await writeExtras(ctx, pool, { uiCustomizations: { ...pool.extras.uiCustomizations, [key]: customization } });
  return { UICustomization: output(ctx, pool, key, customization) };
}

/** A client's own settings, else the pool's ALL, else an empty object (API reference, GetUICustomization). */
export function getUICustomization(ctx: CognitoContext, input: Input): Record<string, unknown> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const key = keyOf(ctx, pool, input.ClientId);
  requireDomain(pool);
  const own = pool.extras.uiCustomizations?.[key];
  if (own) return { UICustomization: output(ctx, pool, key, own) };
  const fallback = pool.extras.uiCustomizations?.[ALL];
  if (fallback) return { UICustomization: { ...output(ctx, pool, ALL, fallback), ClientId: key } };
  return { UICustomization: {} };
}

/** The logo an ImageUrl names, for the edge to serve (undefined: none). */
export function uiLogo(pool: PoolState, key: string): Buffer | undefined {
  const image = pool.extras.uiCustomizations?.[key]?.image;
  return image === undefined ? undefined : Buffer.from(image, "base64");
}

/** The CSS and logo the hosted UI's sign-in page shows for an app client: its own, else the pool's ALL. */
export function loginBranding(ctx: CognitoContext, pool: PoolState, clientId: string): { css?: string; logoUrl?: string } {
  const key = pool.extras.uiCustomizations?.[clientId] ? clientId : ALL;
  const c = pool.extras.uiCustomizations?.[key];
  if (!c) return {};
  return { ...(c.css !== undefined ? { css: c.css } : {}), ...(c.image !== undefined ? { logoUrl: imageUrl(ctx, pool, key, c) } : {}) };
}
