/**
 * Centralized sampling: the rules (GetSamplingRules, CreateSamplingRule, UpdateSamplingRule,
 * DeleteSamplingRule) and what the X-Ray SDKs and daemon poll every 10 seconds
 * (GetSamplingTargets, reporting per-rule statistics; GetSamplingStatisticSummaries reads
 * them back). The Default rule always exists; only its FixedRate and ReservoirSize change.
 */
import { arn, type DurableState } from "@sam-sandbox/core";
import { InvalidRequestException, RuleLimitExceededException, messages } from "../errors.js";
import { DEFAULT_NAME, MAX_SAMPLING_RULES, SAMPLING_TARGET_INTERVAL_S } from "../limits.js";
import { change, type ConfigRecord, type ConfigState, type SamplingRule, type StoredRule, type Tag } from "./config.js";
import type { Account } from "./groups.js";
import { byPriority } from "./sampler.js";
import { checkTags } from "./tags.js";
import { epochSeconds } from "./time.js";

/** X-Ray's Default rule (X-Ray Developer Guide, "Configuring sampling rules"): 1 request a second, then 5 %. */
export function defaultRule(account: Account): StoredRule {
  return {
    rule: {
      RuleName: DEFAULT_NAME,
      RuleARN: ruleArn(account, DEFAULT_NAME),
      ResourceARN: "*",
      Priority: 10000,
      FixedRate: 0.05,
      ReservoirSize: 1,
      ServiceName: "*",
      ServiceType: "*",
      Host: "*",
      HTTPMethod: "*",
      URLPath: "*",
      Version: 1,
      Attributes: {},
    },
    // AWS reports the Default rule as created and modified at the epoch (get-sampling-rules output).
    createdAt: 0,
    modifiedAt: 0,
    tags: [],
  };
}

function ruleArn(account: Account, name: string): string {
  return arn({ service: "xray", region: account.region, account: account.accountId, resource: `sampling-rule/${name}` });
}

type RuleInput = Omit<SamplingRule, "RuleARN" | "Attributes"> & { RuleName?: string; RuleARN?: string; Attributes?: Record<string, string> };

export interface CreateSamplingRuleInput {
  SamplingRule: RuleInput;
  Tags?: Tag[];
}

export interface UpdateSamplingRuleInput {
  SamplingRuleUpdate: Partial<Omit<SamplingRule, "Version">>;
}

export interface RuleRef {
  RuleName?: string;
  RuleARN?: string;
}

interface StatisticsDocument {
  RuleName: string;
  ClientID: string;
  Timestamp: unknown;
  RequestCount: number;
  SampledCount: number;
  BorrowCount?: number;
}

/** Statistics reported per rule (kept in memory: they describe the running session only). */
interface RuleStatistics {
  RequestCount: number;
  SampledCount: number;
  BorrowCount: number;
  /** Epoch seconds of the last report. */
  Timestamp: number;
  /** ClientID → epoch seconds it last reported. */
  clients: Map<string, number>;
}

function record(stored: StoredRule): Record<string, unknown> {
  return { SamplingRule: stored.rule, CreatedAt: stored.createdAt, ModifiedAt: stored.modifiedAt };
}

function findRule(state: ConfigState, ref: RuleRef): StoredRule {
  if (ref.RuleName === undefined && ref.RuleARN === undefined) throw new InvalidRequestException(messages.ruleNameOrArn());
  const stored =
    ref.RuleName !== undefined ? state.rules.get(ref.RuleName) : [...state.rules.values()].find((r) => r.rule.RuleARN === ref.RuleARN);
  if (stored === undefined || (ref.RuleARN !== undefined && stored.rule.RuleARN !== ref.RuleARN)) {
    throw new InvalidRequestException(messages.samplingRuleNotFound());
  }
  return stored;
}

export class Sampling {
  private readonly statistics = new Map<string, RuleStatistics>();

  constructor(
    private readonly durable: DurableState<ConfigState, ConfigRecord>,
    private readonly account: Account,
    private readonly now: () => number,
    /** Told when a rule is created, updated or deleted (the sandbox's own sampler orders them again). */
    private readonly rulesChanged: () => void = () => {},
  ) {}

  private get state(): ConfigState {
    return this.durable.state;
  }

  private changeRule(name: string, value?: StoredRule): Promise<void> {
    // Applied at once, committed later: the sampler sees the new rules from now on.
    const committed = change(this.durable, { t: "rule", name, value });
    this.rulesChanged();
    return committed;
  }

  /** Highest priority (lowest number) first, ties by name, as the SDKs evaluate them. */
  getSamplingRules() {
    const rules = [...this.state.rules.values()].sort((a, b) => byPriority(a.rule, b.rule));
    return { SamplingRuleRecords: rules.map(record) };
  }

