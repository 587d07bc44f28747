import { LimitExceededException, ResourceNotFoundException } from "../errors.js";
import { MAX_DESCRIBE_LIMIT, MAX_RESOURCE_POLICIES } from "../limits.js";
import type { LogsEngine } from "./engine.js";
import { configOf, GROUP_KEY_SEPARATOR } from "./state.js";
import { readTransformerConfig, withModelDefaults } from "./transformer/index.js";

type Input = Record<string, unknown>;

/** Config kind of destinations' tags, by destination name. */
const DESTINATION_TAGS = "destinationTags";

/**
 * Configuration CloudWatch Logs keeps but the sandbox does not enforce: resource and
 * account policies, destinations, KMS keys, data protection, field index policies and
 * transformers. Each has AWS's shape, ARN and errors; none changes how events are stored.
 */
export class Policies {
  constructor(private readonly engine: LogsEngine) {}

  private put(kind: string, key: string, value: unknown): Promise<void> {
    return this.engine.change({ t: "config", kind, key, value });
  }

  private remove(kind: string, key: string): Promise<void> {
    return this.engine.change({ t: "config", kind, key });
  }

  private groupKey(identifier: unknown): { name: string; key: string } {
    const group = this.engine.group({ logGroupIdentifier: identifier });
    return { name: group.name, key: group.name + GROUP_KEY_SEPARATOR };
  }

  // ---- resource policies (account-wide) ----

  async putResourcePolicy(input: Input): Promise<Input> {
    const policies = configOf<Input>(this.engine.state, "resourcePolicy");
    const name = (input.policyName as string | undefined) ?? "";
    if (!policies.has(name) && policies.size >= MAX_RESOURCE_POLICIES) throw new LimitExceededException();
    const policy = { policyName: name, policyDocument: input.policyDocument, lastUpdatedTime: this.engine.now(), policyScope: "ACCOUNT" };
    await this.put("resourcePolicy", name, policy);
    return { resourcePolicy: policy };
  }

  describeResourcePolicies(input: Input): Input {
    const all = [...configOf<Input>(this.engine.state, "resourcePolicy").values()];
    return page(all, input, "resourcePolicies");
  }

  async deleteResourcePolicy(input: Input): Promise<Input> {
    const name = (input.policyName as string | undefined) ?? "";
    if (!configOf(this.engine.state, "resourcePolicy").has(name)) throw new ResourceNotFoundException(`Policy with name [${name}] does not exist.`);
    await this.remove("resourcePolicy", name);
    return {};
  }

  // ---- account policies (by type and name) ----

  async putAccountPolicy(input: Input): Promise<Input> {
    const policy = {
      policyName: input.policyName,
      policyDocument: input.policyDocument,
      lastUpdatedTime: this.engine.now(),
      policyType: input.policyType,
      scope: (input.scope as string | undefined) ?? "ALL",
      ...(input.selectionCriteria !== undefined ? { selectionCriteria: input.selectionCriteria } : {}),
      accountId: this.engine.accountId,
    };
    await this.put("accountPolicy", `${input.policyType as string}${GROUP_KEY_SEPARATOR}${input.policyName as string}`, policy);
    // PutAccountPolicy answers the policy without its accountId, which DescribeAccountPolicies shows
    // (the AWS CLI's examples logs/put-account-policy.rst and describe-account-policies.rst).
    const { accountId: _accountId, ...answer } = policy;
    return { accountPolicy: answer };
  }

  describeAccountPolicies(input: Input): Input {
    const all = [...configOf<Input>(this.engine.state, "accountPolicy").values()].filter(
      (p) => p.policyType === input.policyType && (input.policyName === undefined || p.policyName === input.policyName),
    );
    return { accountPolicies: all };
  }

  async deleteAccountPolicy(input: Input): Promise<Input> {
    const key = `${input.policyType as string}${GROUP_KEY_SEPARATOR}${input.policyName as string}`;
    if (!configOf(this.engine.state, "accountPolicy").has(key)) throw new ResourceNotFoundException(`Policy with name [${input.policyName as string}] does not exist.`);
    await this.remove("accountPolicy", key);
    return {};
  }

  // ---- destinations (cross-account subscription targets) ----

  private destinationArn(name: string): string {
    return `arn:aws:logs:${this.engine.region}:${this.engine.accountId}:destination:${name}`;
  }

