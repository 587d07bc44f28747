/**
 * The template's AWS::XRay::Group, AWS::XRay::SamplingRule and AWS::XRay::ResourcePolicy,
 * created through the X-Ray API at start-up. Groups and rules kept from an earlier run take
 * the template's current definition (UpdateGroup / UpdateSamplingRule).
 */
import type { AppModel, ResolvedResource } from "@sam-sandbox/template";
import type { ServiceDispatcher } from "./dispatcher.js";
import { templateResourceError } from "./templateResourceError.js";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const bool = (value: unknown) => value === true || value === "true";

function tags(value: unknown): Array<{ Key: string; Value: string }> {
  return Array.isArray(value) ? value.filter(isRecord).map((t) => ({ Key: String(t.Key), Value: String(t.Value) })) : [];
}

function insights(value: unknown): Record<string, boolean> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, boolean> = {};
  if (value.InsightsEnabled !== undefined) out.InsightsEnabled = bool(value.InsightsEnabled);
  if (value.NotificationsEnabled !== undefined) out.NotificationsEnabled = bool(value.NotificationsEnabled);
  return out;
}

async function group(dispatcher: ServiceDispatcher, resource: ResolvedResource): Promise<void> {
  const p = resource.properties;
  const GroupName = resource.ref.split("/")[1];
  const settings = {
    ...(typeof p.FilterExpression === "string" ? { FilterExpression: p.FilterExpression } : {}),
    ...(insights(p.InsightsConfiguration) ? { InsightsConfiguration: insights(p.InsightsConfiguration) } : {}),
  };
  try {
    await dispatcher.call("xray", "CreateGroup", { GroupName, ...settings, Tags: tags(p.Tags) });
  } catch (error) {
    if (!(error instanceof Error && error.message === "Group already exists")) throw error;
    await dispatcher.call("xray", "UpdateGroup", { GroupARN: resource.ref, ...settings });
  }
}

const RULE_NUMBERS = ["Priority", "FixedRate", "ReservoirSize", "Version"];

async function samplingRule(dispatcher: ServiceDispatcher, resource: ResolvedResource): Promise<void> {
  const given = isRecord(resource.properties.SamplingRule) ? resource.properties.SamplingRule : {};
  const rule: Record<string, unknown> = { ...given, RuleName: resource.ref.slice(resource.ref.lastIndexOf("/") + 1) };
  for (const key of RULE_NUMBERS) if (rule[key] !== undefined) rule[key] = Number(rule[key]);
  delete rule.RuleARN;
  try {
    await dispatcher.call("xray", "CreateSamplingRule", { SamplingRule: rule, Tags: tags(resource.properties.Tags) });
  } catch (error) {
    if (!(error instanceof Error && error.message === "Sampling rule already exists")) throw error;
    const { Version: _version, ...update } = rule;
    await dispatcher.call("xray", "UpdateSamplingRule", { SamplingRuleUpdate: update });
  }
}

async function resourcePolicy(dispatcher: ServiceDispatcher, resource: ResolvedResource): Promise<void> {
  const p = resource.properties;
  const document = typeof p.PolicyDocument === "string" ? p.PolicyDocument : JSON.stringify(p.PolicyDocument);
  await dispatcher.call("xray", "PutResourcePolicy", {
    PolicyName: resource.ref,
    PolicyDocument: document,
    ...(p.BypassPolicyLockoutCheck !== undefined ? { BypassPolicyLockoutCheck: bool(p.BypassPolicyLockoutCheck) } : {}),
  });
}

const CREATORS: Record<string, (dispatcher: ServiceDispatcher, resource: ResolvedResource) => Promise<void>> = {
  "AWS::XRay::Group": group,
  "AWS::XRay::SamplingRule": samplingRule,
  "AWS::XRay::ResourcePolicy": resourcePolicy,
};

export async function createTemplateXRayResources(dispatcher: ServiceDispatcher, app: AppModel): Promise<void> {
  for (const resource of Object.values(app.resources)) {
    const create = CREATORS[resource.type];
    if (create === undefined) continue;
    try {
      await create(dispatcher, resource);
    } catch (error) {
      throw templateResourceError(app, resource, error);
    }
  }
}
