/**
 * The template's EventBridge resources, made real at start-up: AWS::Events::EventBus,
 * AWS::Events::Rule (EventPattern rules match PutEvents; ScheduleExpression rules run on
 * packages/scheduler), and SAM `Events: Type: EventBridgeRule` / `CloudWatchEvent` on functions and
 * state machines (SAM's generated rule "<Resource><EventId>" with one target). All are read
 * from AppModel.resources.
 */
import { SandboxError } from "@sam-sandbox/core";
import type { EventBridge, RuleSchedules, Target } from "@sam-sandbox/eventbridge";
import type { SchedulerHandle, SchedulerOptions } from "@sam-sandbox/scheduler";
import { eventTarget, generatedName, stackOfLogicalId, type AppModel, type ResolvedResource } from "@sam-sandbox/template";

/** PutRule's Name: 1-64 characters (a generated name fits in it). */
const MAX_RULE_NAME_LENGTH = 64;
/** CloudFormation's Target properties that PutTargets takes as they are. */
const TARGET_MEMBERS = ["Id", "Arn", "RoleArn", "Input", "InputPath", "InputTransformer", "RetryPolicy", "DeadLetterConfig", "SqsParameters", "KinesisParameters"];

interface TemplateRule {
  logicalId: string;
  line?: number;
  name: string;
  busName?: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: "ENABLED" | "DISABLED";
  description?: string;
  targets: Target[];
}

export function hasEventBridgeResources(app: AppModel): boolean {
  return templateRules(app).length > 0 || Object.values(app.resources).some((r) => r.type === "AWS::Events::EventBus" || r.type === "AWS::Events::Archive");
}

/**
 * Rules' ScheduleExpressions run on packages/scheduler (loaded on the first scheduled rule):
 * each rule is one schedule whose fire EventBridge turns into its Scheduled Event.
 */
export function eventBridgeSchedules(options: SchedulerOptions): RuleSchedules & { close(): void } {
  let scheduler: Promise<{ handle: SchedulerHandle; check(expression: string): void }> | undefined;
  let closed = false;
  const load = () =>
    (scheduler ??= import("@sam-sandbox/scheduler").then((m) => ({
      handle: m.createScheduler(options),
      check: (expression: string) => void m.parseScheduleExpression(expression, { kind: "Schedule" }),
    })));
  return {
    check: async (expression) => (await load()).check(expression),
    set: async (ruleArn, expression, fire) => {
      const { handle } = await load();
      if (closed) return;
      handle.remove(ruleArn);
      const name = ruleArn.slice(ruleArn.indexOf(":rule/") + ":rule/".length);
      handle.add({ id: ruleArn, kind: "Schedule", name, expression, enabled: true, target: { kind: "callback", description: `rule ${ruleArn}`, fire } });
    },
    remove: (ruleArn) => void scheduler?.then(({ handle }) => handle.remove(ruleArn)),
    close: () => {
      closed = true;
      void scheduler?.then(({ handle }) => handle.close());
    },
  };
}

/**
 * Creates the template's buses, rules and targets (a rule kept from an earlier run takes the
 * template's settings and targets); a rule's ScheduleExpression runs through eventBridgeSchedules.
 */
export async function createTemplateEventBridge(eventBridge: EventBridge, app: AppModel): Promise<void> {
  const { engine } = eventBridge;
  for (const resource of Object.values(app.resources)) {
    if (resource.type !== "AWS::Events::EventBus") continue;
    const name = resource.attributes.Name ?? resource.ref;
    await guard(app, resource.logicalId, resource.line, async () => {
      if (busExists(eventBridge, name)) return;
      await engine.createEventBus({ Name: name, ...(typeof resource.properties.Description === "string" ? { Description: resource.properties.Description } : {}) });
    });
  }
  for (const resource of Object.values(app.resources)) {
    if (resource.type !== "AWS::Events::Archive") continue;
    await guard(app, resource.logicalId, resource.line, async () => createTemplateArchive(eventBridge, resource.ref, resource.properties));
  }
  for (const rule of templateRules(app)) {
    await guard(app, rule.logicalId, rule.line, async () => {
      await engine.putRule({
        Name: rule.name,
        State: rule.state,
        ...(rule.busName !== undefined ? { EventBusName: rule.busName } : {}),
        ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
        ...(rule.scheduleExpression !== undefined ? { ScheduleExpression: rule.scheduleExpression } : {}),
        ...(rule.description !== undefined ? { Description: rule.description } : {}),
      });
      const bus = rule.busName !== undefined ? { EventBusName: rule.busName } : {};
      const kept = engine.listTargetsByRule({ Rule: rule.name, ...bus }).Targets as Target[];
      const stale = kept.map((t) => t.Id).filter((id) => !rule.targets.some((t) => t.Id === id));
      if (stale.length > 0) await engine.removeTargets({ Rule: rule.name, Ids: stale, ...bus });
      if (rule.targets.length === 0) return;
      const out = await engine.putTargets({ Rule: rule.name, Targets: rule.targets, ...bus });
      const failed = (out.FailedEntries as { TargetId?: string; ErrorMessage?: string }[] | undefined) ?? [];
      if (failed.length > 0) throw new Error(failed.map((f) => `target ${f.TargetId ?? ""}: ${f.ErrorMessage ?? ""}`).join("; "));
    });
  }
}

