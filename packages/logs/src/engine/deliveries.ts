import { randomBytes } from "node:crypto";
import { ConflictException, ResourceNotFoundException } from "../errors.js";
import type { LogsEngine } from "./engine.js";
import { deliveryDefaults } from "./deliveryDefaults.js";
import { page } from "./policies.js";
import { configOf } from "./state.js";

type Input = Record<string, unknown>;

/** Vended-log sources CloudWatch Logs accepts, by the resource ARN's service (PutDeliverySource). */
const SOURCE_SERVICES = ["cloudfront", "bedrock", "codewhisperer", "mediapackage", "mediatailor", "sso", "qdeveloper", "ses", "workmail", "elasticloadbalancing", "appsync", "cognito-idp", "pcs", "rum", "xray"];

/** Delivery destination types by the destination resource's service. */
const DESTINATION_TYPES: Record<string, string> = { s3: "S3", logs: "CWL", firehose: "FH", xray: "XRAY" };

const SOURCE_NOT_FOUND = "Requested Delivery Source does not exist in this account.";
/** GetDeliverySource on a source just deleted: AWS's text ends in two dots (test_delete_delivery_source, recorded). */
const SOURCE_DELETED = "Requested Delivery Source does not exist in this account..";
/** Config kind remembering deleted delivery source names until one is put again. */
const DELETED_SOURCE = "deletedDeliverySource";
const DESTINATION_NOT_FOUND = "Requested Delivery Destination does not exist in this account.";
const DELIVERY_NOT_FOUND = "Requested Delivery does not exist in this account.";
const TAGS_ON_UPDATE = "Tags can only be provided when a resource is being created, not updated.";

/**
 * Vended-log deliveries (sources → deliveries → destinations), kept as configuration: the
 * services that would vend the logs are not emulated, so nothing is delivered.
 */
export class Deliveries {
  constructor(private readonly engine: LogsEngine) {}

  private arn(type: string, name: string): string {
    return `arn:aws:logs:${this.engine.region}:${this.engine.accountId}:${type}:${name}`;
  }

  private map(kind: string): Map<string, Input> {
    return configOf<Input>(this.engine.state, kind);
  }

  private get(kind: string, key: unknown, message: string): Input {
    const found = this.map(kind).get(key as string);
    if (!found) throw new ResourceNotFoundException(message);
    return found;
  }

  /**
   * The delivery source, destination or delivery an ARN names, as the kind and key it is kept
   * under, for TagResource / UntagResource / ListTagsForResource; undefined for another ARN.
   */
  taggable(arn: string): { kind: string; key: string; value: Input } | undefined {
    const m = /^arn:[^:]+:logs:[^:]*:[^:]*:(delivery-source|delivery-destination|delivery):(.+)$/.exec(arn);
    if (!m?.[1] || m[2] === undefined) return undefined;
    const [kind, message] =
      m[1] === "delivery-source" ? ["deliverySource", SOURCE_NOT_FOUND] : m[1] === "delivery-destination" ? ["deliveryDestination", DESTINATION_NOT_FOUND] : ["delivery", DELIVERY_NOT_FOUND];
    return { kind, key: m[2], value: this.get(kind, m[2], message) };
  }

  /** Tags of a delivery source, destination or delivery are kept in it, as its Get answers them. */
  async tag(arn: string, add: Record<string, string>, remove: readonly string[]): Promise<boolean> {
    const found = this.taggable(arn);
    if (!found) return false;
    const tags = { ...((found.value.tags as Record<string, string> | undefined) ?? {}), ...add };
    for (const key of remove) delete tags[key];
    await this.engine.change({ t: "config", kind: found.kind, key: found.key, value: { ...found.value, tags } });
    return true;
  }

