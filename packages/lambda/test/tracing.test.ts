import { describe, expect, it } from "vitest";
import { NOOP_TRACER, type Tracer } from "@sam-sandbox/core";
import { decidedHeader, isTraced, withParent } from "../src/engine/tracing.js";
import type { LambdaFunctionConfig } from "../src/index.js";

const ON = { enabled: true, startSegment: NOOP_TRACER.startSegment } satisfies Tracer;
const ROOT = "Root=1-6759e988-bd862e3fe1be46a994272793";
const active = { tracing: "Active" } as LambdaFunctionConfig;
const passThrough = { tracing: "PassThrough" } as LambdaFunctionConfig;

describe("X-Ray sampling of invocations", () => {
  it("traces an Active function unless its caller decided Sampled=0", () => {
    expect(isTraced(ON, active, undefined)).toBe(true);
    expect(isTraced(ON, active, ROOT)).toBe(true);
    expect(isTraced(ON, active, `${ROOT};Sampled=?`)).toBe(true);
    expect(isTraced(ON, active, `${ROOT};Sampled=0`)).toBe(false);
  });

  it("traces a PassThrough function only when its caller sampled the trace", () => {
    expect(isTraced(ON, passThrough, undefined)).toBe(false);
    expect(isTraced(ON, passThrough, ROOT)).toBe(false);
    expect(isTraced(ON, passThrough, `${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`)).toBe(true);
    expect(isTraced(ON, passThrough, `root=1-6759e988-bd862e3fe1be46a994272793;sampled=1`)).toBe(true);
  });

  it("lets the tracer's sampling rules decide an Active function's undecided invocations", () => {
    const asked: unknown[] = [];
    const sample = (request: unknown): boolean => {
      asked.push(request);
      return false;
    };
    const rules = { ...ON, sample } satisfies Tracer;
    const fn = { ...active, functionName: "orders", arn: "arn:aws:lambda:us-east-1:000000000000:function:orders" };
    expect(isTraced(rules, fn, undefined)).toBe(false);
    expect(isTraced(rules, fn, `${ROOT};Sampled=?`)).toBe(false);
    // A caller's decision is never overruled, and PassThrough never asks.
    expect(isTraced(rules, fn, `${ROOT};Sampled=1`)).toBe(true);
    expect(isTraced(rules, { ...passThrough, functionName: "orders" }, ROOT)).toBe(false);
    expect(asked).toEqual([
      { serviceName: "orders", serviceType: "AWS::Lambda::Function", resourceArn: fn.arn },
      { serviceName: "orders", serviceType: "AWS::Lambda::Function", resourceArn: fn.arn },
    ]);
  });

  it("traces nothing without a recording tracer", () => {
    expect(isTraced(NOOP_TRACER, active, undefined)).toBe(false);
    expect(isTraced(NOOP_TRACER, passThrough, `${ROOT};Sampled=1`)).toBe(false);
  });

  it("hands the function a decided header, as Lambda does", () => {
    expect(decidedHeader(ROOT, false)).toBe(`${ROOT};Sampled=0`);
    expect(decidedHeader(ROOT, true)).toBe(`${ROOT};Sampled=1`);
    expect(decidedHeader(`${ROOT};Sampled=?;Lineage=a:1`, true)).toBe(`${ROOT};Sampled=1;Lineage=a:1`);
    expect(decidedHeader(`${ROOT};Sampled=0`, true)).toBe(`${ROOT};Sampled=0`);
  });
});

describe("the header an untraced function receives", () => {
  it("always names a Parent after the Root, keeping the rest", () => {
    expect(withParent(`${ROOT};Sampled=0`)).toMatch(new RegExp(`^${ROOT};Parent=[0-9a-f]{16};Sampled=0$`));
    expect(withParent(ROOT)).toMatch(new RegExp(`^${ROOT};Parent=[0-9a-f]{16}$`));
    expect(withParent(`${ROOT};Parent=1111111111111111;Sampled=0`)).toBe(`${ROOT};Parent=1111111111111111;Sampled=0`);
  });
});
