// Prepared DynamoDB wire requests (awsJson 1.0) for the load generator: the headers a real
// SDK sends, with a dummy SigV4 signature (no server here checks it, but each wants it present).

export const TABLE = "bench";
export const PRELOADED_ITEMS = 1000;
export const QUERY_PAGE = 100;
export const SCAN_PAGE = 100;
/** Partition "u" (sk 0…PRELOADED_ITEMS-1) is UpdateItem's, so Query and Scan pages never change. */
export const UPDATE_PARTITION = "u";
const PAYLOAD = "x".repeat(100);

export function headers(action) {
  return {
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": `DynamoDB_20120810.${action}`,
    "x-amz-date": "20260101T000000Z",
    authorization:
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, " +
      "SignedHeaders=content-type;host;x-amz-date;x-amz-target, " +
      `Signature=${"0".repeat(64)}`,
  };
}

/** One item of the preloaded partition "q" (sk 0…PRELOADED_ITEMS-1). */
export function item(pk, sk) {
  return {
    pk: { S: pk },
    sk: { N: String(sk) },
    parity: { S: sk % 2 === 0 ? "even" : "odd" },
    payload: { S: PAYLOAD },
  };
}

export const createTable = {
  TableName: TABLE,
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "N" },
  ],
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
  BillingMode: "PAY_PER_REQUEST",
};

export function putItemBody(n) {
  return JSON.stringify({ TableName: TABLE, Item: item(`put-${n}`, n) });
}

export function getItemBody(sk) {
  return JSON.stringify({ TableName: TABLE, Key: { pk: { S: "q" }, sk: { N: String(sk) } } });
}

/** A page of QUERY_PAGE items from a random start, keeping the even half. */
export function queryBody(start) {
  return JSON.stringify({
    TableName: TABLE,
    KeyConditionExpression: "pk = :pk AND sk >= :start",
    FilterExpression: "parity = :even",
    ExpressionAttributeValues: { ":pk": { S: "q" }, ":start": { N: String(start) }, ":even": { S: "even" } },
    Limit: QUERY_PAGE,
  });
}

/**
 * A counter bump on a random preloaded item of partition "u", guarded by a condition that
 * holds (the item exists and has the parity its sk gives it), returning the new counter.
 */
export function updateItemBody(sk) {
  return JSON.stringify({
    TableName: TABLE,
    Key: { pk: { S: UPDATE_PARTITION }, sk: { N: String(sk) } },
    UpdateExpression: "SET #hits = if_not_exists(#hits, :zero) + :one",
    ConditionExpression: "attribute_exists(pk) AND parity = :parity",
    ExpressionAttributeNames: { "#hits": "hits" },
    ExpressionAttributeValues: { ":zero": { N: "0" }, ":one": { N: "1" }, ":parity": { S: sk % 2 === 0 ? "even" : "odd" } },
    ReturnValues: "UPDATED_NEW",
  });
}

/**
 * A page of SCAN_PAGE items after a random preloaded item of partition "q": Scan walks a
 * partition in sort-key order, so the page stays inside "q" while start ≤ PRELOADED_ITEMS - SCAN_PAGE - 1.
 */
export function scanBody(start) {
  return JSON.stringify({
    TableName: TABLE,
    ExclusiveStartKey: { pk: { S: "q" }, sk: { N: String(start) } },
    Limit: SCAN_PAGE,
  });
}

/** Sends one request with fetch; throws on a non-2xx answer. */
export async function call(endpoint, action, input) {
  const res = await fetch(endpoint, { method: "POST", headers: headers(action), body: JSON.stringify(input) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${action} → ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Creates the bench table, waits until ACTIVE and loads partitions "q" and "u". */
export async function prepareTable(endpoint) {
  await call(endpoint, "CreateTable", createTable);
  for (let i = 0; i < 100; i++) {
    const { Table } = await call(endpoint, "DescribeTable", { TableName: TABLE });
    if (Table.TableStatus === "ACTIVE") break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const BATCH = 25; // BatchWriteItem takes at most 25 requests
  for (const pk of ["q", UPDATE_PARTITION]) {
    for (let start = 0; start < PRELOADED_ITEMS; start += BATCH) {
      const requests = [];
      for (let sk = start; sk < Math.min(start + BATCH, PRELOADED_ITEMS); sk++) {
        requests.push({ PutRequest: { Item: item(pk, sk) } });
      }
      const out = await call(endpoint, "BatchWriteItem", { RequestItems: { [TABLE]: requests } });
      if (Object.keys(out.UnprocessedItems ?? {}).length > 0) throw new Error("BatchWriteItem left items unprocessed");
    }
  }
}

/** Checks that each operation answers correctly before it is measured. */
export async function checkAnswers(endpoint) {
  await call(endpoint, "PutItem", JSON.parse(putItemBody(-1)));
  const got = await call(endpoint, "GetItem", JSON.parse(getItemBody(7)));
  if (got.Item?.sk?.N !== "7") throw new Error(`GetItem answered ${JSON.stringify(got)}`);
  const page = await call(endpoint, "Query", JSON.parse(queryBody(10)));
  if (page.ScannedCount !== QUERY_PAGE || page.Count !== QUERY_PAGE / 2 || page.LastEvaluatedKey === undefined) {
    throw new Error(`Query answered Count ${page.Count}, ScannedCount ${page.ScannedCount}`);
  }
  const updated = await call(endpoint, "UpdateItem", JSON.parse(updateItemBody(7)));
  if (updated.Attributes?.hits?.N === undefined) throw new Error(`UpdateItem answered ${JSON.stringify(updated)}`);
  const scanned = await call(endpoint, "Scan", JSON.parse(scanBody(10)));
  if (scanned.Count !== SCAN_PAGE || scanned.Items.some((i) => i.pk.S !== "q" || Number(i.sk.N) <= 10)) {
    throw new Error(`Scan answered Count ${scanned.Count}, first ${JSON.stringify(scanned.Items?.[0])}`);
  }
}
