/**
 * Parameter Store: versioned parameters, labels, hierarchies, tags. Plain TypeScript: typed
 * input → output or an AwsError; every change goes through `save` (the Store's journal)
 * before the answer.
 */
import type { Clock } from "@sam-sandbox/core";
import {
  invalidNextToken, invalidResourceId, invalidResourceType, labelLimit, maxVersionsLabelled, parameterAlreadyExists,
  parameterNotFound, parameterVersionNotFound, pathRequirements, standardTooLong, tagsWithOverwrite,
  typeRequired, unsupportedDataType, invalidPathName, filtersAndParameterFilters,
} from "../errors.js";
import {
  DEFAULT_BY_PATH_RESULTS, DEFAULT_DESCRIBE_RESULTS, DEFAULT_HISTORY_RESULTS, DEFAULT_KEY_ID, MAX_LABELS_PER_VERSION,
  MAX_PARAMETER_VERSIONS, MAX_STANDARD_VALUE_LENGTH,
} from "../limits.js";
import { checkFilters, inPath, matchesFilters } from "./filters.js";
import { checkParameterName, isMalformedPath, isValidLabel, splitSelector, topLevelTwin } from "./names.js";
import { isSecretReference, readSecretReference } from "./secretReference.js";
import { checkAllowedPattern } from "./allowedPattern.js";
import { inlinePolicies } from "./policies.js";
import type { ParameterStringFilter, ParameterVersion, PutParameterInput, SecretsReader, StoredParameter, Tag } from "./types.js";

const DATA_TYPES = new Set(["text", "aws:ec2:image", "aws:ssm:integration"]);

export interface SsmEngineOptions {
  clock: Clock;
  region: string;
  accountId: string;
  parameters: Map<string, StoredParameter>;
  /** Makes a change durable: the parameter as it now is, or its name alone when deleted. */
  save: (name: string, parameter: StoredParameter | undefined) => Promise<void>;
  /** Answers /aws/reference/secretsmanager/… names; without it they are not found. */
  secrets?: SecretsReader;
}

/** Paging tokens are opaque to clients: the offset, base64. */
const token = (offset: number) => Buffer.from(`ssm:${offset}`).toString("base64");
function offsetOf(next: string | undefined): number {
  if (next === undefined) return 0;
  const m = /^ssm:(\d+)$/.exec(Buffer.from(next, "base64").toString("utf8"));
  if (!m) throw invalidNextToken();
  return Number(m[1]);
}
function page<T>(items: T[], next: string | undefined, max: number): { items: T[]; NextToken?: string } {
  const start = offsetOf(next);
  const slice = items.slice(start, start + max);
  return start + max < items.length ? { items: slice, NextToken: token(start + max) } : { items: slice };
}

export class SsmEngine {
  constructor(private readonly o: SsmEngineOptions) {}

  arnOf(name: string): string {
    return `arn:aws:ssm:${this.o.region}:${this.o.accountId}:parameter/${name.replace(/^\//, "")}`;
  }

  /** SecureString values without WithDecryption: an opaque ciphertext, as KMS would return. */
  private shown(v: ParameterVersion, decrypt: boolean | undefined): string {
    if (v.type !== "SecureString" || decrypt === true) return v.value;
    return Buffer.from(`sandbox-kms:${v.keyId ?? DEFAULT_KEY_ID}:${v.value}`).toString("base64");
  }

  /** `name`: the name as the request spelled it ("/x" or "x" for a top-level parameter). */
  private parameterOut(p: StoredParameter, v: ParameterVersion, decrypt: boolean | undefined, selector?: string, name = p.name) {
    return {
      Name: name, Type: v.type, Value: this.shown(v, decrypt), Version: v.version,
      ...(selector === undefined ? {} : { Selector: `:${selector}` }),
      LastModifiedDate: v.lastModified / 1000, ARN: this.arnOf(p.name), DataType: v.dataType,
    };
  }

