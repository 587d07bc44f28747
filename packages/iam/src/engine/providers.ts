/** Identity providers: OpenID Connect (GitHub Actions and the like) and SAML. Stored; nothing federates through them here. */
import {
  clientIdQuota, invalidOidcUrl, noSuchClientId, noSuchOidcProvider, noSuchSamlProvider, oidcProviderExists, samlProviderExists, tooManyThumbprints,
} from "../errors.js";
import { MAX_OIDC_CLIENT_IDS, MAX_OIDC_THUMBPRINTS } from "../limits.js";
import { change, now, put, remove, state, type IamContext } from "./context.js";
import { randomUuid } from "./ids.js";
import type { StoredOidcProvider, StoredSamlProvider, Tag } from "./state.js";
import { checkTags, mergeTags, removeTags, tagList } from "./tags.js";
import { page } from "./page.js";

/** https://token.actions.githubusercontent.com/ → token.actions.githubusercontent.com: the ARN's resource and GetOpenIDConnectProvider's Url. */
function hostAndPath(url: string): string {
  return url.replace(/^https:\/\//, "").replace(/\/+$/, "");
}

function findOidc(ctx: IamContext, arn: string): StoredOidcProvider {
  const provider = Object.hasOwn(state(ctx).oidcProviders, arn) ? state(ctx).oidcProviders[arn] : undefined;
  if (provider === undefined) throw noSuchOidcProvider(arn);
  return provider;
}

async function saveOidc(ctx: IamContext, provider: StoredOidcProvider): Promise<void> {
  await change(ctx, put("oidcProviders", provider.Arn, provider));
}

export async function createOpenIDConnectProvider(ctx: IamContext, input: { Url: string; ClientIDList?: string[]; ThumbprintList?: string[]; Tags?: Tag[] }) {
  if (!/^https:\/\/[^/\s]+/.test(input.Url)) throw invalidOidcUrl();
  if ((input.ThumbprintList ?? []).length > MAX_OIDC_THUMBPRINTS) throw tooManyThumbprints();
  if ((input.ClientIDList ?? []).length > MAX_OIDC_CLIENT_IDS) throw clientIdQuota();
  checkTags(input.Tags);
  const arn = `arn:${ctx.partition}:iam::${ctx.accountId}:oidc-provider/${hostAndPath(input.Url)}`;
  if (Object.hasOwn(state(ctx).oidcProviders, arn)) throw oidcProviderExists(input.Url);
  const provider: StoredOidcProvider = {
    Arn: arn,
    Url: hostAndPath(input.Url),
    ClientIDList: [...new Set(input.ClientIDList ?? [])],
    ThumbprintList: input.ThumbprintList ?? [],
    CreateDate: now(ctx),
    Tags: tagList(input.Tags),
  };
  await saveOidc(ctx, provider);
  return { OpenIDConnectProviderArn: arn, ...(provider.Tags.length > 0 ? { Tags: provider.Tags } : {}) };
}

export function getOpenIDConnectProvider(ctx: IamContext, input: { OpenIDConnectProviderArn: string }) {
  const p = findOidc(ctx, input.OpenIDConnectProviderArn);
  return {
    Url: p.Url,
    ClientIDList: p.ClientIDList,
    ThumbprintList: p.ThumbprintList,
    CreateDate: new Date(p.CreateDate),
    ...(p.Tags.length > 0 ? { Tags: p.Tags } : {}),
  };
}

export function listOpenIDConnectProviders(ctx: IamContext) {
  return { OpenIDConnectProviderList: Object.keys(state(ctx).oidcProviders).sort().map((Arn) => ({ Arn })) };
}

export async function deleteOpenIDConnectProvider(ctx: IamContext, input: { OpenIDConnectProviderArn: string }) {
  const p = findOidc(ctx, input.OpenIDConnectProviderArn);
  await change(ctx, remove("oidcProviders", p.Arn));
}

export async function addClientIDToOpenIDConnectProvider(ctx: IamContext, input: { OpenIDConnectProviderArn: string; ClientID: string }) {
  const p = findOidc(ctx, input.OpenIDConnectProviderArn);
  if (p.ClientIDList.includes(input.ClientID)) return;
  if (p.ClientIDList.length >= MAX_OIDC_CLIENT_IDS) throw clientIdQuota();
  await saveOidc(ctx, { ...p, ClientIDList: [...p.ClientIDList, input.ClientID] });
}

export async function removeClientIDFromOpenIDConnectProvider(ctx: IamContext, input: { OpenIDConnectProviderArn: string; ClientID: string }) {
  const p = findOidc(ctx, input.OpenIDConnectProviderArn);
  if (!p.ClientIDList.includes(input.ClientID)) throw noSuchClientId(input.ClientID);
  await saveOidc(ctx, { ...p, ClientIDList: p.ClientIDList.filter((c) => c !== input.ClientID) });
}

export async function updateOpenIDConnectProviderThumbprint(ctx: IamContext, input: { OpenIDConnectProviderArn: string; ThumbprintList: string[] }) {
  const p = findOidc(ctx, input.OpenIDConnectProviderArn);
  if (input.ThumbprintList.length > MAX_OIDC_THUMBPRINTS) throw tooManyThumbprints();
  await saveOidc(ctx, { ...p, ThumbprintList: input.ThumbprintList });
}

export async function tagOpenIDConnectProvider(ctx: IamContext, input: { OpenIDConnectProviderArn: string; Tags: Tag[] }) {
  checkTags(input.Tags);
  const p = findOidc(ctx, input.OpenIDConnectProviderArn);
  await saveOidc(ctx, { ...p, Tags: mergeTags(p.Tags, input.Tags) });
}

export async function untagOpenIDConnectProvider(ctx: IamContext, input: { OpenIDConnectProviderArn: string; TagKeys: string[] }) {
  const p = findOidc(ctx, input.OpenIDConnectProviderArn);
  await saveOidc(ctx, { ...p, Tags: removeTags(p.Tags, input.TagKeys) });
}

export function listOpenIDConnectProviderTags(ctx: IamContext, input: { OpenIDConnectProviderArn: string; Marker?: string; MaxItems?: number }) {
  const { items, ...rest } = page(findOidc(ctx, input.OpenIDConnectProviderArn).Tags, (t) => t.Key, input.Marker, input.MaxItems);
  return { Tags: items, ...rest };
}

// SAML providers.

function findSaml(ctx: IamContext, arn: string): StoredSamlProvider {
  const provider = Object.hasOwn(state(ctx).samlProviders, arn) ? state(ctx).samlProviders[arn] : undefined;
  if (provider === undefined) throw noSuchSamlProvider(arn);
  return provider;
}

export async function createSAMLProvider(ctx: IamContext, input: { Name: string; SAMLMetadataDocument: string; Tags?: Tag[] }) {
  checkTags(input.Tags);
  const arn = `arn:${ctx.partition}:iam::${ctx.accountId}:saml-provider/${input.Name}`;
  if (Object.hasOwn(state(ctx).samlProviders, arn)) throw samlProviderExists(input.Name);
  const provider: StoredSamlProvider = {
    Arn: arn,
    Name: input.Name,
    SAMLMetadataDocument: input.SAMLMetadataDocument,
    SAMLProviderUUID: randomUuid(),
    CreateDate: now(ctx),
    Tags: tagList(input.Tags),
  };
  await change(ctx, put("samlProviders", arn, provider));
  return { SAMLProviderArn: arn, ...(provider.Tags.length > 0 ? { Tags: provider.Tags } : {}) };
}

export function getSAMLProvider(ctx: IamContext, input: { SAMLProviderArn: string }) {
  const p = findSaml(ctx, input.SAMLProviderArn);
  return {
    SAMLProviderUUID: p.SAMLProviderUUID,
    SAMLMetadataDocument: p.SAMLMetadataDocument,
    CreateDate: new Date(p.CreateDate),
    ...(p.Tags.length > 0 ? { Tags: p.Tags } : {}),
  };
}

export function listSAMLProviders(ctx: IamContext) {
  return { SAMLProviderList: Object.values(state(ctx).samlProviders).map((p) => ({ Arn: p.Arn, CreateDate: new Date(p.CreateDate) })) };
}

export async function updateSAMLProvider(ctx: IamContext, input: { SAMLProviderArn: string; SAMLMetadataDocument?: string }) {
  const p = findSaml(ctx, input.SAMLProviderArn);
  await change(ctx, put("samlProviders", p.Arn, { ...p, SAMLMetadataDocument: input.SAMLMetadataDocument ?? p.SAMLMetadataDocument }));
  return { SAMLProviderArn: p.Arn };
}

export async function deleteSAMLProvider(ctx: IamContext, input: { SAMLProviderArn: string }) {
  const p = findSaml(ctx, input.SAMLProviderArn);
  await change(ctx, remove("samlProviders", p.Arn));
}
