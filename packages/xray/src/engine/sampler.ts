/**
 * The sandbox's own sampling decisions, made as the X-Ray SDKs make them with centralized
 * rules (X-Ray Developer Guide, "Configuring sampling rules"): the rules are tried by
 * priority (lowest number first, ties by name); the first whose ServiceName, ServiceType,
 * Host, HTTPMethod, URLPath and ResourceARN all match the request decides. Each second it
 * samples up to ReservoirSize requests, then FixedRate of the rest. The Default rule
 * (reservoir 1, FixedRate 0.05) matches everything.
 */
import { globMatches, type Clock, type SamplingRequest } from "@sam-sandbox/core";
import type { SamplingRule } from "./config.js";

/** A rule with its matchers built once (the rules change rarely; requests arrive all the time). */
interface CompiledRule {
  rule: SamplingRule;
  matches: (request: SamplingRequest) => boolean;
}

export class Sampler {
  /** Rule name → the epoch second its reservoir counts, and how much of it is used. */
  private readonly reservoirs = new Map<string, { second: number; used: number }>();
  /** The rules in the order they are tried, built on the first decision after a change. */
  private compiled: CompiledRule[] | undefined;

  constructor(
    private readonly rules: () => Iterable<SamplingRule>,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
    /** Told each decision (GetSamplingStatisticSummaries counts them). */
    private readonly decided?: (ruleName: string, sampled: boolean) => void,
  ) {}

  /** The stored rules changed (CreateSamplingRule, UpdateSamplingRule, DeleteSamplingRule). */
  rulesChanged(): void {
    this.compiled = undefined;
  }

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
    this.compiled ??= [...this.rules()].sort(byPriority).map(compile);
    return this.compiled.find((c) => c.matches(request))?.rule;
  }
}

/** Highest priority (lowest number) first, ties by name, as the SDKs evaluate the rules. */
export function byPriority(a: SamplingRule, b: SamplingRule): number {
  return a.Priority - b.Priority || a.RuleName.localeCompare(b.RuleName);
}

function compile(rule: SamplingRule): CompiledRule {
  // Attributes match request attributes the sandbox's services do not carry: such a rule never applies.
  if (Object.keys(rule.Attributes).length > 0) return { rule, matches: () => false };
  const serviceName = wildcardMatcher(rule.ServiceName);
  const serviceType = wildcardMatcher(rule.ServiceType);
  const host = wildcardMatcher(rule.Host);
  const httpMethod = wildcardMatcher(rule.HTTPMethod);
  const urlPath = wildcardMatcher(rule.URLPath);
  const resourceArn = wildcardMatcher(rule.ResourceARN);
  return {
    rule,
    matches: (request) =>
      serviceName(request.serviceName) &&
      serviceType(request.serviceType) &&
      host(request.host) &&
      httpMethod(request.httpMethod) &&
      urlPath(request.urlPath) &&
      resourceArn(request.resourceArn),
  };
}

/** X-Ray's wildcards: `*` any run of characters, `?` one; case-insensitive. A missing value matches only `*`. */
export function wildcard(pattern: string, value: string | undefined): boolean {
  return wildcardMatcher(pattern)(value);
}

function wildcardMatcher(pattern: string): (value: string | undefined) => boolean {
  if (pattern === "*") return () => true;
  const lower = pattern.toLowerCase();
  return (value) => value !== undefined && globMatches(lower, value.toLowerCase());
}