  async putDeliverySource(input: Input): Promise<Input> {
    const name = input.name as string;
    const resourceArn = input.resourceArn as string;
    const service = resourceArn.split(":")[2] ?? "";
    if (!SOURCE_SERVICES.includes(service)) throw new ResourceNotFoundException("Cannot access provided service.");
    const existing = this.map("deliverySource").get(name);
    if (existing && input.tags !== undefined) throw new ConflictException(TAGS_ON_UPDATE);
    const source = {
      name,
      arn: this.arn("delivery-source", name),
      resourceArns: [resourceArn],
      service,
      logType: input.logType,
      ...(input.tags !== undefined ? { tags: input.tags } : existing?.tags !== undefined ? { tags: existing.tags } : {}),
    };
    await this.engine.change({ t: "config", kind: "deliverySource", key: name, value: source });
    if (this.map(DELETED_SOURCE).has(name)) await this.engine.change({ t: "config", kind: DELETED_SOURCE, key: name });
    return { deliverySource: source };
  }

  getDeliverySource(input: Input): Input {
    const message = this.map(DELETED_SOURCE).has(input.name as string) ? SOURCE_DELETED : SOURCE_NOT_FOUND;
    return { deliverySource: this.get("deliverySource", input.name, message) };
  }

  describeDeliverySources(input: Input): Input {
    return page([...this.map("deliverySource").values()], input, "deliverySources");
  }

  async deleteDeliverySource(input: Input): Promise<Input> {
    this.get("deliverySource", input.name, SOURCE_NOT_FOUND);
    await this.engine.change({ t: "config", kind: "deliverySource", key: input.name as string });
    await this.engine.change({ t: "config", kind: DELETED_SOURCE, key: input.name as string, value: true });
    return {};
  }

  async putDeliveryDestination(input: Input): Promise<Input> {
    const name = input.name as string;
    const existing = this.map("deliveryDestination").get(name);
    if (existing && input.tags !== undefined) throw new ConflictException(TAGS_ON_UPDATE);
    const configuration = input.deliveryDestinationConfiguration as { destinationResourceArn: string };
    const service = configuration.destinationResourceArn.split(":")[2] ?? "";
    const destination = {
      name,
      arn: this.arn("delivery-destination", name),
      deliveryDestinationType: DESTINATION_TYPES[service] ?? service.toUpperCase(),
      ...(input.outputFormat !== undefined ? { outputFormat: input.outputFormat } : {}),
      deliveryDestinationConfiguration: configuration,
      ...(input.tags !== undefined ? { tags: input.tags } : existing?.tags !== undefined ? { tags: existing.tags } : {}),
      ...(existing?.policy !== undefined ? { policy: existing.policy } : {}),
    };
    await this.engine.change({ t: "config", kind: "deliveryDestination", key: name, value: destination });
    const { policy: _policy, ...shown } = destination;
    return { deliveryDestination: shown };
  }

  getDeliveryDestination(input: Input): Input {
    const { policy: _policy, ...shown } = this.get("deliveryDestination", input.name, DESTINATION_NOT_FOUND);
    return { deliveryDestination: shown };
  }

  describeDeliveryDestinations(input: Input): Input {
    const all = [...this.map("deliveryDestination").values()].map(({ policy: _policy, ...shown }) => shown);
    return page(all, input, "deliveryDestinations");
  }

  async deleteDeliveryDestination(input: Input): Promise<Input> {
    this.get("deliveryDestination", input.name, DESTINATION_NOT_FOUND);
    await this.engine.change({ t: "config", kind: "deliveryDestination", key: input.name as string });
    return {};
  }

  async putDeliveryDestinationPolicy(input: Input): Promise<Input> {
    const destination = this.get("deliveryDestination", input.deliveryDestinationName, DESTINATION_NOT_FOUND);
    const policy = input.deliveryDestinationPolicy;
    await this.engine.change({ t: "config", kind: "deliveryDestination", key: input.deliveryDestinationName as string, value: { ...destination, policy } });
    return { policy: { deliveryDestinationPolicy: policy } };
  }

