/**
 * Account settings: PutEncryptionConfig / GetEncryptionConfig, UpdateTraceSegmentDestination /
 * GetTraceSegmentDestination, GetIndexingRules / UpdateIndexingRule. The sandbox stores the
 * choice and answers with it; nothing is encrypted and segments stay in the sandbox's store.
 */
import type { DurableState } from "@sam-sandbox/core";
import { InvalidRequestException, ResourceNotFoundException, messages } from "../errors.js";
import { DEFAULT_NAME } from "../limits.js";
import { change, type ConfigRecord, type ConfigState, type Settings } from "./config.js";

export interface PutEncryptionConfigInput {
  KeyId?: string;
  Type: "NONE" | "KMS";
}

export interface UpdateIndexingRuleInput {
  Name: string;
  Rule: { Probabilistic?: { DesiredSamplingPercentage: number } };
}

type Durable = DurableState<ConfigState, ConfigRecord>;

async function setSettings(durable: Durable, settings: Settings): Promise<void> {
  await change(durable, { t: "settings", value: settings });
}

function encryptionView(settings: Settings, status: "UPDATING" | "ACTIVE") {
  const { Type, KeyId } = settings.encryption;
  return { EncryptionConfig: { ...(KeyId !== undefined ? { KeyId } : {}), Status: status, Type } };
}

export function getEncryptionConfig(state: ConfigState) {
  return encryptionView(state.settings, "ACTIVE");
}

/** AWS answers UPDATING while it re-encrypts; the sandbox has nothing to re-encrypt, so reads say ACTIVE. */
export async function putEncryptionConfig(durable: Durable, input: PutEncryptionConfigInput) {
  const encryption = input.Type === "KMS" && input.KeyId !== undefined ? { Type: input.Type, KeyId: input.KeyId } : { Type: input.Type };
  await setSettings(durable, { ...durable.state.settings, encryption });
  return encryptionView(durable.state.settings, "UPDATING");
}

export function getTraceSegmentDestination(state: ConfigState) {
  return { Destination: state.settings.destination, Status: "ACTIVE" };
}

export async function updateTraceSegmentDestination(durable: Durable, input: { Destination?: "XRay" | "CloudWatchLogs" }) {
  const destination = input.Destination ?? durable.state.settings.destination;
  await setSettings(durable, { ...durable.state.settings, destination });
  return { Destination: destination, Status: "ACTIVE" };
}

function indexingRule(settings: Settings) {
  const { DesiredSamplingPercentage, ModifiedAt } = settings.indexing;
  return { Name: DEFAULT_NAME, ModifiedAt, Rule: { Probabilistic: { DesiredSamplingPercentage } } };
}

/** One rule, "Default": the percentage of spans X-Ray indexes as trace summaries. */
export function getIndexingRules(state: ConfigState) {
  return { IndexingRules: [indexingRule(state.settings)] };
}

export async function updateIndexingRule(durable: Durable, now: number, input: UpdateIndexingRuleInput) {
  if (input.Name !== DEFAULT_NAME) throw new ResourceNotFoundException(messages.indexingRuleNotFound(input.Name));
  const desired = input.Rule.Probabilistic?.DesiredSamplingPercentage;
  if (desired === undefined || !(desired >= 0 && desired <= 100)) throw new InvalidRequestException(messages.samplingPercentage());
  await setSettings(durable, { ...durable.state.settings, indexing: { DesiredSamplingPercentage: desired, ModifiedAt: now } });
  return { IndexingRule: indexingRule(durable.state.settings) };
}
