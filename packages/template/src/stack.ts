/**
 * One stack being loaded: parameters, conditions, mappings and resources, and the
 * resolution of Ref / Fn::GetAtt against them. Physical ids are computed on first use;
 * a name that (indirectly) depends on itself is CloudFormation's circular dependency.
 */
import { messages, templateError } from "./errors.js";
import { Conditions } from "./conditions.js";
import { makeIdentity } from "./identity.js";
import type { Identity, IdentityEnv } from "./identity.js";
import { resolve, toText } from "./intrinsics.js";
import { generatedName, stableId, stableUuid } from "./names.js";
import { lineOf } from "./parse/located.js";
import type { ParameterEntry } from "./parameters.js";
import type { TemplateResource } from "./resources.js";
import { NESTED_STACK_TYPES, type NestedLoader } from "./nested.js";
import { NO_VALUE } from "./scope.js";
import type { Block, Scope } from "./scope.js";
import { EMULATED_TYPES } from "./support.js";

export const PSEUDO_PARAMETERS = [
  "AWS::Region", "AWS::AccountId", "AWS::StackName", "AWS::StackId", "AWS::Partition", "AWS::URLSuffix", "AWS::NotificationARNs", "AWS::NoValue",
];

export interface StackInfo {
  file: string;
  dir: string;
  stackName: string;
  region: string;
  accountId: string;
  partition: string;
  urlSuffix: string;
  stackId: string;
  /** The sandbox's app port URL, when known at load time (WebSocket APIs' ApiEndpoint). */
  appUrl?: string;
  /** The sandbox's AWS edge URL, when known at load time (SQS queue URLs). */
  edgeUrl?: string;
  /** Other stacks' exports (name → value) this stack's Fn::ImportValue reads, when the sandbox runs those stacks too. */
  imports?: Record<string, string>;
}

/** Warnings shown once each, in the order they were found. */
export class Warnings {
  private readonly seen = new Set<string>();
  add(message: string): void {
    this.seen.add(message);
  }
  list(): string[] {
    return [...this.seen];
  }
}

export class Stack {
  readonly resources = new Map<string, TemplateResource>();
  private readonly identities = new Map<string, Identity>();
  private readonly identifying: string[] = [];
  private readonly warnedSsm = new Set<string>();
  readonly conditions: Conditions;

  constructor(
    readonly info: StackInfo,
    readonly parameters: Map<string, ParameterEntry>,
    readonly mappings: Record<string, unknown>,
    conditionsSection: unknown,
    readonly warnings: Warnings,
    /** Loads a nested stack's child template (load.ts); without it nested stacks keep placeholder outputs. */
    private readonly nestedLoader?: NestedLoader,
  ) {
    this.conditions = new Conditions(conditionsSection, {
      file: info.file,
      region: info.region,
      mappings,
      value: (name) => this.value(name),
      warn: (message) => warnings.add(message),
    });
  }

  /** Pseudo parameter or parameter value; undefined when `name` is neither. */
  value(name: string): unknown {
    const info = this.info;
    switch (name) {
      case "AWS::Region": return info.region;
      case "AWS::AccountId": return info.accountId;
      case "AWS::StackName": return info.stackName;
      case "AWS::StackId": return info.stackId;
      case "AWS::Partition": return info.partition;
      case "AWS::URLSuffix": return info.urlSuffix;
      case "AWS::NotificationARNs": return [];
      case "AWS::NoValue": return NO_VALUE;
    }
    const parameter = this.parameters.get(name);
    if (!parameter) return undefined;
    if (parameter.ssmName !== undefined) parameter.referenced = true;
    if (parameter.ssmDefault && !this.warnedSsm.has(name)) {
      this.warnedSsm.add(name);
      this.warnings.add(`Parameter ${name} (${parameter.type}) names the SSM parameter "${String(parameter.value)}"; ` +
        `loaded without Parameter Store, it resolves to that name.`);
    }
    return parameter.value;
  }

