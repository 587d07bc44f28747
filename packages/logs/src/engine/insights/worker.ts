/**
 * The worker thread Logs Insights queries with regular expressions run on (see runner.ts): it
 * parses the query again, builds the records and runs the query, off the sandbox's main thread.
 */
import { parentPort } from "node:worker_threads";
import { parseQuery } from "./parser.js";
import { buildRecords } from "./records.js";
import { runQuery } from "./run.js";
import type { WorkerReply, WorkerRequest } from "./runner.js";

parentPort?.on("message", (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, output: runQuery(parseQuery(request.queryString), buildRecords(request.events), request.limit) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
