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

  it("still serves an unsigned path-style object URL from S3, as a browser opens it", async () => {
    const res = await fetch(`${sandbox.endpoint}/no-such-bucket-here/key.txt`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("<Code>NoSuchBucket</Code>");
  });
});