  async putDestination(input: Input): Promise<Input> {
    const destinations = configOf<Input>(this.engine.state, "destination");
    const name = input.destinationName as string;
    const existing = destinations.get(name);
    const destination = {
      destinationName: name,
      targetArn: input.targetArn,
      roleArn: input.roleArn,
      ...(existing?.accessPolicy !== undefined ? { accessPolicy: existing.accessPolicy } : {}),
      arn: this.destinationArn(name),
      creationTime: existing?.creationTime ?? this.engine.now(),
    };
    await this.put("destination", name, destination);
    if (input.tags !== undefined && existing === undefined) await this.put(DESTINATION_TAGS, name, input.tags);
    return { destination };
  }

  /** A destination's tags (TagResource / UntagResource / ListTagsForResource on its ARN), kept apart: Destination has no tags member. */
  destinationTags(arn: string): { name: string; tags: Record<string, string> } {
    const name = arn.slice(arn.lastIndexOf(":destination:") + ":destination:".length);
    this.destination(name);
    return { name, tags: configOf<Record<string, string>>(this.engine.state, DESTINATION_TAGS).get(name) ?? {} };
  }

  async tagDestination(arn: string, add: Record<string, string>, remove: readonly string[]): Promise<void> {
    const { name, tags } = this.destinationTags(arn);
    const next = { ...tags, ...add };
    for (const key of remove) delete next[key];
    await this.put(DESTINATION_TAGS, name, next);
  }

  describeDestinations(input: Input): Input {
    const prefix = input.DestinationNamePrefix as string | undefined;
    const all = [...configOf<Input>(this.engine.state, "destination").values()]
      .filter((d) => prefix === undefined || (d.destinationName as string).startsWith(prefix))
      .sort((a, b) => ((a.destinationName as string) < (b.destinationName as string) ? -1 : 1));
    return page(all, input, "destinations");
  }

  private destination(name: string): Input {
    const destination = configOf<Input>(this.engine.state, "destination").get(name);
    if (!destination) throw new ResourceNotFoundException("The specified destination does not exist.");
    return destination;
  }

  async putDestinationPolicy(input: Input): Promise<Input> {
    const destination = this.destination(input.destinationName as string);
    await this.put("destination", input.destinationName as string, { ...destination, accessPolicy: input.accessPolicy });
    return {};
  }

  async deleteDestination(input: Input): Promise<Input> {
    this.destination(input.destinationName as string);
    await this.remove("destination", input.destinationName as string);
    await this.remove(DESTINATION_TAGS, input.destinationName as string);
    return {};
  }

  // ---- per log group settings ----

  /** A KMS key on a log group shows as its kmsKeyId; on a query-result ARN it is only kept. */
  async associateKmsKey(input: Input): Promise<Input> {
    if (input.resourceIdentifier !== undefined && input.logGroupName === undefined) {
      await this.put("kmsKey", input.resourceIdentifier as string, input.kmsKeyId);
      return {};
    }
    const { key } = this.groupKey(input.logGroupName);
    await this.put("kmsKey", key, input.kmsKeyId);
    return {};
  }

  async disassociateKmsKey(input: Input): Promise<Input> {
    if (input.resourceIdentifier !== undefined && input.logGroupName === undefined) {
      await this.remove("kmsKey", input.resourceIdentifier as string);
      return {};
    }
    const { key } = this.groupKey(input.logGroupName);
    await this.remove("kmsKey", key);
    return {};
  }

  async putDataProtectionPolicy(input: Input): Promise<Input> {
    const { key } = this.groupKey(input.logGroupIdentifier);
    const policy = { logGroupIdentifier: input.logGroupIdentifier, policyDocument: input.policyDocument, lastUpdatedTime: this.engine.now() };
    await this.put("dataProtectionPolicy", key, policy);
    return policy;
  }

  getDataProtectionPolicy(input: Input): Input {
    const { name, key } = this.groupKey(input.logGroupIdentifier);
    const policy = configOf<Input>(this.engine.state, "dataProtectionPolicy").get(key);
    // Named by the group's name, whichever identifier was asked (the AWS CLI's example logs/get-data-protection-policy.rst).
    return policy ? { ...policy, logGroupIdentifier: name } : { logGroupIdentifier: name };
  }

  async deleteDataProtectionPolicy(input: Input): Promise<Input> {
    const { key } = this.groupKey(input.logGroupIdentifier);
    if (!configOf(this.engine.state, "dataProtectionPolicy").has(key)) throw new ResourceNotFoundException("The specified data protection policy does not exist.");
    await this.remove("dataProtectionPolicy", key);
    return {};
  }

