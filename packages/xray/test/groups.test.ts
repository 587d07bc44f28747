import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  GetGroupsCommand,
  GetServiceGraphCommand,
  GetTimeSeriesServiceStatisticsCommand,
  GetTraceSummariesCommand,
  InvalidRequestException,
  PutTraceSegmentsCommand,
  UpdateGroupCommand,
} from "@aws-sdk/client-xray";
import { failure, NOW, startXRay, startXRayWithSamples, traceIdFor, WINDOW, type Harness } from "./helpers.js";


describe("X-Ray groups", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startXRayWithSamples();
  });

  afterAll(async () => {
    await h.close();
  });

  it("has the Default group from the start", async () => {
    const out = await h.client.send(new GetGroupsCommand({}));
    expect(out.Groups).toEqual([
      { GroupName: "Default", GroupARN: "arn:aws:xray:us-east-1:000000000000:group/Default", InsightsConfiguration: { InsightsEnabled: false, NotificationsEnabled: false } },
    ]);
    const byArn = await h.client.send(new GetGroupCommand({ GroupARN: "arn:aws:xray:us-east-1:000000000000:group/Default" }));
    expect(byArn.Group?.GroupName).toBe("Default");
  });

  it("creates, reads, updates and deletes a group", async () => {
    const created = await h.client.send(
      new CreateGroupCommand({ GroupName: "faults", FilterExpression: "fault", InsightsConfiguration: { InsightsEnabled: true }, Tags: [{ Key: "team", Value: "a" }] }),
    );
    expect(created.Group).toMatchObject({ GroupName: "faults", FilterExpression: "fault", InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: false } });
    expect(created.Group?.GroupARN).toMatch(/^arn:aws:xray:us-east-1:000000000000:group\/faults\/[A-Z2-7]{52}$/);
    const arn = created.Group?.GroupARN;

    expect((await h.client.send(new GetGroupCommand({ GroupName: "faults" }))).Group).toEqual(created.Group);
    expect((await h.client.send(new GetGroupCommand({ GroupARN: arn }))).Group).toEqual(created.Group);
    expect((await h.client.send(new GetGroupsCommand({}))).Groups?.map((g) => g.GroupName)).toEqual(["Default", "faults"]);

    const updated = await h.client.send(new UpdateGroupCommand({ GroupARN: arn, FilterExpression: "fault OR error" }));
    expect(updated.Group).toMatchObject({ GroupName: "faults", GroupARN: arn, FilterExpression: "fault OR error", InsightsConfiguration: { InsightsEnabled: true } });

    await h.client.send(new DeleteGroupCommand({ GroupName: "faults" }));
    const gone = await failure(h.client.send(new GetGroupCommand({ GroupARN: arn })));
    expect(gone).toBeInstanceOf(InvalidRequestException);
    expect(gone.message).toBe("Group not found");
    expect((await failure(h.client.send(new DeleteGroupCommand({ GroupName: "faults" })))).message).toBe("Group not found");
  });

  it("rejects a duplicate name, a bad filter expression and changes to Default", async () => {
    await h.client.send(new CreateGroupCommand({ GroupName: "dup" }));
    expect(await failure(h.client.send(new CreateGroupCommand({ GroupName: "dup" })))).toBeInstanceOf(InvalidRequestException);
    expect(await failure(h.client.send(new CreateGroupCommand({ GroupName: "Default" })))).toBeInstanceOf(InvalidRequestException);
    const bad = await failure(h.client.send(new CreateGroupCommand({ GroupName: "bad", FilterExpression: "responsetime >" })));
    expect(bad).toBeInstanceOf(InvalidRequestException);
    expect(await failure(h.client.send(new UpdateGroupCommand({ GroupName: "dup", FilterExpression: "colour = 1" })))).toBeInstanceOf(InvalidRequestException);
    expect(await failure(h.client.send(new DeleteGroupCommand({ GroupName: "Default" })))).toBeInstanceOf(InvalidRequestException);
    expect(await failure(h.client.send(new UpdateGroupCommand({ GroupName: "Default", FilterExpression: "fault" })))).toBeInstanceOf(InvalidRequestException);
    const insights = await h.client.send(new UpdateGroupCommand({ GroupName: "Default", InsightsConfiguration: { InsightsEnabled: true } }));
    expect(insights.Group).toEqual({
      GroupName: "Default",
      GroupARN: "arn:aws:xray:us-east-1:000000000000:group/Default",
      InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: false },
    });
    await h.client.send(new UpdateGroupCommand({ GroupName: "Default", InsightsConfiguration: { InsightsEnabled: false } }));
    const long = await failure(h.client.send(new CreateGroupCommand({ GroupName: "x".repeat(33) })));
    expect(long.name).toBe("ValidationException");
    await h.client.send(new DeleteGroupCommand({ GroupName: "dup" }));
  });

  it("selects a group's traces in GetTraceSummaries with group.name and group.arn", async () => {
    const created = await h.client.send(new CreateGroupCommand({ GroupName: "orders", FilterExpression: 'service("createOrder")' }));
    const ids = async (FilterExpression: string) =>
      (await h.client.send(new GetTraceSummariesCommand({ ...WINDOW, FilterExpression }))).TraceSummaries?.map((s) => s.Id);
    expect(await ids('group.name = "orders"')).toEqual([traceIdFor(2), traceIdFor(1)]);
    expect(await ids(`group.arn = "${created.Group?.GroupARN}" AND fault`)).toEqual([traceIdFor(2)]);
    expect(await ids('group.name = "Default"')).toEqual([traceIdFor(3), traceIdFor(2), traceIdFor(1)]);
    expect((await failure(h.client.send(new GetTraceSummariesCommand({ ...WINDOW, FilterExpression: 'group.name = "nope"' })))).message).toBe("Group not found");
    await h.client.send(new DeleteGroupCommand({ GroupName: "orders" }));
  });

  it("stops at 25 groups, Default included", async () => {
    for (let i = 0; i < 24; i++) await h.client.send(new CreateGroupCommand({ GroupName: `g${i}` }));
    expect(await failure(h.client.send(new CreateGroupCommand({ GroupName: "one-more" })))).toBeInstanceOf(InvalidRequestException);
    for (let i = 0; i < 24; i++) await h.client.send(new DeleteGroupCommand({ GroupName: `g${i}` }));
  });

  it("derives the ARN from the name and enables notifications only with insights", async () => {
    const first = await h.client.send(new CreateGroupCommand({ GroupName: "again" }));
    await h.client.send(new DeleteGroupCommand({ GroupName: "again" }));
    const second = await h.client.send(new CreateGroupCommand({ GroupName: "again" }));
    expect(second.Group?.GroupARN).toBe(first.Group?.GroupARN);
    await h.client.send(new DeleteGroupCommand({ GroupName: "again" }));
    const err = await failure(h.client.send(new CreateGroupCommand({ GroupName: "noisy", InsightsConfiguration: { NotificationsEnabled: true } })));
    expect(err).toBeInstanceOf(InvalidRequestException);
  });

  it("limits the service graph and time series to the group's traces", async () => {
    await h.client.send(new CreateGroupCommand({ GroupName: "worker", FilterExpression: 'service("worker")' }));
    const all = await h.client.send(new GetServiceGraphCommand({ ...WINDOW, GroupName: "Default" }));
    expect(all.Services?.map((s) => s.Name ?? s.Type).sort()).toEqual(["DynamoDB", "api/prod", "client", "createOrder", "worker"]);
    const worker = await h.client.send(new GetServiceGraphCommand({ ...WINDOW, GroupName: "worker" }));
    expect(worker.Services?.map((s) => s.Name ?? s.Type)).toEqual(["client", "worker"]);
    const missing = await failure(h.client.send(new GetServiceGraphCommand({ ...WINDOW, GroupName: "nope" })));
    expect(missing.message).toBe("Group not found");

    const series = await h.client.send(new GetTimeSeriesServiceStatisticsCommand({ ...WINDOW, GroupName: "worker", Period: 60 }));
    expect(series.TimeSeriesServiceStatistics).toHaveLength(1);
    expect(series.TimeSeriesServiceStatistics?.[0]).toMatchObject({
      EdgeSummaryStatistics: { OkCount: 0, ErrorStatistics: { OtherCount: 1, TotalCount: 1 }, TotalCount: 1 },
    });
    await h.client.send(new DeleteGroupCommand({ GroupName: "worker" }));
  });
});