/** AWS::Events::Archive: created once, its settings taken from the template when kept from an earlier run. */
async function createTemplateArchive(eventBridge: EventBridge, name: string, props: Record<string, unknown>): Promise<void> {
  const { archives } = eventBridge.engine;
  const settings = {
    ArchiveName: name,
    ...(typeof props.Description === "string" ? { Description: props.Description } : {}),
    ...(props.EventPattern !== undefined ? { EventPattern: typeof props.EventPattern === "string" ? props.EventPattern : JSON.stringify(props.EventPattern) } : {}),
    ...(props.RetentionDays !== undefined ? { RetentionDays: Number(props.RetentionDays) } : {}),
  };
  const kept = archives.listArchives({ NamePrefix: name }).Archives as Array<{ ArchiveName?: string }> | undefined;
  if (kept?.some((a) => a.ArchiveName === name)) await archives.updateArchive(settings);
  else await archives.createArchive({ ...settings, EventSourceArn: String(props.SourceArn) });
}

function busExists(eventBridge: EventBridge, name: string): boolean {
  try {
    eventBridge.engine.bus(name);
    return true;
  } catch {
    return false;
  }
}

async function guard(app: AppModel, logicalId: string, line: number | undefined, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    throw new SandboxError(`${logicalId}: ${error instanceof Error ? error.message : String(error)}`, {
      file: stackOfLogicalId(app, logicalId).templateFile,
      line,
      hint: "Check the rule's EventPattern (EventBridge's pattern syntax), ScheduleExpression, EventBusName and Targets.",
    });
  }
}

/** Every rule the template declares: AWS::Events::Rule and SAM's EventBridgeRule / CloudWatchEvent events. */
function templateRules(app: AppModel): TemplateRule[] {
  const out: TemplateRule[] = [];
  // SAM's rule targets the function's AutoPublishAlias when it has one.
  const functions = new Map(app.functions.map((f) => [f.logicalId, eventTarget(f).arn]));
  const machines = new Map(app.stateMachines.map((m) => [m.logicalId, m.arn]));
  for (const resource of Object.values(app.resources)) {
    if (resource.type === "AWS::Events::Rule") {
      out.push(cloudFormationRule(resource));
      continue;
    }
    const isFunction = resource.type === "AWS::Serverless::Function";
    if (!isFunction && resource.type !== "AWS::Serverless::StateMachine") continue;
    const arn = (isFunction ? functions : machines).get(resource.logicalId);
    const events = isRecord(resource.properties.Events) ? resource.properties.Events : {};
    if (arn === undefined) continue;
    for (const [eventId, event] of Object.entries(events)) {
      if (!isRecord(event) || (event.Type !== "EventBridgeRule" && event.Type !== "CloudWatchEvent")) continue;
      const props = isRecord(event.Properties) ? event.Properties : {};
      out.push(samRule(app, resource, eventId, props, arn, isFunction ? "LambdaTarget" : "StepFunctionsTarget"));
    }
  }
  return out;
}

function cloudFormationRule(resource: ResolvedResource): TemplateRule {
  const p = resource.properties;
  const targets = (Array.isArray(p.Targets) ? p.Targets : []).filter(isRecord).map((t) => pick(t) as Target);
  return {
    logicalId: resource.logicalId,
    ...(resource.line !== undefined ? { line: resource.line } : {}),
    name: resource.ref,
    ...(typeof p.EventBusName === "string" ? { busName: p.EventBusName } : {}),
    ...(p.EventPattern !== undefined ? { eventPattern: jsonText(p.EventPattern) } : {}),
    ...(typeof p.ScheduleExpression === "string" ? { scheduleExpression: p.ScheduleExpression } : {}),
    state: String(p.State ?? "ENABLED").toUpperCase() === "DISABLED" ? "DISABLED" : "ENABLED",
    ...(typeof p.Description === "string" ? { description: p.Description } : {}),
    targets,
  };
}

/** SAM's translation (samtranslator CloudWatchEvent / EventBridgeRule): one rule "<Resource><EventId>", one target. */
function samRule(app: AppModel, resource: ResolvedResource, eventId: string, props: Record<string, unknown>, arn: string, idSuffix: string): TemplateRule {
  const logicalId = `${resource.logicalId}${eventId}`;
  // A nested stack's function ("Child/Fn"): the rule is named after the nested stack, as CloudFormation names it there.
  const own = stackOfLogicalId(app, logicalId);
  const name = typeof props.RuleName === "string" ? props.RuleName : generatedName(own.stackName, own.logicalId, { maxLength: MAX_RULE_NAME_LENGTH });
  const target: Target = {
    Id: isRecord(props.Target) && typeof props.Target.Id === "string" ? props.Target.Id : `${own.logicalId}${idSuffix}`,
    Arn: arn,
    ...pick(props, ["Input", "InputPath", "InputTransformer", "RetryPolicy"]),
    ...(isRecord(props.DeadLetterConfig) && typeof props.DeadLetterConfig.Arn === "string" ? { DeadLetterConfig: { Arn: props.DeadLetterConfig.Arn } } : {}),
  };
  const enabled = props.Enabled !== undefined ? props.Enabled === true || String(props.Enabled) === "true" : String(props.State ?? "ENABLED").toUpperCase() !== "DISABLED";
  return {
    logicalId,
    ...(resource.line !== undefined ? { line: resource.line } : {}),
    name,
    ...(typeof props.EventBusName === "string" ? { busName: props.EventBusName } : {}),
    eventPattern: jsonText(props.Pattern ?? {}),
    state: enabled ? "ENABLED" : "DISABLED",
    targets: [target],
  };
}

function pick(source: Record<string, unknown>, keys = TARGET_MEMBERS): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/** CloudFormation takes EventPattern as an object or as its JSON text. */
function jsonText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
