/**
 * The account's API keys and usage plans (CreateApiKey, CreateUsagePlan, CreateUsagePlanKey …).
 * A deployed stage of a plan's apiStages accepts the plan's keys, with its throttle and quota.
 */
import type { DurableState } from "@sam-sandbox/core";
import { API_KEY_TOO_SHORT, apiKeyExists, apiKeyNotFound, badRequest, resourceNotFound, usagePlanNotFound } from "../../errors.js";
import { GENERATED_API_KEY_LENGTH, MIN_API_KEY_VALUE_LENGTH } from "../../limits.js";
import { randomId } from "../ids.js";
import { invalidPatchPath, patchBoolean, patchPath, type PatchOperation } from "./patch.js";
import { copyOf, type CreatedApisRecord, type CreatedApisState, type StoredApiKey, type StoredUsagePlan } from "./state.js";

const KEY_VALUE_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ID_LENGTH = 10;
const PLAN_ID_LENGTH = 6;

/** A stage's API key, as packages/apigateway's ApiKeyConfig takes it. */
export interface StageApiKey {
  id: string;
  value: string;
  enabled: boolean;
  throttle?: { rateLimit: number; burstLimit: number };
  methodThrottles?: Record<string, { rateLimit: number; burstLimit: number }>;
  quota?: { limit: number; period: "DAY" | "WEEK" | "MONTH"; offset?: number };
}

type Patch = { patchOperations?: PatchOperation[] };

export class UsagePlans {
  constructor(
    private readonly durable: DurableState<CreatedApisState, CreatedApisRecord>,
    private readonly now: () => number,
    /** Called once keys or plans change: what stages accept may have changed. */
    private readonly changed: () => void,
  ) {}

  async createApiKey(input: { name?: string; description?: string; enabled?: boolean; value?: string; customerId?: string; tags?: Record<string, string>; stageKeys?: Array<{ restApiId?: string; stageName?: string }> }) {
    // An empty value is no value: API Gateway generates one (Terraform's aws_api_gateway_api_key sends "value": "" when none is set).
    const value = input.value === "" ? undefined : input.value;
    if (value !== undefined && value.length < MIN_API_KEY_VALUE_LENGTH) throw badRequest(API_KEY_TOO_SHORT);
    if (value !== undefined && [...this.durable.state.apiKeys.values()].some((k) => k.value === value)) throw apiKeyExists();
    const now = Math.floor(this.now() / 1000) * 1000;
    const key: StoredApiKey = {
      id: randomId(ID_LENGTH),
      value: value ?? randomId(GENERATED_API_KEY_LENGTH, KEY_VALUE_ALPHABET),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
      enabled: input.enabled ?? false,
      createdDate: now,
      lastUpdatedDate: now,
      ...(input.tags ? { tags: input.tags } : {}),
      // Kept and listed as "<restApiId>/<stageName>" (the AWS CLI's examples create-api-key.rst, update-api-key.rst).
      ...(input.stageKeys?.length ? { stageKeys: input.stageKeys.map((k) => `${k.restApiId ?? ""}/${k.stageName ?? ""}`) } : {}),
    };
    this.durable.state.apiKeys.set(key.id, key);
    await this.durable.commit({ op: "putKey", key: copyOf(key) });
    this.changed();
    return keyView(key, true);
  }

  getApiKey(input: { apiKey: string; includeValue?: boolean }) {
    return keyView(this.key(input.apiKey), input.includeValue === true);
  }

  getApiKeys(input: { nameQuery?: string; customerId?: string; includeValues?: boolean }) {
    return [...this.durable.state.apiKeys.values()]
      .filter((k) => (input.nameQuery === undefined || (k.name ?? "").startsWith(input.nameQuery)) && (input.customerId === undefined || k.customerId === input.customerId))
      .map((k) => keyView(k, input.includeValues === true));
  }

