/**
 * S3 Intelligent-Tiering's optional archive tiers (S3 User Guide, "How S3 Intelligent-Tiering works"): a bucket's
 * enabled IntelligentTieringConfigurations whose filter takes an INTELLIGENT_TIERING object move it to the Archive
 * Access tier after the ARCHIVE_ACCESS Tiering's Days without access, and to Deep Archive Access after the
 * DEEP_ARCHIVE_ACCESS Days. The tier is read against the sandbox clock from the object's last access (its write, a
 * GetObject or copy of it, or a completed restore): nothing runs when a tier is reached. An archived object reads
 * only after RestoreObject (without Days) has moved it back to the Frequent Access tier.
 */
import { child, nodes, parseXmlBody, text, type XmlNode } from "../wire/xml.js";
import { change, type S3Context } from "./context.js";
import type { Bucket, S3Object, Tag } from "./state.js";

export type ArchiveTier = "ARCHIVE_ACCESS" | "DEEP_ARCHIVE_ACCESS";

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How often a read of an Intelligent-Tiering object is recorded: tiers are counted in days, so one record a day
 * keeps the last access within a day of S3's (and GETs do not each write the journal).
 */
export const ACCESS_RECORD_INTERVAL_MS = DAY_MS;

interface TieringConfig {
  prefix: string;
  tags: Tag[];
  /** Days without access before each archive tier, for the tiers the configuration names. */
  days: Partial<Record<ArchiveTier, number>>;
}

const MAX_CACHED = 256;
/** Parsed configurations by their stored XML: every read of an Intelligent-Tiering object asks for them. */
const cache = new Map<string, TieringConfig | undefined>();

function tagOf(node: XmlNode): Tag {
  return { Key: text(node, "Key") ?? "", Value: text(node, "Value") ?? "" };
}

/** An enabled configuration's filter and tiers (undefined for a Disabled one). */
function configOf(xml: string): TieringConfig | undefined {
  if (cache.has(xml)) return cache.get(xml);
  const root = parseXmlBody(Buffer.from(`<IntelligentTieringConfiguration>${xml}</IntelligentTieringConfiguration>`), "IntelligentTieringConfiguration");
  let config: TieringConfig | undefined;
  if (text(root, "Status") === "Enabled") {
    const filter = child(root, "Filter");
    const and = filter === undefined ? undefined : child(filter, "And");
    const source = and ?? filter;
    const days: Partial<Record<ArchiveTier, number>> = {};
    for (const tiering of nodes(root, "Tiering")) {
      const tier = text(tiering, "AccessTier");
      const count = Number(text(tiering, "Days"));
      if ((tier === "ARCHIVE_ACCESS" || tier === "DEEP_ARCHIVE_ACCESS") && Number.isInteger(count) && count > 0) days[tier] = count;
    }
    config = { prefix: source === undefined ? "" : (text(source, "Prefix") ?? ""), tags: source === undefined ? [] : nodes(source, "Tag").map(tagOf), days };
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(xml, config);
  return config;
}

function applies(config: TieringConfig, object: S3Object): boolean {
  return object.key.startsWith(config.prefix) && config.tags.every((t) => object.tags.some((o) => o.Key === t.Key && o.Value === t.Value));
}

/** When the object was last accessed: written, read or copied, or restored to the Frequent Access tier. */
export function lastAccessOf(object: S3Object, now: number): number {
  const restored = object.restore?.accessTier !== undefined && object.restore.completes <= now ? object.restore.completes : 0;
  return Math.max(object.lastModified, object.accessed ?? 0, restored);
}

/** The archive tier an INTELLIGENT_TIERING object is in now, or undefined (an instant-access tier). */
export function archiveTierOf(bucket: Bucket | undefined, object: S3Object, now: number): ArchiveTier | undefined {
  if (object.storageClass !== "INTELLIGENT_TIERING" || bucket === undefined) return undefined;
  const configs = bucket.config.keyed?.intelligentTiering;
  if (configs === undefined) return undefined;
  const idle = now - lastAccessOf(object, now);
  let tier: ArchiveTier | undefined;
  for (const xml of Object.values(configs)) {
    const config = configOf(xml);
    if (config === undefined || !applies(config, object)) continue;
    const deep = config.days.DEEP_ARCHIVE_ACCESS;
    if (deep !== undefined && idle >= deep * DAY_MS) return "DEEP_ARCHIVE_ACCESS";
    const archive = config.days.ARCHIVE_ACCESS;
    if (archive !== undefined && idle >= archive * DAY_MS) tier = "ARCHIVE_ACCESS";
  }
  return tier;
}

/** The least Days each archive tier takes (S3 API Reference, Tiering: "minimum is 90 days … 180 days"). */
export const MIN_TIERING_DAYS: Record<ArchiveTier, number> = { ARCHIVE_ACCESS: 90, DEEP_ARCHIVE_ACCESS: 180 };

/**
 * Records a read or copy of an INTELLIGENT_TIERING object (S3 User Guide, "How S3 Intelligent-Tiering works": a
 * GET or copy is an access), at most once per ACCESS_RECORD_INTERVAL_MS per object.
 */
export async function recordAccess(ctx: S3Context, bucket: string, object: S3Object): Promise<void> {
  if (object.storageClass !== "INTELLIGENT_TIERING") return;
  const now = ctx.clock.now();
  if (now - lastAccessOf(object, now) < ACCESS_RECORD_INTERVAL_MS) return;
  await change(ctx, { t: "patchObject", bucket, key: object.key, ...(object.versionId === undefined ? {} : { versionId: object.versionId }), settings: { accessed: now } });
}
