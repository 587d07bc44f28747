/**
 * X-Ray segment documents (AWS X-Ray Developer Guide, "Segment documents") and the checks
 * PutTraceSegments makes before it accepts one.
 */
import { isSegmentId, isTraceId, jsonNestingDepth, type AnnotationValue } from "@sam-sandbox/core";
import { segmentErrorMessage, type SegmentErrorCode } from "../errors.js";
import { MAX_DOCUMENT_DEPTH, MAX_SEGMENT_NAME_LENGTH, SEGMENT_NAME } from "../limits.js";

export interface HttpDocument {
  request?: { method?: string; url?: string; user_agent?: string; client_ip?: string; x_forwarded_for?: boolean; traced?: boolean };
  response?: { status?: number; content_length?: number };
}

/** A segment or subsegment as X-Ray stores it; fields the sandbox does not read pass through. */
export interface SegmentDocument {
  id: string;
  name: string;
  /** Required on segments and standalone subsegments. */
  trace_id?: string;
  parent_id?: string;
  /** "subsegment" for a subsegment sent on its own. */
  type?: string;
  /** Epoch seconds. */
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  origin?: string;
  /** Subsegments: "aws" or "remote" for downstream calls. */
  namespace?: string;
  /** Set on segments X-Ray infers from a downstream call's subsegment. */
  inferred?: boolean;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: unknown;
  http?: HttpDocument;
  aws?: Record<string, unknown>;
  annotations?: Record<string, AnnotationValue>;
  metadata?: unknown;
  user?: string;
  resource_arn?: string;
  subsegments?: SegmentDocument[];
  [field: string]: unknown;
}

export interface SegmentRejection {
  Id?: string;
  ErrorCode: SegmentErrorCode;
  Message: string;
}

export type ParsedDocument = { doc: SegmentDocument } | { rejection: SegmentRejection };

/** Parses and checks one entry of TraceSegmentDocuments. */
export function parseSegmentDocument(text: string): ParsedDocument {
  let value: unknown;
  try {
    // X-Ray's Jackson parser refuses JSON nested deeper than its limit; checking and storing
    // such a document recursed out of stack here (HTTP 500).
    if (jsonNestingDepth(text, MAX_DOCUMENT_DEPTH) > MAX_DOCUMENT_DEPTH) throw new SyntaxError("nested too deeply");
    value = JSON.parse(text);
  } catch {
    return { rejection: { ErrorCode: "InvalidJson", Message: segmentErrorMessage("InvalidJson", false) } };
  }
  // X-Ray answers `[]` (and any non-object) with MissingId.
  if (!isObject(value)) return { rejection: { ErrorCode: "MissingId", Message: segmentErrorMessage("MissingId", false) } };
  const standalone = value.type === "subsegment";
  const id = typeof value.id === "string" ? value.id : undefined;
  const reject = (code: SegmentErrorCode, subsegment = standalone): ParsedDocument => ({
    rejection: { ...(id !== undefined ? { Id: id } : {}), ErrorCode: code, Message: segmentErrorMessage(code, subsegment) },
  });
  if (id === undefined) return reject("MissingId");
  if (!isSegmentId(id)) return reject("InvalidId");
  if (value.trace_id === undefined) return reject("MissingTraceId");
  if (typeof value.trace_id !== "string" || !isTraceId(value.trace_id)) return reject("InvalidTraceId");
  const own = checkCommon(value);
  if (own !== undefined) return reject(own);
  if (standalone && (typeof value.parent_id !== "string" || value.parent_id === "")) return reject("MissingParentId");
  const nested = checkSubsegments(value.subsegments);
  if (nested !== undefined) return reject(nested, true);
  return { doc: value as SegmentDocument };
}

/** name, start_time and end_time/in_progress: required on every segment and subsegment. */
function checkCommon(value: Record<string, unknown>): SegmentErrorCode | undefined {
  if (value.name === undefined || value.name === "") return "MissingName";
  if (typeof value.name !== "string" || value.name.length > MAX_SEGMENT_NAME_LENGTH || !SEGMENT_NAME.test(value.name)) {
    return "InvalidName";
  }
  if (typeof value.start_time !== "number" || !Number.isFinite(value.start_time)) return "MissingStartTime";
  if (value.in_progress !== true && (typeof value.end_time !== "number" || !Number.isFinite(value.end_time))) {
    return "MissingEndTime";
  }
  return undefined;
}

function checkSubsegments(list: unknown): SegmentErrorCode | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return "MissingId";
  for (const sub of list) {
    if (!isObject(sub) || typeof sub.id !== "string") return "MissingId";
    if (!isSegmentId(sub.id)) return "InvalidId";
    const problem = checkCommon(sub) ?? checkSubsegments(sub.subsegments);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Visits a document and all its nested subsegments, depth first. */
export function walk(doc: SegmentDocument, visit: (node: SegmentDocument, depth: number) => void, depth = 0): void {
  visit(doc, depth);
  for (const sub of doc.subsegments ?? []) walk(sub, visit, depth + 1);
}

/** Seconds between start and end; undefined while in progress. */
export function durationOf(doc: SegmentDocument): number | undefined {
  return doc.end_time === undefined ? undefined : Math.max(0, doc.end_time - doc.start_time);
}
