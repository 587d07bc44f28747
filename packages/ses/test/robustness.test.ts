/**
 * DESIGN.md rule 4 for SES: every operation of both models gets hostile and random input
 * (seeded) — the v1 Query form and SESv2's JSON bodies and path labels — and each answer is an
 * AWS-shaped client error or a success, never a 5xx or a crash. Uses the project's shared
 * fuzzer (test/helpers/fuzz.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng, ShapeFuzzer, closeAgent, fixedVariants, queryForm, send, sigv4, type Sent } from "../../../test/helpers/fuzz.js";
import { sesModel } from "../src/generated/ses.js";
import { sesV2Model } from "../src/generated/sesv2.js";
import { startSes, type Harness } from "./helpers.js";

const RANDOM_VARIANTS = 20;
let h: Harness;

beforeAll(async () => {
  h = await startSes();
  await h.ses.engine.verifyEmailIdentity({ EmailAddress: "fuzz@example.com" });
  await h.ses.engine.createTemplate({ Template: { TemplateName: "fuzzed", SubjectPart: "{{a}}", TextPart: "{{#each b}}{{this}}{{/each}}" } });
  await h.ses.engine.createConfigurationSet({ ConfigurationSet: { Name: "fuzzed" } });
});
afterAll(async () => {
  closeAgent();
  await h.close();
});

const known = {
  Address: ["fuzz@example.com", "Fuzz <fuzz@example.com>"],
  EmailAddress: ["fuzz@example.com"],
  Identity: ["fuzz@example.com", "example.com"],
  TemplateName: ["fuzzed"],
  EmailTemplateName: ["fuzzed"],
  ConfigurationSetName: ["fuzzed"],
  TemplateData: ['{"a":1,"b":[1,2]}', "{", "[]"],
  EmailTemplateData: ['{"a":1,"b":[1,2]}', "{", "null"],
  RawMessageData: [Buffer.from("From: fuzz@example.com\r\nTo: a@b.c\r\nSubject: x\r\n\r\nbody").toString("base64"), "!!!", ""],
};

function form(params: Array<[string, string]>): Sent {
  return {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: sigv4("ses") },
    body: new URLSearchParams(params).toString(),
  };
}

/** A SESv2 request: labels filled from the input (or hostile text), the rest as the JSON body. */
function rest(operation: string, input: Record<string, unknown> | string | Buffer, label = "fuzzed"): Sent {
  const http = sesV2Model.operations[operation]?.http ?? { method: "GET", uri: "/" };
  const record = typeof input === "object" && !Buffer.isBuffer(input) ? input : {};
  const path = http.uri.split("?")[0].replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(record[name] ?? label)));
  return {
    method: http.method,
    path,
    headers: { "content-type": "application/json", authorization: sigv4("ses") },
    body: typeof input === "object" && !Buffer.isBuffer(input) ? JSON.stringify(input) : input,
  };
}

describe("robustness", () => {
  it("answers hostile and random Query input to every v1 operation with a client error or a success", async () => {
    const failures: string[] = [];
    for (const operation of Object.keys(sesModel.operations)) {
      const fuzzer = new ShapeFuzzer(sesModel, new Rng(operation.length * 7919), known);
      const cases: Array<[string, Sent]> = [
        [`${operation} bare`, form([["Action", operation]])],
        [`${operation} junk members`, form([["Action", operation], ["Destination.ToAddresses.member.999999", "x"], ["Template", "%00"], ["Tags.member.1.Name", ""]])],
      ];
      for (let i = 0; i < RANDOM_VARIANTS; i++) {
        const params: Array<[string, string]> = [["Action", operation]];
        queryForm(sesModel, sesModel.operations[operation]?.input ?? "", fuzzer.input(operation, i % 2 === 1), "", params);
        cases.push([`${operation} form #${i}`, form(params)]);
      }
      for (const [what, req] of cases) {
        const res = await send(h.url, req, 5_000);
        if (res.status >= 500 || res.status < 200) failures.push(`${what}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers hostile and random JSON and path labels to every SESv2 operation with a client error or a success", async () => {
    const failures: string[] = [];
    for (const operation of Object.keys(sesV2Model.operations)) {
      const fuzzer = new ShapeFuzzer(sesV2Model, new Rng(operation.length * 104729), known);
      const cases: Array<[string, Sent]> = fixedVariants(sesV2Model, operation).map(([what, body]) => [`${operation} ${what}`, rest(operation, body)]);
      for (const label of ["%ZZ", "..", "a".repeat(5000), "__proto__"]) cases.push([`${operation} label ${label.slice(0, 10)}`, rest(operation, "{}", label)]);
      for (let i = 0; i < RANDOM_VARIANTS; i++) cases.push([`${operation} json #${i}`, rest(operation, fuzzer.input(operation, i % 2 === 1))]);
      for (const [what, req] of cases) {
        // Deleting what the other cases use would leave them nothing to reach.
        if (req.method === "DELETE" && req.path.endsWith("/fuzzed")) continue;
        const res = await send(h.url, req, 5_000);
        if (res.status >= 500 || res.status < 200) failures.push(`${what}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers the outbox's other methods with 405", async () => {
    const res = await send(h.url, { method: "PUT", path: "/_aws/ses", headers: {}, body: "" }, 5_000);
    expect(res.status).toBe(405);
  });

  it("reads a list entry named with a member but no value as the SNS and SQS forms do (GetIdentityVerificationAttributes answered 500)", async () => {
    for (const params of [
      [["Action", "GetIdentityVerificationAttributes"], ["Version", "2010-12-01"], ["Identities.member.1.Name", "x"]],
      [["Action", "SendEmail"], ["Version", "2010-12-01"], ["Source", "fuzz@example.com"], ["Destination.ToAddresses.member.1.Name", "x"], ["Message.Subject.Data", "s"], ["Message.Body.Text.Data", "b"]],
      [["Action", "GetSendQuota"], ["Version", "2010-12-01"], ["Max24HourSend", "abc"]],
    ] as Array<Array<[string, string]>>) {
      const res = await send(h.url, form(params), 5_000);
      expect(res.status, res.body).toBeGreaterThanOrEqual(200);
      expect(res.status, res.body).toBeLessThan(500);
    }
  });
});
