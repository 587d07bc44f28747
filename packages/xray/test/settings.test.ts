import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CancelTraceRetrievalCommand,
  CreateGroupCommand,
  CreateSamplingRuleCommand,
  DeleteResourcePolicyCommand,
  GetEncryptionConfigCommand,
  GetIndexingRulesCommand,
  GetInsightCommand,
  GetInsightEventsCommand,
  GetInsightImpactGraphCommand,
  GetInsightSummariesCommand,
  GetRetrievedTracesGraphCommand,
  GetTraceSegmentDestinationCommand,
  InvalidPolicyRevisionIdException,
  InvalidRequestException,
  ListResourcePoliciesCommand,
  ListRetrievedTracesCommand,
  ListTagsForResourceCommand,
  MalformedPolicyDocumentException,
  PolicyCountLimitExceededException,
  PolicySizeLimitExceededException,
  PutEncryptionConfigCommand,
  PutResourcePolicyCommand,
  ResourceNotFoundException,
  StartTraceRetrievalCommand,
  TagResourceCommand,
  TooManyTagsException,
  UntagResourceCommand,
  UpdateIndexingRuleCommand,
  UpdateTraceSegmentDestinationCommand,
} from "@aws-sdk/client-xray";
import { failure, NOW, startXRayWithSamples, traceIdFor, WINDOW, type Harness } from "./helpers.js";


