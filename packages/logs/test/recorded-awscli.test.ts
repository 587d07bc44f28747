/**
 * The AWS CLI's own CloudWatch Logs examples (aws/aws-cli awscli/examples/logs/*.rst: commands
 * and the output CloudWatch Logs answered them with) replayed against the sandbox through the
 * SDK v3 client, and through `aws` itself where the example's point is the CLI's text (doubles).
 */
import {
  CreateLogAnomalyDetectorCommand,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeAccountPoliciesCommand,
  DescribeQueryDefinitionsCommand,
  GetDataProtectionPolicyCommand,
  GetLogAnomalyDetectorCommand,
  GetTransformerCommand,
  ListLogAnomalyDetectorsCommand,
  PutAccountPolicyCommand,
  PutDataProtectionPolicyCommand,
  PutLogEventsCommand,
  PutQueryDefinitionCommand,
  PutTransformerCommand,
  StartQueryCommand,
  TestMetricFilterCommand,
  TestTransformerCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCliText, hasAws } from "../../../test/helpers/awscli.js";
import { startLogs, type LogsHarness } from "./helpers.js";

const ACCOUNT = "000000000000";
const NOW = Date.UTC(2026, 4, 19, 6, 10);
let h: LogsHarness;

beforeAll(async () => {
  h = await startLogs({ clock: new VirtualClock(NOW) });
});
afterAll(() => h.close());

/** `aws logs <args>` against the sandbox: the text the CLI prints. */
const awsText = (...args: string[]) => awsCliText(h.url, "logs", ...args);

