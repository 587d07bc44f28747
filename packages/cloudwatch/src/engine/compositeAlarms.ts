/**
 * Composite alarms: PutCompositeAlarm, the rule they evaluate (ALARM, OK and INSUFFICIENT_DATA of
 * other alarms, TRUE, FALSE, AND, OR, NOT, parentheses), and their state, which follows their
 * children: each state change of an alarm a rule names evaluates that rule again.
 *
 * Shapes and texts: the composite alarm CloudFormation created, as recorded on AWS (localstack's
 * tests/aws/services/cloudwatch/resources/test_cloudwatch.snapshot.json, test_composite_alarm_creation:
 * "<arn> was created and its alarm rule evaluates to OK", triggeringAlarms); a child's transition
 * worded as localstack's provider words it ("<arn> transitioned to ALARM at Monday 25 November,
 * 2026 12:00:00 UTC"); AWS's refusals as users quote them: "Error in AlarmRule [Unsupported token
 * 'Oldest' at char 67, must be: ')']" (aws/aws-cdk#13953, #34662), "Could not save the composite
 * alarm as alarms [..] in the alarm rule do not exist" (awsdocs/aws-cloudformation-user-guide#911).
 * A state left alone by an update: "When you update an existing alarm, its state is left
 * unchanged" (PutCompositeAlarm API reference). ActionsSuppressor is kept and described; the
 * sandbox does not hold actions back for it.
 */
import { validationError } from "../errors.js";
import { MAX_RULE_DEPTH } from "../limits.js";
import { actionsOf, runActions } from "./actions.js";
import { alarmArn, describeAlarm, historyItem } from "./alarms.js";
import type { CloudWatchContext } from "./context.js";
import { alarmSubject, alarmTime, regionName } from "./format.js";
import { addHistory, type CompositeAlarm, type StateValue, type Tag } from "./state.js";

export interface PutCompositeAlarmInput {
  AlarmName: string;
  AlarmRule: string;
  AlarmDescription?: string;
  ActionsEnabled?: boolean;
  OKActions?: string[];
  AlarmActions?: string[];
  InsufficientDataActions?: string[];
  Tags?: Tag[];
  ActionsSuppressor?: string;
  ActionsSuppressorWaitPeriod?: number;
  ActionsSuppressorExtensionPeriod?: number;
}

// The rule -----------------------------------------------------------------------------------

type Rule =
  | { t: "const"; value: boolean }
  | { t: "state"; state: StateValue; ref: string }
  | { t: "not"; rule: Rule }
  | { t: "and" | "or"; left: Rule; right: Rule };

interface Token {
  text: string;
  at: number;
  /** A double-quoted alarm name (its quotes removed). */
  quoted?: boolean;
}

const STATE_FUNCTIONS: Record<string, StateValue> = { ALARM: "ALARM", OK: "OK", INSUFFICIENT_DATA: "INSUFFICIENT_DATA" };

const unsupported = (token: Token | undefined, rule: string, expected?: string) => {
  const text = token?.text ?? "";
  const at = token?.at ?? rule.length;
  return validationError(`Error in AlarmRule [Unsupported token '${text}' at char ${at}${expected !== undefined ? `, must be: '${expected}'` : ""}]`);
};

function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i] ?? "";
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ text: c, at: i });
      i++;
    } else if (c === '"') {
      const end = rule.indexOf('"', i + 1);
      if (end < 0) throw unsupported({ text: rule.slice(i), at: i }, rule);
      tokens.push({ text: rule.slice(i + 1, end), at: i, quoted: true });
      i = end + 1;
    } else {
      let j = i;
      while (j < rule.length && !/[\s()"]/.test(rule[j] ?? "")) j++;
      tokens.push({ text: rule.slice(i, j), at: i });
      i = j;
    }
  }
  return tokens;
}

/** The rule as a tree; a rule AWS would not read is refused with its text. */
export function parseRule(rule: string): Rule {
  const tokens = tokenize(rule);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (text: string) => {
    const token = tokens[pos];
    if (token?.text !== text || token.quoted) throw unsupported(token, rule, text);
    pos++;
  };
  const keyword = (text: string) => {
    const token = tokens[pos];
    return token !== undefined && !token.quoted && token.text === text;
  };
  const primary = (depth: number): Rule => {
    const token = peek();
    if (depth > MAX_RULE_DEPTH || token === undefined || token.quoted) throw unsupported(token, rule);
    pos++;
    if (token.text === "(") {
      const inner = or(depth + 1);
      expect(")");
      return inner;
    }
    if (token.text === "TRUE" || token.text === "FALSE") return { t: "const", value: token.text === "TRUE" };
    if (token.text === "NOT") return { t: "not", rule: primary(depth + 1) };
    const state = STATE_FUNCTIONS[token.text];
    if (state === undefined) throw unsupported(token, rule);
    expect("(");
    const name = peek();
    if (name === undefined || (!name.quoted && (name.text === "(" || name.text === ")"))) throw unsupported(name, rule);
    pos++;
    expect(")");
    return { t: "state", state, ref: name.text };
  };
  const and = (depth: number): Rule => {
    let left = primary(depth);
    while (keyword("AND")) {
      pos++;
      left = { t: "and", left, right: primary(depth) };
    }
    return left;
  };
  const or = (depth: number): Rule => {
    let left = and(depth);
    while (keyword("OR")) {
      pos++;
      left = { t: "or", left, right: and(depth) };
    }
    return left;
  };
  const tree = or(0);
  if (pos < tokens.length) throw unsupported(tokens[pos], rule);
  return tree;
}

