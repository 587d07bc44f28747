/**
 * Amazon EventBridge's engine: event buses, rules, targets and tags (kept through the Store
 * port), PutEvents (matched against the rules of the bus and delivered to their targets),
 * TestEventPattern, and archives and replays (archives.ts). Typed input in, AWS-shaped output out, AwsError on a client mistake.
 */
import { EventPatternError, parseEventPattern, ValidationException, type Clock, type DurableState, type EventPattern, type Logger } from "@sam-sandbox/core";
import {
  busExists, busNotFound, cannotDeleteDefault, duplicateTagKeys, InvalidEventPatternException, invalidPlaceholder, invalidSchedule, LimitExceededException, ManagedRuleException,
  onlyOneInput, patternOrSchedule, ruleHasTargets, ruleNotFound, scheduleOnDefaultOnly,
} from "../errors.js";
import { DEFAULT_BUS, MAX_TARGETS_PER_RULE } from "../limits.js";
import { Archives } from "./archives.js";
import { Connections, type ConnectionSecrets } from "./connections.js";
import type { Deliverer } from "./delivery.js";
import { undefinedPlaceholder, type TargetInput } from "./input.js";
import { patternJsonError } from "./jsonError.js";
import { grant, revoke, type PutPermissionInput, type RemovePermissionInput } from "./permissions.js";
import { putEvents, routeEvent, routeScheduled, type PutEventsInput, type PutEventsOutput } from "./putEvents.js";
import { busSettingsView, busView, page, ruleView, type Page } from "./views.js";
import { applyRecord, type DeadLetterConfig, type EventBridgeRecord, type EventBridgeState, type EventBus, type Rule, type Tag, type Target } from "./state.js";

export interface EngineOptions {
  durable: DurableState<EventBridgeState, EventBridgeRecord>;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  deliverer: Deliverer;
  /** Runs rules' ScheduleExpressions (the sandbox's scheduler); without it scheduled rules are kept but never fire. */
  schedules?: RuleSchedules;
  /** Keeps connections' credentials (Secrets Manager). */
  secrets: ConnectionSecrets;
}

/** The port scheduled rules run on. */
export interface RuleSchedules {
  /** Rejects an expression AWS refuses (a rate unit or cron field it does not take). */
  check(expression: string): Promise<void>;
  /** Arms (or re-arms) a schedule; `fire` gets each fire time. */
  set(ruleArn: string, expression: string, fire: (time: number) => void): Promise<void>;
  /** Disarms a rule's schedule (none armed: nothing happens). */
  remove(ruleArn: string): void;
}

type RuleState = Rule["state"];

export interface PutRuleInput {
  Name: string;
  ScheduleExpression?: string;
  EventPattern?: string;
  State?: RuleState;
  Description?: string;
  RoleArn?: string;
  Tags?: Tag[];
  EventBusName?: string;
}

/**
 * rate(n unit) or cron(six fields), as PutRule accepts them (the scheduler checks the fields).
 * No blank inside rate's parentheses: "rate( 10 minutes )" is refused (localstack
 * test_events.py test_put_rule_invalid_rate_schedule_expression, @aws_validated).
 */
const SCHEDULE = /^(rate\(\d+ +(minute|minutes|hour|hours|day|days)\)|cron\(\s*\S+(\s+\S+){5}\s*\))$/;

export class EventBridgeEngine {
  private readonly patterns = new Map<string, EventPattern>();
  /** Connections and API destinations. */
  readonly connections: Connections;
  /** Archives and replays. */
  readonly archives: Archives;
  /** Hands an event an archive's managed rule matched to its archive (one function for every PutEvents). */
  private readonly keep = (rule: Rule, event: Record<string, unknown>): void => this.archives.keep(rule, event);