  async updateApiKey(input: { apiKey: string } & Patch) {
    const key = copyOf(this.key(input.apiKey));
    for (const operation of input.patchOperations ?? []) {
      const { head, key: sub } = patchPath(operation.path);
      if (head === "stages" && sub === undefined && (operation.op === "add" || operation.op === "remove") && operation.value) {
        // add / remove "<restApiId>/<stageName>", as the API reference's UpdateApiKey patch path /stages.
        const others = (key.stageKeys ?? []).filter((k) => k !== operation.value);
        key.stageKeys = operation.op === "add" ? [...others, operation.value] : others;
        continue;
      }
      if (sub !== undefined || !["name", "description", "enabled", "customerId"].includes(head)) throw invalidPatchPath(operation.path);
      if (head === "enabled") key.enabled = patchBoolean(operation.value);
      else if (operation.value === undefined || operation.value === "") delete key[head as "name" | "description" | "customerId"];
      else key[head as "name" | "description" | "customerId"] = operation.value;
    }
    key.lastUpdatedDate = Math.floor(this.now() / 1000) * 1000;
    this.durable.state.apiKeys.set(key.id, key);
    await this.durable.commit({ op: "putKey", key: copyOf(key) });
    this.changed();
    // Only CreateApiKey (and a Get asking includeValue) shows the value (the AWS CLI's example update-api-key.rst).
    return keyView(key, false);
  }

  async deleteApiKey(input: { apiKey: string }) {
    this.key(input.apiKey);
    this.durable.state.apiKeys.delete(input.apiKey);
    await this.durable.commit({ op: "deleteKey", id: input.apiKey });
    this.changed();
  }

  async createUsagePlan(input: Omit<StoredUsagePlan, "id" | "keyIds" | "apiStages"> & { apiStages?: StoredUsagePlan["apiStages"] }) {
    const plan: StoredUsagePlan = {
      id: randomId(PLAN_ID_LENGTH),
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      apiStages: input.apiStages ?? [],
      ...(input.throttle ? { throttle: input.throttle } : {}),
      ...(input.quota ? { quota: input.quota } : {}),
      ...(input.tags ? { tags: input.tags } : {}),
      keyIds: [],
    };
    return this.savePlan(plan);
  }

  getUsagePlan(input: { usagePlanId: string }) {
    return planView(this.plan(input.usagePlanId));
  }

  getUsagePlans(input: { keyId?: string }) {
    return [...this.durable.state.usagePlans.values()].filter((p) => input.keyId === undefined || p.keyIds.includes(input.keyId)).map(planView);
  }

  async updateUsagePlan(input: { usagePlanId: string } & Patch) {
    const plan = copyOf(this.plan(input.usagePlanId));
    for (const operation of input.patchOperations ?? []) patchPlan(plan, operation);
    return this.savePlan(plan);
  }

  async deleteUsagePlan(input: { usagePlanId: string }) {
    this.plan(input.usagePlanId);
    this.durable.state.usagePlans.delete(input.usagePlanId);
    await this.durable.commit({ op: "deletePlan", id: input.usagePlanId });
    this.changed();
  }

  async createUsagePlanKey(input: { usagePlanId: string; keyId: string; keyType: string }) {
    const plan = copyOf(this.plan(input.usagePlanId));
    const key = this.key(input.keyId);
    if (!plan.keyIds.includes(key.id)) plan.keyIds.push(key.id);
    await this.savePlan(plan);
    return planKeyView(key);
  }

  getUsagePlanKey(input: { usagePlanId: string; keyId: string }) {
    const plan = this.plan(input.usagePlanId);
    if (!plan.keyIds.includes(input.keyId)) throw apiKeyNotFound();
    return planKeyView(this.key(input.keyId));
  }

  getUsagePlanKeys(input: { usagePlanId: string; nameQuery?: string }) {
    return this.plan(input.usagePlanId).keyIds
      .flatMap((id) => {
        const key = this.durable.state.apiKeys.get(id);
        return key ? [planKeyView(key)] : [];
      })
      .filter((k) => input.nameQuery === undefined || (k.name ?? "").startsWith(input.nameQuery));
  }