/** The alarm references of a rule, as written, in rule order, each once. */
function references(rule: Rule, out: string[] = []): string[] {
  switch (rule.t) {
    case "state":
      if (!out.includes(rule.ref)) out.push(rule.ref);
      break;
    case "not":
      references(rule.rule, out);
      break;
    case "and":
    case "or":
      references(rule.left, out);
      references(rule.right, out);
      break;
    case "const":
      break;
  }
  return out;
}

interface Child {
  AlarmName: string;
  AlarmArn: string;
  StateValue: StateValue;
  StateUpdatedTimestamp: number;
  StateTransitionedTimestamp: number;
}

/** The alarm a rule names, by name or by this account's and region's ARN. */
function childOf(ctx: CloudWatchContext, ref: string): Child | undefined {
  const prefix = alarmArn(ctx, "");
  const name = ref.startsWith("arn:") ? (ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined) : ref;
  if (name === undefined) return undefined;
  return ctx.durable.state.alarms.get(name) ?? ctx.durable.state.composites.get(name);
}

function holds(ctx: CloudWatchContext, rule: Rule): boolean {
  switch (rule.t) {
    case "const":
      return rule.value;
    case "state":
      return childOf(ctx, rule.ref)?.StateValue === rule.state;
    case "not":
      return !holds(ctx, rule.rule);
    case "and":
      return holds(ctx, rule.left) && holds(ctx, rule.right);
    case "or":
      return holds(ctx, rule.left) || holds(ctx, rule.right);
  }
}

const ruleState = (ctx: CloudWatchContext, rule: string): StateValue => (holds(ctx, parseRule(rule)) ? "ALARM" : "OK");

const triggering = (child: Child) => ({ arn: child.AlarmArn, state: { value: child.StateValue, timestamp: alarmTime(child.StateTransitionedTimestamp) } });

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number) => String(n).padStart(2, "0");
/** "Monday 25 November, 2026 12:00:00 UTC" (strftime "%A %d %B, %Y %H:%M:%S %Z"). */
function reasonTime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()] ?? ""} ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? ""}, ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

// PutCompositeAlarm --------------------------------------------------------------------------

