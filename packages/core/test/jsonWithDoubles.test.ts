import { describe, expect, it } from "vitest";
import { jsonWithDoubles } from "../src/index.js";

describe("jsonWithDoubles", () => {
  it("writes whole numbers under the named members with their .0, and nothing else", () => {
    const output = { Count: 2, ConsumedCapacity: { TableName: "t", CapacityUnits: 1, Table: { CapacityUnits: 0.5 } }, Items: [{ n: { N: "1" } }] };
    const text = jsonWithDoubles(output, new Set(["ConsumedCapacity"]));
    expect(text).toBe('{"Count":2,"ConsumedCapacity":{"TableName":"t","CapacityUnits":1.0,"Table":{"CapacityUnits":0.5}},"Items":[{"n":{"N":"1"}}]}');
    expect(JSON.parse(text)).toEqual(output);
  });

  it("reaches into lists and maps, and drops undefined members as JSON.stringify does", () => {
    const output = { metrics: { t: [{ SizeEstimateRangeGB: [0, 1], Key: undefined }] }, when: new Date(0) };
    expect(jsonWithDoubles(output, new Set(["metrics"]))).toBe('{"metrics":{"t":[{"SizeEstimateRangeGB":[0.0,1.0]}]},"when":"1970-01-01T00:00:00.000Z"}');
    expect(jsonWithDoubles([3, { a: -2 }], new Set(), true)).toBe("[3.0,{\"a\":-2.0}]");
    expect(jsonWithDoubles(1e21, new Set(), true)).toBe("1e+21");
  });
});