  getDeliveryDestinationPolicy(input: Input): Input {
    const destination = this.get("deliveryDestination", input.deliveryDestinationName, DESTINATION_NOT_FOUND);
    return { policy: destination.policy !== undefined ? { deliveryDestinationPolicy: destination.policy } : {} };
  }

  async deleteDeliveryDestinationPolicy(input: Input): Promise<Input> {
    const { policy: _policy, ...destination } = this.get("deliveryDestination", input.deliveryDestinationName, DESTINATION_NOT_FOUND);
    await this.engine.change({ t: "config", kind: "deliveryDestination", key: input.deliveryDestinationName as string, value: destination });
    return {};
  }

  async createDelivery(input: Input): Promise<Input> {
    const source = this.get("deliverySource", input.deliverySourceName, SOURCE_NOT_FOUND);
    const destination = [...this.map("deliveryDestination").values()].find((d) => d.arn === input.deliveryDestinationArn);
    if (!destination) throw new ResourceNotFoundException(DESTINATION_NOT_FOUND);
    for (const d of this.map("delivery").values()) {
      if (d.deliverySourceName !== input.deliverySourceName) continue;
      if (d.deliveryDestinationArn === input.deliveryDestinationArn) throw new ConflictException("The specified Delivery already exists");
      if (d.deliveryDestinationType === destination.deliveryDestinationType) {
        throw new ConflictException("Delivery already exists for this Delivery Source with the same Delivery Destination Type.");
      }
    }
    const id = randomBytes(8).toString("hex");
    const defaults = deliveryDefaults(source.service, source.logType);
    const recordFields = input.recordFields ?? defaults?.recordFields;
    const s3DeliveryConfiguration = input.s3DeliveryConfiguration ?? (destination.deliveryDestinationType === "S3" ? defaults?.s3DeliveryConfiguration : undefined);
    const delivery = {
      id,
      arn: this.arn("delivery", id),
      deliverySourceName: input.deliverySourceName,
      deliveryDestinationArn: input.deliveryDestinationArn,
      deliveryDestinationType: destination.deliveryDestinationType,
      ...(recordFields !== undefined ? { recordFields } : {}),
      ...(input.fieldDelimiter !== undefined ? { fieldDelimiter: input.fieldDelimiter } : {}),
      ...(s3DeliveryConfiguration !== undefined ? { s3DeliveryConfiguration } : {}),
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
    };
    await this.engine.change({ t: "config", kind: "delivery", key: id, value: delivery });
    return { delivery };
  }

  getDelivery(input: Input): Input {
    return { delivery: this.get("delivery", input.id, DELIVERY_NOT_FOUND) };
  }

  describeDeliveries(input: Input): Input {
    return page([...this.map("delivery").values()], input, "deliveries");
  }

  async updateDeliveryConfiguration(input: Input): Promise<Input> {
    const delivery = this.get("delivery", input.id, DELIVERY_NOT_FOUND);
    const updated = {
      ...delivery,
      ...(input.recordFields !== undefined ? { recordFields: input.recordFields } : {}),
      ...(input.fieldDelimiter !== undefined ? { fieldDelimiter: input.fieldDelimiter } : {}),
      ...(input.s3DeliveryConfiguration !== undefined ? { s3DeliveryConfiguration: input.s3DeliveryConfiguration } : {}),
    };
    await this.engine.change({ t: "config", kind: "delivery", key: input.id as string, value: updated });
    return {};
  }

  async deleteDelivery(input: Input): Promise<Input> {
    this.get("delivery", input.id, DELIVERY_NOT_FOUND);
    await this.engine.change({ t: "config", kind: "delivery", key: input.id as string });
    return {};
  }

  /** No vending service is emulated, so there are no configuration templates to offer. */
  describeConfigurationTemplates(): Input {
    return { configurationTemplates: [] };
  }
}