  async deleteUsagePlanKey(input: { usagePlanId: string; keyId: string }) {
    const plan = copyOf(this.plan(input.usagePlanId));
    if (!plan.keyIds.includes(input.keyId)) throw apiKeyNotFound();
    plan.keyIds = plan.keyIds.filter((id) => id !== input.keyId);
    await this.savePlan(plan);
  }

  /** The tags of a key or plan by ARN (none for any other ARN). */
  tagsOf(arn: string): Record<string, string> {
    const [, kind, id = ""] = /::\/(apikeys|usageplans)\/([^/]+)$/.exec(arn) ?? [];
    if (kind === "apikeys") return this.key(id).tags ?? {};
    if (kind === "usageplans") return this.plan(id).tags ?? {};
    return {};
  }

  async retag(arn: string, edit: (tags: Record<string, string> | undefined) => Record<string, string>): Promise<void> {
    const [, kind, id = ""] = /::\/(apikeys|usageplans)\/([^/]+)$/.exec(arn) ?? [];
    if (kind === "apikeys") {
      const key = { ...this.key(id), tags: edit(this.key(id).tags) };
      this.durable.state.apiKeys.set(id, key);
      await this.durable.commit({ op: "putKey", key: copyOf(key) });
    } else if (kind === "usageplans") {
      await this.savePlan({ ...this.plan(id), tags: edit(this.plan(id).tags) });
    } else {
      throw resourceNotFound();
    }
  }

  /** The keys a stage accepts: those of every plan naming the stage, with the plan's limits. */
  keysFor(apiId: string, stage: string): StageApiKey[] {
    const out: StageApiKey[] = [];
    for (const plan of this.durable.state.usagePlans.values()) {
      const apiStage = plan.apiStages.find((s) => s.apiId === apiId && s.stage === stage);
      if (!apiStage) continue;
      for (const id of plan.keyIds) {
        const key = this.durable.state.apiKeys.get(id);
        if (!key) continue;
        const throttle = limits(plan.throttle);
        const methodThrottles = Object.fromEntries(Object.entries(apiStage.throttle ?? {}).flatMap(([path, t]) => {
          const l = limits(t);
          return l ? [[path, l]] : [];
        }));
        const quota = quotaOf(plan.quota);
        out.push({
          id: key.id, value: key.value, enabled: key.enabled,
          ...(throttle ? { throttle } : {}), ...(Object.keys(methodThrottles).length > 0 ? { methodThrottles } : {}), ...(quota ? { quota } : {}),
        });
      }
    }
    return out;
  }

  private key(id: string): StoredApiKey {
    const key = this.durable.state.apiKeys.get(id);
    if (!key) throw apiKeyNotFound();
    return key;
  }

  private plan(id: string): StoredUsagePlan {
    const plan = this.durable.state.usagePlans.get(id);
    if (!plan) throw usagePlanNotFound();
    return plan;
  }

  private async savePlan(plan: StoredUsagePlan) {
    this.durable.state.usagePlans.set(plan.id, plan);
    await this.durable.commit({ op: "putPlan", plan: copyOf(plan) });
    this.changed();
    return planView(plan);
  }
}

const PERIODS = ["DAY", "WEEK", "MONTH"] as const;

function quotaOf(quota: StoredUsagePlan["quota"]): StageApiKey["quota"] {
  const period = PERIODS.find((p) => p === quota?.period);
  if (quota?.limit === undefined || period === undefined) return undefined;
  return { limit: quota.limit, period, ...(quota.offset ? { offset: quota.offset } : {}) };
}

function limits(t: { burstLimit?: number; rateLimit?: number } | undefined): { rateLimit: number; burstLimit: number } | undefined {
  return t?.rateLimit !== undefined && t.burstLimit !== undefined ? { rateLimit: t.rateLimit, burstLimit: t.burstLimit } : undefined;
}

