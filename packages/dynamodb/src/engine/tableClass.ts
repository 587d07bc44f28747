/**
 * UpdateTable's TableClass, as DynamoDB takes it (ack-api-quirks DDB-TABLE-177/283/284/365,
 * verified 2026-10): 2 changes per table in 30 days; once they are spent any TableClass request
 * is refused, a re-send of the current class included, while before that a re-send changes
 * nothing and costs nothing (STANDARD on a table never given a class shows no TableClassSummary).
 */
import { LimitExceededException } from "../errors.js";
import { MAX_TABLE_CLASS_CHANGES, TABLE_CLASS_CHANGE_WINDOW_DAYS } from "../limits.js";
import type { TableMeta } from "./table.js";

const WINDOW_MS = TABLE_CLASS_CHANGE_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** Applies a TableClass request to `meta` (a copy of `old`); `nowSeconds` stamps TableClassSummary.LastUpdateDateTime. */
export function changeTableClass(old: TableMeta, meta: TableMeta, tableClass: string, nowMs: number, nowSeconds: number): void {
  const recent = (old.TableClassChanges ?? []).filter((at) => nowMs - at < WINDOW_MS);
  if (recent.length >= MAX_TABLE_CLASS_CHANGES) {
    throw new LimitExceededException(`Subscriber limit exceeded: Updates to TableClass are limited to ${MAX_TABLE_CLASS_CHANGES} times in ${TABLE_CLASS_CHANGE_WINDOW_DAYS} day(s).`);
  }
  if (tableClass === (old.TableClass ?? "STANDARD")) return;
  meta.TableClass = tableClass;
  meta.TableClassLastUpdate = nowSeconds;
  meta.TableClassChanges = [...recent, nowMs];
}