  /** True for a parameter or pseudo parameter name (without reading its value). */
  isValueName(name: string): boolean {
    return this.parameters.has(name) || PSEUDO_PARAMETERS.includes(name);
  }

  /** The resource with `logicalId`, if it exists in the stack (its Condition holds). */
  included(logicalId: string): TemplateResource | undefined {
    const resource = this.resources.get(logicalId);
    return resource?.included ? resource : undefined;
  }

  resolve(value: unknown, block: Block = "Resources"): unknown {
    return resolve(value, this.scope(block));
  }

  condition(name: string, at: object | undefined, block: Block): boolean {
    return this.conditions.get(name, at, block);
  }

  scope(block: Block): Scope {
    return {
      file: this.info.file,
      block,
      region: this.info.region,
      mappings: this.mappings,
      ref: (name, at) => this.ref(name, at, block),
      getAtt: (logicalId, attribute, at) => this.getAtt(logicalId, attribute, at, block),
      condition: (name, at) => this.condition(name, at, block),
      warn: (message) => this.warnings.add(message),
      importValue: (name) => this.info.imports?.[name],
    };
  }

  ref(name: string, at: object, block: Block): unknown {
    const value = this.value(name);
    if (value !== undefined) return value;
    if (this.included(name)) return this.identity(name).ref;
    const dotted = this.samReferable(name);
    if (dotted !== undefined) return dotted;
    if (this.resources.has(name)) throw this.excluded(name, at, block);
    throw templateError(messages.unresolvedResources([name], block), { file: this.info.file, line: lineOf(at) },
      `Declare ${name} under Resources or Parameters, or fix the name.`);
  }

  /** Ref / Fn::GetAtt of a resource whose Condition is false: it is not in the stack. */
  private excluded(logicalId: string, at: object, block: Block): Error {
    // AWS words the Outputs case without "Template format error:" (localstack test_conditions, recorded on AWS).
    const message = block === "Outputs" ? messages.unresolvedInOutputs([logicalId]) : messages.unresolvedResources([logicalId], block);
    return templateError(message, { file: this.info.file, line: lineOf(at) },
      `${logicalId} exists only when its Condition ${this.resources.get(logicalId)?.condition ?? ""} is true; guard this reference with Fn::If on the same condition.`);
  }

  getAtt(logicalId: string, attribute: string, at: object, block: Block = "Resources"): unknown {
    if (!this.included(logicalId)) {
      if (this.resources.has(logicalId)) throw this.excluded(logicalId, at, block);
      throw templateError(messages.getAttUndefined(logicalId), { file: this.info.file, line: lineOf(at) },
        `Declare ${logicalId} under Resources, or fix the name.`);
    }
    const identity = this.identity(logicalId);
    const value = identity.attributes[attribute] ?? this.samReferable(`${logicalId}.${attribute}`) ?? this.propertyValue(logicalId, attribute);
    if (value !== undefined) return value;
    const type = this.resources.get(logicalId)?.type ?? "";
    if (identity.strict || attribute === "") {
      throw templateError(messages.getAttUnsupported(logicalId, attribute), { file: this.info.file, line: lineOf(at) },
        `${type} supports ${Object.keys(identity.attributes).join(", ") || "no attributes"}.`);
    }
    // A type the sandbox skips (with its own warning) or only accepts (IAM, EC2, …) needs no second warning per attribute.
    if (EMULATED_TYPES.has(type)) {
      this.warnings.add(`Fn::GetAtt ${logicalId}.${attribute} (${type}) is not modelled by the sandbox; it resolves to "${logicalId}.${attribute}"`);
    }
    return `${logicalId}.${attribute}`;
  }

