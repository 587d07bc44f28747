import { randomUUID } from "node:crypto";
import { ResourceNotFoundException } from "../errors.js";
import { DEFAULT_ANOMALY_VISIBILITY_DAYS, DEFAULT_EVALUATION_FREQUENCY } from "../limits.js";
import type { LogsEngine } from "./engine.js";
import { configOf } from "./state.js";

type Input = Record<string, unknown>;

/**
 * Log anomaly detectors and integrations, kept as configuration: the sandbox trains no
 * model, so ListAnomalies is always empty, and no OpenSearch integration is provisioned.
 */
/** Config kind holding anomaly detectors' tags by ARN. */
const DETECTOR_TAGS = "anomalyDetectorTags";

export class Anomalies {
  constructor(private readonly engine: LogsEngine) {}

  private get detectors(): Map<string, Input> {
    return configOf<Input>(this.engine.state, "anomalyDetector");
  }

  private detector(arn: unknown): Input {
    const detector = this.detectors.get(arn as string);
    if (!detector) throw new ResourceNotFoundException("The specified anomaly detector does not exist.");
    return detector;
  }

  async createLogAnomalyDetector(input: Input): Promise<Input> {
    const arn = `arn:aws:logs:${this.engine.region}:${this.engine.accountId}:anomaly-detector:${randomUUID()}`;
    const now = this.engine.now();
    const detector = {
      anomalyDetectorArn: arn,
      ...(input.detectorName !== undefined ? { detectorName: input.detectorName } : {}),
      logGroupArnList: input.logGroupArnList,
      // A detector created without them runs every five minutes and shows anomalies for 7 days, and
      // is TRAINING once created (the AWS CLI's examples logs/get-log-anomaly-detector.rst and
      // list-log-anomaly-detectors.rst, describing the detector create-log-anomaly-detector.rst made).
      evaluationFrequency: input.evaluationFrequency ?? DEFAULT_EVALUATION_FREQUENCY,
      ...(input.filterPattern !== undefined ? { filterPattern: input.filterPattern } : {}),
      anomalyDetectorStatus: "TRAINING",
      ...(input.kmsKeyId !== undefined ? { kmsKeyId: input.kmsKeyId } : {}),
      creationTimeStamp: now,
      lastModifiedTimeStamp: now,
      anomalyVisibilityTime: input.anomalyVisibilityTime ?? DEFAULT_ANOMALY_VISIBILITY_DAYS,
    };
    await this.engine.change({ t: "config", kind: "anomalyDetector", key: arn, value: detector });
    if (input.tags !== undefined) await this.engine.change({ t: "config", kind: DETECTOR_TAGS, key: arn, value: input.tags });
    return { anomalyDetectorArn: arn };
  }

  /** A detector's tags (TagResource / UntagResource / ListTagsForResource on its ARN): GetLogAnomalyDetector has no tags member. */
  detectorTags(arn: string): Record<string, string> {
    this.detector(arn);
    return configOf<Record<string, string>>(this.engine.state, DETECTOR_TAGS).get(arn) ?? {};
  }

  async tagDetector(arn: string, add: Record<string, string>, remove: readonly string[]): Promise<void> {
    const next = { ...this.detectorTags(arn), ...add };
    for (const key of remove) delete next[key];
    await this.engine.change({ t: "config", kind: DETECTOR_TAGS, key: arn, value: next });
  }

  getLogAnomalyDetector(input: Input): Input {
    const { anomalyDetectorArn: _arn, ...rest } = this.detector(input.anomalyDetectorArn);
    return rest;
  }

  listLogAnomalyDetectors(input: Input): Input {
    const filter = input.filterLogGroupArn as string | undefined;
    const all = [...this.detectors.values()].filter((d) => filter === undefined || (d.logGroupArnList as string[]).includes(filter));
    return { anomalyDetectors: all };
  }

  async updateLogAnomalyDetector(input: Input): Promise<Input> {
    const detector = this.detector(input.anomalyDetectorArn);
    const updated = {
      ...detector,
      ...(input.evaluationFrequency !== undefined ? { evaluationFrequency: input.evaluationFrequency } : {}),
      ...(input.filterPattern !== undefined ? { filterPattern: input.filterPattern } : {}),
      ...(input.anomalyVisibilityTime !== undefined ? { anomalyVisibilityTime: input.anomalyVisibilityTime } : {}),
      anomalyDetectorStatus: input.enabled === false ? "PAUSED" : "TRAINING",
      lastModifiedTimeStamp: this.engine.now(),
    };
    await this.engine.change({ t: "config", kind: "anomalyDetector", key: input.anomalyDetectorArn as string, value: updated });
    return {};
  }

  async deleteLogAnomalyDetector(input: Input): Promise<Input> {
    this.detector(input.anomalyDetectorArn);
    await this.engine.change({ t: "config", kind: "anomalyDetector", key: input.anomalyDetectorArn as string });
    await this.engine.change({ t: "config", kind: DETECTOR_TAGS, key: input.anomalyDetectorArn as string });
    return {};
  }

  listAnomalies(input: Input): Input {
    if (input.anomalyDetectorArn !== undefined) this.detector(input.anomalyDetectorArn);
    return { anomalies: [] };
  }

  updateAnomaly(input: Input): Input {
    this.detector(input.anomalyDetectorArn);
    return {};
  }

  // ---- integrations (OpenSearch) ----

  private get integrations(): Map<string, Input> {
    return configOf<Input>(this.engine.state, "integration");
  }

  private integration(name: unknown): Input {
    const integration = this.integrations.get(name as string);
    if (!integration) throw new ResourceNotFoundException(`Integration with name [${name as string}] does not exist.`);
    return integration;
  }

  async putIntegration(input: Input): Promise<Input> {
    const integration = { integrationName: input.integrationName, integrationType: input.integrationType, integrationStatus: "ACTIVE", resourceConfig: input.resourceConfig };
    await this.engine.change({ t: "config", kind: "integration", key: input.integrationName as string, value: integration });
    return { integrationName: input.integrationName, integrationStatus: "ACTIVE" };
  }

  getIntegration(input: Input): Input {
    const { resourceConfig: _config, ...integration } = this.integration(input.integrationName);
    return { ...integration, integrationDetails: {} };
  }

  listIntegrations(input: Input): Input {
    const prefix = input.integrationNamePrefix as string | undefined;
    const summaries = [...this.integrations.values()]
      .filter((i) => prefix === undefined || (i.integrationName as string).startsWith(prefix))
      .filter((i) => input.integrationType === undefined || i.integrationType === input.integrationType)
      .filter((i) => input.integrationStatus === undefined || i.integrationStatus === input.integrationStatus)
      .map((i) => ({ integrationName: i.integrationName, integrationType: i.integrationType, integrationStatus: i.integrationStatus }));
    return { integrationSummaries: summaries };
  }

  async deleteIntegration(input: Input): Promise<Input> {
    this.integration(input.integrationName);
    await this.engine.change({ t: "config", kind: "integration", key: input.integrationName as string });
    return {};
  }
}
