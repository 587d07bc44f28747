/**
 * A request signed for an AWS service the sandbox does not emulate (Powertools' AppConfig
 * provider starts with AppConfigData's POST /configurationsessions) is answered with the
 * edge's UnknownOperationException naming the service, not taken by S3 as a bucket path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true });
});

afterAll(async () => {
  await sandbox?.stop();
});

/** The Authorization header an AWS SDK v3 client signs a request for `service` with. */
const signedFor = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=x/20261126/us-east-1/${service}/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${"0".repeat(64)}`;

describe("requests for a service the sandbox does not emulate", () => {
  it("answers an AppConfigData StartConfigurationSession with UnknownOperationException naming the service", async () => {
    const res = await fetch(`${sandbox.endpoint}/configurationsessions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: signedFor("appconfig"), "x-amz-date": "20261126T000000Z" },
      body: JSON.stringify({ ApplicationIdentifier: "app", EnvironmentIdentifier: "dev", ConfigurationProfileIdentifier: "feature" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("json");
    const body = (await res.json()) as { __type: string; message: string };
    expect(body.__type).toMatch(/UnknownOperationException$/);
    expect(body.message).toContain('service "appconfig"');
  });

  it("answers an awsQuery call (Auto Scaling DescribeAutoScalingGroups) in AWS's XML error envelope, naming the action", async () => {
    const res = await fetch(`${sandbox.endpoint}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", authorization: signedFor("autoscaling"), "x-amz-date": "20261126T000000Z" },
      body: "Action=DescribeAutoScalingGroups&Version=2011-01-01",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("text/xml");
    const requestId = res.headers.get("x-amzn-requestid");
    expect(await res.text()).toBe(
      "<ErrorResponse><Error><Type>Sender</Type><Code>UnknownOperationException</Code>" +
        '<Message>The sandbox does not emulate service &quot;autoscaling&quot; action DescribeAutoScalingGroups. Emulated: see GET /_sandbox/health on this port.</Message>' +
        `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  });

  it("still serves an unsigned path-style object URL from S3, as a browser opens it", async () => {
    const res = await fetch(`${sandbox.endpoint}/no-such-bucket-here/key.txt`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("<Code>NoSuchBucket</Code>");
  });
});