  private metadataOut(p: StoredParameter, v: ParameterVersion) {
    return {
      Name: p.name, ARN: this.arnOf(p.name), Type: v.type, ...(v.keyId ? { KeyId: v.keyId } : {}),
      LastModifiedDate: v.lastModified / 1000, LastModifiedUser: `arn:aws:iam::${this.o.accountId}:root`,
      ...(v.description ? { Description: v.description } : {}), ...(v.allowedPattern ? { AllowedPattern: v.allowedPattern } : {}),
      Version: v.version, Tier: v.tier, Policies: inlinePolicies(v.policies), DataType: v.dataType,
    };
  }

  /** The stored parameter and the version a reference ("name", "name:3", "name:label") selects. */
  private resolve(reference: string): { p: StoredParameter; v: ParameterVersion; selector?: string; name: string } {
    const { name, selector } = splitSelector(reference);
    const p = this.stored(name);
    if (!p) throw parameterNotFound();
    if (selector === undefined) return { p, v: current(p), name };
    const v = /^\d+$/.test(selector)
      ? p.versions.find((x) => x.version === Number(selector))
      : p.versions.find((x) => x.labels.includes(selector));
    if (!v) throw /^\d+$/.test(selector) ? parameterVersionNotFound(selector, name) : parameterNotFound();
    return { p, v, selector, name };
  }

  /** A parameter by either spelling of a top-level name. */
  private stored(name: string): StoredParameter | undefined {
    const twin = topLevelTwin(name);
    return this.o.parameters.get(name) ?? (twin === undefined ? undefined : this.o.parameters.get(twin));
  }

  async putParameter(i: PutParameterInput) {
    checkParameterName(i.Name);
    const existing = this.stored(i.Name);
    if (existing && i.Overwrite !== true) throw parameterAlreadyExists();
    if (i.Overwrite === true && i.Tags !== undefined && i.Tags.length > 0) throw tagsWithOverwrite();
    const previous = existing ? current(existing) : undefined;
    const type = i.Type ?? previous?.type;
    if (type === undefined) throw typeRequired();
    const dataType = i.DataType ?? previous?.dataType ?? "text";
    if (!DATA_TYPES.has(dataType)) throw unsupportedDataType(dataType);
    const allowedPattern = i.AllowedPattern ?? previous?.allowedPattern;
    if (allowedPattern !== undefined) checkAllowedPattern(allowedPattern, i.Value);
    let tier = i.Tier ?? previous?.tier ?? "Standard";
    if (i.Value.length > MAX_STANDARD_VALUE_LENGTH) {
      if (tier === "Standard") throw standardTooLong();
      if (tier === "Intelligent-Tiering") tier = "Advanced";
    }
    const versions = existing ? [...existing.versions] : [];
    if (versions.length >= MAX_PARAMETER_VERSIONS) {
      const oldest = versions[0];
      if (oldest && oldest.labels.length > 0) throw maxVersionsLabelled(i.Name, oldest.version);
      versions.shift();
    }
    const version: ParameterVersion = {
      version: (previous?.version ?? 0) + 1, value: i.Value, type, tier, dataType, labels: [],
      lastModified: this.o.clock.now(),
      ...(i.Description ?? previous?.description ? { description: i.Description ?? previous?.description } : {}),
      ...(allowedPattern !== undefined ? { allowedPattern } : {}),
      ...(type === "SecureString" ? { keyId: i.KeyId ?? previous?.keyId ?? DEFAULT_KEY_ID } : {}),
      ...(i.Policies !== undefined ? { policies: i.Policies } : {}),
    };
    versions.push(version);
    const name = existing?.name ?? i.Name;
    const stored: StoredParameter = { name, versions, tags: existing?.tags ?? [...(i.Tags ?? [])] };
    this.o.parameters.set(name, stored);
    await this.o.save(name, stored);
    return { Version: version.version, Tier: tier };
  }

