/**
 * SESv2's view of configuration sets: created with their options and tags, described with them
 * (GetConfigurationSet), changed one part at a time (PutConfigurationSet*Options). The options are
 * the ones SES v1 keeps (configurationSets.ts), so each API sees what the other set; TlsPolicy is
 * written "REQUIRE" / "OPTIONAL" here and "Require" / "Optional" in v1, as the two models spell it.
 */
import { ConfigurationSetAlreadyExistsException } from "../errors.js";
import { configurationSetOf } from "./configurationSets.js";
import { commit, seconds, type SesContext } from "./context.js";
import type { ConfigurationSet, Tag } from "./state.js";

interface DeliveryOptionsV2 {
  TlsPolicy?: string;
  SendingPoolName?: string;
  MaxDeliverySeconds?: number;
}

const toV1Tls = (policy: string): string => policy.charAt(0) + policy.slice(1).toLowerCase();

function deliveryFromV2(options: DeliveryOptionsV2): NonNullable<ConfigurationSet["deliveryOptions"]> {
  return {
    ...(options.TlsPolicy !== undefined ? { TlsPolicy: toV1Tls(options.TlsPolicy) } : {}),
    ...(options.SendingPoolName !== undefined ? { SendingPoolName: options.SendingPoolName } : {}),
    ...(options.MaxDeliverySeconds !== undefined ? { MaxDeliverySeconds: options.MaxDeliverySeconds } : {}),
  };
}

function deliveryToV2(options: NonNullable<ConfigurationSet["deliveryOptions"]>): DeliveryOptionsV2 {
  return { ...options, ...(options.TlsPolicy !== undefined ? { TlsPolicy: options.TlsPolicy.toUpperCase() } : {}) };
}

export async function createConfigurationSetV2(
  ctx: SesContext,
  input: {
    ConfigurationSetName: string;
    DeliveryOptions?: DeliveryOptionsV2;
    ReputationOptions?: { ReputationMetricsEnabled?: boolean };
    SendingOptions?: { SendingEnabled?: boolean };
    SuppressionOptions?: { SuppressedReasons?: string[] };
    TrackingOptions?: { CustomRedirectDomain: string; HttpsPolicy?: string };
    Tags?: Tag[];
  },
): Promise<Record<string, never>> {
  const name = input.ConfigurationSetName;
  if (ctx.durable.state.configurationSets.has(name)) throw new ConfigurationSetAlreadyExistsException(name);
  const set: ConfigurationSet = {
    name,
    created: ctx.clock.now(),
    ...(input.DeliveryOptions !== undefined ? { deliveryOptions: deliveryFromV2(input.DeliveryOptions) } : {}),
    // A flag left out of the options given is false, its model default: the AWS SDK for Go v2 (so the
    // Terraform provider) leaves a false boolean out of SendingOptions / ReputationOptions.
    ...(input.ReputationOptions !== undefined ? { reputationMetricsEnabled: input.ReputationOptions.ReputationMetricsEnabled ?? false } : {}),
    ...(input.SendingOptions !== undefined ? { sendingEnabled: input.SendingOptions.SendingEnabled ?? false } : {}),
    ...(input.SuppressionOptions !== undefined ? { suppressionOptions: input.SuppressionOptions } : {}),
    ...(input.TrackingOptions !== undefined ? { trackingOptions: input.TrackingOptions } : {}),
    ...(input.Tags !== undefined && input.Tags.length > 0 ? { tags: input.Tags } : {}),
  };
  await commit(ctx, { t: "putConfigurationSet", set });
  return {};
}

/**
 * Reputation and sending options are always described (the Terraform provider reads them as
 * computed); delivery, suppression and tracking options only once set.
 */
export function getConfigurationSet(ctx: SesContext, input: { ConfigurationSetName: string }) {
  const set = configurationSetOf(ctx, input.ConfigurationSetName);
  return {
    ConfigurationSetName: set.name,
    ReputationOptions: {
      ReputationMetricsEnabled: set.reputationMetricsEnabled ?? false,
      ...(set.lastFreshStart !== undefined ? { LastFreshStart: seconds(set.lastFreshStart) } : {}),
    },
    SendingOptions: { SendingEnabled: set.sendingEnabled ?? true },
    ...(set.deliveryOptions !== undefined ? { DeliveryOptions: deliveryToV2(set.deliveryOptions) } : {}),
    ...(set.suppressionOptions !== undefined ? { SuppressionOptions: set.suppressionOptions } : {}),
    ...(set.trackingOptions !== undefined ? { TrackingOptions: set.trackingOptions } : {}),
    Tags: set.tags ?? [],
  };
}

/** Replaces the delivery options: what the request leaves out is unset. */
export async function putConfigurationSetDeliveryOptionsV2(ctx: SesContext, input: { ConfigurationSetName: string } & DeliveryOptionsV2): Promise<Record<string, never>> {
  const { ConfigurationSetName, ...options } = input;
  const set = configurationSetOf(ctx, ConfigurationSetName);
  await commit(ctx, { t: "putConfigurationSet", set: { ...set, deliveryOptions: deliveryFromV2(options) } });
  return {};
}

export async function putConfigurationSetReputationOptions(ctx: SesContext, input: { ConfigurationSetName: string; ReputationMetricsEnabled?: boolean }): Promise<Record<string, never>> {
  const set = configurationSetOf(ctx, input.ConfigurationSetName);
  await commit(ctx, { t: "putConfigurationSet", set: { ...set, reputationMetricsEnabled: input.ReputationMetricsEnabled ?? false } });
  return {};
}

/** Enabling sending again after it was off is a fresh start, as in SES v1 (UpdateConfigurationSetSendingEnabled). */
export async function putConfigurationSetSendingOptions(ctx: SesContext, input: { ConfigurationSetName: string; SendingEnabled?: boolean }): Promise<Record<string, never>> {
  const set = configurationSetOf(ctx, input.ConfigurationSetName);
  const enabled = input.SendingEnabled ?? false;
  const freshStart = enabled && set.sendingEnabled === false;
  await commit(ctx, { t: "putConfigurationSet", set: { ...set, sendingEnabled: enabled, ...(freshStart ? { lastFreshStart: ctx.clock.now() } : {}) } });
  return {};
}

export async function putConfigurationSetSuppressionOptions(ctx: SesContext, input: { ConfigurationSetName: string; SuppressedReasons?: string[] }): Promise<Record<string, never>> {
  const set = configurationSetOf(ctx, input.ConfigurationSetName);
  await commit(ctx, { t: "putConfigurationSet", set: { ...set, suppressionOptions: { SuppressedReasons: input.SuppressedReasons ?? [] } } });
  return {};
}