  async createSamplingRule(input: CreateSamplingRuleInput) {
    const given = input.SamplingRule;
    const name = given.RuleName ?? (given.RuleARN === undefined ? undefined : given.RuleARN.slice(given.RuleARN.lastIndexOf("/") + 1));
    if (name === undefined || name === "") throw new InvalidRequestException(messages.ruleNameOrArn());
    if (this.state.rules.has(name)) throw new InvalidRequestException(messages.samplingRuleExists());
    if (this.state.rules.size >= MAX_SAMPLING_RULES) throw new RuleLimitExceededException(messages.ruleLimit(MAX_SAMPLING_RULES));
    const RuleARN = ruleArn(this.account, name);
    const tags = checkTags([], input.Tags ?? [], RuleARN);
    const now = this.now();
    const stored: StoredRule = {
      rule: {
        RuleName: name,
        RuleARN,
        ResourceARN: given.ResourceARN,
        Priority: given.Priority,
        FixedRate: given.FixedRate,
        ReservoirSize: given.ReservoirSize,
        ServiceName: given.ServiceName,
        ServiceType: given.ServiceType,
        Host: given.Host,
        HTTPMethod: given.HTTPMethod,
        URLPath: given.URLPath,
        Version: given.Version,
        Attributes: given.Attributes ?? {},
      },
      createdAt: now,
      modifiedAt: now,
      tags,
    };
    await this.changeRule(name, stored);
    return { SamplingRuleRecord: record(stored) };
  }

  async updateSamplingRule(input: UpdateSamplingRuleInput) {
    const update = input.SamplingRuleUpdate;
    const stored = findRule(this.state, update);
    if (stored.rule.RuleName === DEFAULT_NAME) {
      const other = Object.keys(update).filter((k) => !["RuleName", "RuleARN", "FixedRate", "ReservoirSize"].includes(k));
      if (other.length > 0) throw new InvalidRequestException(messages.defaultRuleUpdate());
    }
    const { RuleName: _name, RuleARN: _arn, ...changes } = update;
    const updated: StoredRule = { ...stored, rule: { ...stored.rule, ...changes }, modifiedAt: this.now() };
    await this.changeRule(stored.rule.RuleName, updated);
    return { SamplingRuleRecord: record(updated) };
  }

  async deleteSamplingRule(input: RuleRef) {
    const stored = findRule(this.state, input);
    if (stored.rule.RuleName === DEFAULT_NAME) throw new InvalidRequestException(messages.defaultRuleDelete());
    await this.changeRule(stored.rule.RuleName);
    this.statistics.delete(stored.rule.RuleName);
    return { SamplingRuleRecord: record(stored) };
  }

  /**
   * Records each client's statistics and answers a target per rule: the rule's FixedRate
   * and its reservoir shared among the clients that reported for it in the last interval.
   */
  getSamplingTargets(input: { SamplingStatisticsDocuments: StatisticsDocument[] }) {
    const now = this.now();
    const targets: Record<string, unknown>[] = [];
    const unprocessed: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (const doc of input.SamplingStatisticsDocuments) {
      const stored = this.state.rules.get(doc.RuleName);
      if (stored === undefined) {
        // Not recorded from AWS: the sandbox reports an unknown rule as a client error.
        unprocessed.push({ RuleName: doc.RuleName, ErrorCode: "400", Message: messages.samplingRuleNotFound() });
        continue;
      }
      this.report(doc, epochSeconds(doc.Timestamp, "Timestamp"), now);
      if (seen.has(doc.RuleName)) continue;
      seen.add(doc.RuleName);
      targets.push(this.target(stored.rule, now));
    }
    const lastModification = Math.max(...[...this.state.rules.values()].map((r) => r.modifiedAt));
    return { SamplingTargetDocuments: targets, LastRuleModification: lastModification, UnprocessedStatistics: unprocessed };
  }

  /**
   * A decision the sandbox's own tracer made with this rule (engine/sampler.ts), counted as
   * an SDK's report would count it (it takes no share of the reservoir quotas answered to SDKs).
   */
  countDecision(ruleName: string, sampled: boolean): void {
    const now = this.now();
    const stats = this.statisticsOf(ruleName, now);
    stats.RequestCount++;
    if (sampled) stats.SampledCount++;
    stats.Timestamp = Math.max(stats.Timestamp, now);
  }

  private statisticsOf(ruleName: string, at: number): RuleStatistics {
    let stats = this.statistics.get(ruleName);
    if (stats === undefined) {
      stats = { RequestCount: 0, SampledCount: 0, BorrowCount: 0, Timestamp: at, clients: new Map() };
      this.statistics.set(ruleName, stats);
    }
    return stats;
  }

  private report(doc: StatisticsDocument, at: number, now: number): void {
    const stats = this.statisticsOf(doc.RuleName, at);
    stats.RequestCount += doc.RequestCount;
    stats.SampledCount += doc.SampledCount;
    stats.BorrowCount += doc.BorrowCount ?? 0;
    stats.Timestamp = Math.max(stats.Timestamp, at);
    stats.clients.set(doc.ClientID, now);
  }

  private target(rule: SamplingRule, now: number): Record<string, unknown> {
    const clients = this.statistics.get(rule.RuleName)?.clients ?? new Map<string, number>();
    let active = 0;
    for (const last of clients.values()) if (last > now - SAMPLING_TARGET_INTERVAL_S) active++;
    return {
      RuleName: rule.RuleName,
      FixedRate: rule.FixedRate,
      ReservoirQuota: Math.floor(rule.ReservoirSize / Math.max(active, 1)),
      ReservoirQuotaTTL: now + SAMPLING_TARGET_INTERVAL_S,
      Interval: SAMPLING_TARGET_INTERVAL_S,
    };
  }

  /** Totals of the statistics reported per rule, stamped with the latest report. */
  getSamplingStatisticSummaries() {
    const summaries = [...this.statistics].map(([RuleName, s]) => ({
      RuleName,
      Timestamp: s.Timestamp,
      RequestCount: s.RequestCount,
      BorrowCount: s.BorrowCount,
      SampledCount: s.SampledCount,
    }));
    return { SamplingStatisticSummaries: summaries };
  }
}