  async putIndexPolicy(input: Input): Promise<Input> {
    const { name, key } = this.groupKey(input.logGroupIdentifier);
    const indexPolicy = {
      logGroupIdentifier: this.engine.groupArn(name),
      lastUpdateTime: this.engine.now(),
      policyDocument: input.policyDocument,
      source: "LOG_GROUP",
    };
    await this.put("indexPolicy", key, indexPolicy);
    return { indexPolicy };
  }

  describeIndexPolicies(input: Input): Input {
    const policies = configOf<Input>(this.engine.state, "indexPolicy");
    const found = (input.logGroupIdentifiers as string[]).map((id) => policies.get(this.groupKey(id).key)).filter((p) => p !== undefined);
    return { indexPolicies: found };
  }

  async deleteIndexPolicy(input: Input): Promise<Input> {
    const { key } = this.groupKey(input.logGroupIdentifier);
    if (!configOf(this.engine.state, "indexPolicy").has(key)) throw new ResourceNotFoundException("No index policy found for the specified log group.");
    await this.remove("indexPolicy", key);
    return {};
  }

  /** The fields an index policy names ({"Fields": ["RequestId", …]}), with the group's event range. */
  describeFieldIndexes(input: Input): Input {
    const policies = configOf<Input>(this.engine.state, "indexPolicy");
    const fieldIndexes: Input[] = [];
    for (const id of input.logGroupIdentifiers as string[]) {
      const { name, key } = this.groupKey(id);
      const policy = policies.get(key);
      if (!policy) continue;
      let fields: unknown = [];
      try {
        fields = (JSON.parse(policy.policyDocument as string) as { Fields?: unknown }).Fields ?? [];
      } catch {
        fields = [];
      }
      const times = [...(this.engine.state.groups.get(name)?.streams.values() ?? [])].flatMap((s) => s.events.map((e) => e.timestamp));
      for (const field of Array.isArray(fields) ? fields : []) {
        fieldIndexes.push({
          logGroupIdentifier: this.engine.groupArn(name),
          fieldIndexName: String(field),
          lastScanTime: policy.lastUpdateTime,
          ...(times.length > 0 ? { firstEventTime: Math.min(...times), lastEventTime: Math.max(...times) } : {}),
        });
      }
    }
    return { fieldIndexes };
  }

  async putTransformer(input: Input): Promise<Input> {
    const { key } = this.groupKey(input.logGroupIdentifier);
    // The processor list follows the same rules TestTransformer checks.
    readTransformerConfig(input.transformerConfig);
    const existing = configOf<Input>(this.engine.state, "transformer").get(key);
    const now = this.engine.now();
    await this.put("transformer", key, { transformerConfig: input.transformerConfig, creationTime: existing?.creationTime ?? now, lastModifiedTime: now });
    return {};
  }

  getTransformer(input: Input): Input {
    const { name, key } = this.groupKey(input.logGroupIdentifier);
    const transformer = configOf<Input>(this.engine.state, "transformer").get(key);
    if (!transformer) throw new ResourceNotFoundException("No transformer found for the specified log group.");
    // Named by the group's name, whichever identifier was asked (the AWS CLI's example logs/get-transformer.rst: an ARN in, "CWLG" out).
    return { logGroupIdentifier: name, ...transformer, transformerConfig: withModelDefaults(transformer.transformerConfig) };
  }

  async deleteTransformer(input: Input): Promise<Input> {
    const { key } = this.groupKey(input.logGroupIdentifier);
    if (!configOf(this.engine.state, "transformer").has(key)) throw new ResourceNotFoundException("No transformer found for the specified log group.");
    await this.remove("transformer", key);
    return {};
  }

  async untagLogGroup(input: Input): Promise<Input> {
    const group = this.engine.group({ logGroupName: input.logGroupName });
    await this.engine.change({ t: "tags", group: group.name, tags: {}, remove: input.tags as string[] });
    return {};
  }
}

/** Offset nextToken paging over a list (Describe*): `limit` is the input's, capped at MAX_DESCRIBE_LIMIT, unless given (maxResults). */
export function page(
  all: readonly unknown[],
  input: Input,
  member: string,
  limit = Math.min((input.limit as number | undefined) ?? MAX_DESCRIBE_LIMIT, MAX_DESCRIBE_LIMIT),
): Input {
  const offset = input.nextToken ? Number(Buffer.from(input.nextToken as string, "base64url").toString()) || 0 : 0;
  return {
    [member]: all.slice(offset, offset + limit),
    ...(offset + limit < all.length ? { nextToken: Buffer.from(String(offset + limit)).toString("base64url") } : {}),
  };
}