describe("GetTimeSeriesServiceStatistics", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startXRayWithSamples();
  });

  afterAll(async () => {
    await h.close();
  });

  it("computes a service's statistics per period", async () => {
    const out = await h.client.send(
      new GetTimeSeriesServiceStatisticsCommand({ StartTime: new Date(NOW), EndTime: new Date(NOW + 30_000), Period: 10, EntitySelectorExpression: 'service("createOrder")' }),
    );
    expect(out.ContainsOldGroupVersions).toBe(false);
    const points = out.TimeSeriesServiceStatistics ?? [];
    expect(points.map((p) => p.Timestamp)).toEqual([new Date(NOW), new Date(NOW + 10_000)]);
    expect(points[0].ServiceSummaryStatistics).toMatchObject({ OkCount: 1, TotalCount: 1, TotalResponseTime: 0.2 });
    expect(points[1].ServiceSummaryStatistics).toMatchObject({ OkCount: 0, FaultStatistics: { TotalCount: 1 }, TotalCount: 1, TotalResponseTime: 1.5 });
    expect(points[1].ResponseTimeHistogram).toEqual([{ Value: 1.5, Count: 1 }]);
  });

  it("answers a range of decades at Period 1 at once, skipping the empty periods, and pages the rest", async () => {
    const decades = await h.client.send(
      new GetTimeSeriesServiceStatisticsCommand({ StartTime: new Date(0), EndTime: new Date(NOW + 3_650 * 86_400_000), Period: 1, EntitySelectorExpression: 'service("createOrder")' }),
    );
    expect((decades.TimeSeriesServiceStatistics ?? []).map((p) => p.Timestamp)).toEqual([new Date(NOW), new Date(NOW + 10_000)]);
    expect(decades.NextToken).toBeUndefined();
  });

  it("pages the periods, a day of minutes at a time", async () => {
    const busy = await startXRay();
    try {
      // 2,000 segments a second apart, then 1-second periods over them.
      const start = NOW / 1000 - 2_000;
      const documents = Array.from({ length: 2_000 }, (_, i) =>
        JSON.stringify({ id: (0x1000000000000000 + i).toString(16), trace_id: traceIdFor(100 + i), name: "batch", start_time: start + i, end_time: start + i + 0.5 }),
      );
      for (let i = 0; i < documents.length; i += 50) await busy.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: documents.slice(i, i + 50) }));
      const input = { StartTime: new Date(start * 1000), EndTime: new Date(NOW), Period: 1, EntitySelectorExpression: 'service("batch")' };
      const first = await busy.client.send(new GetTimeSeriesServiceStatisticsCommand(input));
      expect(first.TimeSeriesServiceStatistics).toHaveLength(1440);
      expect(first.NextToken).toBe(String(start + 1440));
      const second = await busy.client.send(new GetTimeSeriesServiceStatisticsCommand({ ...input, NextToken: first.NextToken }));
      expect(second.TimeSeriesServiceStatistics).toHaveLength(560);
      expect(second.TimeSeriesServiceStatistics?.[0].Timestamp).toEqual(new Date((start + 1440) * 1000));
      expect(second.NextToken).toBeUndefined();
    } finally {
      await busy.close();
    }
  });


  it("computes an edge's statistics", async () => {
    const out = await h.client.send(
      new GetTimeSeriesServiceStatisticsCommand({ StartTime: new Date(NOW), EndTime: new Date(NOW + 30_000), Period: 60, EntitySelectorExpression: 'edge("api/prod", "createOrder")' }),
    );
    expect(out.TimeSeriesServiceStatistics).toHaveLength(1);
    expect(out.TimeSeriesServiceStatistics?.[0].EdgeSummaryStatistics).toMatchObject({ OkCount: 1, FaultStatistics: { TotalCount: 1 }, TotalCount: 2 });
    expect(out.TimeSeriesServiceStatistics?.[0].ServiceSummaryStatistics).toBeUndefined();
  });

  it("reports the edges into the entry points without a selector, and nothing outside the window", async () => {
    const entry = await h.client.send(new GetTimeSeriesServiceStatisticsCommand({ StartTime: new Date(NOW), EndTime: new Date(NOW + 60_000) }));
    expect(entry.TimeSeriesServiceStatistics?.[0].EdgeSummaryStatistics).toEqual({
      OkCount: 1,
      ErrorStatistics: { ThrottleCount: 0, OtherCount: 1, TotalCount: 1 },
      FaultStatistics: { OtherCount: 1, TotalCount: 1 },
      TotalCount: 3,
      TotalResponseTime: 1.88,
    });
    const byId = await h.client.send(
      new GetTimeSeriesServiceStatisticsCommand({ StartTime: new Date(NOW), EndTime: new Date(NOW + 60_000), EntitySelectorExpression: 'id(name: "worker")' }),
    );
    expect(byId.TimeSeriesServiceStatistics?.[0].ServiceSummaryStatistics?.TotalCount).toBe(1);
    const later = await h.client.send(new GetTimeSeriesServiceStatisticsCommand({ StartTime: new Date(NOW + 3_600_000), EndTime: new Date(NOW + 7_200_000) }));
    expect(later.TimeSeriesServiceStatistics).toEqual([]);
  });
});
