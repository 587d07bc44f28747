/**
 * AddPermission and RemovePermission: statements in the queue's Policy attribute, as AWS
 * writes them (localstack test_sqs_permission_lifecycle, snapshot recorded on AWS): one
 * statement per label, "SQS:<Action>" actions, "arn:aws:iam::<account>:root" principals,
 * a single value unwrapped from its list; the Policy goes away with its last statement.
 */
import { MissingParameter, OverLimit, invalidParameter } from "../errors.js";
import { MAX_ACTIONS_PER_STATEMENT } from "../limits.js";
import { commit, queueOfUrl, type SqsContext } from "./context.js";
import type { Queue } from "./state.js";

interface Statement {
  Sid?: string;
  [key: string]: unknown;
}
interface PolicyDocument {
  Version: string;
  Id: string;
  Statement: Statement[];
}

/** Actions a queue's owner may grant to another account ("*" is all of them). */
const GRANTABLE = new Set([
  "*", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes",
  "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue",
]);
/** Actions only the queue's owner may call: granting them is refused with its own reason. */
const OWNER_ONLY = new Set(["AddPermission", "CreateQueue", "DeleteQueue", "ListQueues", "SetQueueAttributes", "RemovePermission"]);

/**
 * AddPermission's checks of its lists. The 7-action limit and its OverLimit error are the API
 * reference's; the texts and their order are moto's test_add_permission_errors (an action
 * named "SQS:<Action>", an empty account list that "cannot be verified"), the unknown-action
 * reason localstack's and Eucalyptus's SQS.
 */
function checkGrant(accounts: string[], actions: string[]): void {
  if (actions.length === 0) throw new MissingParameter("Actions");
  if (accounts.length === 0) throw invalidParameter("[]", "PrincipalId", "Unable to verify.");
  if (actions.length > MAX_ACTIONS_PER_STATEMENT) {
    throw new OverLimit(`${actions.length} Actions were found, maximum allowed is ${MAX_ACTIONS_PER_STATEMENT}.`);
  }
  for (const action of actions) {
    if (GRANTABLE.has(action)) continue;
    const reason = OWNER_ONLY.has(action) ? "Only the queue owner is allowed to invoke this action." : "Please refer to the appropriate WSDL for a list of valid actions.";
    throw invalidParameter(`SQS:${action}`, "ActionName", reason);
  }
}

const one = <T>(values: T[]): T | T[] => (values.length === 1 ? (values[0] as T) : values);

function policyOf(queue: Queue): PolicyDocument {
  const text = queue.attributes.Policy;
  if (text) {
    try {
      const doc = JSON.parse(text) as Partial<PolicyDocument>;
      if (Array.isArray(doc.Statement)) return { Version: doc.Version ?? "2008-10-17", Id: doc.Id ?? `${queue.arn}/SQSDefaultPolicy`, ...doc, Statement: doc.Statement };
    } catch {
      // a Policy that is no JSON document gets a fresh one
    }
  }
  return { Version: "2008-10-17", Id: `${queue.arn}/SQSDefaultPolicy`, Statement: [] };
}

async function savePolicy(ctx: SqsContext, queue: Queue, doc: PolicyDocument): Promise<void> {
  const Policy = doc.Statement.length === 0 ? "" : JSON.stringify(doc);
  await commit(ctx, { t: "setAttributes", name: queue.name, attributes: { Policy }, at: ctx.clock.now() });
}

export async function addPermission(
  ctx: SqsContext,
  input: { QueueUrl: string; Label: string; AWSAccountIds: string[]; Actions: string[] },
): Promise<void> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  checkGrant(input.AWSAccountIds, input.Actions);
  const doc = policyOf(q.queue);
  if (doc.Statement.some((s) => s.Sid === input.Label)) throw invalidParameter(input.Label, "Label", "Already exists.");
  doc.Statement.push({
    Sid: input.Label,
    Effect: "Allow",
    Principal: { AWS: one(input.AWSAccountIds.map((account) => `arn:aws:iam::${account}:root`)) },
    Action: one(input.Actions.map((action) => `SQS:${action}`)),
    Resource: q.queue.arn,
  });
  await savePolicy(ctx, q.queue, doc);
}

export async function removePermission(ctx: SqsContext, input: { QueueUrl: string; Label: string }): Promise<void> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  const doc = policyOf(q.queue);
  const kept = doc.Statement.filter((s) => s.Sid !== input.Label);
  if (kept.length === doc.Statement.length) throw invalidParameter(input.Label, "Label", "can't find label.");
  await savePolicy(ctx, q.queue, { ...doc, Statement: kept });
}
