import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { S3Handler } from "aws-lambda";
import type { Upload } from "./lib/image.js";

// StartExecution's `name`: 1 to 80 characters; for CloudWatch Logs logging, only 0-9, A-Z,
// a-z, - and _ (the Step Functions API reference).
export const MAX_EXECUTION_NAME_LENGTH = 80;

// No endpoint here: on AWS the client finds Step Functions itself; in the sandbox it reads
// AWS_ENDPOINT_URL.
const sfn = new SFNClient({});

/**
 * Subscribed to the uploads bucket (ObjectCreated, .png / .jpg / .jpeg): starts one execution
 * of the image pipeline per uploaded image.
 */
export const handler: S3Handler = async (event) => {
  const stateMachineArn = process.env.STATE_MACHINE_ARN;
  if (!stateMachineArn) throw new Error("STATE_MACHINE_ARN is not set");
  for (const record of event.Records) {
    const upload: Upload = {
      bucket: record.s3.bucket.name,
      key: objectKey(record.s3.object.key),
      size: record.s3.object.size,
      eTag: record.s3.object.eTag,
    };
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: executionName(upload.key, record.s3.object.sequencer), input: JSON.stringify(upload) }),
    );
    console.log(`s3://${upload.bucket}/${upload.key} → ${executionArn}`);
  }
};

/** S3 events carry the key URL-encoded, a space as "+". */
export function objectKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, " "));
}

/**
 * "photos/cat 1.png" uploaded with sequencer 0055AED6DCD90281E5 → "photos-cat-1-png-0055AED6DCD90281E5":
 * readable in list-executions, and new for every upload of the same key.
 */
export function executionName(key: string, sequencer: string): string {
  const suffix = `-${sequencer}`;
  const safe = key.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+/, "");
  return `${safe.slice(0, MAX_EXECUTION_NAME_LENGTH - suffix.length)}${suffix}`;
}
