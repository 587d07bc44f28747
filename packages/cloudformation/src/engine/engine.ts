import { createHash } from "node:crypto";
import { changeSetNotFound, resourceNotFound, stackForNotFound, stackNameNeeded, stackNameRequired, stackNotFound, stackOrPhysicalIdNeeded } from "../errors.js";
import { MAX_DESCRIBED_RESOURCES, PAGE_SIZE } from "../limits.js";
import { page } from "./paging.js";
import type { StackConfig, StackHistory, StackStatus } from "./types.js";

interface Stack {
  config: StackConfig;
  history: StackHistory;
}

/** What CloudFormation shows of a resource whose drift was never checked. */
const RESOURCE_DRIFT = { StackResourceDriftStatus: "NOT_CHECKED" };
const STACK_DRIFT = { StackDriftStatus: "NOT_CHECKED" };
const NO_ECHO = "****";

/**
 * CloudFormation's read API over the stacks the sandbox runs (one: its template). Stacks are
 * never created, updated or deleted through the API; the sandbox sets them at start-up.
 */
export class CloudFormationEngine {
  private readonly stacks = new Map<string, Stack>();

  /** Sets a stack; `history` says when it was created and last updated. */
  setStack(config: StackConfig, history: StackHistory): void {
    this.stacks.set(config.stackName, { config, history });
  }

  describeStacks(input: { StackName?: string; NextToken?: string }) {
    const stacks = input.StackName ? [this.stack(input.StackName)] : [...this.stacks.values()];
    const { items, NextToken } = page(stacks, input.NextToken, PAGE_SIZE);
    return { Stacks: items.map((s) => this.describe(s)), ...(NextToken ? { NextToken } : {}) };
  }

  listStacks(input: { StackStatusFilter?: string[]; NextToken?: string }) {
    const filter = input.StackStatusFilter ?? [];
    const stacks = [...this.stacks.values()].filter((s) => filter.length === 0 || filter.includes(status(s)));
    const { items, NextToken } = page(stacks, input.NextToken, PAGE_SIZE);
    return {
      StackSummaries: items.map((s) => ({
        StackId: s.config.stackId,
        StackName: s.config.stackName,
        ...(s.config.description !== undefined ? { TemplateDescription: s.config.description } : {}),
        CreationTime: new Date(s.history.creationTime),
        ...(s.history.lastUpdatedTime !== undefined ? { LastUpdatedTime: new Date(s.history.lastUpdatedTime) } : {}),
        StackStatus: status(s),
        ...nesting(s.config),
        DriftInformation: STACK_DRIFT,
      })),
      ...(NextToken ? { NextToken } : {}),
    };
  }

  describeStackResources(input: { StackName?: string; LogicalResourceId?: string; PhysicalResourceId?: string }) {
    let stack: Stack;
    if (input.StackName) stack = this.stack(input.StackName);
    else if (input.PhysicalResourceId) stack = this.stackHolding(input.PhysicalResourceId);
    else throw stackOrPhysicalIdNeeded();
    const resources = stack.config.resources.filter((r) => input.LogicalResourceId === undefined || r.logicalId === input.LogicalResourceId);
    return {
      StackResources: resources.slice(0, MAX_DESCRIBED_RESOURCES).map((r) => ({
        StackName: stack.config.stackName,
        StackId: stack.config.stackId,
        LogicalResourceId: r.logicalId,
        PhysicalResourceId: r.physicalId,
        ResourceType: r.type,
        Timestamp: updated(stack),
        ResourceStatus: "CREATE_COMPLETE",
        DriftInformation: RESOURCE_DRIFT,
      })),
    };
  }

  describeStackResource(input: { StackName: string; LogicalResourceId: string }) {
    const stack = this.stack(input.StackName);
    const r = stack.config.resources.find((x) => x.logicalId === input.LogicalResourceId);
    if (!r) throw resourceNotFound(input.LogicalResourceId, input.StackName);
    return {
      StackResourceDetail: {
        StackName: stack.config.stackName,
        StackId: stack.config.stackId,
        LogicalResourceId: r.logicalId,
        PhysicalResourceId: r.physicalId,
        ResourceType: r.type,
        LastUpdatedTimestamp: updated(stack),
        ResourceStatus: "CREATE_COMPLETE",
        DriftInformation: RESOURCE_DRIFT,
      },
    };
  }

  listStackResources(input: { StackName: string; NextToken?: string }) {
    const stack = this.stack(input.StackName);
    const { items, NextToken } = page(stack.config.resources, input.NextToken, PAGE_SIZE);
    return {
      StackResourceSummaries: items.map((r) => ({
        LogicalResourceId: r.logicalId,
        PhysicalResourceId: r.physicalId,
        ResourceType: r.type,
        LastUpdatedTimestamp: updated(stack),
        ResourceStatus: "CREATE_COMPLETE",
        DriftInformation: RESOURCE_DRIFT,
      })),
      ...(NextToken ? { NextToken } : {}),
    };
  }

