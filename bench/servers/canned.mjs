// Child process: the physical limit. A node:http server that reads each request and returns a
// canned answer of the right shape, chosen by X-Amz-Target (DynamoDB) or fixed (API).
// It receives {mode: "dynamodb"} or {mode: "api", body} and sends {url} when listening.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { crc32 } from "node:zlib";
import { item, QUERY_PAGE, SCAN_PAGE } from "../lib/dynamodb-requests.mjs";

function dynamodbAnswers() {
  const page = [];
  for (let sk = 10; sk < 10 + QUERY_PAGE; sk += 2) page.push(item("q", sk));
  const scanned = [];
  for (let sk = 11; sk <= 10 + SCAN_PAGE; sk++) scanned.push(item("q", sk));
  const bodies = {
    "DynamoDB_20120810.PutItem": {},
    "DynamoDB_20120810.GetItem": { Item: item("q", 7) },
    "DynamoDB_20120810.Query": {
      Count: page.length,
      Items: page,
      LastEvaluatedKey: { pk: { S: "q" }, sk: { N: String(9 + QUERY_PAGE) } },
      ScannedCount: QUERY_PAGE,
    },
    "DynamoDB_20120810.UpdateItem": { Attributes: { hits: { N: "1" } } },
    "DynamoDB_20120810.Scan": {
      Count: scanned.length,
      Items: scanned,
      LastEvaluatedKey: { pk: { S: "q" }, sk: { N: String(10 + SCAN_PAGE) } },
      ScannedCount: scanned.length,
    },
  };
  const answers = new Map();
  for (const [target, body] of Object.entries(bodies)) {
    const text = Buffer.from(JSON.stringify(body));
    answers.set(target, { body: text, crc: String(crc32(text)) });
  }
  return answers;
}

process.once("message", ({ mode, body }) => {
  const answers = mode === "dynamodb" ? dynamodbAnswers() : undefined;
  const apiBody = Buffer.from(body ?? "");
  const server = createServer((req, res) => {
    req.on("data", () => {});
    req.on("end", () => {
      if (answers) {
        const answer = answers.get(req.headers["x-amz-target"]);
        if (!answer) {
          res.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
          res.end('{"__type":"com.amazon.coral.service#UnknownOperationException"}');
          return;
        }
        res.writeHead(200, {
          "content-type": "application/x-amz-json-1.0",
          "x-amzn-requestid": randomUUID(),
          "x-amz-crc32": answer.crc,
          "content-length": answer.body.length,
        });
        res.end(answer.body);
      } else {
        res.writeHead(200, {
          "content-type": "application/json",
          "apigw-requestid": randomUUID(),
          "content-length": apiBody.length,
        });
        res.end(apiBody);
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, "127.0.0.1", () => process.send({ url: `http://127.0.0.1:${server.address().port}` }));
});
process.on("disconnect", () => process.exit(0));
