/**
 * Hostile input found by fuzzing STS through its Query wire (DESIGN.md "Bad input"): each case
 * was once answered with a broken success (an "Invalid Date" expiration, a token with no JSON
 * header); now it is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssumeRoleWithWebIdentityCommand, STSClient, type STSServiceException } from "@aws-sdk/client-sts";
import { serveHandler, VirtualClock } from "@sam-sandbox/core";
import { createSts } from "../src/index.js";

const ROLE = "arn:aws:iam::000000000000:role/AppRole";
const clock = new VirtualClock(Date.UTC(2026, 10, 26, 12, 0, 0));
let url: string;
let close: () => Promise<void>;
let sts: STSClient;

beforeAll(async () => {
  const service = await createSts({ clock, accountId: "000000000000", region: "us-east-1" });
  const server = await serveHandler(service.service.handle);
  url = server.url;
  close = server.close;
  sts = new STSClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } });
});

afterAll(async () => {
  sts.destroy();
  await close();
});

async function form(params: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x",
    },
    body: new URLSearchParams({ Version: "2011-06-15", ...params }).toString(),
  });
  return { status: res.status, body: await res.text() };
}

const part = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

describe("numbers in the Query form", () => {
  it.each(["abc", "1.5", "0x400", "Infinity"])("refuses DurationSeconds=%s (it issued credentials expiring at 'Invalid Date' or a fraction of a second)", async (value) => {
    const res = await form({ Action: "AssumeRole", RoleArn: ROLE, RoleSessionName: "odd", DurationSeconds: value });
    expect(res.status).toBe(400);
    expect(res.body).toContain("<Code>InvalidParameterValue</Code><Message>An invalid or out-of-range value was supplied for the input parameter.</Message>");
  });

  it("still reads an integer written in exponent form, and checks its range", async () => {
    expect((await form({ Action: "AssumeRole", RoleArn: ROLE, RoleSessionName: "exp", DurationSeconds: "1e3" })).body).toContain("<Expiration>2026-11-26T12:16:40Z</Expiration>");
    const tooLong = await form({ Action: "GetSessionToken", DurationSeconds: "129601" });
    expect(tooLong.body).toContain("<Code>ValidationError</Code>");
  });
});

describe("AssumeRoleWithWebIdentity tokens", () => {
  it.each([
    ["a header that is no JSON", `${"A".repeat(19_000)}.${part({ sub: "u" })}.sig`],
    ["a header that is a JSON array", `${part([1])}.${part({ sub: "u" })}.sig`],
    ["claims that are JSON null", `${part({ alg: "RS256" })}.${part("null")}.sig`],
  ])("refuses %s as no JWT", async (_what, token) => {
    const err = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: "web", WebIdentityToken: token })).catch((e: STSServiceException) => e);
    expect(err).toMatchObject({ name: "InvalidIdentityTokenException", message: "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)" });
  });

  it("reads claims of unexpected types as absent", async () => {
    const token = `${part({ alg: "RS256" })}.${part({ sub: 5, aud: [{}], iss: {}, exp: "soon" })}.sig`;
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: "web", WebIdentityToken: token }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.SubjectFromWebIdentityToken).toBeUndefined();
  });
});

describe("Query entries without a value", () => {
  it("drops a list entry the form names without its value (TransitiveTagKeys.member.1.x crashed: HTTP 500)", async () => {
    const res = await form({ Action: "AssumeRole", RoleArn: ROLE, RoleSessionName: "gap", "TransitiveTagKeys.member.1.x": "a" });
    expect(res.status).toBe(200);
  });
});
