/**
 * INCREMENTAL_EXPORT's window, checked as DynamoDB checks it (ack-api-quirks DDB-EXPORT-004/019,
 * 2026-10): every violation is an InvalidExportTimeException naming the time at fault; a from time
 * before the recovery window (or after the to time) first, then a to time past now, then a window
 * under 15 minutes. ExportToTime defaults to now, ExportViewType to NEW_AND_OLD_IMAGES. The sandbox
 * keeps no history of a table's changes, so an export it accepts ends FAILED saying so.
 */
import { InvalidExportTimeException, MESSAGES } from "../../errors.js";
import { EXPORT_TIME_TOLERANCE_SECONDS, MIN_INCREMENTAL_EXPORT_SECONDS } from "../../limits.js";

export interface IncrementalExportSpecification {
  ExportFromTime: number;
  ExportToTime: number;
  ExportViewType: string;
}

/** "2026-10-09T00:41:50Z", as the messages name a time. */
function isoSeconds(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The window asked for, defaults filled in; `earliest` is the recovery window's start. */
export function incrementalWindow(spec: Record<string, unknown>, now: number, earliest: number, exportTime: number | undefined): IncrementalExportSpecification {
  const from = Number(spec.ExportFromTime);
  const to = spec.ExportToTime === undefined ? now : Number(spec.ExportToTime);
  // ExportTime with INCREMENTAL_EXPORT is refused with the from time's message (DDB-EXPORT-003).
  if (exportTime !== undefined || from < earliest - EXPORT_TIME_TOLERANCE_SECONDS || from > to) throw new InvalidExportTimeException(MESSAGES.incrementalFromTime(isoSeconds(from)));
  if (to > now + EXPORT_TIME_TOLERANCE_SECONDS) throw new InvalidExportTimeException(MESSAGES.incrementalToTime(isoSeconds(to)));
  if (to - from < MIN_INCREMENTAL_EXPORT_SECONDS) throw new InvalidExportTimeException(MESSAGES.incrementalTooShort);
  return { ExportFromTime: from, ExportToTime: to, ExportViewType: typeof spec.ExportViewType === "string" ? spec.ExportViewType : "NEW_AND_OLD_IMAGES" };
}
