import { randomUUID } from "node:crypto";
import { InvalidParameterException, ResourceNotFoundException } from "../errors.js";
import { LOG_GROUP_FIELDS_HALF_WINDOW_MS, LOG_GROUP_FIELDS_WINDOW_MS, MAX_DESCRIBE_QUERIES, MAX_KEPT_QUERIES, MAX_QUERY_RESULTS, QUERY_RUN_MS } from "../limits.js";
import type { LogsEngine } from "./engine.js";
import { parseQuery } from "./insights/parser.js";
import { buildRecord, buildRecords, type EventSource } from "./insights/records.js";
import { QueryRunner, type RunOutcome } from "./insights/runner.js";
import { checkQuery, runQuery, usesRegex, type QueryOutput, type ResultField } from "./insights/run.js";
import { page } from "./policies.js";
import { configOf, type LogGroup } from "./state.js";

type Input = Record<string, unknown>;
type QueryStatus = "Scheduled" | "Running" | "Complete" | "Failed" | "Cancelled" | "Timeout" | "Unknown";

interface Statistics {
  recordsMatched: number;
  recordsScanned: number;
  estimatedRecordsSkipped: number;
  bytesScanned: number;
  estimatedBytesSkipped: number;
  logGroupsScanned: number;
}

interface InsightsQuery {
  queryId: string;
  queryString: string;
  logGroupName: string;
  logGroupNames: string[];
  createTime: number;
  status: QueryStatus;
  results: ResultField[][];
  statistics: Statistics;
  /** Set while the query runs on the worker thread (a query with regular expressions). */
  running?: boolean;
}

interface QueryDefinition {
  queryDefinitionId: string;
  name: string;
  queryString: string;
  lastModified: number;
  logGroupNames?: string[];
  queryLanguage: string;
}

const ZERO_STATISTICS: Statistics = {
  recordsMatched: 0,
  recordsScanned: 0,
  estimatedRecordsSkipped: 0,
  bytesScanned: 0,
  estimatedBytesSkipped: 0,
  logGroupsScanned: 0,
};

/**
 * Logs Insights: StartQuery runs the query at once over the events it can see, but the
 * query still goes through AWS's lifecycle as a client polls — the first GetQueryResults
 * answers Running (no rows yet), the next Complete with the rows and statistics — or, unpolled,
 * is Complete a second after it started (DescribeQueries shows it so). A query with regular
 * expressions runs on a worker thread instead (runner.ts): Scheduled, then Running while it runs,
 * then Complete, or Timeout past its deadline.
 */
export class Queries {
  private readonly queries = new Map<string, InsightsQuery>();
  private readonly runner = new QueryRunner();

  constructor(private readonly engine: LogsEngine) {}

  startQuery(input: Input): Input {
    const groups = this.queryGroups(input);
    const startTime = input.startTime as number;
    const endTime = input.endTime as number;
    if (endTime < startTime) throw new InvalidParameterException("End time should not be before start time");
    const queryString = input.queryString as string;
    const query = parseQuery(queryString);
    checkQuery(query, queryString);
    // The query's own limit command wins over StartQuery's limit.
    const ownLimit = query.commands.some((c) => c.c === "limit");
    const limit = ownLimit ? MAX_QUERY_RESULTS : Math.min((input.limit as number | undefined) ?? MAX_QUERY_RESULTS, MAX_QUERY_RESULTS);
    const from = startTime * 1000;
    const to = endTime * 1000 + 999;
    const events: EventSource[] = [];
    let bytesScanned = 0;
    for (const group of groups) {
      for (const stream of group.streams.values()) {
        for (const event of stream.events) {
          if (event.timestamp < from || event.timestamp > to) continue;
          bytesScanned += Buffer.byteLength(event.message);
          events.push({
            accountId: this.engine.accountId,
            group: group.name,
            stream: stream.name,
            timestamp: event.timestamp,
            ingestionTime: event.ingestionTime,
            message: event.message,
            ptr: encodePointer(group.name, stream.name, event.seq),
          });
        }
      }
    }
    const inWorker = usesRegex(query);
    const output: QueryOutput = inWorker ? { results: [], recordsMatched: 0 } : runQuery(query, buildRecords(events), limit);
    const queryId = randomUUID();
    // Maps iterate in insertion order: the first key is the oldest query.
    if (this.queries.size >= MAX_KEPT_QUERIES) this.queries.delete(this.queries.keys().next().value ?? "");
    const sources = groups.map((g) => `"${g.name}"`).join(" ");
    const stored: InsightsQuery = {
      queryId,
      // DescribeQueries shows the query as AWS rewrote it: its source and time range in front.
      queryString: `SOURCE ${sources} START=${from} END=${to} | ${queryString}`,
      logGroupName: groups[0].name,
      logGroupNames: groups.map((g) => g.name),
      createTime: this.engine.now(),
      status: "Scheduled",
      results: output.results,
      statistics: {
        ...ZERO_STATISTICS,
        recordsMatched: output.recordsMatched,
        recordsScanned: events.length,
        bytesScanned,
        logGroupsScanned: groups.length,
      },
    };
    this.queries.set(queryId, stored);
    if (inWorker) {
      stored.running = true;
      void this.runner.run({ id: queryId, queryString, events, limit }, () => (stored.status = "Running")).then((outcome) => this.finish(stored, outcome));
    }
    return { queryId };
  }

