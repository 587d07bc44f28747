/**
 * One table in memory: its metadata, a B-tree of items keyed by the encoded primary key
 * (ordered reads) with a hash map beside it (point reads and writes without a tree walk),
 * and one B-tree per secondary index, maintained on every write. Stored items are never
 * mutated: a write replaces the item object, so readers may hand items out uncopied.
 */
import { KeyValueException, MESSAGES, ValidationException } from "../errors.js";
import { MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from "../limits.js";
import { ItemJsonCache } from "./itemJson.js";
import { binaryLength, itemSize, utf8Length } from "./items.js";
import { KeyCodec, type KeyAttribute, type KeyType } from "./keys.js";
import { KeyTree } from "./keyTree.js";
import type {
  AttributeDefinition,
  BillingMode,
  KeySchemaElement,
  OnDemandThroughput,
  Projection,
  ProvisionedThroughputDescription,
  SSESpecification,
  StreamSpecification,
  Tag,
} from "./shapes.js";
import type { AttributeValue, Item, Key } from "./types.js";
import type { StoredPolicy } from "./resourcePolicy.js";
import type { WarmRaise, WarmUnits } from "./warmThroughput.js";

export type Tree = KeyTree<Entry>;

/**
 * A stored item with its DynamoDB size (and its Query/Scan page size, once computed).
 * The map, the tree and ALL-projection indexes share one Entry per item; overwriting an
 * item swaps `item` in place, so an overwrite costs no tree operation.
 */
export interface Entry {
  item: Item;
  size: number;
  page?: number;
  /** The item's wire JSON, once a read needed it (itemJson.ts). */
  json?: string;
}

/**
 * Every Entry has all four fields from the start: one object shape, and no property
 * store allocated later when a read caches the page size or the JSON.
 */
function newEntry(item: Item, size: number): Entry {
  return { item, size, page: undefined, json: undefined };
}

/** What is persisted of a secondary index. */
export interface IndexMeta {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  /** Global indexes only. */
  ProvisionedThroughput?: ProvisionedThroughputDescription;
  OnDemandThroughput?: OnDemandThroughput;
  /** A global index's highest warm throughput, and its latest raise (engine/warmThroughput.ts; DDB-TABLE-153/155). */
  WarmThroughputPeak?: WarmUnits;
  WarmThroughputRaise?: WarmRaise;
}

/** What is persisted of a table (its description without live counts). */
export interface TableMeta {
  TableName: string;
  TableId: string;
  TableArn: string;
  /** Epoch seconds, as DynamoDB's JSON protocol sends dates. */
  CreationDateTime: number;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode: BillingMode;
  /** Whether BillingModeSummary is described (the table was created or updated with a BillingMode). */
  BillingModeShown: boolean;
  LastUpdateToPayPerRequestDateTime?: number;
  ProvisionedThroughput: ProvisionedThroughputDescription;
  OnDemandThroughput?: OnDemandThroughput;
  /** The highest warm throughput the table has had: DynamoDB never lowers it (engine/describeTable.ts). */
  WarmThroughputPeak?: WarmUnits;
  /** UpdateTable's warm throughput raise in flight (engine/warmThroughput.ts). */
  WarmThroughputRaise?: WarmRaise;
  /** Clock time (ms) of the last deletion protection change (engine/deletionProtection.ts). */
  DeletionProtectionChangedAt?: number;
  /** Clock times (ms) of the TableClass changes within the limit's window (engine/tableClass.ts). */
  TableClassChanges?: number[];
  LocalSecondaryIndexes: IndexMeta[];
  GlobalSecondaryIndexes: IndexMeta[];
  StreamSpecification?: StreamSpecification;
  LatestStreamLabel?: string;
  SSESpecification?: SSESpecification;
  TableClass?: string;
  TableClassLastUpdate?: number;
  DeletionProtectionEnabled: boolean;
  Tags: Tag[];
  /** UpdateTimeToLive's specification (items are not expired yet). */
  TimeToLive?: { AttributeName: string; Enabled: boolean; /** Clock time (ms) of the last change. */ ChangedAt?: number };
  /** UpdateContinuousBackups' setting (engine/backups/continuousBackups.ts). */
  PointInTimeRecovery?: PointInTimeRecoveryMeta;
  /** Set on a table made by RestoreTableFromBackup or RestoreTableToPointInTime. */
  RestoreSummary?: { SourceBackupArn?: string; SourceTableArn: string; RestoreDateTime: number; RestoreInProgress: boolean };
  /** PutResourcePolicy's policy of the table (engine/resourcePolicy.ts). */
  ResourcePolicy?: StoredPolicy;
  /** PutResourcePolicy's policies of the table's streams, by stream label. */
  StreamResourcePolicies?: Record<string, StoredPolicy>;
  /** Clock times (ms) of the last policy change, "" for the table's slot, else the stream's label (engine/resourcePolicy.ts). */
  ResourcePolicyChangedAt?: Record<string, number>;
  /** UpdateContributorInsights' settings: "" for the table, else the global secondary index's name. */
  ContributorInsights?: Record<string, ContributorInsightsMeta>;
  /** EnableKinesisStreamingDestination's destinations, one per stream ARN (engine/kinesisStreaming.ts). */
  KinesisDestinations?: KinesisDestinationMeta[];
}

/** A Kinesis Data Streams destination; its status follows from the Clock (engine/kinesisStreaming.ts). */
export interface KinesisDestinationMeta {
  StreamArn: string;
  Enabled: boolean;
  /** The timestamp precision asked for (EnableKinesisStreamingConfiguration / UpdateKinesisStreamingConfiguration). */
  Precision?: "MILLISECOND" | "MICROSECOND";
  /** Set by UpdateKinesisStreamingDestination: the destination is UPDATING until the transition ends. */
  Updating?: boolean;
  /** Clock time (ms) of the last enable, disable or update. */
  ChangedAt: number;
}

/** A Contributor Insights setting; its status follows from the Clock (engine/contributorInsights.ts). */
export interface ContributorInsightsMeta {
  Enabled: boolean;
  /** Clock time (ms) of the last UpdateContributorInsights. */
  ChangedAt: number;
  /** Clock time (ms) the current rules were created: their names end with it. */
  CreatedAt: number;
}

export interface PointInTimeRecoveryMeta {
  Enabled: boolean;
  RecoveryPeriodInDays: number;
  /** Epoch seconds when recovery was last enabled. */
  EnabledAt: number;
}

function newTree(): Tree {
  return new KeyTree<Entry>();
}

function keyAttributes(schema: KeySchemaElement[], types: Map<string, KeyType>): [KeyAttribute, KeyAttribute | undefined] {
  const attribute = (e: KeySchemaElement): KeyAttribute => ({ name: e.AttributeName, type: types.get(e.AttributeName) ?? "S" });
  const hash = schema.find((e) => e.KeyType === "HASH") ?? schema[0];
  const range = schema.find((e) => e.KeyType === "RANGE");
  return [attribute(hash), range ? attribute(range) : undefined];
}

/** The codec of a key schema; a global index's may name several HASH and RANGE attributes. */
function codecOf(schema: KeySchemaElement[], types: Map<string, KeyType>): KeyCodec {
  const [hash, range] = keyAttributes(schema, types);
  const attribute = (e: KeySchemaElement): KeyAttribute => ({ name: e.AttributeName, type: types.get(e.AttributeName) ?? "S" });
  const hashes = schema.filter((e) => e.KeyType === "HASH").map(attribute);
  const ranges = schema.filter((e) => e.KeyType === "RANGE").map(attribute);
  if (hashes.length <= 1 && ranges.length <= 1) return new KeyCodec(hash, range);
  return new KeyCodec(hash, range, hashes, ranges);
}

export class SecondaryIndex {
  readonly name: string;
  readonly global: boolean;
  readonly arn: string;
  readonly codec: KeyCodec;
  readonly projectionType: "ALL" | "KEYS_ONLY" | "INCLUDE";
  /** Attributes a KEYS_ONLY/INCLUDE entry keeps (undefined for ALL). */
  readonly projected: ReadonlySet<string> | undefined;
  readonly tree: Tree = newTree();
  sizeBytes = 0;
  /** Every key attribute of the index (HASH ones first); made once, read on every write. */
  readonly keyAttributes: readonly KeyAttribute[];

  constructor(
    public meta: IndexMeta,
    global: boolean,
    table: { arn: string; types: Map<string, KeyType>; keySchema: KeySchemaElement[] },
  ) {
    this.name = meta.IndexName;
    this.global = global;
    this.arn = `${table.arn}/index/${meta.IndexName}`;
    this.codec = codecOf(meta.KeySchema, table.types);
    this.keyAttributes = [...this.codec.hashes, ...this.codec.ranges];
    this.projectionType = meta.Projection.ProjectionType ?? "ALL";
    if (this.projectionType === "ALL") {
      this.projected = undefined;
    } else {
      const names = new Set<string>([...meta.KeySchema, ...table.keySchema].map((e) => e.AttributeName));
      if (this.projectionType === "INCLUDE") for (const n of meta.Projection.NonKeyAttributes ?? []) names.add(n);
      this.projected = names;
    }
  }

  /** The entry this index holds for an item (ALL shares the item itself). */
  project(entry: Entry): Entry {
    const projected = this.projected;
    if (!projected) return entry;
    const item: Item = {};
    for (const name of projected) {
      const value = entry.item[name];
      if (value !== undefined) item[name] = value;
    }
    return newEntry(item, itemSize(item));
  }

  /** True when the item's index key values are valid key values (GSI backfill). */
  accepts(item: Item): boolean {
    const { hashes } = this.codec;
    for (const attribute of this.keyAttributes) {
      const value = item[attribute.name];
      if (value === undefined || attribute.type === "N") continue;
      const scalar = (value as Record<string, unknown>)[attribute.type];
      if (typeof scalar !== "string" || scalar === "") return false;
      const bytes = attribute.type === "S" ? utf8Length(scalar) : binaryLength(scalar);
      if (bytes > (hashes.includes(attribute) ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES)) return false;
    }
    return true;
  }

  /**
   * Index key: the index's own key, then `tail` = the item's primary-key hash (the order of
   * entries sharing an index key, as DynamoDB's) and the table key (to keep entries distinct).
   */
  keyOf(item: Item, tail: string): string | undefined {
    return this.codec.covers(item) ? this.codec.encode(item) + tail : undefined;
  }
}

/**
 * Told of every change `Table.write` stores (streams, TTL): the item before and after
 * (undefined when absent). Installed by the engine on live tables only, never during
 * recovery, so replayed journal records produce no new stream records.
 */
export type WriteObserver = (key: string, oldItem: Item | undefined, newItem: Item | undefined) => void;

export class Table {
  meta: TableMeta;
  readonly codec: KeyCodec;
  readonly types: Map<string, KeyType>;
  readonly tree: Tree = newTree();
  /** The same entries as `tree`, by key. */
  private readonly entries = new Map<string, Entry>();
  /** Wire JSON of entries that reads returned. */
  readonly jsonCache = new ItemJsonCache();
  sizeBytes = 0;
  indexes: SecondaryIndex[] = [];
  /** Key attribute names of the table (hash, then range). */
  readonly keyNames: string[];
  /** See WriteObserver; undefined on tables without a stream or TTL (the hot path pays nothing). */
  observer: WriteObserver | undefined = undefined;

  constructor(meta: TableMeta) {
    this.meta = meta;
    this.types = new Map(meta.AttributeDefinitions.map((d) => [d.AttributeName, d.AttributeType]));
    const [hash, range] = keyAttributes(meta.KeySchema, this.types);
    this.codec = new KeyCodec(hash, range);
    this.keyNames = range ? [hash.name, range.name] : [hash.name];
    this.indexes = [
      ...meta.LocalSecondaryIndexes.map((m) => this.makeIndex(m, false)),
      ...meta.GlobalSecondaryIndexes.map((m) => this.makeIndex(m, true)),
    ];
  }

  get name(): string {
    return this.meta.TableName;
  }

  private makeIndex(meta: IndexMeta, global: boolean): SecondaryIndex {
    return new SecondaryIndex(meta, global, { arn: this.meta.TableArn, types: this.types, keySchema: this.meta.KeySchema });
  }

  index(name: string): SecondaryIndex | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  /** Replaces the metadata (UpdateTable); indexes are added or dropped to match it. */
  setMeta(meta: TableMeta): void {
    this.meta = meta;
    for (const d of meta.AttributeDefinitions) this.types.set(d.AttributeName, d.AttributeType);
    const wanted = new Set(meta.GlobalSecondaryIndexes.map((m) => m.IndexName));
    this.indexes = this.indexes.filter((i) => !i.global || wanted.has(i.name));
    for (const m of meta.GlobalSecondaryIndexes) {
      const existing = this.index(m.IndexName);
      if (existing) {
        existing.meta = m;
        continue;
      }
      const index = this.makeIndex(m, true);
      // Backfill: items whose key value could not be an index key (empty, too long) are skipped.
      this.tree.forEachPair((key, entry) => {
        if (index.accepts(entry.item)) this.indexPut(index, key, entry);
      });
      this.indexes.push(index);
    }
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  get itemCount(): number {
    return this.entries.size;
  }

  /**
   * Stores `item` (or deletes when undefined) at `key`, where `old` is what `get(key)`
   * returned; keeps every index in step (an item leaves an index when it loses its key).
   */
  write(key: string, old: Entry | undefined, item: Item | undefined, size = item ? itemSize(item) : 0): void {
    const oldItem = old?.item;
    const oldSize = old ? old.size : 0;
    let entry: Entry | undefined;
    if (item) {
      if (old) {
        entry = old;
        this.jsonCache.release(entry);
        entry.item = item;
        entry.size = size;
        entry.page = undefined;
      } else {
        entry = newEntry(item, size);
        this.entries.set(key, entry);
        this.tree.set(key, entry);
      }
    } else if (old) {
      this.jsonCache.release(old);
      this.entries.delete(key);
      this.tree.delete(key);
    }
    this.sizeBytes += size - oldSize;
    if (this.indexes.length === 0) {
      if (this.observer !== undefined && (oldItem !== undefined || item !== undefined)) this.observer(key, oldItem, item);
      return;
    }
    const keyItem = oldItem ?? item;
    const tail = keyItem ? this.codec.itemHash(keyItem) + key : key;
    for (const index of this.indexes) {
      const oldKey = oldItem ? index.keyOf(oldItem, tail) : undefined;
      const newKey = entry ? index.keyOf(entry.item, tail) : undefined;
      // ALL-projection entries are the table's own (already updated in place).
      const shared = index.projected === undefined;
      if (oldKey !== undefined && oldKey !== newKey) {
        const previous = index.tree.get(oldKey);
        if (previous) {
          index.tree.delete(oldKey);
          index.sizeBytes -= shared ? oldSize : previous.size;
        }
      }
      if (entry && newKey !== undefined) {
        if (oldKey === newKey && shared) {
          index.sizeBytes += size - oldSize;
          continue;
        }
        const previous = oldKey === newKey ? index.tree.get(newKey) : undefined;
        const projected = index.project(entry);
        index.tree.set(newKey, projected);
        index.sizeBytes += projected.size - (previous ? previous.size : 0);
      }
    }
    if (this.observer !== undefined && (oldItem !== undefined || item !== undefined)) this.observer(key, oldItem, item);
  }

  private indexPut(index: SecondaryIndex, tableKey: string, entry: Entry): void {
    const key = index.keyOf(entry.item, this.codec.itemHash(entry.item) + tableKey);
    if (key === undefined) return;
    const projected = index.project(entry);
    index.tree.set(key, projected);
    index.sizeBytes += projected.size;
  }

  /** Checks an item's key attributes as PutItem does and returns its encoded key. */
  itemKey(item: Item): string {
    const { hash, range } = this.codec;
    this.checkItemKeyAttribute(item, hash, true);
    if (range) this.checkItemKeyAttribute(item, range, false);
    for (const index of this.indexes) {
      for (const attribute of index.keyAttributes) {
        const value = item[attribute.name];
        if (value === undefined) continue;
        const actual = typeOfValue(value);
        if (actual !== attribute.type) {
          throw new ValidationException(MESSAGES.indexKeyTypeMismatch(attribute.name, attribute.type, actual, index.name));
        }
        if (isEmptyScalar(value, attribute.type)) {
          throw new KeyValueException(MESSAGES.emptyIndexKeyValue(index.name, attribute.name, attribute.type === "B"));
        }
        if (attribute.type !== "N") {
          const bytes = attribute.type === "S" ? utf8Length((value as { S: string }).S) : binaryLength((value as { B: string }).B);
          const max = index.codec.hashes.includes(attribute) ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
          if (bytes > max) throw new KeyValueException(MESSAGES.indexKeyTooLong(attribute.name, bytes, max, index.name));
        }
      }
    }
    return this.codec.encode(item);
  }

  private checkItemKeyAttribute(item: Item, attribute: KeyAttribute, isHash: boolean): void {
    const value = item[attribute.name];
    if (value === undefined) throw new ValidationException(MESSAGES.missingKey(attribute.name));
    const actual = typeOfValue(value);
    if (actual !== attribute.type) {
      throw new ValidationException(MESSAGES.keyTypeMismatch(attribute.name, attribute.type, actual));
    }
    if (isEmptyScalar(value, attribute.type)) {
      throw new KeyValueException(MESSAGES.emptyKeyValueInItem(attribute.name, attribute.type === "B"));
    }
    checkKeySize(value, attribute.type, isHash);
  }

  /** Checks a Key parameter (exactly the key attributes) and returns its encoded key. */
  keyOf(key: Key): string {
    let count = 0;
    for (const _ in key) count++;
    if (count !== this.keyNames.length) throw new ValidationException(MESSAGES.keySchemaMismatch);
    checkKeyAttribute(key, this.codec.hash, true);
    if (this.codec.range) checkKeyAttribute(key, this.codec.range, false);
    return this.codec.encode(key);
  }

  /** The primary key attributes of an item. */
  keyAttributesOf(item: Item): Key {
    const key: Key = {};
    for (const name of this.keyNames) key[name] = item[name];
    return key;
  }
}

/** Checks one attribute of a Key parameter (GetItem, DeleteItem, ExclusiveStartKey, …). */
export function checkKeyAttribute(key: Key, attribute: KeyAttribute, isHash: boolean): void {
  const value = key[attribute.name];
  if (value === undefined || (value as Record<string, unknown>)[attribute.type] === undefined) {
    throw new ValidationException(MESSAGES.keySchemaMismatch);
  }
  if (isEmptyScalar(value, attribute.type)) {
    throw new KeyValueException(MESSAGES.emptyKeyValue(attribute.name, attribute.type === "B"));
  }
  checkKeySize(value, attribute.type, isHash);
}

function checkKeySize(value: AttributeValue, type: KeyType, isHash: boolean): void {
  if (type === "N") return;
  const bytes = type === "S" ? utf8Length((value as { S: string }).S) : binaryLength((value as { B: string }).B);
  if (isHash && bytes > MAX_PARTITION_KEY_BYTES) throw new KeyValueException(MESSAGES.hashKeyTooLong);
  if (!isHash && bytes > MAX_SORT_KEY_BYTES) throw new KeyValueException(MESSAGES.rangeKeyTooLong);
}

function isEmptyScalar(value: AttributeValue, type: KeyType): boolean {
  return type !== "N" && (value as Record<string, unknown>)[type] === "";
}

export function typeOfValue(value: AttributeValue): string {
  for (const type in value) return type;
  return "";
}