describe("X-Ray account settings and more", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startXRayWithSamples();
  });

  afterAll(async () => {
    await h.close();
  });

  describe("TagResource, UntagResource, ListTagsForResource", () => {
    it("tags groups and sampling rules", async () => {
      const group = await h.client.send(new CreateGroupCommand({ GroupName: "tagged", Tags: [{ Key: "env", Value: "dev" }] }));
      const arn = group.Group?.GroupARN ?? "";
      await h.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "env", Value: "prod" }, { Key: "team", Value: "x" }] }));
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
        { Key: "env", Value: "prod" },
        { Key: "team", Value: "x" },
      ]);
      await h.client.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["env", "absent"] }));
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: "team", Value: "x" }]);

      const rule = await h.client.send(
        new CreateSamplingRuleCommand({
          SamplingRule: { RuleName: "t", ResourceARN: "*", Priority: 1, FixedRate: 0, ReservoirSize: 0, ServiceName: "*", ServiceType: "*", Host: "*", HTTPMethod: "*", URLPath: "*", Version: 1 },
          Tags: [{ Key: "a", Value: "b" }],
        }),
      );
      const ruleArn = rule.SamplingRuleRecord?.SamplingRule?.RuleARN ?? "";
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: ruleArn }))).Tags).toEqual([{ Key: "a", Value: "b" }]);
    });

    it("limits tags to 50, refuses aws: keys and unknown resources", async () => {
      const group = await h.client.send(new CreateGroupCommand({ GroupName: "many" }));
      const arn = group.Group?.GroupARN ?? "";
      const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
      const tooMany = await failure(h.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: tags })));
      expect(tooMany).toBeInstanceOf(TooManyTagsException);
      expect((tooMany as TooManyTagsException).ResourceName).toBe(arn);
      expect(await failure(h.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "aws:x", Value: "v" }] })))).toBeInstanceOf(InvalidRequestException);
      const unknown = "arn:aws:xray:us-east-1:000000000000:group/none/ABC";
      const missing = await failure(h.client.send(new ListTagsForResourceCommand({ ResourceARN: unknown })));
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect((missing as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    });
  });

  describe("encryption, segment destination, indexing rules", () => {
    it("stores the encryption config; Put answers UPDATING, Get ACTIVE", async () => {
      expect((await h.client.send(new GetEncryptionConfigCommand({}))).EncryptionConfig).toEqual({ Type: "NONE", Status: "ACTIVE" });
      const put = await h.client.send(new PutEncryptionConfigCommand({ Type: "KMS", KeyId: "alias/my-key" }));
      expect(put.EncryptionConfig).toEqual({ Type: "KMS", KeyId: "alias/my-key", Status: "UPDATING" });
      expect((await h.client.send(new GetEncryptionConfigCommand({}))).EncryptionConfig).toEqual({ Type: "KMS", KeyId: "alias/my-key", Status: "ACTIVE" });
      await h.client.send(new PutEncryptionConfigCommand({ Type: "NONE" }));
      expect((await h.client.send(new GetEncryptionConfigCommand({}))).EncryptionConfig).toEqual({ Type: "NONE", Status: "ACTIVE" });
    });

    it("switches the trace segment destination", async () => {
      expect(await h.client.send(new GetTraceSegmentDestinationCommand({}))).toMatchObject({ Destination: "XRay", Status: "ACTIVE" });
      expect(await h.client.send(new UpdateTraceSegmentDestinationCommand({ Destination: "CloudWatchLogs" }))).toMatchObject({ Destination: "CloudWatchLogs" });
      expect(await h.client.send(new GetTraceSegmentDestinationCommand({}))).toMatchObject({ Destination: "CloudWatchLogs", Status: "ACTIVE" });
      await h.client.send(new UpdateTraceSegmentDestinationCommand({ Destination: "XRay" }));
    });

    it("reads and updates the Default indexing rule", async () => {
      const rules = await h.client.send(new GetIndexingRulesCommand({}));
      expect(rules.IndexingRules).toEqual([{ Name: "Default", ModifiedAt: new Date(0), Rule: { Probabilistic: { DesiredSamplingPercentage: 1 } } }]);
      const updated = await h.client.send(new UpdateIndexingRuleCommand({ Name: "Default", Rule: { Probabilistic: { DesiredSamplingPercentage: 50 } } }));
      expect(updated.IndexingRule).toEqual({ Name: "Default", ModifiedAt: new Date(NOW), Rule: { Probabilistic: { DesiredSamplingPercentage: 50 } } });
      expect(await failure(h.client.send(new UpdateIndexingRuleCommand({ Name: "Other", Rule: { Probabilistic: { DesiredSamplingPercentage: 5 } } })))).toBeInstanceOf(
        ResourceNotFoundException,
      );
    });
  });

  describe("resource policies", () => {
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "xray:PutTraceSegments", Resource: "*" }] });

    it("counts revisions per policy and checks them", async () => {
      const first = await h.client.send(new PutResourcePolicyCommand({ PolicyName: "sns", PolicyDocument: doc, PolicyRevisionId: "0" }));
      expect(first.ResourcePolicy).toEqual({ PolicyName: "sns", PolicyDocument: doc, PolicyRevisionId: "1", LastUpdatedTime: new Date(NOW) });
      expect(await failure(h.client.send(new PutResourcePolicyCommand({ PolicyName: "sns", PolicyDocument: doc, PolicyRevisionId: "0" })))).toBeInstanceOf(
        InvalidPolicyRevisionIdException,
      );
      const second = await h.client.send(new PutResourcePolicyCommand({ PolicyName: "sns", PolicyDocument: doc, PolicyRevisionId: "1" }));
      expect(second.ResourcePolicy?.PolicyRevisionId).toBe("2");
      expect(await failure(h.client.send(new PutResourcePolicyCommand({ PolicyName: "sns", PolicyDocument: doc, PolicyRevisionId: "1" })))).toBeInstanceOf(
        InvalidPolicyRevisionIdException,
      );
      expect((await h.client.send(new ListResourcePoliciesCommand({}))).ResourcePolicies?.map((p) => p.PolicyRevisionId)).toEqual(["2"]);
      expect(await failure(h.client.send(new DeleteResourcePolicyCommand({ PolicyName: "sns", PolicyRevisionId: "1" })))).toBeInstanceOf(
        InvalidPolicyRevisionIdException,
      );
      await h.client.send(new DeleteResourcePolicyCommand({ PolicyName: "sns", PolicyRevisionId: "2" }));
      await h.client.send(new DeleteResourcePolicyCommand({ PolicyName: "sns" }));
      expect((await h.client.send(new ListResourcePoliciesCommand({}))).ResourcePolicies).toEqual([]);
    });

    it("refuses a malformed or oversized document and a sixth policy", async () => {
      expect(await failure(h.client.send(new PutResourcePolicyCommand({ PolicyName: "bad", PolicyDocument: "{not json" })))).toBeInstanceOf(
        MalformedPolicyDocumentException,
      );
      const big = JSON.stringify({ Statement: "x".repeat(5 * 1024) });
      expect(await failure(h.client.send(new PutResourcePolicyCommand({ PolicyName: "big", PolicyDocument: big })))).toBeInstanceOf(PolicySizeLimitExceededException);
      for (let i = 0; i < 5; i++) await h.client.send(new PutResourcePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: "{}" }));
      expect(await failure(h.client.send(new PutResourcePolicyCommand({ PolicyName: "p5", PolicyDocument: "{}" })))).toBeInstanceOf(PolicyCountLimitExceededException);
      await h.client.send(new PutResourcePolicyCommand({ PolicyName: "p0", PolicyDocument: "{}" }));
      for (let i = 0; i < 5; i++) await h.client.send(new DeleteResourcePolicyCommand({ PolicyName: `p${i}` }));
    });
  });

  describe("Insights", () => {
    it("answers empty but well-shaped results", async () => {
      expect((await h.client.send(new GetInsightSummariesCommand({ ...WINDOW, GroupName: "Default" }))).InsightSummaries).toEqual([]);
      expect((await failure(h.client.send(new GetInsightSummariesCommand({ ...WINDOW, GroupName: "nope" })))).message).toBe("Group not found");
      const id = "12345678-1234-4234-8234-123456789abc";
      expect((await h.client.send(new GetInsightCommand({ InsightId: id }))).Insight).toBeUndefined();
      expect((await h.client.send(new GetInsightEventsCommand({ InsightId: id }))).InsightEvents).toEqual([]);
      const graph = await h.client.send(new GetInsightImpactGraphCommand({ InsightId: id, ...WINDOW }));
      expect(graph).toMatchObject({ InsightId: id, StartTime: WINDOW.StartTime, EndTime: WINDOW.EndTime, Services: [] });
    });
  });

  describe("trace retrieval", () => {
    it("retrieves stored traces by id, as X-Ray documents or OTEL spans", async () => {
      const { RetrievalToken } = await h.client.send(new StartTraceRetrievalCommand({ TraceIds: [traceIdFor(1), traceIdFor(404)], ...WINDOW }));
      expect(RetrievalToken).toBeTruthy();
      const listed = await h.client.send(new ListRetrievedTracesCommand({ RetrievalToken }));
      expect(listed).toMatchObject({ RetrievalStatus: "COMPLETE", TraceFormat: "XRAY" });
      expect(listed.Traces?.map((t) => t.Id)).toEqual([traceIdFor(1)]);
      expect(listed.Traces?.[0].Spans?.map((s) => (JSON.parse(s.Document ?? "{}") as { name: string }).name)).toEqual(["api/prod", "createOrder", "DynamoDB"]);
      const otel = await h.client.send(new ListRetrievedTracesCommand({ RetrievalToken, TraceFormat: "OTEL" }));
      expect(JSON.parse(otel.Traces?.[0].Spans?.[0].Document ?? "{}")).toMatchObject({ traceId: traceIdFor(1).replace(/-/g, "").slice(1), name: "api/prod" });

      const graph = await h.client.send(new GetRetrievedTracesGraphCommand({ RetrievalToken }));
      expect(graph.RetrievalStatus).toBe("COMPLETE");
      expect(graph.Services?.map((s) => s.Service?.Name ?? s.Service?.Type)).toEqual(["client", "api/prod", "createOrder", "DynamoDB"]);

      const later = await h.client.send(new StartTraceRetrievalCommand({ TraceIds: [traceIdFor(1)], StartTime: new Date(NOW + 3_600_000), EndTime: new Date(NOW + 7_200_000) }));
      expect((await h.client.send(new ListRetrievedTracesCommand({ RetrievalToken: later.RetrievalToken }))).Traces).toEqual([]);

      await h.client.send(new CancelTraceRetrievalCommand({ RetrievalToken }));
      expect(await h.client.send(new ListRetrievedTracesCommand({ RetrievalToken }))).toMatchObject({ RetrievalStatus: "CANCELLED", Traces: [] });
      expect(await failure(h.client.send(new ListRetrievedTracesCommand({ RetrievalToken: "nope" })))).toBeInstanceOf(ResourceNotFoundException);
    });
  });
});
