/** Hostile or malformed requests are answered with AWS-shaped 4xx errors, never a 500 or a crash. */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query, startCloudWatch, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startCloudWatch();
});
afterAll(() => h.close());

async function json(action: string, body: string | Blob, headers: Record<string, string> = {}) {
  const res = await fetch(h.url, { method: "POST", headers: { "x-amz-target": `GraniteServiceVersion20100801.${action}`, "content-type": "application/x-amz-json-1.0", ...headers }, body });
  return { status: res.status, body: await res.text(), queryError: res.headers.get("x-amzn-query-error") };
}

describe("malformed JSON requests", () => {
  const cases: Array<[string, string]> = [
    ["PutMetricData", "not json"],
    ["PutMetricData", "[]"],
    ["PutMetricData", '{"Namespace":"A","MetricData":[null]}'],
    ["PutMetricData", '{"Namespace":"A","MetricData":[{"MetricName":"M","Value":"x"}]}'],
    ["PutMetricData", '{"Namespace":"A","MetricData":[{"MetricName":"M","StatisticValues":{"SampleCount":1}}]}'],
    ["PutMetricData", '{"Namespace":"A","MetricData":[{"MetricName":"M","Value":1,"Values":[1],"Counts":[]}]}'],
    ["GetMetricData", '{"StartTime":"x","EndTime":1,"MetricDataQueries":[{"Id":"a","Expression":"((("}]}'],
    ["GetMetricData", '{"StartTime":0,"EndTime":1e12,"MetricDataQueries":[{"Id":"a","Expression":"b"}]}'],
    ["GetMetricData", '{"StartTime":0,"EndTime":100,"MetricDataQueries":[{"Id":"a","MetricStat":{"Metric":{},"Period":7,"Stat":"Sum"}}]}'],
    ["GetMetricStatistics", '{"Namespace":"A","MetricName":"M","StartTime":1e15,"EndTime":1e16,"Period":60,"Statistics":["Sum"]}'],
    ["GetMetricStatistics", '{"Namespace":"A","MetricName":"M","StartTime":0,"EndTime":60,"Period":60,"ExtendedStatistics":["p101"]}'],
    ["PutMetricAlarm", '{"AlarmName":"a","EvaluationPeriods":1,"ComparisonOperator":"GreaterThanThreshold"}'],
    ["PutMetricAlarm", '{"AlarmName":"a","EvaluationPeriods":1,"ComparisonOperator":"GreaterThanThreshold","Metrics":[{"Id":"x","Expression":"1/0"}]}'],
    ["SetAlarmState", '{"AlarmName":"a","StateValue":"OK","StateReason":"r","StateReasonData":"{"}'],
    ["ListMetrics", '{"NextToken":"garbage"}'],
    ["DescribeAlarms", '{"NextToken":"MTAwMA"}'],
    ["TagResource", '{"ResourceARN":"arn:aws:cloudwatch:us-east-1:000000000000:alarm:none","Tags":[]}'],
    ["NoSuchAction", "{}"],
    ["PutMetricStream", '{"Name":"s","FirehoseArn":"arn:aws:firehose:us-east-1:000000000000:deliverystream/x","RoleArn":"arn:aws:iam::000000000000:role/r","OutputFormat":"json"}'],
    ["PutDashboard", '{"DashboardName":"d:x","DashboardBody":"{}"}'],
  ];
  for (const [action, body] of cases) {
    it(`${action} ${body.slice(0, 60)}`, async () => {
      const res = await json(action, body);
      expect(res.status, res.body).toBeGreaterThanOrEqual(400);
      expect(res.status, res.body).toBeLessThan(500);
      expect(JSON.parse(res.body)).toHaveProperty("__type");
    });
  }

  it("keeps a dimension named __proto__ as a dimension", async () => {
    const res = await json("PutMetricData", '{"Namespace":"Proto","MetricData":[{"MetricName":"M","Value":1,"Dimensions":[{"Name":"__proto__","Value":"x"}]}]}');
    expect(res.status).toBe(200);
    const listed = JSON.parse((await json("ListMetrics", '{"Namespace":"Proto"}')).body) as { Metrics: unknown[] };
    expect(listed.Metrics).toEqual([{ Namespace: "Proto", MetricName: "M", Dimensions: [{ Name: "__proto__", Value: "x" }] }]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("answers a body that claims gzip but is not", async () => {
    const res = await json("PutMetricData", "plain", { "content-encoding": "gzip" });
    expect(res.status).toBe(400);
  });

  it("refuses a gzip body that inflates past the request limit without inflating it whole (a gzip bomb)", async () => {
    // 64 MB of zeros in about 64 KB.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const res = await json("PutMetricData", new Blob([Uint8Array.from(bomb)]), { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ __type: expect.stringMatching(/RequestEntityTooLarge$/), message: "Request size exceeded 1048576 bytes" });
  });

  it("reads a gzip body", async () => {
    const res = await json("ListMetrics", new Blob([Uint8Array.from(gzipSync("{}"))]), { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
  });
});

describe("malformed Query requests", () => {
  it("answers a form without an Action, an unknown Action and broken members with XML errors", async () => {
    for (const params of [
      {},
      { Action: "Nope" },
      { Action: "PutMetricData" },
      { Action: "PutMetricData", Namespace: "A", "MetricData.member.1.MetricName": "M", "MetricData.member.1.Value": "abc" },
      { Action: "PutMetricData", Namespace: "A", "MetricData.member.1.Value": "1" },
      { Action: "GetMetricStatistics", Namespace: "A", MetricName: "M", StartTime: "yesterday", EndTime: "today", Period: "60", "Statistics.member.1": "Sum" },
      { Action: "DescribeAlarmHistory", MaxRecords: "1000" },
    ] as Array<Record<string, string>>) {
      const res = await query(h.url, params);
      expect(res.status, JSON.stringify(params) + res.body).toBeGreaterThanOrEqual(400);
      expect(res.status, res.body).toBeLessThan(500);
      expect(res.body).toMatch(/^<ErrorResponse/);
    }
  });
});
