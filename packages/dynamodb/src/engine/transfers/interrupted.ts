/**
 * An export or import the sandbox stopped in the middle of cannot go on (an export's snapshot
 * was in memory): when DynamoDB starts again, each one still IN_PROGRESS is failed.
 */
import type { DynamoDbEngine } from "../engine.js";
import { saveTransfer } from "./store.js";

const CODE = "SandboxStopped";
const MESSAGE = "The sandbox stopped while the job ran: start it again";

export async function failInterruptedTransfers(engine: DynamoDbEngine): Promise<void> {
  const now = engine.nowSeconds();
  for (const job of [...engine.transfers.exports.values()]) {
    if (job.description.ExportStatus !== "IN_PROGRESS") continue;
    await saveTransfer(engine, { op: "export", job: { ...job, description: { ...job.description, ExportStatus: "FAILED", EndTime: now, FailureCode: CODE, FailureMessage: MESSAGE } } });
  }
  for (const job of [...engine.transfers.imports.values()]) {
    if (job.description.ImportStatus !== "IN_PROGRESS") continue;
    await saveTransfer(engine, { op: "import", job: { description: { ...job.description, ImportStatus: "FAILED", EndTime: now, FailureCode: CODE, FailureMessage: MESSAGE } } });
  }
}