function keyView(key: StoredApiKey, withValue: boolean) {
  return {
    id: key.id,
    ...(withValue ? { value: key.value } : {}),
    ...(key.name !== undefined ? { name: key.name } : {}),
    ...(key.customerId !== undefined ? { customerId: key.customerId } : {}),
    ...(key.description !== undefined ? { description: key.description } : {}),
    enabled: key.enabled,
    createdDate: new Date(key.createdDate),
    lastUpdatedDate: new Date(key.lastUpdatedDate),
    stageKeys: key.stageKeys ?? [],
    ...(key.tags ? { tags: key.tags } : {}),
  };
}

function planView(plan: StoredUsagePlan) {
  const { keyIds: _keys, ...view } = plan;
  return view;
}

function planKeyView(key: StoredApiKey) {
  return { id: key.id, type: "API_KEY", value: key.value, ...(key.name !== undefined ? { name: key.name } : {}) };
}

/** "<apiId>:<stage>/throttle/<resource path>/<METHOD>[/rateLimit|/burstLimit]": a method's throttle in one of the plan's stages. */
const STAGE_THROTTLE = /^([^/]+):([^/]+)\/throttle\/(.+?)(?:\/(rateLimit|burstLimit))?$/;

/**
 * replace /apiStages/<apiId>:<stage>/throttle/<path>/rateLimit (or burstLimit) sets one method's
 * limit, remove /apiStages/<apiId>:<stage>/throttle/<path> drops it; the path is the method's key as
 * CreateUsagePlan's throttle map names it ("/pets/GET"), slashes unescaped as Terraform's
 * aws_api_gateway_usage_plan sends them.
 */
function patchStageThrottle(plan: StoredUsagePlan, key: string, operation: PatchOperation): void {
  const [, apiId = "", stage = "", path = "", member] = STAGE_THROTTLE.exec(key) ?? [];
  const apiStage = plan.apiStages.find((s) => s.apiId === apiId && s.stage === stage);
  if (!apiStage) throw invalidPatchPath(operation.path);
  const { [path]: current, ...others } = apiStage.throttle ?? {};
  if (operation.op === "remove" && member === undefined) {
    apiStage.throttle = others;
  } else if (member !== undefined) {
    apiStage.throttle = { ...others, [path]: { ...current, [member]: Number(operation.value) } };
  } else {
    throw invalidPatchPath(operation.path);
  }
}

/** UpdateUsagePlan's paths: name, description, throttle and quota members, apiStages ("<apiId>:<stage>"). */
function patchPlan(plan: StoredUsagePlan, operation: PatchOperation): void {
  const { head, key } = patchPath(operation.path);
  const value = operation.value;
  if (key === undefined && (head === "name" || head === "description")) {
    if (head === "name") plan.name = value ?? plan.name;
    else if (value === undefined || operation.op === "remove") delete plan.description;
    else plan.description = value;
  } else if (head === "throttle" && (key === "rateLimit" || key === "burstLimit")) {
    plan.throttle = { ...plan.throttle, [key]: Number(value) };
  } else if (head === "throttle" && key === undefined && operation.op === "remove") {
    delete plan.throttle;
  } else if (head === "quota" && (key === "limit" || key === "offset" || key === "period")) {
    plan.quota = { ...plan.quota, [key]: key === "period" ? value : Number(value) };
  } else if (head === "quota" && key === undefined && operation.op === "remove") {
    delete plan.quota;
  } else if (head === "apiStages" && key !== undefined && STAGE_THROTTLE.test(key)) {
    patchStageThrottle(plan, key, operation);
  } else if (head === "apiStages" && key === undefined && value !== undefined) {
    const [apiId = "", stage = ""] = value.split(":");
    plan.apiStages = plan.apiStages.filter((s) => !(s.apiId === apiId && s.stage === stage));
    if (operation.op === "add") plan.apiStages.push({ apiId, stage });
  } else {
    throw invalidPatchPath(operation.path);
  }
}
