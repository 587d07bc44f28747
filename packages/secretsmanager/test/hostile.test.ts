/**
 * Hostile input found by fuzzing Secrets Manager through its wire (DESIGN.md "Bad input"): each
 * case once answered HTTP 500; now it answers what AWS does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { VirtualClock } from "@sam-sandbox/core";
import { createSecretsManager } from "../src/index.js";
import { served } from "../../../test/helpers/services.js";

const clock = new VirtualClock(Date.UTC(2026, 10, 26, 12, 0, 0));
let sm: SecretsManagerClient;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const service = await createSecretsManager({ clock });
  ({ client: sm, url, close } = await served(service.service.handle, (config) => new SecretsManagerClient(config)));
});

afterAll(() => close());

/** An awsJson 1.1 request with a body no SDK would build. */
async function json(action: string, body: unknown): Promise<{ status: number; body: { __type?: string; message?: string } & Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `secretsmanager.${action}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { __type?: string } };
}

describe("JSON null members", () => {
  it("reads a null optional member as absent (ListSecrets NextToken crashed: HTTP 500)", async () => {
    await sm.send(new CreateSecretCommand({ Name: "nulls", SecretString: "s" }));
    const res = await json("ListSecrets", { NextToken: null });
    expect(res.status).toBe(200);
    expect((res.body.SecretList as Array<{ Name: string }>).map((s) => s.Name)).toEqual(["nulls"]);
  });

  it("validates a policy alone when SecretId is null (ValidateResourcePolicy crashed: HTTP 500)", async () => {
    const res = await json("ValidateResourcePolicy", { SecretId: null, ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}' });
    expect(res).toMatchObject({ status: 200, body: { PolicyValidationPassed: true } });
  });

  it("answers a required member sent as null as missing", async () => {
    const res = await json("GetSecretValue", { SecretId: null });
    expect(res).toEqual({
      status: 400,
      body: { __type: "ValidationException", message: "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null" },
    });
  });
});
