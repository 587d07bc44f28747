/**
 * TagResource, UntagResource, ListTagsForResource: groups and sampling rules carry tags
 * (X-Ray API reference). Up to 50 tags a resource; keys starting with "aws:" are AWS's.
 */
import type { DurableState } from "@sam-sandbox/core";
import { InvalidRequestException, ResourceNotFoundException, TooManyTagsException, messages } from "../errors.js";
import { MAX_TAGS } from "../limits.js";
import { change, type ConfigRecord, type ConfigState, type Tag } from "./config.js";

export interface TagResourceInput {
  ResourceARN: string;
  Tags: Tag[];
}

export interface UntagResourceInput {
  ResourceARN: string;
  TagKeys: string[];
}

/** Merges `added` into `existing` (same key: the new value wins) and checks the result. */
export function checkTags(existing: readonly Tag[], added: readonly Tag[], resourceArn: string): Tag[] {
  const merged = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const tag of added) {
    if (tag.Key.toLowerCase().startsWith("aws:")) throw new InvalidRequestException(messages.reservedTagKey());
    merged.set(tag.Key, tag.Value);
  }
  if (merged.size > MAX_TAGS) throw new TooManyTagsException(messages.tagLimit(MAX_TAGS), resourceArn);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

type Tagged = { kind: "group" | "rule"; name: string; tags: Tag[] };

function findTagged(state: ConfigState, resourceArn: string): Tagged {
  for (const group of state.groups.values()) if (group.GroupARN === resourceArn) return { kind: "group", name: group.GroupName, tags: group.Tags };
  for (const stored of state.rules.values()) if (stored.rule.RuleARN === resourceArn) return { kind: "rule", name: stored.rule.RuleName, tags: stored.tags };
  throw new ResourceNotFoundException(messages.resourceNotFound(resourceArn), resourceArn);
}

async function setTags(durable: DurableState<ConfigState, ConfigRecord>, target: Tagged, tags: Tag[]): Promise<void> {
  const state = durable.state;
  if (target.kind === "group") {
    const group = state.groups.get(target.name);
    if (group !== undefined) await change(durable, { t: "group", name: target.name, value: { ...group, Tags: tags } });
  } else {
    const rule = state.rules.get(target.name);
    if (rule !== undefined) await change(durable, { t: "rule", name: target.name, value: { ...rule, tags } });
  }
}

export async function tagResource(durable: DurableState<ConfigState, ConfigRecord>, input: TagResourceInput) {
  const target = findTagged(durable.state, input.ResourceARN);
  await setTags(durable, target, checkTags(target.tags, input.Tags, input.ResourceARN));
  return {};
}

export async function untagResource(durable: DurableState<ConfigState, ConfigRecord>, input: UntagResourceInput) {
  const target = findTagged(durable.state, input.ResourceARN);
  const removed = new Set(input.TagKeys);
  await setTags(durable, target, target.tags.filter((t) => !removed.has(t.Key)));
  return {};
}

export function listTagsForResource(state: ConfigState, input: { ResourceARN: string }) {
  return { Tags: findTagged(state, input.ResourceARN).tags };
}