  async getParameter(i: { Name: string; WithDecryption?: boolean }) {
    if (isSecretReference(i.Name)) return { Parameter: await readSecretReference(this.o.secrets, i.Name, i.WithDecryption) };
    if (isMalformedPath(splitSelector(i.Name).name)) throw invalidPathName();
    const { p, v, selector, name } = this.resolve(i.Name);
    return { Parameter: this.parameterOut(p, v, i.WithDecryption, selector, name) };
  }

  async getParameters(i: { Names: string[]; WithDecryption?: boolean }) {
    const Parameters: Array<{ Name: string }> = [];
    const InvalidParameters: string[] = [];
    for (const reference of new Set(i.Names)) {
      try {
        if (isSecretReference(reference)) {
          Parameters.push(await readSecretReference(this.o.secrets, reference, i.WithDecryption));
          continue;
        }
        const { p, v, selector, name } = this.resolve(reference);
        Parameters.push(this.parameterOut(p, v, i.WithDecryption, selector, name));
      } catch {
        InvalidParameters.push(reference);
      }
    }
    // "The results for GetParameters requests are listed in alphabetical order" (GetParameters, Names, in the API reference).
    Parameters.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    return { Parameters, InvalidParameters };
  }

  getParametersByPath(i: {
    Path: string; Recursive?: boolean; ParameterFilters?: ParameterStringFilter[]; WithDecryption?: boolean;
    MaxResults?: number; NextToken?: string;
  }) {
    if (!i.Path.startsWith("/") || i.Path.includes("//") || !/^[a-zA-Z0-9_.\-/]+$/.test(i.Path)) throw pathRequirements();
    const filters = i.ParameterFilters ?? [];
    checkFilters(filters, true);
    const found = this.sorted().filter((p) => inPath(p.name, i.Path, i.Recursive === true) && matchesFilters(p, filters));
    const { items, NextToken } = page(found, i.NextToken, i.MaxResults ?? DEFAULT_BY_PATH_RESULTS);
    return { Parameters: items.map((p) => this.parameterOut(p, current(p), i.WithDecryption)), ...(NextToken ? { NextToken } : {}) };
  }

  describeParameters(i: { ParameterFilters?: ParameterStringFilter[]; Filters?: { Key: string; Values: string[] }[]; MaxResults?: number; NextToken?: string }) {
    if (i.ParameterFilters !== undefined && i.Filters !== undefined) throw filtersAndParameterFilters();
    const filters = [...(i.ParameterFilters ?? []), ...(i.Filters ?? []).map((f) => ({ Key: f.Key, Values: f.Values }))];
    checkFilters(filters, false);
    const found = this.sorted().filter((p) => matchesFilters(p, filters));
    const { items, NextToken } = page(found, i.NextToken, i.MaxResults ?? DEFAULT_DESCRIBE_RESULTS);
    return { Parameters: items.map((p) => this.metadataOut(p, current(p))), ...(NextToken ? { NextToken } : {}) };
  }

  getParameterHistory(i: { Name: string; WithDecryption?: boolean; MaxResults?: number; NextToken?: string }) {
    const p = this.stored(splitSelector(i.Name).name);
    if (!p) throw parameterNotFound();
    const { items, NextToken } = page(p.versions, i.NextToken, i.MaxResults ?? DEFAULT_HISTORY_RESULTS);
    return {
      Parameters: items.map((v) => ({
        ...this.metadataOut(p, v), ARN: undefined, Value: this.shown(v, i.WithDecryption), Labels: [...v.labels],
      })),
      ...(NextToken ? { NextToken } : {}),
    };
  }

  async deleteParameter(i: { Name: string }) {
    const p = this.stored(i.Name);
    if (!p) throw parameterNotFound();
    this.o.parameters.delete(p.name);
    await this.o.save(p.name, undefined);
    return {};
  }

