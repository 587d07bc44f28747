import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CreateGroupCommand,
  CreateSamplingRuleCommand,
  GetEncryptionConfigCommand,
  GetGroupCommand,
  GetSamplingRulesCommand,
  ListResourcePoliciesCommand,
  ListTagsForResourceCommand,
  PutEncryptionConfigCommand,
  PutResourcePolicyCommand,
  UpdateSamplingRuleCommand,
} from "@aws-sdk/client-xray";
import { FileStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { createXRay } from "../src/index.js";
import { applyDocs, tracesCodec } from "../src/engine/state.js";
import { MAX_TRACES_KEPT, TRACE_RETENTION_MS } from "../src/limits.js";
import { NOW, at, sampleDocuments, segId, startXRay, traceIdFor } from "./helpers.js";

describe("trace persistence", () => {
  const dirs: string[] = [];

  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /** A fresh directory for a FileStore, removed after the tests. */
  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "xray-"));
    dirs.push(dir);
    return dir;
  }

  it("keeps PutTraceSegments and tracer segments across a restart", async () => {
    const dir = await tempDir();
    const clock = new VirtualClock(NOW);
    const open = async () => {
      const store = new FileStore({ dir, clock, logger: silentLogger });
      const xray = await createXRay({ store, clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
      return { store, xray };
    };
    const first = await open();
    await first.xray.service.handle({
      method: "POST",
      path: "/TraceSegments",
      rawQuery: "",
      headers: { "content-type": "application/json" },
      body: Buffer.from(JSON.stringify({ TraceSegmentDocuments: sampleDocuments() })),
    });
    const segment = first.xray.tracer.startSegment({ name: "fn", origin: "AWS::Lambda::Function" });
    segment.close();
    await first.store.close();

    const second = await open();
    expect(second.xray.traces.size).toBe(4);
    expect(second.xray.traces.trace(traceIdFor(1))?.Segments.map((s) => s.Id)).toHaveLength(3);
    expect(second.xray.traces.view(segment.traceId)?.root.name).toBe("fn");
    await second.store.close();
  });

  it("keeps groups, sampling rules, tags, policies and settings across a restart", async () => {
    const dir = await tempDir();
    const clock = new VirtualClock(NOW);
    const open = async () => {
      const store = new FileStore({ dir, clock, logger: silentLogger });
      const h = await startXRay(store);
      return {
        client: h.client,
        close: async () => {
          await h.close();
          await store.close();
        },
      };
    };
    const first = await open();
    const group = await first.client.send(new CreateGroupCommand({ GroupName: "kept", FilterExpression: "error", Tags: [{ Key: "k", Value: "v" }] }));
    const rule = { RuleName: "kept", ResourceARN: "*", Priority: 5, FixedRate: 0.5, ReservoirSize: 2, ServiceName: "*", ServiceType: "*", Host: "*", HTTPMethod: "*", URLPath: "*", Version: 1 };
    await first.client.send(new CreateSamplingRuleCommand({ SamplingRule: rule }));
    await first.client.send(new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: "Default", FixedRate: 0.1 } }));
    await first.client.send(new PutResourcePolicyCommand({ PolicyName: "p", PolicyDocument: "{}" }));
    await first.client.send(new PutEncryptionConfigCommand({ Type: "KMS", KeyId: "alias/aws/xray" }));
    await first.close();

    const second = await open();
    try {
      expect((await second.client.send(new GetGroupCommand({ GroupName: "kept" }))).Group).toEqual(group.Group);
      expect((await second.client.send(new ListTagsForResourceCommand({ ResourceARN: group.Group?.GroupARN }))).Tags).toEqual([{ Key: "k", Value: "v" }]);
      const rules = (await second.client.send(new GetSamplingRulesCommand({}))).SamplingRuleRecords?.map((r) => `${r.SamplingRule?.RuleName}:${r.SamplingRule?.FixedRate}`);
      expect(rules).toEqual(["kept:0.5", "Default:0.1"]);
      expect((await second.client.send(new ListResourcePoliciesCommand({}))).ResourcePolicies?.map((p) => p.PolicyName)).toEqual(["p"]);
      expect((await second.client.send(new GetEncryptionConfigCommand({}))).EncryptionConfig).toEqual({ Type: "KMS", KeyId: "alias/aws/xray", Status: "ACTIVE" });
    } finally {
      await second.close();
    }
  });
});

describe("trace bounds", () => {
  const doc = (n: number) => ({ id: segId(n + 1), trace_id: traceIdFor(n), name: "svc", start_time: at(0), end_time: at(1) });

  it(`keeps the ${MAX_TRACES_KEPT} most recently updated traces`, () => {
    const state = tracesCodec.empty();
    applyDocs(state, Array.from({ length: MAX_TRACES_KEPT }, (_, i) => doc(i)), NOW);
    applyDocs(state, [{ ...doc(0), id: segId(0xffff) }], NOW + 1); // trace 0 updated: now the newest
    applyDocs(state, [doc(MAX_TRACES_KEPT)], NOW + 2);
    expect(state.traces.size).toBe(MAX_TRACES_KEPT);
    expect(state.traces.has(traceIdFor(0))).toBe(true);
    expect(state.traces.has(traceIdFor(1))).toBe(false);
  });

  it("drops traces past X-Ray's 30-day retention", () => {
    const state = tracesCodec.empty();
    applyDocs(state, [doc(1)], NOW);
    applyDocs(state, [doc(2)], NOW + TRACE_RETENTION_MS + 1);
    expect([...state.traces.keys()]).toEqual([traceIdFor(2)]);
  });

  it("restores a snapshot", () => {
    const state = tracesCodec.empty();
    applyDocs(state, [doc(1), doc(2)], NOW);
    const restored = tracesCodec.fromSnapshot(JSON.parse(JSON.stringify(tracesCodec.toSnapshot(state))));
    expect([...restored.traces.keys()]).toEqual([traceIdFor(1), traceIdFor(2)]);
    expect(restored.traces.get(traceIdFor(1))?.docs.get(segId(2))).toEqual(doc(1));
  });
});
