/**
 * The sandbox's own sampling decisions, made as the X-Ray SDKs make them with centralized
 * rules (X-Ray Developer Guide, "Configuring sampling rules"): the rules are tried by
 * priority (lowest number first, ties by name); the first whose ServiceName, ServiceType,
 * Host, HTTPMethod, URLPath and ResourceARN all match the request decides. Each second it
 * samples up to ReservoirSize requests, then FixedRate of the rest. The Default rule
 * (reservoir 1, FixedRate 0.05) matches everything.
 */
import type { Clock, SamplingRequest } from "@sam-sandbox/core";
import type { SamplingRule } from "./config.js";

export class Sampler {
  /** Rule name → the epoch second its reservoir counts, and how much of it is used. */
  private readonly reservoirs = new Map<string, { second: number; used: number }>();

  constructor(
    private readonly rules: () => Iterable<SamplingRule>,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
    /** Told each decision (GetSamplingStatisticSummaries counts them). */
    private readonly decided?: (ruleName: string, sampled: boolean) => void,
  ) {}

  sample(request: SamplingRequest): boolean {
    const rule = this.ruleFor(request);
    if (rule === undefined) return true;
    const second = Math.floor(this.clock.now() / 1000);
    let reservoir = this.reservoirs.get(rule.RuleName);
    if (reservoir === undefined || reservoir.second !== second) {
      reservoir = { second, used: 0 };
      this.reservoirs.set(rule.RuleName, reservoir);
    }
    let sampled = reservoir.used < rule.ReservoirSize;
    if (sampled) reservoir.used++;
    else sampled = this.random() < rule.FixedRate;
    this.decided?.(rule.RuleName, sampled);
    return sampled;
  }

  private ruleFor(request: SamplingRequest): SamplingRule | undefined {
    const rules = [...this.rules()].sort(byPriority);
    return rules.find((rule) => matches(rule, request));
  }
}

/** Highest priority (lowest number) first, ties by name, as the SDKs evaluate the rules. */
export function byPriority(a: SamplingRule, b: SamplingRule): number {
  return a.Priority - b.Priority || a.RuleName.localeCompare(b.RuleName);
}

function matches(rule: SamplingRule, request: SamplingRequest): boolean {
  // Attributes match request attributes the sandbox's services do not carry: such a rule never applies.
  if (Object.keys(rule.Attributes).length > 0) return false;
  return (
    wildcard(rule.ServiceName, request.serviceName) &&
    wildcard(rule.ServiceType, request.serviceType) &&
    wildcard(rule.Host, request.host) &&
    wildcard(rule.HTTPMethod, request.httpMethod) &&
    wildcard(rule.URLPath, request.urlPath) &&
    wildcard(rule.ResourceARN, request.resourceArn)
  );
}

/** X-Ray's wildcards: `*` any run of characters, `?` one; case-insensitive. A missing value matches only `*`. */
export function wildcard(pattern: string, value: string | undefined): boolean {
  if (pattern === "*") return true;
  if (value === undefined) return false;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "is").test(value);
}
