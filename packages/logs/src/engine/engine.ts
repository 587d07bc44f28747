import type { Clock, DurableState, LambdaInvoker, Logger } from "@sam-sandbox/core";
import { InvalidParameterException, ValidationException, groupExists, groupNotFound, streamExists, streamNotFound } from "../errors.js";
import {
  EVENT_OVERHEAD_BYTES,
  MAX_DESCRIBE_LIMIT,
  MAX_EVENTS_PER_PAGE,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_FUTURE_MS,
  MAX_PUT_EVENTS,
  RETENTION_DAYS,
} from "../limits.js";
import { compileFilterPattern } from "./filterPattern.js";
import { Anomalies } from "./anomalies.js";
import { Deliveries } from "./deliveries.js";
import { ExportTasks, type ExportTarget } from "./exportTasks.js";
import { MetricFilters } from "./metricFilters.js";
import { Policies } from "./policies.js";
import { Queries } from "./queries.js";
import { applyRecord, configOf, eventId, GROUP_KEY_SEPARATOR, type LogGroup, type LogStream, type LogsRecord, type LogsState, type StoredEvent } from "./state.js";
import { Subscriptions, type StreamTarget } from "./subscriptions.js";
import { LiveTail } from "./liveTail.js";

type Input = Record<string, unknown>;

const DAY_MS = 24 * 3600 * 1000;

/** CloudWatch Logs behaviour: one method per AWS action, JSON in, JSON out. */
export class LogsEngine {
  /** Logs Insights (StartQuery, GetQueryResults, query definitions, GetLogRecord). */
  readonly queries: Queries;
  readonly metricFilters: MetricFilters;
  /** Subscription filters; those with a Lambda destination deliver through the invoker. */
  readonly subscriptions: Subscriptions;
  /** Stored configuration: resource/account policies, destinations, KMS, data protection, indexes, transformers. */
  readonly policies: Policies;
  readonly anomalies: Anomalies;
  readonly deliveries: Deliveries;
  readonly exportTasks: ExportTasks;
  /** StartLiveTail sessions, fed as events are ingested. */
  readonly liveTail: LiveTail;

  constructor(
    private readonly durable: DurableState<LogsState, LogsRecord>,
    readonly clock: Clock,
    readonly region: string,
    readonly accountId: string,
    readonly logger: Logger,
    invoker?: LambdaInvoker,
    timers: Clock = clock,
    exportTarget?: ExportTarget,
    streams?: StreamTarget,
  ) {
    this.queries = new Queries(this);
    this.metricFilters = new MetricFilters(this);
    this.subscriptions = new Subscriptions(this, invoker, timers, streams);
    this.policies = new Policies(this);
    this.anomalies = new Anomalies(this);
    this.deliveries = new Deliveries(this);
    this.exportTasks = new ExportTasks(this, exportTarget);
    this.liveTail = new LiveTail(this, timers);
  }

  get state(): LogsState {
    return this.durable.state;
  }

  now(): number {
    return this.clock.now();
  }

  async change(record: LogsRecord): Promise<void> {
    applyRecord(this.state, record);
    await this.durable.commit(record);
  }

  groupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`;
  }

  /** logGroupIdentifier may be a name or an ARN. */
  group(input: Input): LogGroup {
    const id = (input.logGroupIdentifier ?? input.logGroupName) as string | undefined;
    if (input.logGroupIdentifier !== undefined && input.logGroupName !== undefined) {
      // ValidationException, not InvalidParameterException (recorded: localstack test_logs_streams.snapshot.json).
      throw new ValidationException("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
    }
    if (id === undefined) throw new InvalidParameterException("Either the logGroupName or the logGroupIdentifier parameter must be provided.");
    const name = id.startsWith("arn:") ? id.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, "").replace(/:\*$/, "") : id;
    this.expire(name);
    const group = this.state.groups.get(name);
    if (!group) throw groupNotFound();
    return group;
  }

  private stream(group: LogGroup, name: string): LogStream {
    const stream = group.streams.get(name);
    if (!stream) throw streamNotFound();
    return stream;
  }

  /** Drops events older than the group's retention (read through the Clock). */
  private expire(name: string): void {
    const group = this.state.groups.get(name);
    if (!group?.retentionInDays) return;
    const cutoff = this.clock.now() - group.retentionInDays * DAY_MS;
    for (const stream of group.streams.values()) {
      const firstKept = stream.events.findIndex((e) => e.timestamp >= cutoff);
      if (firstKept > 0) stream.events.splice(0, firstKept);
      else if (firstKept < 0) stream.events.length = 0;
    }
  }

  async createLogGroup(input: Input): Promise<Input> {
    const name = input.logGroupName as string;
    if (this.state.groups.has(name)) throw groupExists();
    await this.change({
      t: "createGroup",
      name,
      time: this.clock.now(),
      logGroupClass: (input.logGroupClass as string | undefined) ?? "STANDARD",
      tags: (input.tags as Record<string, string> | undefined) ?? {},
    });
    // DescribeLogGroups then shows the key (localstack test_logs_groups.snapshot.json, test_create_log_group_with_kms_key, recorded).
    if (typeof input.kmsKeyId === "string") await this.change({ t: "config", kind: "kmsKey", key: name + GROUP_KEY_SEPARATOR, value: input.kmsKeyId });
    return {};
  }

  async deleteLogGroup(input: Input): Promise<Input> {
    const group = this.group(input);
    await this.change({ t: "deleteGroup", name: group.name });
    return {};
  }

  async createLogStream(input: Input): Promise<Input> {
    const group = this.group(input);
    const name = input.logStreamName as string;
    if (group.streams.has(name)) throw streamExists();
    await this.change({ t: "createStream", group: group.name, name, time: this.clock.now() });
    return {};
  }

  async deleteLogStream(input: Input): Promise<Input> {
    const group = this.group(input);
    this.stream(group, input.logStreamName as string);
    await this.change({ t: "deleteStream", group: group.name, name: input.logStreamName as string });
    return {};
  }

  describeLogGroups(input: Input): Input {
    const limit = Math.min((input.limit as number | undefined) ?? MAX_DESCRIBE_LIMIT, MAX_DESCRIBE_LIMIT);
    const prefix = input.logGroupNamePrefix as string | undefined;
    const pattern = input.logGroupNamePattern as string | undefined;
    if (prefix !== undefined && pattern !== undefined) {
      throw new InvalidParameterException("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
    }
    const after = input.nextToken as string | undefined;
    const names = [...this.state.groups.keys()]
      .filter((n) => (prefix === undefined || n.startsWith(prefix)) && (pattern === undefined || n.toLowerCase().includes(pattern.toLowerCase())))
      .filter((n) => (input.logGroupClass === undefined ? true : this.state.groups.get(n)?.logGroupClass === input.logGroupClass))
      .sort();
    const start = after ? names.findIndex((n) => n > decodeToken(after)) : 0;
    const page = start < 0 ? [] : names.slice(start, start + limit);
    const more = start >= 0 && start + limit < names.length;
    return {
      logGroups: page.map((n) => this.describeGroup(n, pattern !== undefined)),
      ...(more ? { nextToken: encodeToken(page[page.length - 1]) } : {}),
    };
  }

  /**
   * ListLogGroups (newer than the model in ../shared/aws-models, so unchecked by it): each group's
   * LogGroupSummary, by name pattern and class (AWS API reference, ListLogGroups; no match answers
   * `{"logGroups": []}`, localstack test_logs_groups.snapshot.json, recorded).
   */
  listLogGroups(input: Input): Input {
    const { logGroups, nextToken } = this.describeLogGroups({
      ...(typeof input.logGroupNamePattern === "string" ? { logGroupNamePattern: input.logGroupNamePattern } : {}),
      ...(typeof input.logGroupClass === "string" ? { logGroupClass: input.logGroupClass } : {}),
      ...(typeof input.limit === "number" ? { limit: input.limit } : {}),
      ...(typeof input.nextToken === "string" ? { nextToken: input.nextToken } : {}),
    }) as { logGroups: Input[]; nextToken?: string };
    return {
      logGroups: logGroups.map((g) => ({ logGroupName: g.logGroupName, logGroupArn: g.logGroupArn, logGroupClass: g.logGroupClass })),
      ...(nextToken !== undefined ? { nextToken } : {}),
    };
  }

  /** `byPattern`: a logGroupNamePattern search shows no storedBytes or deletion protection (recorded: localstack test_logs_groups.snapshot.json). */
  private describeGroup(name: string, byPattern = false): Input {
    this.expire(name);
    const group = this.state.groups.get(name) as LogGroup;
    let storedBytes = 0;
    for (const s of group.streams.values()) storedBytes += s.storedBytes;
    const out: Input = {
      logGroupName: group.name,
      creationTime: group.creationTime,
      ...(group.retentionInDays ? { retentionInDays: group.retentionInDays } : {}),
      metricFilterCount: [...configOf(this.state, "metricFilter").keys()].filter((k) => k.startsWith(group.name + GROUP_KEY_SEPARATOR)).length,
      arn: `${this.groupArn(group.name)}:*`,
      storedBytes,
      logGroupClass: group.logGroupClass,
      logGroupArn: this.groupArn(group.name),
      // Recorded on AWS (localstack test_logs_groups.snapshot.json); deletion protection itself is not emulated.
      deletionProtectionEnabled: false,
      ...this.groupSettings(group.name),
    };
    if (byPattern) {
      delete out.storedBytes;
      delete out.deletionProtectionEnabled;
    }
    return out;
  }

  /** What AssociateKmsKey and PutDataProtectionPolicy add to DescribeLogGroups. */
  private groupSettings(name: string): Input {
    const key = name + GROUP_KEY_SEPARATOR;
    const kmsKeyId = configOf<string>(this.state, "kmsKey").get(key);
    return {
      ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
      ...(configOf(this.state, "dataProtectionPolicy").has(key) ? { dataProtectionStatus: "ACTIVATED" } : {}),
    };
  }

  describeLogStreams(input: Input): Input {
    const group = this.group(input);
    const limit = Math.min((input.limit as number | undefined) ?? MAX_DESCRIBE_LIMIT, MAX_DESCRIBE_LIMIT);
    const orderBy = (input.orderBy as string | undefined) ?? "LogStreamName";
    const prefix = input.logStreamNamePrefix as string | undefined;
    if (prefix !== undefined && orderBy === "LastEventTime") {
      throw new InvalidParameterException("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    let streams = [...group.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
    streams.sort((a, b) =>
      orderBy === "LastEventTime" ? lastTime(a) - lastTime(b) || cmp(a.name, b.name) : cmp(a.name, b.name),
    );
    if (input.descending === true) streams.reverse();
    const offset = input.nextToken ? Number(decodeToken(input.nextToken as string)) || 0 : 0;
    const page = streams.slice(offset, offset + limit);
    streams = page;
    const more = offset + limit < group.streams.size && page.length === limit;
    return {
      logStreams: streams.map((s) => ({
        logStreamName: s.name,
        creationTime: s.creationTime,
        ...(s.events.length > 0
          ? {
              firstEventTimestamp: s.events[0].timestamp,
              lastEventTimestamp: s.events[s.events.length - 1].timestamp,
              lastIngestionTime: Math.max(...s.events.slice(-50).map((e) => e.ingestionTime)),
            }
          : {}),
        // A stream nothing was written to has no upload sequence token (recorded: localstack test_logs_streams.snapshot.json).
        ...(s.events.length > 0 ? { uploadSequenceToken: String(s.nextSeq).padStart(56, "4") } : {}),
        arn: `${this.groupArn(group.name)}:log-stream:${s.name}`,
        storedBytes: 0,
      })),
      ...(more ? { nextToken: encodeToken(String(offset + limit)) } : {}),
    };
  }

  async putLogEvents(input: Input): Promise<Input> {
    const group = this.group(input);
    const stream = this.stream(group, input.logStreamName as string);
    const events = (input.logEvents as Array<{ timestamp: number; message: string }>) ?? [];
    if (events.length > MAX_PUT_EVENTS) throw new InvalidParameterException(`Log event batch size cannot exceed ${MAX_PUT_EVENTS}`);
    let bytes = 0;
    for (let i = 0; i < events.length; i++) {
      bytes += Buffer.byteLength(events[i].message) + EVENT_OVERHEAD_BYTES;
      if (i > 0 && events[i].timestamp < events[i - 1].timestamp) {
        throw new InvalidParameterException("Log events in a single PutLogEvents request must be in chronological order.");
      }
    }
    if (bytes > 1_048_576) throw new InvalidParameterException("Upload too large: " + bytes + " bytes exceeds limit of 1048576");
    const now = this.clock.now();
    const cutoffOld = now - (group.retentionInDays ? Math.min(group.retentionInDays * DAY_MS, MAX_EVENT_AGE_MS) : MAX_EVENT_AGE_MS);
    const cutoffNew = now + MAX_EVENT_FUTURE_MS;
    let tooOldEnd = -1;
    let tooNewStart = -1;
    const accepted: Array<{ timestamp: number; message: string; ingestionTime: number }> = [];
    events.forEach((e, i) => {
      if (e.timestamp < cutoffOld) tooOldEnd = i + 1;
      else if (e.timestamp > cutoffNew) {
        if (tooNewStart < 0) tooNewStart = i;
      } else accepted.push({ timestamp: e.timestamp, message: e.message, ingestionTime: now });
    });
    if (accepted.length > 0) {
      const firstSeq = stream.nextSeq;
      await this.change({ t: "events", group: group.name, stream: stream.name, events: accepted });
      // Another PutLogEvents may append to the stream while this one is persisted: only this call's events.
      const endSeq = firstSeq + accepted.length;
      this.subscriptions.deliver(group, stream, firstSeq, endSeq);
      this.liveTail.deliver(group, stream, firstSeq, endSeq);
    }
    const rejected: Input = {};
    if (tooOldEnd >= 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
    if (tooNewStart >= 0) rejected.tooNewLogEventStartIndex = tooNewStart;
    return {
      nextSequenceToken: String(stream.nextSeq).padStart(56, "4"),
      ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
    };
  }

  getLogEvents(input: Input): Input {
    const group = this.group(input);
    const stream = this.stream(group, input.logStreamName as string);
    const limit = Math.min((input.limit as number | undefined) ?? MAX_EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE);
    const inRange = stream.events.filter(
      (e) =>
        (input.startTime === undefined || e.timestamp >= (input.startTime as number)) &&
        (input.endTime === undefined || e.timestamp < (input.endTime as number)),
    );
    const token = input.nextToken as string | undefined;
    let page: StoredEvent[];
    let forward: boolean;
    if (token) {
      const m = /^([fb])\/(\d+)$/.exec(token);
      if (!m) throw new InvalidParameterException("The specified nextToken is invalid.");
      const seq = Number(m[2]);
      forward = m[1] === "f";
      if (forward) page = inRange.filter((e) => e.seq >= seq).slice(0, limit);
      else page = inRange.filter((e) => e.seq < seq).slice(-limit);
      if (page.length === 0) return { events: [], nextForwardToken: token, nextBackwardToken: token.replace(/^f/, "b") };
    } else {
      forward = input.startFromHead === true;
      page = forward ? inRange.slice(0, limit) : inRange.slice(-limit);
    }
    const first = page[0]?.seq ?? stream.nextSeq;
    const last = page.length > 0 ? page[page.length - 1].seq + 1 : stream.nextSeq;
    return {
      events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
      nextForwardToken: `f/${String(last).padStart(56, "0")}`,
      nextBackwardToken: `b/${String(first).padStart(56, "0")}`,
    };
  }

  filterLogEvents(input: Input): Input {
    const group = this.group(input);
    const names = input.logStreamNames as string[] | undefined;
    const prefix = input.logStreamNamePrefix as string | undefined;
    if (names !== undefined && prefix !== undefined) {
      throw new InvalidParameterException("logStreamNames and logStreamNamePrefix are mutually exclusive");
    }
    const match = compileFilterPattern(input.filterPattern as string | undefined);
    const limit = Math.min((input.limit as number | undefined) ?? MAX_EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE);
    const streams = [...group.streams.values()].filter(
      (s) => (names === undefined || names.includes(s.name)) && (prefix === undefined || s.name.startsWith(prefix)),
    );
    const after = input.nextToken ? decodeToken(input.nextToken as string) : undefined;
    const found: Array<{ stream: string; event: StoredEvent; id: string }> = [];
    for (const stream of streams) {
      const streamIndex = [...group.streams.keys()].indexOf(stream.name);
      for (const event of stream.events) {
        if (input.startTime !== undefined && event.timestamp < (input.startTime as number)) continue;
        if (input.endTime !== undefined && event.timestamp > (input.endTime as number)) continue;
        if (!match(event.message)) continue;
        found.push({ stream: stream.name, event, id: eventId(event, streamIndex) });
      }
    }
    found.sort((a, b) => a.event.timestamp - b.event.timestamp || cmp(a.id, b.id));
    const start = after ? found.findIndex((f) => f.id > after && f.event.timestamp >= 0) : 0;
    const page = start < 0 ? [] : found.slice(start, start + limit);
    const more = start >= 0 && start + limit < found.length;
    return {
      events: page.map((f) => ({
        logStreamName: f.stream,
        timestamp: f.event.timestamp,
        message: f.event.message,
        ingestionTime: f.event.ingestionTime,
        eventId: f.id,
      })),
      // "As of May 15, 2020, this parameter is no longer supported. This parameter returns an empty list." (FilterLogEvents reference)
      searchedLogStreams: [],
      ...(more ? { nextToken: encodeToken(page[page.length - 1].id) } : {}),
    };
  }

  async putRetentionPolicy(input: Input): Promise<Input> {
    const days = input.retentionInDays as number;
    // An input constraint ("1 validation error detected"): checked before the log group is looked up.
    if (!RETENTION_DAYS.includes(days)) {
      throw new InvalidParameterException(
        `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(", ")}]`,
      );
    }
    const group = this.group(input);
    await this.change({ t: "retention", group: group.name, days });
    return {};
  }

  async deleteRetentionPolicy(input: Input): Promise<Input> {
    const group = this.group(input);
    await this.change({ t: "retention", group: group.name });
    return {};
  }

  async tagResource(input: Input): Promise<Input> {
    if (isDestinationArn(input.resourceArn)) {
      await this.policies.tagDestination(input.resourceArn, input.tags as Record<string, string>, []);
      return {};
    }
    if (isAnomalyDetectorArn(input.resourceArn)) {
      await this.anomalies.tagDetector(input.resourceArn, input.tags as Record<string, string>, []);
      return {};
    }
    if (await this.deliveries.tag(String(input.resourceArn), input.tags as Record<string, string>, [])) return {};
    const group = this.group({ logGroupIdentifier: input.resourceArn });
    await this.change({ t: "tags", group: group.name, tags: input.tags as Record<string, string>, remove: [] });
    return {};
  }

  async untagResource(input: Input): Promise<Input> {
    if (isDestinationArn(input.resourceArn)) {
      await this.policies.tagDestination(input.resourceArn, {}, input.tagKeys as string[]);
      return {};
    }
    if (isAnomalyDetectorArn(input.resourceArn)) {
      await this.anomalies.tagDetector(input.resourceArn, {}, input.tagKeys as string[]);
      return {};
    }
    if (await this.deliveries.tag(String(input.resourceArn), {}, input.tagKeys as string[])) return {};
    const group = this.group({ logGroupIdentifier: input.resourceArn });
    await this.change({ t: "tags", group: group.name, tags: {}, remove: input.tagKeys as string[] });
    return {};
  }

  listTagsForResource(input: Input): Input {
    if (isDestinationArn(input.resourceArn)) return { tags: this.policies.destinationTags(input.resourceArn).tags };
    if (isAnomalyDetectorArn(input.resourceArn)) return { tags: this.anomalies.detectorTags(input.resourceArn) };
    // Anomaly detectors and delivery sources, destinations and deliveries take tags when created and
    // are read back by ARN too (Terraform's aws_cloudwatch_log_anomaly_detector and _delivery_* read
    // their tags so from AWS), though the ListTagsForResource reference names only groups and destinations.
    const delivery = this.deliveries.taggable(String(input.resourceArn));
    if (delivery) return { tags: (delivery.value.tags as Record<string, string> | undefined) ?? {} };
    return { tags: this.group({ logGroupIdentifier: input.resourceArn }).tags };
  }

  async tagLogGroup(input: Input): Promise<Input> {
    const group = this.group(input);
    await this.change({ t: "tags", group: group.name, tags: input.tags as Record<string, string>, remove: [] });
    return {};
  }

  listTagsLogGroup(input: Input): Input {
    return { tags: this.group(input).tags };
  }

  /**
   * Appends events written by the sandbox itself (Lambda's output), creating the
   * group and stream as the Lambda service does. Journaled without waiting for fsync:
   * nothing was acknowledged to a client.
   */
  append(groupName: string, streamName: string, events: Array<{ timestamp: number; message: string }>): void {
    const now = this.clock.now();
    const records: LogsRecord[] = [];
    if (!this.state.groups.has(groupName)) {
      records.push({ t: "createGroup", name: groupName, time: now, logGroupClass: "STANDARD", tags: {} });
    }
    if (!this.state.groups.get(groupName)?.streams.has(streamName)) {
      records.push({ t: "createStream", group: groupName, name: streamName, time: now });
    }
    // An object literal, not a spread of each event: the spread goes through the runtime (Lambda's
    // START / END / REPORT lines: ~6 → ~3.5 µs of the sandbox's CPU per invocation).
    records.push({ t: "events", group: groupName, stream: streamName, events: events.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: now })) });
    const firstSeq = this.state.groups.get(groupName)?.streams.get(streamName)?.nextSeq ?? 0;
    for (const record of records) {
      applyRecord(this.state, record);
      this.durable.commit(record).catch((error: unknown) => this.logger.warn(`CloudWatch Logs: could not persist ${groupName}: ${String(error)}`));
    }
    const group = this.state.groups.get(groupName);
    const stream = group?.streams.get(streamName);
    if (group && stream) {
      const endSeq = firstSeq + events.length;
      this.subscriptions.deliver(group, stream, firstSeq, endSeq);
      this.liveTail.deliver(group, stream, firstSeq, endSeq);
    }
  }
}

function lastTime(s: LogStream): number {
  return s.events.length > 0 ? s.events[s.events.length - 1].timestamp : 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


// Tokens carry a marker so one the service did not hand out is refused, as AWS does
// ("The specified nextToken is invalid.", recorded: localstack test_logs_filter_events.snapshot.json).
const TOKEN_MARKER = "sandbox-token:";

function encodeToken(value: string): string {
  return Buffer.from(TOKEN_MARKER + value).toString("base64url");
}

function decodeToken(token: string): string {
  const decoded = Buffer.from(token, "base64url").toString();
  const value = decoded.startsWith(TOKEN_MARKER) ? decoded.slice(TOKEN_MARKER.length) : "";
  if (value === "") throw new InvalidParameterException("The specified nextToken is invalid.");
  return value;
}

/** "arn:aws:logs:<region>:<account>:destination:<name>": TagResource and friends also take a destination (AWS API reference, TagResource). */
function isAnomalyDetectorArn(arn: unknown): arn is string {
  return typeof arn === "string" && /^arn:[^:]+:logs:[^:]*:[^:]*:anomaly-detector:./.test(arn);
}

function isDestinationArn(arn: unknown): arn is string {
  return typeof arn === "string" && /^arn:[^:]+:logs:[^:]*:[^:]*:destination:./.test(arn);
}