  async deleteParameters(i: { Names: string[] }) {
    const DeletedParameters: string[] = [];
    const InvalidParameters: string[] = [];
    const saves: Promise<void>[] = [];
    for (const name of new Set(i.Names)) {
      const p = this.stored(name);
      if (p && this.o.parameters.delete(p.name)) {
        DeletedParameters.push(name);
        saves.push(this.o.save(p.name, undefined));
      } else InvalidParameters.push(name);
    }
    await Promise.all(saves);
    return { DeletedParameters, InvalidParameters };
  }

  async labelParameterVersion(i: { Name: string; ParameterVersion?: number; Labels: string[] }) {
    const p = this.stored(i.Name);
    if (!p) throw parameterNotFound();
    const version = i.ParameterVersion ?? current(p).version;
    const target = p.versions.find((v) => v.version === version);
    if (!target) throw parameterVersionNotFound(version, i.Name);
    const valid = i.Labels.filter(isValidLabel);
    const InvalidLabels = i.Labels.filter((l) => !isValidLabel(l));
    const added = valid.filter((l) => !target.labels.includes(l));
    if (target.labels.length + added.length > MAX_LABELS_PER_VERSION) throw labelLimit();
    // A label names one version: moving it takes it off the version that had it.
    for (const v of p.versions) if (v !== target) v.labels = v.labels.filter((l) => !valid.includes(l));
    target.labels.push(...added);
    await this.o.save(p.name, p);
    return { InvalidLabels, ParameterVersion: version };
  }

  async unlabelParameterVersion(i: { Name: string; ParameterVersion: number; Labels: string[] }) {
    const p = this.stored(i.Name);
    if (!p) throw parameterNotFound();
    const target = p.versions.find((v) => v.version === i.ParameterVersion);
    if (!target) throw parameterVersionNotFound(i.ParameterVersion, i.Name);
    const RemovedLabels = i.Labels.filter((l) => target.labels.includes(l));
    const InvalidLabels = i.Labels.filter((l) => !target.labels.includes(l));
    target.labels = target.labels.filter((l) => !RemovedLabels.includes(l));
    await this.o.save(p.name, p);
    return { RemovedLabels, InvalidLabels };
  }

  private taggable(type: string, id: string): StoredParameter {
    if (type !== "Parameter") {
      if (["Document", "ManagedInstance", "MaintenanceWindow", "PatchBaseline", "OpsItem", "OpsMetadata", "Automation", "Association"].includes(type)) {
        throw invalidResourceId();
      }
      throw invalidResourceType();
    }
    const p = this.stored(id);
    if (!p) throw invalidResourceId();
    return p;
  }

  async addTagsToResource(i: { ResourceType: string; ResourceId: string; Tags: Tag[] }) {
    const p = this.taggable(i.ResourceType, i.ResourceId);
    for (const tag of i.Tags) {
      const same = p.tags.find((t) => t.Key === tag.Key);
      if (same) same.Value = tag.Value;
      else p.tags.push({ Key: tag.Key, Value: tag.Value });
    }
    await this.o.save(p.name, p);
    return {};
  }

  listTagsForResource(i: { ResourceType: string; ResourceId: string }) {
    return { TagList: this.taggable(i.ResourceType, i.ResourceId).tags.map((t) => ({ ...t })) };
  }

  async removeTagsFromResource(i: { ResourceType: string; ResourceId: string; TagKeys: string[] }) {
    const p = this.taggable(i.ResourceType, i.ResourceId);
    p.tags = p.tags.filter((t) => !i.TagKeys.includes(t.Key));
    await this.o.save(p.name, p);
    return {};
  }

  /** For the sandbox's template resolution ({{resolve:ssm:…}}): a value, or undefined. */
  lookup(reference: string): { value: string; type: string; version: number } | undefined {
    try {
      const { v } = this.resolve(reference);
      return { value: v.value, type: v.type, version: v.version };
    } catch {
      return undefined;
    }
  }

  private sorted(): StoredParameter[] {
    return [...this.o.parameters.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function current(p: StoredParameter): ParameterVersion {
  const v = p.versions.at(-1);
  if (!v) throw parameterNotFound();
  return v;
}
