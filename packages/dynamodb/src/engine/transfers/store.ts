/**
 * Exports (ExportTableToPointInTime) and imports (ImportTable), kept in the durable state
 * beside the tables. Each change of a job (started, completed, failed) is one journal record
 * holding the job's whole description, so replay ends with each job as it was last
 * acknowledged. A job the sandbox stopped in the middle of is failed when it starts again.
 */
import type { CreateTableInput } from "../shapes.js";

/** ExportDescription, as DescribeExport answers it (times in epoch seconds). */
export interface ExportDescription {
  ExportArn: string;
  ExportStatus: "IN_PROGRESS" | "COMPLETED" | "FAILED";
  StartTime: number;
  EndTime?: number;
  ExportManifest?: string;
  TableArn: string;
  TableId: string;
  /** Absent for an incremental export (DDB-EXPORT-019). */
  ExportTime?: number;
  ClientToken?: string;
  S3Bucket: string;
  S3BucketOwner?: string;
  S3Prefix?: string;
  S3SseAlgorithm?: string;
  S3SseKmsKeyId?: string;
  FailureCode?: string;
  FailureMessage?: string;
  ExportFormat: string;
  BilledSizeBytes?: number;
  ItemCount?: number;
  ExportType?: string;
  IncrementalExportSpecification?: { ExportFromTime: number; ExportToTime: number; ExportViewType: string };
}

/** ImportTableDescription, as DescribeImport answers it. */
export interface ImportDescription {
  ImportArn: string;
  ImportStatus: "IN_PROGRESS" | "COMPLETED" | "FAILED" | "CANCELLING" | "CANCELLED";
  TableArn: string;
  TableId: string;
  ClientToken: string;
  S3BucketSource: { S3Bucket: string; S3BucketOwner?: string; S3KeyPrefix?: string };
  ErrorCount: number;
  CloudWatchLogGroupArn: string;
  InputFormat: string;
  InputFormatOptions?: { Csv?: { Delimiter?: string; HeaderList?: string[] } };
  InputCompressionType: string;
  TableCreationParameters: CreateTableInput & { TableName: string };
  StartTime: number;
  EndTime?: number;
  ProcessedSizeBytes?: number;
  ProcessedItemCount: number;
  ImportedItemCount: number;
  FailureCode?: string;
  FailureMessage?: string;
}

export interface ExportJob {
  description: ExportDescription;
  /** The request's parameters as canonical JSON: a ClientToken reused with others is refused. */
  fingerprint: string;
}

export interface ImportJob {
  description: ImportDescription;
}

export interface TransferStore {
  exports: Map<string, ExportJob>;
  imports: Map<string, ImportJob>;
}

export type TransferRecord = { op: "export"; job: ExportJob } | { op: "import"; job: ImportJob };

export function emptyTransfers(): TransferStore {
  return { exports: new Map(), imports: new Map() };
}

export function applyTransferRecord(store: TransferStore | undefined, record: TransferRecord): void {
  if (!store) return;
  if (record.op === "export") store.exports.set(record.job.description.ExportArn, record.job);
  else store.imports.set(record.job.description.ImportArn, record.job);
}

export function transfersToJSON(store: TransferStore): { exports: ExportJob[]; imports: ImportJob[] } {
  return { exports: [...store.exports.values()], imports: [...store.imports.values()] };
}

export function transfersFromJSON(json: unknown): TransferStore {
  const store = emptyTransfers();
  const stored = json as Partial<{ exports: ExportJob[]; imports: ImportJob[] }> | undefined;
  for (const job of stored?.exports ?? []) if (job?.description?.ExportArn) store.exports.set(job.description.ExportArn, job);
  for (const job of stored?.imports ?? []) if (job?.description?.ImportArn) store.imports.set(job.description.ImportArn, job);
  return store;
}

/**
 * The import still creating a table of this name: DynamoDB shows the table (CREATING) from the
 * ImportTable answer on, so its name is taken. `except`: the table id the import itself creates.
 */
export function importCreating(store: TransferStore, tableName: string, except?: string): ImportJob | undefined {
  for (const job of store.imports.values()) {
    const d = job.description;
    if (d.ImportStatus === "IN_PROGRESS" && d.TableCreationParameters.TableName === tableName && d.TableId !== except) return job;
  }
  return undefined;
}

/** Applies a job's change to the live state, then journals it (as every other change is applied, then committed). */
export async function saveTransfer(engine: { transfers: TransferStore; commit(record: TransferRecord): Promise<void> }, record: TransferRecord): Promise<void> {
  applyTransferRecord(engine.transfers, record);
  await engine.commit(record);
}