const groupArn = (name: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}`;

describe.skipIf(!hasAws)("get-query-results.rst", () => {
  it("answers the statistics as doubles: recordsMatched 3.0, recordsScanned 3.0", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "demo-log-group" }));
    await h.client.send(new CreateLogStreamCommand({ logGroupName: "demo-log-group", logStreamName: "TestStream" }));
    const logEvents = [1, 2, 3].map((n) => ({ timestamp: NOW - 10_000 + n * 1000, message: `Test BENCHMARK ${n}` }));
    await h.client.send(new PutLogEventsCommand({ logGroupName: "demo-log-group", logStreamName: "TestStream", logEvents }));
    const { queryId } = await h.client.send(
      new StartQueryCommand({ logGroupName: "demo-log-group", startTime: NOW / 1000 - 3600, endTime: NOW / 1000, queryString: "fields @timestamp, @message, @logStream" }),
    );
    let text = "";
    for (let poll = 0; poll < 5 && !text.includes('"status": "Complete"'); poll += 1) text = await awsText("get-query-results", "--query-id", String(queryId));
    const answer = JSON.parse(text) as { results: { field: string; value: string }[][] };
    expect(answer.results.map((row) => row.map((f) => f.field))).toEqual(Array(3).fill(["@timestamp", "@message", "@logStream", "@ptr"]));
    expect(answer.results[0]?.[1]?.value).toBe("Test BENCHMARK 3");
    expect(text).toContain('"recordsMatched": 3.0,');
    expect(text).toContain('"recordsScanned": 3.0,');
    expect(text).toMatch(/"bytesScanned": \d+\.0,/);
  });
});

describe("put-query-definition.rst and describe-query-definitions.rst", () => {
  it("saves a definition whose logGroupNames holds a log group ARN", async () => {
    const logGroupNames = [groupArn("demo-log-group")];
    const queryString = "stats sum(packets) as packetsTransferred by srcAddr, dstAddr | sort packetsTransferred desc | limit 100";
    const { queryDefinitionId } = await h.client.send(new PutQueryDefinitionCommand({ name: "DemoLogsQueries/Example", logGroupNames, queryString }));
    expect(queryDefinitionId).toMatch(/^[0-9a-f-]{36}$/);
    const { queryDefinitions } = await h.client.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: "DemoLogsQueries/" }));
    expect(queryDefinitions).toEqual([expect.objectContaining({ queryDefinitionId, name: "DemoLogsQueries/Example", queryString, logGroupNames })]);
  });

  it("still refuses a log group name outside the pattern", async () => {
    const error = await h.client
      .send(new PutQueryDefinitionCommand({ name: "bad", logGroupNames: ["no spaces"], queryString: "fields @message" }))
      .then(() => undefined, (e: Error) => e);
    expect(error?.name).toBe("InvalidParameterException");
  });
});

describe("get-data-protection-policy.rst", () => {
  it("names the log group by its name when asked by ARN", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "dp-group" }));
    const policyDocument = JSON.stringify({
      Name: "data-protection-policy",
      Description: "",
      Version: "2021-06-01",
      Statement: [
        { Sid: "audit-policy", DataIdentifier: ["arn:aws:dataprotection::aws:data-identifier/CreditCardNumber"], Operation: { Audit: { FindingsDestination: {} } } },
        { Sid: "redact-policy", DataIdentifier: ["arn:aws:dataprotection::aws:data-identifier/CreditCardNumber"], Operation: { Deidentify: { MaskConfig: {} } } },
      ],
    });
    // put-data-protection-policy.rst: asked by name, answered by name.
    const put = await h.client.send(new PutDataProtectionPolicyCommand({ logGroupIdentifier: "dp-group", policyDocument }));
    expect(put).toMatchObject({ logGroupIdentifier: "dp-group", policyDocument });
    const got = await h.client.send(new GetDataProtectionPolicyCommand({ logGroupIdentifier: groupArn("dp-group") }));
    expect(got.logGroupIdentifier).toBe("dp-group");
    expect(got.policyDocument).toBe(policyDocument);
    expect(got.lastUpdatedTime).toBe(NOW);
  });
});

describe("put-account-policy.rst and describe-account-policies.rst", () => {
  it("answers the put policy without its accountId, which the description shows", async () => {
    const policyDocument = '{"Name":"ACCOUNT_DATA_PROTECTION_POLICY","Description":"","Version":"2021-06-01","Statement":[]}';
    const { accountPolicy } = await h.client.send(
      new PutAccountPolicyCommand({ policyName: "Example_Data_Protection_Policy", policyDocument, policyType: "DATA_PROTECTION_POLICY", scope: "ALL" }),
    );
    expect(accountPolicy).toEqual({ policyName: "Example_Data_Protection_Policy", policyDocument, lastUpdatedTime: NOW, policyType: "DATA_PROTECTION_POLICY", scope: "ALL" });
    const { accountPolicies } = await h.client.send(new DescribeAccountPoliciesCommand({ policyType: "DATA_PROTECTION_POLICY" }));
    expect(accountPolicies).toEqual([{ ...accountPolicy, accountId: ACCOUNT }]);
  });
});

describe("put-transformer.rst and get-transformer.rst", () => {
  it("answers by the group's name with addKeys' overwriteIfExists written out", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "CWLG" }));
    await h.client.send(
      new PutTransformerCommand({
        logGroupIdentifier: groupArn("CWLG"),
        transformerConfig: [
          { parseJSON: {} },
          { addKeys: { entries: [{ key: "metadata.transformed_in", value: "CloudWatchLogs" }, { key: "feature", value: "Transformation" }] } },
          { trimString: { withKeys: ["status"] } },
        ],
      }),
    );
    const got = await h.client.send(new GetTransformerCommand({ logGroupIdentifier: groupArn("CWLG") }));
    expect(got.logGroupIdentifier).toBe("CWLG");
    expect(got.creationTime).toBe(NOW);
    expect(got.lastModifiedTime).toBe(NOW);
    expect(got.transformerConfig).toEqual([
      { parseJSON: {} },
      {
        addKeys: {
          entries: [
            { key: "metadata.transformed_in", value: "CloudWatchLogs", overwriteIfExists: false },
            { key: "feature", value: "Transformation", overwriteIfExists: false },
          ],
        },
      },
      { trimString: { withKeys: ["status"] } },
    ]);
  });
});

describe("test-transformer.rst", () => {
  it("a QUOTEDSTRING captures the text inside the quotes", async () => {
    const message = '293750 server-01.internal-network.local OK "[Thread-000] token generated"';
    const { transformedLogs } = await h.client.send(
      new TestTransformerCommand({
        transformerConfig: [
          { grok: { source: "@message", match: "%{NUMBER:version} %{HOSTNAME:hostname} %{NOTSPACE:status} %{QUOTEDSTRING:logMsg}" } },
          { addKeys: { entries: [{ key: "environment", value: "Prd-Application-01", overwriteIfExists: false }] } },
        ],
        logEventMessages: [message],
      }),
    );
    expect(transformedLogs).toEqual([
      {
        eventNumber: 1,
        eventMessage: message,
        transformedEventMessage:
          '{"version":"293750","hostname":"server-01.internal-network.local","status":"OK","logMsg":"[Thread-000] token generated","environment":"Prd-Application-01"}',
      },
    ]);
  });
});

describe("test-metric-filter.rst", () => {
  it("matches ERROR in two of three messages, with empty extracted values", async () => {
    const { matches } = await h.client.send(
      new TestMetricFilterCommand({ filterPattern: "ERROR", logEventMessages: ["[ERROR] 400 BAD REQUEST", "[ERROR] 400 BAD REQUEST", "[INFO] 200 OK"] }),
    );
    expect(matches).toEqual([
      { eventNumber: 1, eventMessage: "[ERROR] 400 BAD REQUEST", extractedValues: {} },
      { eventNumber: 2, eventMessage: "[ERROR] 400 BAD REQUEST", extractedValues: {} },
    ]);
  });
});

describe("create-log-anomaly-detector.rst, get-log-anomaly-detector.rst and list-log-anomaly-detectors.rst", () => {
  it("describes a detector created with a log group and a name TRAINING, every five minutes, anomalies visible 7 days", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "anomaly-group" }));
    const logGroupArnList = [groupArn("anomaly-group")];
    const { anomalyDetectorArn } = await h.client.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList, detectorName: "demo_anomaly_detector" }));
    expect(anomalyDetectorArn).toMatch(new RegExp(`^arn:aws:logs:us-east-1:${ACCOUNT}:anomaly-detector:[0-9a-f-]{36}$`));
    const described = {
      detectorName: "demo_anomaly_detector",
      logGroupArnList,
      evaluationFrequency: "FIVE_MIN",
      anomalyDetectorStatus: "TRAINING",
      creationTimeStamp: NOW,
      lastModifiedTimeStamp: NOW,
      anomalyVisibilityTime: 7,
    };
    const { $metadata: _, ...got } = await h.client.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }));
    expect(got).toEqual(described);
    const { anomalyDetectors } = await h.client.send(new ListLogAnomalyDetectorsCommand({ filterLogGroupArn: logGroupArnList[0] }));
    expect(anomalyDetectors).toEqual([{ anomalyDetectorArn, ...described }]);
  });
});