  getTemplate(input: { StackName?: string; ChangeSetName?: string; TemplateStage?: string }) {
    // StackName is optional in the model (a change set may be named instead); the sandbox has no change sets.
    if (input.ChangeSetName) {
      // A change set's ARN names its stack; a bare change set name needs StackName.
      if (!input.StackName && !input.ChangeSetName.startsWith("arn:")) throw stackNameRequired();
      if (input.StackName) this.stack(input.StackName);
      throw changeSetNotFound(input.ChangeSetName);
    }
    if (!input.StackName) throw stackNameNeeded();
    const stack = this.stack(input.StackName);
    const body = input.TemplateStage === "Processed" ? (stack.config.processedTemplateBody ?? stack.config.templateBody) : stack.config.templateBody;
    return { TemplateBody: body, StagesAvailable: ["Original", "Processed"] };
  }

  listExports(input: { NextToken?: string }) {
    const exports = [...this.stacks.values()].flatMap((s) =>
      s.config.outputs.filter((o) => o.exportName !== undefined).map((o) => ({ ExportingStackId: s.config.stackId, Name: o.exportName, Value: o.value })),
    );
    const { items, NextToken } = page(exports, input.NextToken, PAGE_SIZE);
    return { Exports: items, ...(NextToken ? { NextToken } : {}) };
  }

  /** The events of the stack's creation (and last update), newest first, as CloudFormation lists them. */
  describeStackEvents(input: { StackName: string; NextToken?: string }) {
    const stack = this.stack(input.StackName);
    const { stackName, stackId } = stack.config;
    const created = stack.history.creationTime;
    const event = (logicalId: string, physicalId: string, type: string, resourceStatus: string, at: number) => ({
      StackId: stackId,
      EventId: logicalId === stackName ? eventUuid(`${stackId}/${resourceStatus}/${at}`) : `${logicalId}-${resourceStatus}-${new Date(at).toISOString()}`,
      StackName: stackName,
      LogicalResourceId: logicalId,
      PhysicalResourceId: physicalId,
      ResourceType: type,
      Timestamp: new Date(at),
      ResourceStatus: resourceStatus,
    });
    const events = [event(stackName, stackId, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", created)];
    for (const r of stack.config.resources) {
      events.push(event(r.logicalId, "", r.type, "CREATE_IN_PROGRESS", created));
      events.push(event(r.logicalId, r.physicalId, r.type, "CREATE_COMPLETE", created));
    }
    events.push(event(stackName, stackId, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", created));
    const updatedAt = stack.history.lastUpdatedTime;
    if (updatedAt !== undefined) {
      for (const s of ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"]) {
        events.push(event(stackName, stackId, "AWS::CloudFormation::Stack", s, updatedAt));
      }
    }
    const { items, NextToken } = page(events.reverse(), input.NextToken, PAGE_SIZE);
    return { StackEvents: items, ...(NextToken ? { NextToken } : {}) };
  }

  private describe(s: Stack) {
    const c = s.config;
    return {
      StackId: c.stackId,
      StackName: c.stackName,
      ...(c.description !== undefined ? { Description: c.description } : {}),
      // An AWS::SSM::Parameter::Value<…> parameter: ParameterValue is the SSM parameter's name, ResolvedValue its value.
      Parameters: c.parameters.map((p) => ({
        ParameterKey: p.key,
        ParameterValue: p.noEcho ? NO_ECHO : p.value,
        ...(p.resolvedValue !== undefined ? { ResolvedValue: p.noEcho ? NO_ECHO : p.resolvedValue } : {}),
      })),
      CreationTime: new Date(s.history.creationTime),
      ...(s.history.lastUpdatedTime !== undefined ? { LastUpdatedTime: new Date(s.history.lastUpdatedTime) } : {}),
      RollbackConfiguration: {},
      StackStatus: status(s),
      DisableRollback: false,
      NotificationARNs: [],
      Capabilities: c.capabilities ?? [],
      Outputs: c.outputs.map((o) => ({
        OutputKey: o.key,
        OutputValue: o.value,
        ...(o.description !== undefined ? { Description: o.description } : {}),
        ...(o.exportName !== undefined ? { ExportName: o.exportName } : {}),
      })),
      Tags: c.tags ?? [],
      EnableTerminationProtection: false,
      ...nesting(c),
      DriftInformation: STACK_DRIFT,
    };
  }

  /** A stack by name or by stack id (its ARN). */
  private stack(nameOrId: string): Stack {
    const byName = this.stacks.get(nameOrId);
    if (byName) return byName;
    for (const s of this.stacks.values()) if (s.config.stackId === nameOrId) return s;
    throw stackNotFound(nameOrId);
  }

  private stackHolding(physicalId: string): Stack {
    for (const s of this.stacks.values()) if (s.config.resources.some((r) => r.physicalId === physicalId)) return s;
    throw stackForNotFound(physicalId);
  }
}

/** ParentId and RootId, which CloudFormation shows for nested stacks only. */
function nesting(c: StackConfig): { ParentId?: string; RootId?: string } {
  return c.parentId === undefined ? {} : { ParentId: c.parentId, RootId: c.rootId ?? c.parentId };
}

function status(s: Stack): StackStatus {
  return s.history.lastUpdatedTime === undefined ? "CREATE_COMPLETE" : "UPDATE_COMPLETE";
}

function updated(s: Stack): Date {
  return new Date(s.history.lastUpdatedTime ?? s.history.creationTime);
}

/** A UUID-shaped id that is the same for the same text (stack events keep their ids across restarts). */
function eventUuid(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The fingerprint of what a stack is made from: an update is a change of template or parameters. */
export function stackFingerprint(config: StackConfig): string {
  return createHash("sha256").update(config.templateBody).update("\0").update(JSON.stringify(config.parameters)).digest("hex");
}
