/**
 * SESv2 tags (TagResource, UntagResource, ListTagsForResource) of configuration sets and email
 * identities, named by ARN: arn:aws:ses:<region>:<account>:configuration-set/<name> or
 * …:identity/<name>. A tag key set again takes the new value, as AWS tagging APIs do.
 */
import { ConfigurationSetDoesNotExistException, identityNotFound, NotFoundException } from "../errors.js";
import { configurationSetOf } from "./configurationSets.js";
import { commit, type SesContext } from "./context.js";
import { identityKey, type Tag } from "./state.js";

type Tagged = { kind: "configuration-set"; name: string; tags: Tag[] } | { kind: "identity"; name: string; tags: Tag[] };

function resourceOf(ctx: SesContext, arn: string): Tagged {
  const match = /^arn:[^:]+:ses:[^:]*:[^:]*:(configuration-set|identity)\/(.+)$/.exec(arn);
  if (match === null) throw new NotFoundException(`The sandbox keeps SES tags of configuration sets and identities only: ${arn}`);
  const [, kind, name = ""] = match;
  if (kind === "configuration-set") {
    if (!ctx.durable.state.configurationSets.has(name)) throw new ConfigurationSetDoesNotExistException(name);
    return { kind, name, tags: configurationSetOf(ctx, name).tags ?? [] };
  }
  const identity = ctx.durable.state.identities.get(identityKey(name));
  if (identity === undefined) throw identityNotFound(name);
  return { kind: "identity", name, tags: identity.tags };
}

async function saveTags(ctx: SesContext, resource: Tagged, tags: Tag[]): Promise<void> {
  if (resource.kind === "configuration-set") {
    await commit(ctx, { t: "putConfigurationSet", set: { ...configurationSetOf(ctx, resource.name), tags } });
    return;
  }
  const identity = ctx.durable.state.identities.get(identityKey(resource.name));
  if (identity !== undefined) await commit(ctx, { t: "putIdentity", identity: { ...identity, tags } });
}

export async function tagResource(ctx: SesContext, input: { ResourceArn: string; Tags: Tag[] }): Promise<Record<string, never>> {
  const resource = resourceOf(ctx, input.ResourceArn);
  const keys = new Set(input.Tags.map((tag) => tag.Key));
  await saveTags(ctx, resource, [...resource.tags.filter((tag) => !keys.has(tag.Key)), ...input.Tags]);
  return {};
}

export async function untagResource(ctx: SesContext, input: { ResourceArn: string; TagKeys: string[] }): Promise<Record<string, never>> {
  const resource = resourceOf(ctx, input.ResourceArn);
  const keys = new Set(input.TagKeys);
  await saveTags(ctx, resource, resource.tags.filter((tag) => !keys.has(tag.Key)));
  return {};
}

export function listTagsForResource(ctx: SesContext, input: { ResourceArn: string }) {
  return { Tags: resourceOf(ctx, input.ResourceArn).tags };
}