  constructor(private readonly options: EngineOptions) {
    this.connections = new Connections(options.durable, options.clock, `arn:aws:events:${options.region}:${options.accountId}`, options.secrets, options.logger);
    if (!this.state.buses.has(DEFAULT_BUS)) {
      const now = options.clock.now();
      // The default bus exists in every account; it is recreated, never journaled.
      this.state.buses.set(DEFAULT_BUS, { name: DEFAULT_BUS, arn: this.busArn(DEFAULT_BUS), created: now, modified: now, rules: {} });
    }
    this.archives = new Archives({
      durable: options.durable,
      clock: options.clock,
      logger: options.logger,
      arnPrefix: `arn:aws:events:${options.region}:${options.accountId}`,
      bus: (nameOrArn) => this.bus(nameOrArn),
      checkPattern: (eventPattern) => void compilePattern(eventPattern),
      putRule: (bus, name, eventPattern, managedBy) => this.putManagedRule(bus, name, eventPattern, managedBy),
      deleteRule: (bus, name) => this.deleteManagedRule(bus, name),
      route: (bus, event, onlyRules) => routeEvent(bus, event, { patternOf: (rule) => this.pattern(rule), deliverer: this.options.deliverer, clock: this.options.clock, ...(onlyRules ? { onlyRules } : {}) }),
    });
  }

  /** A rule EventBridge keeps for itself (an archive's): no targets, ManagedBy set. */
  private async putManagedRule(busName: string, name: string, eventPattern: string, managedBy: string): Promise<void> {
    const pattern = compilePattern(eventPattern);
    const arn = this.ruleArn(busName, name);
    const existing = this.state.buses.get(busName)?.rules[name];
    const rule: Rule = { name, arn, busName, state: "ENABLED", targets: {}, created: existing?.created ?? this.options.clock.now(), eventPattern, managedBy };
    const record: EventBridgeRecord = { t: "putRule", rule };
    this.apply(record);
    this.patterns.set(arn, pattern);
    await this.commit(record);
  }

  private async deleteManagedRule(busName: string, name: string): Promise<void> {
    const rule = this.state.buses.get(busName)?.rules[name];
    if (!rule) return;
    this.forget(rule);
    const record: EventBridgeRecord = { t: "deleteRule", busName, name };
    this.apply(record);
    await this.commit(record);
  }

  private get state(): EventBridgeState {
    return this.options.durable.state;
  }

  private commit(record: EventBridgeRecord): Promise<void> {
    return this.options.durable.commit(record);
  }

  busArn(name: string): string {
    return `arn:aws:events:${this.options.region}:${this.options.accountId}:event-bus/${name}`;
  }

  ruleArn(busName: string, name: string): string {
    const path = busName === DEFAULT_BUS ? name : `${busName}/${name}`;
    return `arn:aws:events:${this.options.region}:${this.options.accountId}:rule/${path}`;
  }

  /** A bus by name or ARN (the default bus when absent). */
  bus(nameOrArn: string | undefined): EventBus {
    const name = busName(nameOrArn);
    const bus = this.state.buses.get(name);
    if (!bus) throw busNotFound(name);
    return bus;
  }

  private rule(name: string, busNameOrArn: string | undefined): Rule {
    const bus = this.bus(busNameOrArn);
    const rule = Object.hasOwn(bus.rules, name) ? bus.rules[name] : undefined;
    if (!rule) throw ruleNotFound(name, bus.name);
    return rule;
  }

  // ---- Event buses ----

  async createEventBus(input: EventBusInput & { Name: string; Tags?: Tag[] }): Promise<Record<string, unknown>> {
    if (this.state.buses.has(input.Name)) throw busExists(input.Name);
    const now = this.options.clock.now();
    const bus = { name: input.Name, arn: this.busArn(input.Name), created: now, modified: now, ...busSettings(input) };
    const record: EventBridgeRecord = { t: "putBus", bus };
    this.apply(record);
    const pending = [this.commit(record)];
    if (input.Tags?.length) pending.push(this.setTags(bus.arn, mergeTags([], input.Tags)));
    await Promise.all(pending);
    return { EventBusArn: bus.arn, ...(bus.description !== undefined ? { Description: bus.description } : {}), ...busSettingsView(bus) };
  }

  describeEventBus(input: { Name?: string }): Record<string, unknown> {
    const bus = this.bus(input.Name);
    return { ...busView(bus), ...busSettingsView(bus) };
  }

  /** Sets what the request gives (the default bus when Name is absent); what it leaves out stays as it was. */
  async updateEventBus(input: EventBusInput & { Name?: string }): Promise<Record<string, unknown>> {
    const { rules: _rules, ...current } = this.bus(input.Name);
    const bus = { ...current, ...busSettings(input), modified: this.options.clock.now() };
    const record: EventBridgeRecord = { t: "putBus", bus };
    this.apply(record);
    await this.commit(record);
    return { Arn: bus.arn, Name: bus.name, ...(bus.description !== undefined ? { Description: bus.description } : {}), ...busSettingsView(bus) };
  }