  /** A worker's query ended: Complete with its rows, Timeout, or Failed; a stopped query stays Cancelled. */
  private finish(query: InsightsQuery, outcome: RunOutcome): void {
    query.running = false;
    if (query.status === "Cancelled") return;
    if (outcome.kind === "complete") {
      query.results = outcome.output.results;
      query.statistics.recordsMatched = outcome.output.recordsMatched;
      query.status = "Complete";
    } else {
      if (outcome.kind === "failed") this.engine.logger.warn(`Logs Insights query ${query.queryId} failed: ${outcome.message}`);
      query.status = outcome.kind === "timeout" ? "Timeout" : "Failed";
    }
  }

  /** Ends the queries running on the worker thread (the service is closing). */
  close(): void {
    this.runner.close();
  }

  /** logGroupName, logGroupNames or logGroupIdentifiers: each must exist. */
  private queryGroups(input: Input): LogGroup[] {
    const names = [
      ...(input.logGroupName !== undefined ? [input.logGroupName as string] : []),
      ...((input.logGroupNames as string[] | undefined) ?? []),
      ...((input.logGroupIdentifiers as string[] | undefined) ?? []),
    ];
    if (names.length === 0) {
      throw new InvalidParameterException("Please specify either logGroupNames or logGroupIdentifiers or a log group in the query string");
    }
    return names.map((given) => {
      // A null in the lists (the JSON deserializer lets it through) names no group.
      const id = typeof given === "string" ? given : String(given);
      const name = id.startsWith("arn:") ? id.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, "").replace(/:\*$/, "") : id;
      const group = this.engine.state.groups.get(name);
      if (!group) {
        throw new ResourceNotFoundException(
          `Log group '${name}' does not exist for account ID '${this.engine.accountId}' (Service: AWSLogs; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: ${randomUUID()}; Proxy: null)`,
        );
      }
      return group;
    });
  }

  private query(input: Input): InsightsQuery {
    const query = this.queries.get(input.queryId as string);
    if (!query) throw new ResourceNotFoundException("The specified query does not exist.");
    return query;
  }

  /** A query nobody polls still ends: QUERY_RUN_MS after it started, it is Complete. */
  private settle(query: InsightsQuery): void {
    if (query.running) return;
    if ((query.status === "Scheduled" || query.status === "Running") && this.engine.now() - query.createTime >= QUERY_RUN_MS) {
      query.status = "Complete";
    }
  }

  getQueryResults(input: Input): Input {
    const query = this.query(input);
    this.settle(query);
    // A query on the worker thread moves on by itself; the others advance as they are polled.
    if (!query.running && query.status === "Scheduled") query.status = "Running";
    else if (!query.running && query.status === "Running") query.status = "Complete";
    const done = query.status === "Complete";
    return {
      queryLanguage: "CWLI",
      results: done ? query.results : [],
      statistics: done ? query.statistics : ZERO_STATISTICS,
      status: query.status,
    };
  }

  listLogGroupsForQuery(input: Input): Input {
    const query = this.query(input);
    return { logGroupIdentifiers: query.logGroupNames.map((name) => this.engine.groupArn(name)) };
  }

  stopQuery(input: Input): Input {
    const query = this.query(input);
    this.settle(query);
    if (query.status !== "Scheduled" && query.status !== "Running") {
      throw new InvalidParameterException("The query you are trying to stop is not running.");
    }
    query.status = "Cancelled";
    if (query.running) this.runner.cancel(query.queryId);
    return { success: true };
  }

  describeQueries(input: Input): Input {
    const max = (input.maxResults as number | undefined) ?? MAX_DESCRIBE_QUERIES;
    for (const q of this.queries.values()) this.settle(q);
    const all = [...this.queries.values()]
      .filter((q) => input.logGroupName === undefined || q.logGroupName === input.logGroupName)
      .filter((q) => input.status === undefined || q.status === input.status)
      .sort((a, b) => b.createTime - a.createTime);
    const views = all.map((q) => ({
      queryLanguage: "CWLI",
      queryId: q.queryId,
      queryString: q.queryString,
      status: q.status,
      createTime: q.createTime,
      logGroupName: q.logGroupName,
    }));
    return page(views, input, "queries", max);
  }

  /**
   * The fields of the group's events with the share of events holding each: the 15 minutes up
   * to now, or the 8 minutes either side of `time` (GetLogGroupFields API reference).
   */
  getLogGroupFields(input: Input): Input {
    const group = this.engine.group(input);
    const centre = input.time !== undefined ? (input.time as number) * 1000 : undefined;
    const from = centre !== undefined ? centre - LOG_GROUP_FIELDS_HALF_WINDOW_MS : this.engine.now() - LOG_GROUP_FIELDS_WINDOW_MS;
    const to = centre !== undefined ? centre + LOG_GROUP_FIELDS_HALF_WINDOW_MS : this.engine.now();
    const counts = new Map<string, number>();
    let total = 0;
    for (const stream of group.streams.values()) {
      for (const event of stream.events) {
        if (event.timestamp > to || event.timestamp < from) continue;
        total++;
        const record = buildRecord({ accountId: this.engine.accountId, group: group.name, stream: stream.name, timestamp: event.timestamp, ingestionTime: event.ingestionTime, message: event.message, ptr: "" });
        record.delete("@ptr");
        for (const name of record.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
    return {
      logGroupFields: [...counts].map(([name, n]) => ({ name, percent: Math.round((n / total) * 100) })),
    };
  }

  /** Every field of one event, found by the @ptr an Insights row carries. */
  getLogRecord(input: Input): Input {
    const pointer = decodePointer(input.logRecordPointer as string);
    const stream = pointer && this.engine.state.groups.get(pointer.group)?.streams.get(pointer.stream);
    const event = pointer && stream ? stream.events.find((e) => e.seq === pointer.seq) : undefined;
    if (!pointer || !event) throw new ResourceNotFoundException("The specified log record does not exist.");
    const record = buildRecord({ accountId: this.engine.accountId, group: pointer.group, stream: pointer.stream, timestamp: event.timestamp, ingestionTime: event.ingestionTime, message: event.message, ptr: "" });
    record.delete("@ptr");
    const logRecord: Record<string, string> = {};
    for (const [name, value] of record) if (value !== undefined && value !== null) logRecord[name] = String(value);
    return { logRecord };
  }

  // ---- saved queries ----

  async putQueryDefinition(input: Input): Promise<Input> {
    const definitions = configOf<QueryDefinition>(this.engine.state, "queryDefinition");
    let id = input.queryDefinitionId as string | undefined;
    if (id !== undefined && !definitions.has(id)) throw queryDefinitionNotFound(id);
    id ??= randomUUID();
    const definition: QueryDefinition = {
      queryDefinitionId: id,
      name: input.name as string,
      queryString: input.queryString as string,
      lastModified: this.engine.now(),
      queryLanguage: (input.queryLanguage as string | undefined) ?? "CWLI",
      ...(input.logGroupNames !== undefined ? { logGroupNames: input.logGroupNames as string[] } : {}),
    };
    await this.engine.change({ t: "config", kind: "queryDefinition", key: id, value: definition });
    return { queryDefinitionId: id };
  }

  describeQueryDefinitions(input: Input): Input {
    const prefix = input.queryDefinitionNamePrefix as string | undefined;
    const max = (input.maxResults as number | undefined) ?? MAX_DESCRIBE_QUERIES;
    const all = [...configOf<QueryDefinition>(this.engine.state, "queryDefinition").values()]
      .filter((d) => prefix === undefined || d.name.startsWith(prefix))
      .filter((d) => input.queryLanguage === undefined || d.queryLanguage === input.queryLanguage)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return page(all, input, "queryDefinitions", max);
  }

  async deleteQueryDefinition(input: Input): Promise<Input> {
    const id = input.queryDefinitionId as string;
    if (!configOf(this.engine.state, "queryDefinition").has(id)) throw queryDefinitionNotFound(id);
    await this.engine.change({ t: "config", kind: "queryDefinition", key: id });
    return { success: true };
  }
}

function queryDefinitionNotFound(id: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`Query definition with id [${id}] does not exist.`);
}

/** @ptr: an opaque handle on one event (group, stream, sequence). */
function encodePointer(group: string, stream: string, seq: number): string {
  return Buffer.from(JSON.stringify([group, stream, seq])).toString("base64url");
}

function decodePointer(ptr: string): { group: string; stream: string; seq: number } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(ptr, "base64url").toString());
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string" && typeof value[2] === "number") {
      return { group: value[0], stream: value[1], seq: value[2] };
    }
  } catch {
    // not a pointer this sandbox made
  }
  return undefined;
}
