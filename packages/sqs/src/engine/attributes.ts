/**
 * Queue attributes: which a request may set (and their ranges), the defaults AWS reports,
 * and GetQueueAttributes' computed counts.
 */
import {
  InvalidAttributeName, InvalidAttributeValue, deadLetterTypeMismatch, invalidDeadLetterTarget, invalidParameter,
  redriveAllowPolicyFormat, redriveAllowPolicyInvalid, redrivePolicyExtraMembers, redrivePolicyMissing, redrivePolicyNotAMap, sseConflict,
} from "../errors.js";
import * as L from "../limits.js";
import type { Queue } from "./state.js";

/** Integer attributes and their ranges (CreateQueue's documentation). */
const RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, L.MAX_DELAY_SECONDS],
  MaximumMessageSize: [L.MIN_MESSAGE_SIZE_BYTES, L.MAX_MESSAGE_SIZE_BYTES],
  MessageRetentionPeriod: [L.MIN_RETENTION_SECONDS, L.MAX_RETENTION_SECONDS],
  ReceiveMessageWaitTimeSeconds: [0, L.MAX_WAIT_TIME_SECONDS],
  VisibilityTimeout: [0, L.MAX_VISIBILITY_TIMEOUT_SECONDS],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

const BOOLEANS = new Set(["SqsManagedSseEnabled", "ContentBasedDeduplication", "FifoQueue"]);
const FREE_TEXT = new Set(["Policy", "KmsMasterKeyId", "RedriveAllowPolicy", "RedrivePolicy"]);
const FIFO_ONLY: Record<string, readonly string[]> = {
  ContentBasedDeduplication: ["true", "false"],
  DeduplicationScope: ["messageGroup", "queue"],
  FifoThroughputLimit: ["perQueue", "perMessageGroupId"],
};

/** What AWS reports for an attribute nobody set. */
export const DEFAULTS: Record<string, string> = {
  VisibilityTimeout: String(L.DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
  MaximumMessageSize: String(L.MAX_MESSAGE_SIZE_BYTES),
  MessageRetentionPeriod: String(L.DEFAULT_RETENTION_SECONDS),
  DelaySeconds: "0",
  ReceiveMessageWaitTimeSeconds: "0",
  SqsManagedSseEnabled: "true",
};
const FIFO_DEFAULTS: Record<string, string> = { FifoQueue: "true", ContentBasedDeduplication: "false", DeduplicationScope: "queue", FifoThroughputLimit: "perQueue" };

/** Attributes GetQueueAttributes computes (never set). */
export const COMPUTED = [
  "QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
  "CreatedTimestamp", "LastModifiedTimestamp",
] as const;

const ALL_NAMES = new Set([...COMPUTED, ...Object.keys(RANGES), ...BOOLEANS, ...FREE_TEXT, ...Object.keys(FIFO_ONLY), "All"]);

/** Checks and normalizes attributes a CreateQueue / SetQueueAttributes request sets. */
export function checkAttributes(input: Record<string, string>, fifo: boolean, creating: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input)) {
    const value = String(raw);
    if (!ALL_NAMES.has(name) || (COMPUTED as readonly string[]).includes(name) || name === "All") throw new InvalidAttributeName(name);
    if (name === "FifoQueue" && !creating) {
      // A FIFO queue may restate FifoQueue=true; nothing changes a queue's type (localstack test_set_unsupported_attribute_fifo, recorded on AWS).
      if (!fifo) throw new InvalidAttributeName(name);
      if (value.toLowerCase() !== "true") throw new InvalidAttributeValue(name, "Modifying queue type is not supported.");
      continue;
    }
    const range = RANGES[name];
    if (range) {
      const n = Number(value);
      if (!/^\d+$/.test(value.trim()) || n < range[0] || n > range[1]) throw new InvalidAttributeValue(name);
      out[name] = String(n);
    } else if (BOOLEANS.has(name)) {
      if (!/^(true|false)$/i.test(value)) throw new InvalidAttributeValue(name);
      out[name] = value.toLowerCase();
    } else if (FIFO_ONLY[name]) {
      if (!fifo) throw new InvalidAttributeName(name);
      if (!FIFO_ONLY[name].includes(value)) throw new InvalidAttributeValue(name);
      out[name] = value;
    } else if (name === "RedrivePolicy") {
      out[name] = value === "" ? "" : redrivePolicy(value, fifo);
    } else if (name === "RedriveAllowPolicy") {
      if (value !== "") checkRedriveAllowPolicy(value);
      out[name] = value;
    } else {
      out[name] = value;
    }
  }
  // localstack test_sse_kms_and_sqs_are_mutually_exclusive (recorded on AWS).
  if (out.KmsMasterKeyId && out.SqsManagedSseEnabled === "true") throw sseConflict();
  return out;
}

/** arn:<partition>:sqs:<region>:<account>:<queue name>. */
const QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,80}$/;

