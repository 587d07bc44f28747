/**
 * An import's item errors, written to CloudWatch Logs through the dispatcher: log group
 * /aws-dynamodb/imports (ImportTableDescription.CloudWatchLogGroupArn), a stream per import
 * named by its id, one JSON event per error naming the object, the item's place in it, the
 * import and the message (the event's shape is the sandbox's; AWS's exact text is not recorded
 * here). At most MAX_LOGGED_IMPORT_ERRORS are logged. Best effort: an import never fails for its log.
 */
import type { AwsDispatcher } from "@sam-sandbox/core";
import { MAX_LOGGED_IMPORT_ERRORS } from "../../limits.js";

const LOG_GROUP = "/aws-dynamodb/imports";
// PutLogEvents takes at most 10,000 events a call (CloudWatch Logs quotas); smaller batches keep each call small.
const EVENTS_PER_CALL = 1000;

export class ImportErrorLog {
  private readonly messages: string[] = [];

  constructor(
    private readonly dispatcher: AwsDispatcher | undefined,
    private readonly importArn: string,
    private readonly now: () => number,
  ) {}

  static groupArn(region: string, accountId: string): string {
    return `arn:aws:logs:${region}:${accountId}:log-group:${LOG_GROUP}:*`;
  }

  add(bucket: string, key: string, itemIndex: number, message: string): void {
    if (this.messages.length >= MAX_LOGGED_IMPORT_ERRORS) return;
    this.messages.push(JSON.stringify({ itemS3Pointer: { bucket, key, itemIndex }, importArn: this.importArn, errorMessages: [message] }));
  }

  async flush(): Promise<void> {
    const dispatcher = this.dispatcher;
    if (!dispatcher || this.messages.length === 0) return;
    const stream = this.importArn.slice(this.importArn.lastIndexOf("/") + 1);
    const quietly = (promise: Promise<unknown>) => promise.catch(() => undefined);
    await quietly(dispatcher.call("logs", "CreateLogGroup", { logGroupName: LOG_GROUP }));
    await quietly(dispatcher.call("logs", "CreateLogStream", { logGroupName: LOG_GROUP, logStreamName: stream }));
    const timestamp = this.now();
    for (let at = 0; at < this.messages.length; at += EVENTS_PER_CALL) {
      const logEvents = this.messages.slice(at, at + EVENTS_PER_CALL).map((message) => ({ timestamp, message }));
      await quietly(dispatcher.call("logs", "PutLogEvents", { logGroupName: LOG_GROUP, logStreamName: stream, logEvents }));
    }
  }
}