  listEventBuses(input: { NamePrefix?: string } & Page): Record<string, unknown> {
    const buses = [...this.state.buses.values()].filter((b) => input.NamePrefix === undefined || b.name.startsWith(input.NamePrefix));
    const { items, next } = page(buses.sort((a, b) => a.name.localeCompare(b.name)), input);
    return { EventBuses: items.map(busView), ...(next ? { NextToken: next } : {}) };
  }

  async deleteEventBus(input: { Name: string }): Promise<Record<string, never>> {
    if (input.Name === DEFAULT_BUS) throw cannotDeleteDefault();
    const bus = this.state.buses.get(input.Name);
    if (!bus) return {};
    for (const rule of Object.values(bus.rules)) this.forget(rule);
    const record: EventBridgeRecord = { t: "deleteBus", name: input.Name };
    this.apply(record);
    await this.commit(record);
    return {};
  }

  // ---- Permissions ----

  putPermission(input: PutPermissionInput): Promise<Record<string, never>> {
    const bus = this.bus(input.EventBusName);
    return this.setPolicy(bus, grant(bus.policy, bus.arn, input));
  }

  removePermission(input: RemovePermissionInput): Promise<Record<string, never>> {
    const bus = this.bus(input.EventBusName);
    return this.setPolicy(bus, revoke(bus.policy, input));
  }

  private async setPolicy(bus: EventBus, policy: string | undefined): Promise<Record<string, never>> {
    const record: EventBridgeRecord = { t: "setPolicy", name: bus.name, modified: this.options.clock.now(), ...(policy !== undefined ? { policy } : {}) };
    this.apply(record);
    await this.commit(record);
    return {};
  }

  // ---- Rules ----

