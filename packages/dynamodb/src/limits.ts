/**
 * DynamoDB's limits, each with the AWS page it comes from.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */

/** Maximum item size, attribute names included (ServiceQuotas: "Item size"). */
export const MAX_ITEM_SIZE_BYTES = 400 * 1024;

/** Partition key value length (ServiceQuotas: "Partition key length"). */
export const MAX_PARTITION_KEY_BYTES = 2048;

/** Sort key value length (ServiceQuotas: "Sort key length"). */
export const MAX_SORT_KEY_BYTES = 1024;

/** A Query or Scan page stops once it has read 1 MB (API_Query: "Limit"). */
export const MAX_PAGE_BYTES = 1024 * 1024;

/** BatchGetItem: up to 100 items (API_BatchGetItem). */
export const MAX_BATCH_GET_KEYS = 100;

/** BatchGetItem: up to 16 MB of data (API_BatchGetItem). */
export const MAX_BATCH_GET_BYTES = 16 * 1024 * 1024;

/** BatchWriteItem: up to 25 put or delete requests (API_BatchWriteItem). */
export const MAX_BATCH_WRITE_REQUESTS = 25;

/** TransactWriteItems: aggregate item size up to 4 MB (API_TransactWriteItems). */
export const MAX_TRANSACT_BYTES = 4 * 1024 * 1024;

/** Global secondary indexes per table (ServiceQuotas: "Secondary indexes"). */
export const MAX_GLOBAL_SECONDARY_INDEXES = 20;

/** Local secondary indexes per table (ServiceQuotas: "Secondary indexes"). */
export const MAX_LOCAL_SECONDARY_INDEXES = 5;

/** ListTables: Limit is 1..100 and defaults to 100 (API_ListTables). */
export const MAX_LIST_TABLES_LIMIT = 100;

/** ProvisionedThroughput units above this are "out of bounds" (recorded by dynalite). */
export const MAX_CAPACITY_UNITS = 1_000_000_000_000;
