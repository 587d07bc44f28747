/** Amazon SQS's behaviour: one method per AWS action (typed input → output, or an AwsError). */
import type { Clock, DurableState, Logger } from "@sam-sandbox/core";
import type { SqsContext } from "./context.js";
import { queueOfArn } from "./context.js";
import { MoveTasks } from "./moveTasks.js";
import * as permissions from "./permissions.js";
import * as queues from "./queues.js";
import * as receive from "./receive.js";
import * as send from "./send.js";
import type { SqsRecord, SqsState } from "./state.js";
import { Waiters } from "./waiters.js";

export interface SqsEngineOptions {
  durable: DurableState<SqsState, SqsRecord>;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  edgeUrl: string;
}

export class SqsEngine {
  readonly ctx: SqsContext;
  /** StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask. */
  readonly moveTasks: MoveTasks;

  constructor(options: SqsEngineOptions) {
    this.ctx = { ...options, waiters: new Waiters(options.clock), deletedAt: new Map() };
    this.moveTasks = new MoveTasks(this.ctx);
  }

  /** `base`: the URL the client reached the sandbox by (queue URLs start with it); default the edge URL. */
  createQueue(input: queues.CreateQueueInput, base = this.ctx.edgeUrl, checks?: queues.QueueChecks) {
    return queues.createQueue(this.ctx, input, base, checks);
  }
  getQueueUrl(input: { QueueName: string; QueueOwnerAWSAccountId?: string }, base = this.ctx.edgeUrl) {
    return queues.getQueueUrl(this.ctx, input, base);
  }
  listQueues(input: { QueueNamePrefix?: string; NextToken?: string; MaxResults?: number }, base = this.ctx.edgeUrl) {
    return queues.listQueues(this.ctx, input, base);
  }
  listDeadLetterSourceQueues(input: { QueueUrl: string }, base = this.ctx.edgeUrl) {
    return queues.listDeadLetterSourceQueues(this.ctx, input, base);
  }
  deleteQueue(input: { QueueUrl: string }) {
    return queues.deleteQueue(this.ctx, input);
  }
  async getQueueAttributes(input: { QueueUrl: string; AttributeNames?: string[] }) {
    const q = queues.queueOf(this.ctx, input.QueueUrl);
    await receive.expire(this.ctx, q, this.ctx.clock.now());
    return queues.getQueueAttributes(this.ctx, input);
  }
  setQueueAttributes(input: { QueueUrl: string; Attributes: Record<string, string> }, checks?: queues.QueueChecks) {
    return queues.setQueueAttributes(this.ctx, input, checks);
  }
  purgeQueue(input: { QueueUrl: string }) {
    return queues.purgeQueue(this.ctx, input);
  }
  tagQueue(input: { QueueUrl: string; Tags: Record<string, string> }) {
    return queues.tagQueue(this.ctx, input);
  }
  untagQueue(input: { QueueUrl: string; TagKeys: string[] }) {
    return queues.untagQueue(this.ctx, input);
  }
  addPermission(input: { QueueUrl: string; Label: string; AWSAccountIds: string[]; Actions: string[] }) {
    return permissions.addPermission(this.ctx, input);
  }
  removePermission(input: { QueueUrl: string; Label: string }) {
    return permissions.removePermission(this.ctx, input);
  }
  listQueueTags(input: { QueueUrl: string }) {
    return queues.listQueueTags(this.ctx, input);
  }
  sendMessage(input: send.SendMessageInput) {
    return send.sendMessage(this.ctx, input);
  }
  sendMessageBatch(input: { QueueUrl: string; Entries: send.SendMessageBatchEntry[] }) {
    return send.sendMessageBatch(this.ctx, input);
  }
  receiveMessage(input: receive.ReceiveMessageInput) {
    return receive.receiveMessage(this.ctx, input);
  }
  deleteMessage(input: { QueueUrl: string; ReceiptHandle: string }) {
    return receive.deleteMessage(this.ctx, input);
  }
  deleteMessageBatch(input: { QueueUrl: string; Entries: Array<{ Id: string; ReceiptHandle: string }> }) {
    return receive.deleteMessageBatch(this.ctx, input);
  }
  changeMessageVisibility(input: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }) {
    return receive.changeMessageVisibility(this.ctx, input);
  }
  changeMessageVisibilityBatch(input: { QueueUrl: string; Entries: Array<{ Id: string; ReceiptHandle: string; VisibilityTimeout?: number }> }) {
    return receive.changeMessageVisibilityBatch(this.ctx, input);
  }

  /** The URL of the queue an ARN names (arn:aws:sqs:<region>:<account>:<name>), if it exists. */
  urlOfArn(arn: string): string | undefined {
    const q = queueOfArn(this.ctx, arn);
    return q ? `${this.ctx.edgeUrl}/${this.ctx.accountId}/${q.queue.name}` : undefined;
  }

  /** Ends every long poll (at close). */
  close(): void {
    this.moveTasks.close();
    this.ctx.waiters.wakeAll();
  }
}