/** RedrivePolicy as AWS stores it: {"deadLetterTargetArn":"…","maxReceiveCount":n}. `fifo`: the source queue's type. */
function redrivePolicy(text: string, fifo: boolean): string {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    throw redrivePolicyNotAMap();
  }
  if (typeof policy !== "object" || policy === null || Array.isArray(policy)) throw redrivePolicyNotAMap();
  const { deadLetterTargetArn: arn, maxReceiveCount: count } = policy as Record<string, unknown>;
  if (count === undefined || count === null) throw redrivePolicyMissing(text, "maxReceiveCount");
  if (arn === undefined || arn === null) throw redrivePolicyMissing(text, "deadLetterTargetArn");
  // localstack test_invalid_dead_letter_arn_rejected_before_lookup (recorded on AWS): the value quoted is the text sent.
  if (typeof arn !== "string" || !QUEUE_ARN.test(arn)) throw invalidDeadLetterTarget(text);
  // A number or its text ("5", as CloudFormation sends it); a list, object or boolean is no count
  // (Number([5]) and Number(true) would have read one).
  const n = typeof count === "number" || typeof count === "string" ? Number(count) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > L.MAX_RECEIVE_COUNT) {
    const shown = typeof count === "string" ? count : JSON.stringify(count);
    throw invalidParameter(text, "RedrivePolicy", `Invalid value for maxReceiveCount: ${shown}, valid values are from 1 to 1000 both inclusive.`);
  }
  if (Object.keys(policy).some((key) => key !== "deadLetterTargetArn" && key !== "maxReceiveCount")) throw redrivePolicyExtraMembers(text);
  // A FIFO queue's dead-letter queue is a FIFO queue, a standard one's standard: judged from the
  // ARN's name, before AWS looks the queue up (queues.ts's checkDeadLetterTarget).
  if (arn.endsWith(".fifo") !== fifo) throw deadLetterTypeMismatch(text);
  return JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: n });
}

const REDRIVE_PERMISSIONS = new Set(["allowAll", "denyAll", "byQueue"]);
const REDRIVE_ALLOW_MEMBERS = new Set(["redrivePermission", "sourceQueueArns"]);

/**
 * RedriveAllowPolicy: {"redrivePermission": "allowAll" | "denyAll" | "byQueue", "sourceQueueArns": [...]},
 * the ARNs given with byQueue only, one to ten of them (SetQueueAttributes API reference).
 */
function checkRedriveAllowPolicy(text: string): void {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    throw redriveAllowPolicyFormat();
  }
  if (typeof policy !== "object" || policy === null || Array.isArray(policy)) throw redriveAllowPolicyFormat();
  const { redrivePermission: permission, sourceQueueArns: arns } = policy as Record<string, unknown>;
  if (typeof permission !== "string" || !REDRIVE_PERMISSIONS.has(permission)) throw redriveAllowPolicyFormat();
  if (Object.keys(policy).some((key) => !REDRIVE_ALLOW_MEMBERS.has(key))) throw redriveAllowPolicyFormat();
  if (arns !== undefined && (!Array.isArray(arns) || arns.some((arn) => typeof arn !== "string"))) throw redriveAllowPolicyFormat();
  if (arns !== undefined && permission !== "byQueue") {
    throw redriveAllowPolicyInvalid(text, "To specify one or more source queue ARNs, you must set redrivePermission to byQueue.");
  }
  if (permission === "byQueue" && (arns === undefined || arns.length === 0)) {
    throw redriveAllowPolicyInvalid(text, "When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.");
  }
  if (arns !== undefined && arns.length > L.MAX_REDRIVE_SOURCE_QUEUE_ARNS) {
    throw redriveAllowPolicyInvalid(text, `The maximum number of source queue ARNs you can specify is ${L.MAX_REDRIVE_SOURCE_QUEUE_ARNS}.`);
  }
}

/** An attribute's value as AWS reports it: set, or its default. */
export function effective(queue: Queue, name: string): string | undefined {
  // A queue with a KMS key does not also have SQS-managed SSE.
  if (name === "SqsManagedSseEnabled" && queue.attributes.KmsMasterKeyId && queue.attributes.SqsManagedSseEnabled === undefined) return "false";
  return queue.attributes[name] ?? DEFAULTS[name] ?? (queue.fifo ? FIFO_DEFAULTS[name] : undefined);
}

export function intAttribute(queue: Queue, name: string): number {
  return Number(effective(queue, name) ?? "0");
}

/** The dead-letter queue ARN and maxReceiveCount, when the queue has a RedrivePolicy. */
export function redriveOf(queue: Queue): { arn: string; maxReceiveCount: number } | undefined {
  const text = queue.attributes.RedrivePolicy;
  if (!text) return undefined;
  const policy = JSON.parse(text) as { deadLetterTargetArn: string; maxReceiveCount: number };
  return { arn: policy.deadLetterTargetArn, maxReceiveCount: policy.maxReceiveCount };
}

export interface Counts {
  visible: number;
  notVisible: number;
  delayed: number;
}

/** GetQueueAttributes' answer for the names asked ("All" for every one). */
export function queueAttributes(queue: Queue, counts: Counts, names: readonly string[]): Record<string, string> {
  for (const name of names) if (!ALL_NAMES.has(name)) throw new InvalidAttributeName(name);
  const all = names.includes("All");
  const computed: Record<string, string> = {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.created / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModified / 1000)),
  };
  const out: Record<string, string> = {};
  const candidates = all ? [...COMPUTED, ...Object.keys(DEFAULTS), ...Object.keys(queue.attributes), ...(queue.fifo ? Object.keys(FIFO_DEFAULTS) : [])] : names;
  for (const name of candidates) {
    const value = computed[name] ?? effective(queue, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