  /**
   * Fn::GetAtt of a property the resource sets (Topic.DisplayName): CloudFormation returns the property's
   * value (localstack test_change_set_fn_get_attr / fn_join / fn_select snapshots, recorded on AWS).
   */
  private propertyValue(logicalId: string, attribute: string): unknown {
    const resource = this.resources.get(logicalId);
    // SAM's AWS::Serverless::* become other resources: their properties are not those resources' attributes.
    if (!resource || resource.type.startsWith("AWS::Serverless::")) return undefined;
    const properties = resource.properties;
    if (attribute.includes(".") || !Object.hasOwn(properties, attribute)) return undefined;
    const value = resolve(properties[attribute], this.scope("Resources"));
    return value === NO_VALUE ? undefined : value;
  }

  /** SAM's referable generated resources: MyApi.Stage, MyApi.Deployment, MyFunction.Alias, MyFunction.Version. */
  private samReferable(name: string): string | undefined {
    const dot = name.indexOf(".");
    if (dot < 0) return undefined;
    const resource = this.included(name.slice(0, dot));
    const part = name.slice(dot + 1);
    if (!resource) return undefined;
    const scope = this.scope("Resources");
    const prop = (key: string) => {
      const raw = resource.properties[key];
      if (raw === undefined) return undefined;
      const value = resolve(raw, scope);
      return value === NO_VALUE ? undefined : toText(value, scope, resource.properties, key);
    };
    if (resource.type === "AWS::Serverless::Api" || resource.type === "AWS::Serverless::HttpApi") {
      if (part === "Stage") return prop("StageName") ?? (resource.type === "AWS::Serverless::HttpApi" ? "$default" : undefined);
      if (part === "Deployment") return stableId(`${this.info.stackName}/${resource.logicalId}/deployment`, 6, "lower");
    }
    if (resource.type === "AWS::Serverless::Function") {
      const functionArn = this.identity(resource.logicalId).attributes.Arn;
      if (part === "Alias") {
        const alias = prop("AutoPublishAlias");
        if (alias) return `${functionArn}:${alias}`;
      }
      if (part === "Version") return `${functionArn}:1`;
    }
    return undefined;
  }

  identity(logicalId: string): Identity {
    const known = this.identities.get(logicalId);
    if (known) return known;
    const resource = this.resources.get(logicalId);
    if (!resource) throw new TypeError(`identity of unknown resource ${logicalId}`);
    if (this.identifying.includes(logicalId)) {
      const cycle = this.identifying.slice(this.identifying.indexOf(logicalId));
      throw templateError(messages.circular([...cycle].sort()), { file: this.info.file, line: resource.line },
        "A resource's name refers back to itself through other resources; break the loop.");
    }
    this.identifying.push(logicalId);
    try {
      const identity = makeIdentity(this.identityEnv(resource));
      this.identities.set(logicalId, identity);
      return identity;
    } finally {
      this.identifying.pop();
    }
  }

  private identityEnv(resource: TemplateResource): IdentityEnv {
    const info = this.info;
    const seed = `${info.stackName}/${resource.logicalId}`;
    const scope = this.scope("Resources");
    const value = (name: string) => {
      const raw = resource.properties[name];
      if (raw === undefined) return undefined;
      const resolved = resolve(raw, scope);
      return resolved === NO_VALUE ? undefined : resolved;
    };
    return {
      logicalId: resource.logicalId,
      type: resource.type,
      stackName: info.stackName,
      region: info.region,
      accountId: info.accountId,
      partition: info.partition,
      urlSuffix: info.urlSuffix,
      appUrl: info.appUrl,
      edgeUrl: info.edgeUrl,
      value,
      prop: (name) => {
        const resolved = value(name);
        return resolved === undefined ? undefined : toText(resolved, scope, resource.properties, `${resource.logicalId}.${name}`);
      },
      generated: (options) => generatedName(info.stackName, resource.logicalId, options),
      id: (length, alphabet, salt = "") => stableId(`${seed}/${salt}`, length, alphabet),
      uuid: (salt = "") => stableUuid(`${seed}/${salt}`),
      ...(this.nestedLoader && NESTED_STACK_TYPES.has(resource.type) ? { nested: () => this.nestedLoader?.(resource) } : {}),
    };
  }
}
