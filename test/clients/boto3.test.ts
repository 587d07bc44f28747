// boto3 — the most used AWS client after the JS SDK — against the sandbox's edge. botocore
// validates responses and parses errors its own way (x-amzn-ErrorType, awsQuery and
// restXml error bodies, x-amz-crc32), so each scenario in fixtures/boto3/clients.py proves
// the wire, not just the behaviour. Runs with Debian 12's boto3 1.26 (CI) and with current
// ones; SANDBOX_PYTHON picks the interpreter.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boto3Python, runPythonJson } from "./python.js";

if (!boto3Python) console.warn("boto3.test.ts: skipped: no python3 that imports boto3 (apt-get install python3 python3-boto3)");

const script = join(import.meta.dirname, "fixtures", "boto3", "clients.py");
let sandbox: RunningSandbox;
let workDir: string;

beforeAll(async () => {
  if (!boto3Python) return;
  workDir = mkdtempSync(join(tmpdir(), "boto3-clients-"));
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "boto3"), port: 0, edgePort: 0, inMemory: true });
});

afterAll(async () => {
  await sandbox?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function scenario(name: string): Promise<Record<string, unknown>> {
  return runPythonJson(boto3Python ?? "python3", script, [name], {
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_ACCESS_KEY_ID: "x",
    AWS_SECRET_ACCESS_KEY: "x",
    AWS_DEFAULT_REGION: "us-east-1",
    WORK_DIR: workDir,
  });
}

describe.skipIf(!boto3Python)("boto3", () => {
  it("S3: put/get, upload_file multipart above 8 MB, download, copy, list, presigned GET/PUT, errors — path and virtual-host style", async () => {
    const out = await scenario("s3");
    const size = 9 * 1024 * 1024;
    for (const style of ["path", "virtual"]) {
      const got = out[style] as Record<string, unknown>;
      expect(got.get).toEqual(["hello", "text/plain", 5]);
      expect(got.multipartETag).toMatch(/^"[0-9a-f]{32}-2"$/);
      expect(got.multipartLength).toBe(size);
      expect(got.downloadMatches).toBe(true);
      expect(got.copyLength).toBe(size);
      expect(got.list).toEqual([["big.bin"], ["copy/", "docs/"]]);
      expect(got.paginated).toEqual(["big.bin", "copy/big.bin", "docs/a.txt"]);
      expect(got.presignedGet).toBe("hello");
      expect(got.presignedPutStatus).toBe(200);
      expect(got.presignedPutBody).toBe("put body");
      expect(got.noSuchKey).toEqual({ code: "NoSuchKey", message: "The specified key does not exist.", status: 404 });
      // A HEAD has no body: botocore makes the code and message from the status.
      expect(got.headMissing).toEqual({ code: "404", message: "Not Found", status: 404 });
      expect(got.noSuchBucket).toEqual({ code: "NoSuchBucket", message: "The specified bucket does not exist", status: 404 });
      expect(got.deleted).toEqual(["docs/put.txt", "never"]);
      expect(got.bucketGone).toEqual({ code: "404", message: "Not Found", status: 404 });
    }
    const port = new URL(sandbox.endpoint).port;
    expect((out.path as Record<string, unknown>).url).toBe(`${sandbox.endpoint}/boto3-path/k`);
    expect((out.virtual as Record<string, unknown>).url).toBe(`http://boto3-virtual.localhost:${port}/k`);
  });

  it("DynamoDB resource API: wait_until_exists, batch_writer, query with Key conditions, paginator, conditional put", async () => {
    const out = await scenario("dynamodb");
    expect(out.created).toBe("CREATING");
    expect(out.status).toBe("ACTIVE");
    expect(out.query).toEqual([10, 11, 12, 13, 14]);
    // DynamoDB stores numbers canonically: boto3 sends Decimal("15.0") as "15.0", AWS answers "15".
    expect(out.firstItem).toEqual({ customer: "c1", n: "10", total: "15", tags: ["a", "b"], meta: { list: ["10", "x", true, null] } });
    expect(out.filtered).toEqual([49, 48, 47, 46, 45, 44, 43, 42, 41]);
    expect(out.pageCounts).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    expect(out.updated).toBe(1);
    expect(out.conditional).toEqual({
      code: "ConditionalCheckFailedException",
      message: "The conditional request failed",
      item: out.returnsOldItem ? { customer: "c2", n: "50", visits: "1" } : {},
    });
    expect(out.missingTable).toEqual({ code: "ResourceNotFoundException", message: "Requested resource not found", status: 400 });
  });

  it("SNS (awsQuery): create_topic, publish, publish_batch, and its XML errors", async () => {
    const out = await scenario("sns");
    expect(out.topicArn).toBe("arn:aws:sns:us-east-1:000000000000:boto3-topic");
    expect(out.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.batch).toEqual(["a", "b"]);
    expect(out.batchFailed).toEqual([]);
    expect(out.topics).toContain(out.topicArn);
    expect(out.missingTopic).toEqual({ code: "NotFound", message: "Topic does not exist", status: 404 });
    expect(out.emptyMessage).toEqual({ code: "InvalidParameter", message: "Invalid parameter: Empty message", status: 400 });
  });

  it("Step Functions: start_execution runs a Lambda task; describe_execution, the history, start_sync_execution", async () => {
    const out = await scenario("stepfunctions");
    expect(out.executionArn).toBe("arn:aws:states:us-east-1:000000000000:execution:boto3-machine:first");
    expect(out.startDateIsDatetime).toBe(true);
    expect(out.status).toBe("SUCCEEDED");
    expect(out.output).toEqual({ order: 7, lambda: { echoed: { order: 7 } } });
    expect(out.history).toEqual([
      "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
      "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
    ]);
    expect(out.sync).toEqual(["SUCCEEDED", { order: 8, lambda: { echoed: { order: 8 } } }]);
    expect(out.duplicateName).toEqual({
      code: "ExecutionAlreadyExists",
      message: "Execution Already Exists: 'arn:aws:states:us-east-1:000000000000:execution:boto3-machine:first'",
      status: 400,
    });
    expect(out.missingExecution).toEqual({
      code: "ExecutionDoesNotExist",
      message: "Execution Does Not Exist: 'arn:aws:states:us-east-1:000000000000:execution:boto3-machine:first-missing'",
      status: 400,
    });
  });

  it("Lambda invoke (RequestResponse with LogType Tail, an unhandled error, Event) and CloudWatch Logs filter_log_events", async () => {
    const out = await scenario("lambda_logs");
    expect(out.payload).toEqual({ echoed: { from: "boto3" } });
    expect(out.statusCode).toBe(200);
    expect(out.tailHasStart).toBe(true);
    expect(out.functionError).toBe("Unhandled");
    expect(out.errorPayload).toMatchObject({ errorType: "TypeError", errorMessage: "cannot handle this" });
    expect(out.eventStatus).toBe(202);
    expect(out.echoLines).toContain('echo {"from":"boto3"}');
    expect(out.reportLines).toBeGreaterThanOrEqual(1);
    expect(out.missingFunction).toEqual({
      code: "ResourceNotFoundException",
      // Invoke names the unqualified function as <arn>:$LATEST (localstack test_invoke_exceptions, recorded on AWS).
      message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:boto3-nope:$LATEST",
      status: 404,
    });
    expect(out.missingGroup).toEqual({ code: "ResourceNotFoundException", message: "The specified log group does not exist.", status: 400 });
  });

  it("Cognito: admin_create_user, NEW_PASSWORD_REQUIRED, initiate_auth, get_user and its errors", async () => {
    const out = await scenario("cognito");
    expect(out.userStatus).toBe("FORCE_CHANGE_PASSWORD");
    expect(out.challenge).toBe("NEW_PASSWORD_REQUIRED");
    expect(out.answeredKeys).toEqual(["AccessToken", "ExpiresIn", "IdToken", "RefreshToken", "TokenType"]);
    expect(out.tokenType).toBe("Bearer");
    expect(out.expiresIn).toBe(3600);
    expect(out.attributes).toEqual(["email", "sub"]);
    expect(out.wrongPassword).toEqual({ code: "NotAuthorizedException", message: "Incorrect username or password.", status: 400 });
    expect(out.missingUser).toEqual({ code: "UserNotFoundException", message: "User does not exist.", status: 400 });
  });

  it("CloudWatch: put_metric_data (Value, Values and Counts), get_metric_statistics, get_metric_data, list_metrics, an alarm and errors", async () => {
    const out = await scenario("cloudwatch");
    expect(out.datapoints).toEqual([{ Sum: 9, SampleCount: 4, Maximum: 5, Unit: "Count" }]);
    expect(out.data).toEqual([["o", "Orders", "Complete", [9]]]);
    expect(out.metrics).toEqual([{ Namespace: "Boto", MetricName: "Orders", Dimensions: [{ Name: "Shop", Value: "east" }] }]);
    expect(out.alarm).toEqual(["boto-alarm", "INSUFFICIENT_DATA", 100]);
    expect(out.both).toEqual({
      code: "InvalidParameterCombination", status: 400,
      message: "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.",
    });
    expect(out.missingAlarm).toMatchObject({ code: "ResourceNotFound", status: 404 });
  });
});