export async function putCompositeAlarm(ctx: CloudWatchContext, input: PutCompositeAlarmInput): Promise<CompositeAlarm> {
  const state = ctx.durable.state;
  const rule = parseRule(input.AlarmRule);
  const refs = references(rule);
  const missing = refs.filter((ref) => childOf(ctx, ref) === undefined);
  if (missing.length > 0) throw validationError(`Could not save the composite alarm as alarms [${missing.join(", ")}] in the alarm rule do not exist`);
  const now = ctx.clock.now();
  // Alarm names are one namespace (one ARN each): a metric alarm of the name is overwritten.
  if (state.alarms.delete(input.AlarmName)) await ctx.durable.commit({ t: "deleteAlarms", names: [input.AlarmName] });
  const existing = state.composites.get(input.AlarmName);
  const arn = alarmArn(ctx, input.AlarmName);
  const base = {
    AlarmName: input.AlarmName,
    AlarmArn: arn,
    ...(input.AlarmDescription !== undefined ? { AlarmDescription: input.AlarmDescription } : {}),
    AlarmRule: input.AlarmRule,
    AlarmConfigurationUpdatedTimestamp: now,
    ActionsEnabled: input.ActionsEnabled ?? true,
    OKActions: input.OKActions ?? [],
    AlarmActions: input.AlarmActions ?? [],
    InsufficientDataActions: input.InsufficientDataActions ?? [],
    ...(input.ActionsSuppressor !== undefined ? { ActionsSuppressor: input.ActionsSuppressor } : {}),
    ...(input.ActionsSuppressorWaitPeriod !== undefined ? { ActionsSuppressorWaitPeriod: input.ActionsSuppressorWaitPeriod } : {}),
    ...(input.ActionsSuppressorExtensionPeriod !== undefined ? { ActionsSuppressorExtensionPeriod: input.ActionsSuppressorExtensionPeriod } : {}),
    // Tags given to an update are ignored, as PutMetricAlarm's are.
    tags: existing?.tags ?? (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
  };
  const alarm: CompositeAlarm = existing
    ? {
        ...base,
        StateValue: existing.StateValue,
        StateReason: existing.StateReason,
        ...(existing.StateReasonData !== undefined ? { StateReasonData: existing.StateReasonData } : {}),
        StateUpdatedTimestamp: existing.StateUpdatedTimestamp,
        StateTransitionedTimestamp: existing.StateTransitionedTimestamp,
      }
    : { ...base, StateValue: "INSUFFICIENT_DATA", StateReason: "Unchecked: Initial alarm creation", StateUpdatedTimestamp: now, StateTransitionedTimestamp: now };
  state.composites.set(alarm.AlarmName, alarm);
  const item = historyItem(alarm, now, "ConfigurationUpdate", `Alarm "${alarm.AlarmName}" ${existing ? "updated" : "created"}`, {
    version: "1.0",
    type: existing ? "Update" : "Create",
    [existing ? "updatedAlarm" : "createdAlarm"]: describeAlarm(alarm, alarmTime),
  }, "CompositeAlarm");
  addHistory(state, item);
  await Promise.all([ctx.durable.commit({ t: "composite", alarm }), ctx.durable.commit({ t: "history", item })]);
  if (!existing) {
    // A new composite alarm evaluates its rule at once (recorded on AWS: OK, the children listed).
    const children = refs.map((ref) => childOf(ctx, ref)).filter((c): c is Child => c !== undefined);
    const to = ruleState(ctx, alarm.AlarmRule);
    const reasonData = JSON.stringify({ triggeringAlarms: [...children].sort((a, b) => b.StateTransitionedTimestamp - a.StateTransitionedTimestamp || (a.AlarmName < b.AlarmName ? 1 : -1)).map(triggering) });
    await changeCompositeState(ctx, alarm.AlarmName, to, `${arn} was created and its alarm rule evaluates to ${to}`, reasonData);
  }
  return state.composites.get(alarm.AlarmName) ?? alarm;
}

// State changes ------------------------------------------------------------------------------

/** The composite alarms whose rule names the alarm (by name or ARN). */
export function parentsOf(ctx: CloudWatchContext, child: { AlarmName: string; AlarmArn: string }): CompositeAlarm[] {
  return [...ctx.durable.state.composites.values()].filter((c) => {
    try {
      return references(parseRule(c.AlarmRule)).some((ref) => ref === child.AlarmName || ref === child.AlarmArn);
    } catch {
      return false;
    }
  });
}

/** The alarms a composite alarm's rule names, those that exist. */
export function childrenOf(ctx: CloudWatchContext, alarm: CompositeAlarm): Child[] {
  return references(parseRule(alarm.AlarmRule)).map((ref) => childOf(ctx, ref)).filter((c): c is Child => c !== undefined);
}

/** What a state change leaves to do once the states are set: its commits, then its actions. */
type Pending = Array<Promise<void> | (() => Promise<void>)>;

const settle = async (pending: Pending): Promise<void> => {
  for (const p of pending) await (typeof p === "function" ? p() : p);
};

/**
 * Evaluates the rules of the alarm's parents after its state changed, setting their states at
 * once (a read right after the change sees them); answers what is left to do, the commits and
 * the actions. `seen` holds the composite alarms this change already moved: a cycle of composite
 * alarms stops there, as CloudWatch stops evaluating a cycle.
 */
export function evaluateParents(ctx: CloudWatchContext, child: Child, seen: Set<string> = new Set(), pending: Pending = []): () => Promise<void> {
  for (const parent of parentsOf(ctx, child)) {
    if (seen.has(parent.AlarmName)) continue;
    const to = ruleState(ctx, parent.AlarmRule);
    if (to === parent.StateValue) continue;
    const reason = `${child.AlarmArn} transitioned to ${child.StateValue} at ${reasonTime(child.StateTransitionedTimestamp)}`;
    moveComposite(ctx, parent.AlarmName, to, reason, JSON.stringify({ triggeringAlarms: [triggering(child)] }), seen, pending);
  }
  return () => settle(pending);
}

/** SetAlarmState of a composite alarm, and its first evaluation. */
export async function changeCompositeState(ctx: CloudWatchContext, name: string, to: StateValue, reason: string, reasonData: string | undefined): Promise<void> {
  const pending: Pending = [];
  moveComposite(ctx, name, to, reason, reasonData, new Set(), pending);
  await settle(pending);
}

function moveComposite(ctx: CloudWatchContext, name: string, to: StateValue, reason: string, reasonData: string | undefined, seen: Set<string>, pending: Pending): void {
  const old = ctx.durable.state.composites.get(name);
  if (!old || old.StateValue === to) return;
  seen.add(name);
  const now = ctx.clock.now();
  const alarm: CompositeAlarm = { ...old, StateValue: to, StateReason: reason, StateUpdatedTimestamp: now, StateTransitionedTimestamp: now };
  if (reasonData === undefined) delete alarm.StateReasonData;
  else alarm.StateReasonData = reasonData;
  const stateOf = (a: CompositeAlarm) => ({ stateValue: a.StateValue, stateReason: a.StateReason, ...(a.StateReasonData !== undefined ? { stateReasonData: JSON.parse(a.StateReasonData) as unknown } : {}) });
  const item = historyItem(alarm, now, "StateUpdate", `Alarm updated from ${old.StateValue} to ${to}`, { version: "1.0", oldState: stateOf(old), newState: stateOf(alarm) }, "CompositeAlarm");
  ctx.durable.state.composites.set(name, alarm);
  addHistory(ctx.durable.state, item);
  pending.push(ctx.durable.commit({ t: "composite", alarm }), ctx.durable.commit({ t: "history", item }));
  if (alarm.ActionsEnabled) {
    pending.push(() => runActions(ctx, {
      alarm, alarmType: "CompositeAlarm", actions: actionsOf(alarm),
      sns: () => compositeNotification(ctx, old, alarm), lambda: () => compositeLambdaEvent(ctx, old, alarm),
    }));
  }
  evaluateParents(ctx, alarm, seen, pending);
}

// What actions receive -----------------------------------------------------------------------

function triggeringChildren(alarm: CompositeAlarm): Array<{ Arn: string; State: { Value: string; Timestamp: string } }> {
  try {
    const data = JSON.parse(alarm.StateReasonData ?? "{}") as { triggeringAlarms?: Array<{ arn: string; state: { value: string; timestamp: string } }> };
    return (data.triggeringAlarms ?? []).map((t) => ({ Arn: t.arn, State: { Value: t.state.value, Timestamp: t.state.timestamp } }));
  } catch {
    return [];
  }
}

/** The SNS notification of a composite alarm (member order as localstack's provider sends it). */
export function compositeNotification(ctx: CloudWatchContext, old: CompositeAlarm, alarm: CompositeAlarm): { subject: string; message: string } {
  const body = {
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription ?? null,
    AWSAccountId: ctx.accountId,
    NewStateValue: alarm.StateValue,
    NewStateReason: alarm.StateReason,
    StateChangeTime: alarmTime(alarm.StateUpdatedTimestamp),
    Region: regionName(ctx.region),
    AlarmArn: alarm.AlarmArn,
    OldStateValue: old.StateValue,
    OKActions: alarm.OKActions,
    AlarmActions: alarm.AlarmActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    AlarmRule: alarm.AlarmRule,
    TriggeringChildren: triggeringChildren(alarm),
  };
  const subject = alarmSubject(alarm, ctx.region);
  return { subject, message: JSON.stringify(body) };
}

/** The event a Lambda action of a composite alarm is invoked with (its configuration holds the rule). */
export function compositeLambdaEvent(ctx: CloudWatchContext, old: CompositeAlarm, alarm: CompositeAlarm): Record<string, unknown> {
  const state = (a: CompositeAlarm) => ({ value: a.StateValue, reason: a.StateReason, ...(a.StateReasonData ? { reasonData: a.StateReasonData } : {}), timestamp: alarmTime(a.StateUpdatedTimestamp) });
  return {
    source: "aws.cloudwatch",
    alarmArn: alarm.AlarmArn,
    accountId: ctx.accountId,
    time: alarmTime(alarm.StateUpdatedTimestamp),
    region: ctx.region,
    alarmData: {
      alarmName: alarm.AlarmName,
      state: state(alarm),
      previousState: state(old),
      configuration: {
        alarmRule: alarm.AlarmRule,
        ...(alarm.ActionsSuppressor !== undefined ? { actionsSuppressor: alarm.ActionsSuppressor } : {}),
        ...(alarm.ActionsSuppressorWaitPeriod !== undefined ? { actionsSuppressorWaitPeriod: alarm.ActionsSuppressorWaitPeriod } : {}),
        ...(alarm.ActionsSuppressorExtensionPeriod !== undefined ? { actionsSuppressorExtensionPeriod: alarm.ActionsSuppressorExtensionPeriod } : {}),
        ...(alarm.AlarmDescription !== undefined ? { description: alarm.AlarmDescription } : {}),
      },
    },
  };
}
