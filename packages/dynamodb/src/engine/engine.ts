/**
 * The DynamoDB engine: typed requests in, typed responses out, AwsError on failure
 * (DESIGN.md rule 2: no HTTP here). Each action lives in its own file.
 *
 * Request objects become the engine's: items are stored as given (numbers normalized
 * in place), so callers must not mutate them afterwards. Returned items are the stored
 * objects themselves and must not be mutated either.
 */
import type { AwsDispatcher, Clock, DurableState, Logger } from "@sam-sandbox/core";
import { MESSAGES, ResourceNotFoundException } from "../errors.js";
import type { BackupStore } from "./backups/store.js";
import { batchGetItem } from "./batchGetItem.js";
import { batchWriteItem } from "./batchWriteItem.js";
import type { ClientTokens } from "./clientTokens.js";
import { createTable } from "./createTable.js";
import { deleteItem } from "./deleteItem.js";
import { deleteTable } from "./deleteTable.js";
import { describeTable } from "./describeTable.js";
import { getItem } from "./getItem.js";
import { KinesisDelivery } from "./kinesisStreaming.js";
import { listTables } from "./listTables.js";
import {
  batchExecuteStatement,
  executeStatement,
  executeTransaction,
  type BatchExecuteStatementInput,
  type ExecuteStatementInput,
  type ExecuteTransactionInput,
} from "./partiql/index.js";
import { putItem } from "./putItem.js";
import { query } from "./query.js";
import { scan } from "./scan.js";
import type {
  BatchGetItemInput,
  BatchWriteItemInput,
  CreateTableInput,
  DeleteItemInput,
  GetItemInput,
  ListTablesInput,
  PutItemInput,
  QueryInput,
  ScanInput,
  TransactGetItemsInput,
  TagResourceInput,
  TransactWriteItemsInput,
  UntagResourceInput,
  UpdateItemInput,
  UpdateTableInput,
  UpdateTimeToLiveInput,
} from "./shapes.js";
import { applyRecord, type DynamoState, type JournalRecord } from "./state.js";
import { ChangeCapture } from "./streams/capture.js";
import type { StreamStore } from "./streams/store.js";
import type { Table, TableMeta } from "./table.js";
import { listTagsOfResource, tagResource, untagResource } from "./tags.js";
import { describeTimeToLive, updateTimeToLive } from "./timeToLive.js";
import { transactGetItems } from "./transactGetItems.js";
import { transactWriteItems } from "./transactWriteItems.js";
import { updateItem } from "./updateItem.js";
import { updateTable } from "./updateTable.js";
import { inOlderLayer } from "./valueLayer.js";
import type { TransferStore } from "./transfers/store.js";

export interface EngineOptions {
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Reaches the sandbox's S3 (and CloudWatch Logs) for exports and imports; without it they fail. */
  dispatcher?: AwsDispatcher;
}

export class DynamoDbEngine {
  /** Streams and TTL: sees every item change (see streams/capture.ts). */
  readonly capture: ChangeCapture;

  constructor(
    private readonly durable: DurableState<DynamoState, JournalRecord>,
    readonly options: EngineOptions,
  ) {
    this.capture = new ChangeCapture(this, durable.state.streams);
    this.kinesis = new KinesisDelivery(this, options.logger);
  }

  /** Puts item changes into tables' Kinesis streaming destinations (engine/kinesisStreaming.ts). */
  private readonly kinesis: KinesisDelivery;

  get tables(): Map<string, Table> {
    return this.durable.state.tables;
  }

  get streams(): StreamStore {
    return this.durable.state.streams;
  }

  /** TransactWriteItems ClientRequestTokens within their idempotency window (engine/clientTokens). */
  get clientTokens(): ClientTokens {
    return this.durable.state.tokens;
  }

  /** Exports and imports by ARN (engine/transfers). */
  get transfers(): TransferStore {
    return this.durable.state.transfers;
  }

  /** Exports and imports still writing to S3 or reading from it. */
  readonly jobs = new Set<Promise<void>>();

