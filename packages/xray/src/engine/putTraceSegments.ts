import { parseSegmentDocument, type SegmentDocument, type SegmentRejection } from "./document.js";
import type { TraceStore } from "./traceStore.js";

export interface PutTraceSegmentsInput {
  TraceSegmentDocuments: string[];
}

/** Stores the valid documents; the others come back as UnprocessedTraceSegments. */
export async function putTraceSegments(store: TraceStore, input: PutTraceSegmentsInput): Promise<{ UnprocessedTraceSegments: SegmentRejection[] }> {
  const accepted: SegmentDocument[] = [];
  const rejected: SegmentRejection[] = [];
  for (const text of input.TraceSegmentDocuments) {
    const parsed = parseSegmentDocument(text);
    if ("doc" in parsed) accepted.push(parsed.doc);
    else rejected.push(parsed.rejection);
  }
  await store.put(accepted);
  return { UnprocessedTraceSegments: rejected };
}
