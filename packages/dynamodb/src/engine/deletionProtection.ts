/**
 * UpdateTable's DeletionProtectionEnabled, as DynamoDB takes it (ack-api-quirks
 * DDB-TABLE-003/017/054/383, verified 2026-10): applied at once (the table stays ACTIVE); after a
 * change, any further DeletionProtectionEnabled within 15 s is a ThrottlingException naming when
 * to retry, the same value included; a same-value request outside that window changes nothing
 * and starts no window. DeleteTable is not gated by it (DDB-TABLE-438).
 */
import { MESSAGES, ThrottlingException } from "../errors.js";
import { DELETION_PROTECTION_COOLDOWN_MS } from "../limits.js";
import type { TableMeta } from "./table.js";

/** Applies a DeletionProtectionEnabled request to `meta` (a copy of `old`). */
export function changeDeletionProtection(old: TableMeta, meta: TableMeta, enabled: boolean, nowMs: number): void {
  const changedAt = old.DeletionProtectionChangedAt;
  if (changedAt !== undefined && nowMs - changedAt < DELETION_PROTECTION_COOLDOWN_MS) {
    throw new ThrottlingException(MESSAGES.deletionProtectionCooldown(old.TableName, new Date(changedAt + DELETION_PROTECTION_COOLDOWN_MS).toISOString()));
  }
  if (enabled === old.DeletionProtectionEnabled) return;
  meta.DeletionProtectionEnabled = enabled;
  meta.DeletionProtectionChangedAt = nowMs;
}