  async putRule(input: PutRuleInput): Promise<{ RuleArn: string }> {
    const bus = this.bus(input.EventBusName);
    if (input.EventPattern === undefined && input.ScheduleExpression === undefined) throw patternOrSchedule();
    if (input.ScheduleExpression !== undefined) {
      if (bus.name !== DEFAULT_BUS) throw scheduleOnDefaultOnly();
      if (!SCHEDULE.test(input.ScheduleExpression)) throw invalidSchedule();
    }
    const pattern = input.EventPattern === undefined ? undefined : compilePattern(input.EventPattern);
    if (input.ScheduleExpression !== undefined) await this.checkSchedule(input.ScheduleExpression);
    const existing = Object.hasOwn(bus.rules, input.Name) ? bus.rules[input.Name] : undefined;
    const rule: Rule = {
      name: input.Name,
      arn: this.ruleArn(bus.name, input.Name),
      busName: bus.name,
      state: input.State ?? "ENABLED",
      targets: existing?.targets ?? {},
      created: existing?.created ?? this.options.clock.now(),
      ...(input.EventPattern !== undefined ? { eventPattern: input.EventPattern } : {}),
      ...(input.ScheduleExpression !== undefined ? { scheduleExpression: input.ScheduleExpression } : {}),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.RoleArn !== undefined ? { roleArn: input.RoleArn } : {}),
    };
    const record: EventBridgeRecord = { t: "putRule", rule };
    this.apply(record);
    if (pattern) this.patterns.set(rule.arn, pattern);
    else this.patterns.delete(rule.arn);
    const pending = [this.commit(record)];
    if (input.Tags?.length) pending.push(this.setTags(rule.arn, mergeTags(this.state.tags.get(rule.arn) ?? [], input.Tags)));
    await Promise.all(pending);
    await this.armSchedule(rule);
    return { RuleArn: rule.arn };
  }

  describeRule(input: { Name: string; EventBusName?: string }): Record<string, unknown> {
    return { ...ruleView(this.rule(input.Name, input.EventBusName)), CreatedBy: this.options.accountId };
  }

  listRules(input: { NamePrefix?: string; EventBusName?: string } & Page): Record<string, unknown> {
    const rules = Object.values(this.bus(input.EventBusName).rules).filter((r) => input.NamePrefix === undefined || r.name.startsWith(input.NamePrefix));
    const { items, next } = page(rules.sort((a, b) => a.name.localeCompare(b.name)), input);
    return { Rules: items.map(ruleView), ...(next ? { NextToken: next } : {}) };
  }

  listRuleNamesByTarget(input: { TargetArn: string; EventBusName?: string } & Page): Record<string, unknown> {
    const rules = Object.values(this.bus(input.EventBusName).rules).filter((r) => Object.values(r.targets).some((t) => t.Arn === input.TargetArn));
    const { items, next } = page(rules.map((r) => r.name).sort(), input);
    return { RuleNames: items, ...(next ? { NextToken: next } : {}) };
  }

  async deleteRule(input: { Name: string; EventBusName?: string; Force?: boolean }): Promise<Record<string, never>> {
    const bus = this.bus(input.EventBusName);
    const rule = Object.hasOwn(bus.rules, input.Name) ? bus.rules[input.Name] : undefined;
    // Deleting a rule that does not exist succeeds, as on AWS.
    if (!rule) return {};
    if (rule.managedBy !== undefined && input.Force !== true) throw new ManagedRuleException(rule.name);
    if (Object.keys(rule.targets).length > 0) throw ruleHasTargets();
    this.forget(rule);
    const record: EventBridgeRecord = { t: "deleteRule", busName: bus.name, name: rule.name };
    this.apply(record);
    await this.commit(record);
    return {};
  }

  enableRule(input: { Name: string; EventBusName?: string }): Promise<Record<string, never>> {
    return this.setRuleState(input, "ENABLED");
  }

  disableRule(input: { Name: string; EventBusName?: string }): Promise<Record<string, never>> {
    return this.setRuleState(input, "DISABLED");
  }

  private async setRuleState(input: { Name: string; EventBusName?: string }, state: RuleState): Promise<Record<string, never>> {
    const rule = this.rule(input.Name, input.EventBusName);
    const record: EventBridgeRecord = { t: "setRuleState", busName: rule.busName, name: rule.name, state };
    this.apply(record);
    await this.commit(record);
    await this.armSchedule(rule);
    return {};
  }

  // ---- Targets ----

  async putTargets(input: { Rule: string; EventBusName?: string; Targets: Target[] }): Promise<Record<string, unknown>> {
    const rule = this.rule(input.Rule, input.EventBusName);
    const failed: Record<string, unknown>[] = [];
    const accepted: Target[] = [];
    const ids = new Set(Object.keys(rule.targets));
    for (const target of input.Targets) inputError(target);
    for (const target of input.Targets) {
      const error = targetError(target);
      if (error) {
        failed.push({ TargetId: target.Id, ErrorCode: "ValidationException", ErrorMessage: error });
        continue;
      }
      if (!ids.has(target.Id) && ids.size >= MAX_TARGETS_PER_RULE) throw new LimitExceededException();
      ids.add(target.Id);
      accepted.push(target);
    }
    if (accepted.length > 0) {
      const record: EventBridgeRecord = { t: "putTargets", busName: rule.busName, name: rule.name, targets: accepted };
      this.apply(record);
      await this.commit(record);
    }
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  async removeTargets(input: { Rule: string; EventBusName?: string; Ids: string[]; Force?: boolean }): Promise<Record<string, unknown>> {
    const rule = this.rule(input.Rule, input.EventBusName);
    if (rule.managedBy !== undefined && input.Force !== true) throw new ManagedRuleException(rule.name);
    const failed: Record<string, unknown>[] = [];
    const removed: string[] = [];
    for (const id of input.Ids) {
      if (Object.hasOwn(rule.targets, id)) removed.push(id);
      else failed.push({ TargetId: id, ErrorCode: "ResourceNotFoundException", ErrorMessage: `Rule '${rule.name}' does not have a target with the Id '${id}'.` });
    }
    if (removed.length > 0) {
      const record: EventBridgeRecord = { t: "removeTargets", busName: rule.busName, name: rule.name, ids: removed };
      this.apply(record);
      await this.commit(record);
    }
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  listTargetsByRule(input: { Rule: string; EventBusName?: string } & Page): Record<string, unknown> {
    const { items, next } = page(Object.values(this.rule(input.Rule, input.EventBusName).targets), input);
    return { Targets: items, ...(next ? { NextToken: next } : {}) };
  }

  // ---- Events ----

  putEvents(input: PutEventsInput, traceHeader?: string): PutEventsOutput {
    return putEvents(input, {
      clock: this.options.clock,
      region: this.options.region,
      accountId: this.options.accountId,
      busOf: (nameOrArn) => this.state.buses.get(busName(nameOrArn)),
      patternOf: (rule) => this.pattern(rule),
      deliverer: this.options.deliverer,
      archive: this.keep,
      traceHeader,
    });
  }

  /** Puts an already-formed event onto a bus (an event-bus target): matched, delivered, never refused. */
  forward(busArn: string, event: Record<string, unknown>): void {
    const bus = this.state.buses.get(busName(busArn));
    if (!bus) {
      this.options.logger.warn(`EventBridge: event bus ${busArn} does not exist; the event is dropped`);
      return;
    }
    routeEvent(bus, event, { patternOf: (rule) => this.pattern(rule), deliverer: this.options.deliverer, clock: this.options.clock, archive: this.keep });
  }

  testEventPattern(input: { EventPattern: string; Event: string }): { Result: boolean } {
    const pattern = compilePattern(input.EventPattern);
    let event: unknown;
    try {
      event = JSON.parse(input.Event);
    } catch {
      throw new ValidationException("Parameter Event is not valid.");
    }
    const required = ["id", "account", "source", "time", "region", "detail-type"];
    if (typeof event !== "object" || event === null || Array.isArray(event) || !required.every((f) => Object.hasOwn(event as object, f))) {
      throw new ValidationException("Parameter Event is not valid.");
    }
    return { Result: pattern.matches(event) };
  }

  // ---- Tags ----

  async tagResource(input: { ResourceARN: string; Tags: Tag[] }): Promise<Record<string, never>> {
    this.resource(input.ResourceARN);
    await this.setTags(input.ResourceARN, mergeTags(this.state.tags.get(input.ResourceARN) ?? [], input.Tags));
    return {};
  }

  async untagResource(input: { ResourceARN: string; TagKeys: string[] }): Promise<Record<string, never>> {
    this.resource(input.ResourceARN);
    const keys = new Set(input.TagKeys);
    await this.setTags(input.ResourceARN, (this.state.tags.get(input.ResourceARN) ?? []).filter((t) => !keys.has(t.Key)));
    return {};
  }

  listTagsForResource(input: { ResourceARN: string }): { Tags: Tag[] } {
    this.resource(input.ResourceARN);
    return { Tags: this.state.tags.get(input.ResourceARN) ?? [] };
  }

  /** Every rule, for the sandbox (schedules to arm at start-up). */
  rules(): Rule[] {
    return [...this.state.buses.values()].flatMap((b) => Object.values(b.rules));
  }

  /** A bus or rule ARN of this account; ResourceNotFoundException as AWS words it otherwise. */
  private resource(arn: string): void {
    const resource = arn.split(":").slice(5).join(":");
    if (resource.startsWith("event-bus/")) {
      this.bus(resource.slice("event-bus/".length));
      return;
    }
    if (resource.startsWith("rule/")) {
      const path = resource.slice("rule/".length).split("/");
      const name = path.pop() ?? "";
      this.rule(name, path[0] ?? DEFAULT_BUS);
      return;
    }
    throw busNotFound(resource);
  }

  private setTags(arn: string, tags: Tag[]): Promise<void> {
    const record: EventBridgeRecord = { t: "setTags", arn, tags };
    this.apply(record);
    return this.commit(record);
  }

  private apply(record: EventBridgeRecord): void {
    applyRecord(this.state, record);
  }

  private pattern(rule: Rule): EventPattern | undefined {
    if (rule.eventPattern === undefined) return undefined;
    let pattern = this.patterns.get(rule.arn);
    if (!pattern) {
      pattern = compilePattern(rule.eventPattern);
      this.patterns.set(rule.arn, pattern);
    }
    return pattern;
  }

  private forget(rule: Rule): void {
    this.patterns.delete(rule.arn);
    this.options.schedules?.remove(rule.arn);
  }

  /** Arms every enabled scheduled rule (at start-up: the rules kept from an earlier run). */
  async armSchedules(): Promise<void> {
    for (const rule of this.rules()) {
      try {
        await this.armSchedule(rule);
      } catch (error) {
        this.options.logger.warn(`EventBridge: rule ${rule.arn} cannot be scheduled: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** A ScheduleExpression the scheduler refuses is AWS's ValidationException. */
  private async checkSchedule(expression: string): Promise<void> {
    try {
      await this.options.schedules?.check(expression);
    } catch {
      throw invalidSchedule();
    }
  }

  private async armSchedule(rule: Rule): Promise<void> {
    const { schedules } = this.options;
    if (!schedules) return;
    const current = this.state.buses.get(rule.busName)?.rules[rule.name];
    if (!current || current.scheduleExpression === undefined || current.state === "DISABLED") {
      schedules.remove(rule.arn);
      return;
    }
    await schedules.set(rule.arn, current.scheduleExpression, (time) => this.fireSchedule(current.busName, current.name, time));
  }

  /** A fire of a scheduled rule: EventBridge's "Scheduled Event" to each of its targets. */
  private fireSchedule(busName: string, ruleName: string, time: number): void {
    const rule = this.state.buses.get(busName)?.rules[ruleName];
    if (!rule || rule.state === "DISABLED") return;
    routeScheduled(rule, time, { region: this.options.region, accountId: this.options.accountId, deliverer: this.options.deliverer });
  }
}

/** A bus name from a name or an event-bus ARN. */
export function busName(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === "") return DEFAULT_BUS;
  const at = nameOrArn.indexOf(":event-bus/");
  return nameOrArn.startsWith("arn:") && at >= 0 ? nameOrArn.slice(at + ":event-bus/".length) : nameOrArn;
}

function compilePattern(text: string): EventPattern {
  try {
    JSON.parse(text);
  } catch {
    throw new InvalidEventPatternException(patternJsonError(text) ?? "Filter is not valid JSON");
  }
  try {
    return parseEventPattern(text);
  } catch (error) {
    // event-ruler's text with Jackson's location, as EventBridge answers it.
    if (error instanceof EventPatternError) throw new InvalidEventPatternException(error.message);
    throw error;
  }
}

/** Id and Arn checks AWS reports per target in FailedEntries (localstack's recordings). */
function targetError(target: Target): string | undefined {
  if (!/^arn:[\d\w:\-/]*/.test(target.Arn)) return `Parameter ${target.Arn} is not valid. Reason: Provided Arn is not in correct format.`;
  if (target.Arn.includes(":sqs:") && target.Arn.endsWith(".fifo") && target.SqsParameters === undefined) {
    return `Parameter(s) SqsParameters must be specified for target: ${target.Id}.`;
  }
  return undefined;
}

/** Input checks AWS fails the whole PutTargets call with (localstack test_events_inputs.snapshot.json). */
function inputError(target: Target): void {
  if (["Input", "InputPath", "InputTransformer"].filter((m) => target[m] !== undefined).length > 1) throw onlyOneInput(target.Id);
  const transformer = target.InputTransformer as TargetInput["InputTransformer"];
  const placeholder = transformer === undefined ? undefined : undefinedPlaceholder(transformer);
  if (placeholder !== undefined) throw invalidPlaceholder(target.Id, placeholder);
}

function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  if (new Set(added.map((t) => t.Key)).size < added.length) throw duplicateTagKeys();
  const byKey = new Map(existing.map((t) => [t.Key, t]));
  for (const tag of added) byKey.set(tag.Key, { Key: tag.Key, Value: tag.Value });
  return [...byKey.values()];
}

/** What CreateEventBus and UpdateEventBus set on a bus besides its name. */
interface EventBusInput {
  Description?: string;
  KmsKeyIdentifier?: string;
  DeadLetterConfig?: DeadLetterConfig;
}

function busSettings(input: EventBusInput): Partial<Pick<EventBus, "description" | "kmsKeyIdentifier" | "deadLetterConfig">> {
  return {
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(input.KmsKeyIdentifier !== undefined ? { kmsKeyIdentifier: input.KmsKeyIdentifier } : {}),
    // Only the model's member is kept (an unknown one in the request is not echoed back).
    ...(input.DeadLetterConfig !== undefined ? { deadLetterConfig: input.DeadLetterConfig.Arn !== undefined ? { Arn: input.DeadLetterConfig.Arn } : {} } : {}),
  };
}