  /** Runs an export's or import's work after its request is answered; close() waits for it. */
  startJob(work: () => Promise<void>): void {
    const job = Promise.resolve()
      .then(work)
      .catch((error: unknown) => this.options.logger.error(`dynamodb: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => this.jobs.delete(job));
    this.jobs.add(job);
  }

  /** Waits of running jobs, released at once by releaseJobWaits(). */
  private readonly jobWaits = new Set<() => void>();

  /** Resolves when the clock reaches `atMs`, or as soon as the service closes (an import's minimum duration). */
  waitForJobTime(atMs: number): Promise<void> {
    const left = atMs - this.options.clock.now();
    if (left <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        this.jobWaits.delete(release);
        timer.cancel();
        resolve();
      };
      const timer = this.options.clock.setTimeout(release, left);
      this.jobWaits.add(release);
    });
  }

  /** Ends every job's wait now (close: the jobs finish instead of holding the service open). */
  releaseJobWaits(): void {
    for (const release of [...this.jobWaits]) release();
  }

  /** Resolves once every export and import started so far has ended. */
  async settled(): Promise<void> {
    while (this.jobs.size > 0) await Promise.all([...this.jobs]);
  }

  /** On-demand backups by ARN (engine/backups). */
  get backups(): BackupStore {
    return this.durable.state.backups;
  }

  /**
   * Resolves once the change is durable (group-committed by the Store). The stream records
   * the change made are journaled in the same record.
   */
  commit(record: JournalRecord): Promise<void> {
    const appended = this.capture.attach(record);
    const kinesis = this.capture.takeKinesis();
    const done = this.durable.commit(record);
    if (appended) this.capture.announce(done, appended);
    if (kinesis) this.kinesis.deliver(done, kinesis);
    return done;
  }

  /** The named table (a table ARN is accepted too), or ResourceNotFoundException. */
  table(nameOrArn: string, options: { nameInMessage?: boolean } = {}): Table {
    const name = tableNameOf(nameOrArn);
    const table = this.tables.get(name);
    if (!table) {
      throw new ResourceNotFoundException(options.nameInMessage ? MESSAGES.tableNotFound(name) : MESSAGES.resourceNotFound);
    }
    return table;
  }

  /** Replaces a table's metadata durably (UpdateTable, tags, TTL). */
  async saveMeta(meta: TableMeta): Promise<void> {
    const record = { op: "updateTable", meta } as const;
    applyRecord(this.durable.state, record);
    await this.commit(record);
  }

  tableArn(name: string): string {
    return `arn:aws:dynamodb:${this.options.region}:${this.options.accountId}:table/${name}`;
  }

  /** Epoch seconds, as DynamoDB's JSON protocol sends dates. */
  nowSeconds(): number {
    return this.options.clock.now() / 1000;
  }

  createTable(input: CreateTableInput) {
    return createTable(this, input);
  }
  describeTable(input: { TableName: string }) {
    return describeTable(this, input);
  }
  listTables(input: ListTablesInput) {
    return listTables(this, input);
  }
  deleteTable(input: { TableName: string }) {
    return deleteTable(this, input);
  }
  updateTable(input: UpdateTableInput) {
    return updateTable(this, input);
  }
  putItem(input: PutItemInput) {
    return putItem(this, input);
  }
  getItem(input: GetItemInput) {
    return getItem(this, input);
  }
  updateItem(input: UpdateItemInput) {
    return updateItem(this, input);
  }
  deleteItem(input: DeleteItemInput) {
    return deleteItem(this, input);
  }
  query(input: QueryInput) {
    return query(this, input);
  }
  scan(input: ScanInput) {
    return inOlderLayer(() => scan(this, input));
  }
  batchGetItem(input: BatchGetItemInput) {
    return batchGetItem(this, input);
  }
  batchWriteItem(input: BatchWriteItemInput) {
    return inOlderLayer(() => batchWriteItem(this, input));
  }
  transactWriteItems(input: TransactWriteItemsInput) {
    return inOlderLayer(() => transactWriteItems(this, input));
  }
  transactGetItems(input: TransactGetItemsInput) {
    return inOlderLayer(() => transactGetItems(this, input));
  }
  executeStatement(input: ExecuteStatementInput) {
    return inOlderLayer(() => executeStatement(this, input));
  }
  batchExecuteStatement(input: BatchExecuteStatementInput) {
    return inOlderLayer(() => batchExecuteStatement(this, input));
  }
  executeTransaction(input: ExecuteTransactionInput) {
    return inOlderLayer(() => executeTransaction(this, input));
  }
  describeTimeToLive(input: { TableName: string }) {
    return describeTimeToLive(this, input);
  }
  updateTimeToLive(input: UpdateTimeToLiveInput) {
    return updateTimeToLive(this, input);
  }
  tagResource(input: TagResourceInput) {
    return tagResource(this, input);
  }
  untagResource(input: UntagResourceInput) {
    return untagResource(this, input);
  }
  listTagsOfResource(input: { ResourceArn: string; NextToken?: string }) {
    return listTagsOfResource(this, input);
  }
}

/** "arn:aws:dynamodb:us-east-1:000000000000:table/Music" → "Music". */
export function tableNameOf(nameOrArn: string): string {
  if (typeof nameOrArn !== "string" || !nameOrArn.startsWith("arn:")) return nameOrArn;
  const slash = nameOrArn.indexOf(":table/");
  if (slash < 0) return nameOrArn;
  const rest = nameOrArn.slice(slash + 7);
  const end = rest.indexOf("/");
  return end < 0 ? rest : rest.slice(0, end);
}
