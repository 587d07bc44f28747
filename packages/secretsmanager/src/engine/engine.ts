/**
 * Secrets Manager: secrets with versions and staging labels (AWSCURRENT / AWSPREVIOUS /
 * custom), scheduled deletion and restore, tags, resource policies, random passwords, rotation
 * through a Lambda function (the LambdaInvoker port).
 */
import { randomInt, randomUUID } from "node:crypto";
import { silentLogger, type Clock, type LambdaInvoker, type Logger, type TimerHandle } from "@sam-sandbox/core";
import {
  alreadyMarkedDeleted, bothValues, forceWithWindow, idsAndFilters, invalidName, invalidNextToken, markedForDeletion,
  cannotInvokeRotation, currentNotRemovable, maxResultsWithoutFilters, noRotationToCancel, noRotationFunction, notAValidVersion, notEmulated, recoveryWindowRange, removeFromRequired, stageNotInVersion, scheduledForDeletion, secretExists, secretNotFound, stageMismatch,
  tokenInUse, valueNotFound, valueRequired,
} from "../errors.js";
import {
  ARN_SUFFIX_LENGTH, DEFAULT_BATCH_RESULTS, DEFAULT_LIST_RESULTS, DEFAULT_RECOVERY_WINDOW_DAYS, MAX_RECOVERY_WINDOW_DAYS,
  MAX_VERSIONS, MIN_RECOVERY_WINDOW_DAYS,
} from "../limits.js";
import { matchesFilters } from "./filters.js";
import { randomPassword, type PasswordOptions } from "./password.js";
import { invokeStep, ROTATION_STEPS } from "./rotation.js";
import { nextRotation } from "./schedule.js";
import { DAY_MS, describeOut, hasValue, seconds, sortedStages, valueOut } from "./shapes.js";
import type { Filter, RotationRules, SecretVersion, StoredSecret, Tag } from "./types.js";

const CURRENT = "AWSCURRENT";
const PREVIOUS = "AWSPREVIOUS";
const PENDING = "AWSPENDING";
const SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/**
 * CreateSecret's Name: "ASCII letters, numbers, and the following characters: /_+=.@-" in the API
 * reference, and "!" too in the service's own refusal (errors.ts invalidName, recorded on AWS) —
 * as in the "events!connection/<name>/<uuid>" secrets EventBridge connections keep.
 */
const NAME = /^[A-Za-z0-9/_+=.@!-]+$/;
/** A name, or a SecretId that is not an ARN, must be a valid secret name. */
function checkName(id: string): void {
  if (!id.startsWith("arn:") && !NAME.test(id)) throw invalidName();
}

export interface SecretsManagerEngineOptions {
  clock: Clock;
  region: string;
  accountId: string;
  secrets: Map<string, StoredSecret>;
  /** Makes a change durable: the secret as it now is, or its name alone when gone. */
  save: (name: string, secret: StoredSecret | undefined) => Promise<void>;
  /** Runs rotation functions (RotateSecret); without it RotateSecret is not emulated. */
  invoker?: LambdaInvoker;
  logger?: Logger;
}

interface ValueInput {
  SecretString?: string;
  SecretBinary?: string | Uint8Array;
  ClientRequestToken?: string;
}

const binary = (v: string | Uint8Array | undefined) => (v === undefined || typeof v === "string" ? v : Buffer.from(v).toString("base64"));
const token = (offset: number) => Buffer.from(`secrets:${offset}`).toString("base64");
function offsetOf(next: string | undefined): number {
  if (next === undefined) return 0;
  const m = /^secrets:(\d+)$/.exec(Buffer.from(next, "base64").toString("utf8"));
  if (!m) throw invalidNextToken();
  return Number(m[1]);
}

export class SecretsManagerEngine {
  /** Each secret's armed scheduled rotation, by name. */
  private readonly timers = new Map<string, TimerHandle>();
  /** Scheduled rotations under way. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly o: SecretsManagerEngineOptions) {}

  /** Arms the scheduled rotation of every secret (at start, including a restart from the store). */
  startSchedules(): void {
    for (const s of this.o.secrets.values()) this.arm(s);
  }

  /** Resolves once the scheduled rotations under way have ended (after a clock advance). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Disarms every scheduled rotation (the sandbox stopping). */
  stopSchedules(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }

  /** (Re)arms a secret's timer for its next rotation window; none when rotation is off or the secret is deleted. */
  private arm(s: StoredSecret): void {
    this.timers.get(s.name)?.cancel();
    this.timers.delete(s.name);
    const next = s.rotation && s.deletionDate === undefined ? nextRotation(s.rotation) : undefined;
    if (next === undefined) return;
    const timer = this.o.clock.setTimeout(() => {
      if (this.timers.get(s.name) !== timer) return;
      this.timers.delete(s.name);
      const run = this.rotateSecret({ SecretId: s.arn }, true).catch((error: unknown) => {
        (this.o.logger ?? silentLogger).warn(`Secrets Manager: the scheduled rotation of ${s.arn} failed: ${String(error)}`);
      });
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }, Math.max(0, next - this.o.clock.now()));
    this.timers.set(s.name, timer);
  }

  /** A secret by name, full ARN or partial ARN (the ARN without its 6-character suffix); deleted ones included. */
  private find(id: string): StoredSecret | undefined {
    checkName(id);
    this.forgetExpired();
    const byName = this.o.secrets.get(id);
    if (byName) return byName;
    for (const s of this.o.secrets.values()) if (s.arn === id || s.arn.slice(0, -(ARN_SUFFIX_LENGTH + 1)) === id) return s;
    return undefined;
  }

  private get(id: string): StoredSecret {
    const s = this.find(id);
    if (!s) throw secretNotFound();
    return s;
  }

  private live(id: string): StoredSecret {
    const s = this.get(id);
    if (s.deletionDate !== undefined) throw markedForDeletion();
    return s;
  }

  /** Secrets whose recovery window has passed are gone for good. */
  private forgetExpired(): void {
    const now = this.o.clock.now();
    for (const [name, s] of this.o.secrets) {
      // Not journaled: the stored deletion date says the same after a restart (createSecretsManager drops it).
      if (s.deletionDate !== undefined && s.deletionDate <= now) this.o.secrets.delete(name);
    }
  }

  private newArn(name: string): string {
    let suffix = "";
    for (let i = 0; i < ARN_SUFFIX_LENGTH; i++) suffix += SUFFIX_CHARS[randomInt(SUFFIX_CHARS.length)];
    return `arn:aws:secretsmanager:${this.o.region}:${this.o.accountId}:secret:${name}-${suffix}`;
  }

  /** An earlier request with the same token and value: the same answer again (idempotency). */
  private repeated(s: StoredSecret, i: ValueInput): SecretVersion | undefined {
    if (i.ClientRequestToken === undefined) return undefined;
    const v = s.versions.find((x) => x.versionId === i.ClientRequestToken);
    if (!v) return undefined;
    if (v.secretString === i.SecretString && v.secretBinary === binary(i.SecretBinary)) return v;
    throw tokenInUse(i.ClientRequestToken, s.arn);
  }

  /** Adds a version carrying `stages`; AWSCURRENT moving makes the old current AWSPREVIOUS. */
  private addVersion(s: StoredSecret, i: ValueInput, stages: string[]): SecretVersion {
    const now = this.o.clock.now();
    const version: SecretVersion = {
      versionId: i.ClientRequestToken ?? randomUUID(), stages: [...stages], created: now,
      ...(i.SecretString !== undefined ? { secretString: i.SecretString } : {}),
      ...(i.SecretBinary !== undefined ? { secretBinary: binary(i.SecretBinary) } : {}),
    };
    const oldCurrent = s.versions.find((v) => v.stages.includes(CURRENT));
    for (const v of s.versions) v.stages = v.stages.filter((st) => !stages.includes(st));
    if (stages.includes(CURRENT) && oldCurrent) {
      for (const v of s.versions) v.stages = v.stages.filter((st) => st !== PREVIOUS);
      // A new current value ends a pending rotation: the old version keeps only AWSPREVIOUS of the two
      // (localstack test_update_secret_version_stages_current_pending, recorded on AWS).
      oldCurrent.stages = [...oldCurrent.stages.filter((st) => st !== PENDING), PREVIOUS];
    }
    s.versions.push(version);
    // Versions without a staging label are deprecated; AWS drops them past its version quota.
    while (s.versions.length > MAX_VERSIONS) {
      const index = s.versions.findIndex((v) => v.stages.length === 0);
      if (index < 0) break;
      s.versions.splice(index, 1);
    }
    s.lastChanged = now;
    if (stages.includes(CURRENT) && s.rotation) {
      s.rotation = { ...s.rotation, manuallyRotated: now };
      this.arm(s);
    }
    return version;
  }

  /** `arn`: the ARN a template's !Ref already gave the secret (AWS::SecretsManager::Secret). */
  async createSecret(i: ValueInput & { Name: string; Description?: string; KmsKeyId?: string; Tags?: Tag[] }, arn?: string) {
    checkName(i.Name);
    if (i.SecretString !== undefined && i.SecretBinary !== undefined) throw bothValues();
    const existing = this.find(i.Name);
    if (existing && existing.name === i.Name) {
      if (existing.deletionDate !== undefined) throw scheduledForDeletion();
      const again = this.repeated(existing, i);
      if (again) return { ARN: existing.arn, Name: existing.name, VersionId: again.versionId };
      throw secretExists(i.Name);
    }
    const now = this.o.clock.now();
    const s: StoredSecret = {
      arn: arn ?? this.newArn(i.Name), name: i.Name, tags: [...(i.Tags ?? [])], versions: [], created: now, lastChanged: now,
      ...(i.Tags !== undefined && i.Tags.length > 0 ? { tagged: true } : {}),
      ...(i.Description ? { description: i.Description } : {}),
      ...(i.KmsKeyId !== undefined ? { kmsKeyId: i.KmsKeyId } : {}),
    };
    const given = i.SecretString !== undefined || i.SecretBinary !== undefined;
    const version = given ? this.addVersion(s, i, [CURRENT]) : undefined;
    this.o.secrets.set(s.name, s);
    await this.o.save(s.name, s);
    return { ARN: s.arn, Name: s.name, ...(version ? { VersionId: version.versionId } : {}) };
  }

  private version(s: StoredSecret, versionId: string | undefined, stage: string | undefined): SecretVersion {
    if (versionId !== undefined) {
      const v = s.versions.find((x) => x.versionId === versionId);
      // A rotation's AWSPENDING version has no value until the function's createSecret step puts one.
      if (!v || !hasValue(v)) throw valueNotFound("VersionId", versionId);
      if (stage !== undefined && !v.stages.includes(stage)) throw stageMismatch();
      return v;
    }
    const label = stage ?? CURRENT;
    const v = s.versions.find((x) => x.stages.includes(label));
    if (!v || !hasValue(v)) throw valueNotFound("staging label", label);
    return v;
  }

  async getSecretValue(i: { SecretId: string; VersionId?: string; VersionStage?: string }) {
    const s = this.live(i.SecretId);
    const v = this.version(s, i.VersionId, i.VersionStage);
    // LastAccessedDate is kept to the day, as AWS reports it.
    const today = Math.floor(this.o.clock.now() / DAY_MS) * DAY_MS;
    if (s.lastAccessed !== today || v.lastAccessed !== today) {
      s.lastAccessed = today;
      v.lastAccessed = today;
      await this.o.save(s.name, s);
    }
    return valueOut(s, v);
  }

  async putSecretValue(i: ValueInput & { SecretId: string; VersionStages?: string[] }) {
    if (i.SecretString !== undefined && i.SecretBinary !== undefined) throw bothValues();
    if (i.SecretString === undefined && i.SecretBinary === undefined) throw valueRequired();
    const s = this.live(i.SecretId);
    // The rotation function's createSecret step gives the AWSPENDING version RotateSecret opened its value.
    const opened = s.versions.findIndex((x) => x.versionId === i.ClientRequestToken && !hasValue(x));
    if (opened >= 0) s.versions.splice(opened, 1);
    const again = this.repeated(s, i);
    // "If this operation creates the first version for the secret, then Secrets Manager automatically attaches
    // the staging label AWSCURRENT to it" (API reference, PutSecretValue).
    const stages = i.VersionStages ?? [CURRENT];
    const first = !s.versions.some(hasValue) && !stages.includes(CURRENT);
    const v = again ?? this.addVersion(s, i, first ? [...stages, CURRENT] : stages);
    if (!again) await this.o.save(s.name, s);
    return { ARN: s.arn, Name: s.name, VersionId: v.versionId, VersionStages: sortedStages(v) };
  }

  async updateSecret(i: ValueInput & { SecretId: string; Description?: string; KmsKeyId?: string }) {
    if (i.SecretString !== undefined && i.SecretBinary !== undefined) throw bothValues();
    const s = this.live(i.SecretId);
    // An empty Description or KmsKeyId clears it: DescribeSecret then leaves the member out, as it
    // does for a secret that never had one (AWS, live-probed: go-to-k/cdkd pull request 1243).
    if (i.Description === "") delete s.description;
    else if (i.Description !== undefined) s.description = i.Description;
    if (i.KmsKeyId === "") delete s.kmsKeyId;
    else if (i.KmsKeyId !== undefined) s.kmsKeyId = i.KmsKeyId;
    let version: SecretVersion | undefined;
    if (i.SecretString !== undefined || i.SecretBinary !== undefined) version = this.repeated(s, i) ?? this.addVersion(s, i, [CURRENT]);
    else s.lastChanged = this.o.clock.now();
    await this.o.save(s.name, s);
    return { ARN: s.arn, Name: s.name, ...(version ? { VersionId: version.versionId } : {}) };
  }

  describeSecret(i: { SecretId: string }) {
    const { stages, ...rest } = describeOut(this.get(i.SecretId));
    return { ...rest, ...(stages ? { VersionIdsToStages: stages } : {}) };
  }

  listSecrets(i: { IncludePlannedDeletion?: boolean; MaxResults?: number; NextToken?: string; Filters?: Filter[]; SortOrder?: string; SortBy?: string }) {
    this.forgetExpired();
    const filters = i.Filters ?? [];
    const key = (s: StoredSecret): number | string =>
      i.SortBy === "name" ? s.name : i.SortBy === "last-changed-date" ? s.lastChanged : i.SortBy === "last-accessed-date" ? (s.lastAccessed ?? 0) : s.created;
    const found = [...this.o.secrets.values()]
      .filter((s) => (i.IncludePlannedDeletion === true || s.deletionDate === undefined) && matchesFilters(s, filters, this.o.region))
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    if (i.SortOrder === "desc") found.reverse();
    const start = offsetOf(i.NextToken);
    const max = i.MaxResults ?? DEFAULT_LIST_RESULTS;
    const SecretList = found.slice(start, start + max).map((s) => {
      const { stages, ...rest } = describeOut(s);
      return { ...rest, ...(stages ? { SecretVersionsToStages: stages } : {}) };
    });
    return { SecretList, ...(start + max < found.length ? { NextToken: token(start + max) } : {}) };
  }

  listSecretVersionIds(i: { SecretId: string; MaxResults?: number; NextToken?: string; IncludeDeprecated?: boolean }) {
    const s = this.get(i.SecretId);
    const versions = s.versions.filter((v) => i.IncludeDeprecated === true || v.stages.length > 0);
    const start = offsetOf(i.NextToken);
    const max = i.MaxResults ?? DEFAULT_LIST_RESULTS;
    return {
      // A deprecated version (no label) has no VersionStages member; LastAccessedDate is per version, to the day.
      Versions: versions.slice(start, start + max).map((v) => ({
        VersionId: v.versionId, ...(v.stages.length > 0 ? { VersionStages: sortedStages(v) } : {}),
        ...(v.lastAccessed !== undefined ? { LastAccessedDate: seconds(v.lastAccessed) } : {}),
        CreatedDate: seconds(v.created), KmsKeyIds: [s.kmsKeyId ?? "DefaultEncryptionKey"],
      })),
      ARN: s.arn, Name: s.name,
      ...(start + max < versions.length ? { NextToken: token(start + max) } : {}),
    };
  }

  /** Moves a staging label; moving AWSCURRENT puts AWSPREVIOUS on the version it left. */
  async updateSecretVersionStage(i: { SecretId: string; VersionStage: string; RemoveFromVersionId?: string; MoveToVersionId?: string }) {
    const s = this.live(i.SecretId);
    const byId = (id: string) => {
      const v = s.versions.find((x) => x.versionId === id);
      if (!v) throw notAValidVersion(id);
      return v;
    };
    const from = i.RemoveFromVersionId === undefined ? undefined : byId(i.RemoveFromVersionId);
    const to = i.MoveToVersionId === undefined ? undefined : byId(i.MoveToVersionId);
    if (from && !from.stages.includes(i.VersionStage)) throw stageNotInVersion(i.VersionStage, from.versionId);
    // A secret always has a current version: AWSCURRENT moves, it is never just taken off.
    if (i.VersionStage === CURRENT && from && !to) throw currentNotRemovable();
    const holder = s.versions.find((v) => v.stages.includes(i.VersionStage));
    if (!from && to && holder && holder !== to) {
      if (i.VersionStage === CURRENT) throw removeFromRequired(holder.versionId);
      holder.stages = holder.stages.filter((st) => st !== i.VersionStage);
    }
    if (from) from.stages = from.stages.filter((st) => st !== i.VersionStage);
    if (to && !to.stages.includes(i.VersionStage)) to.stages.push(i.VersionStage);
    if (i.VersionStage === CURRENT && from && to && from !== to) {
      for (const v of s.versions) v.stages = v.stages.filter((st) => st !== PREVIOUS);
      from.stages.push(PREVIOUS);
    }
    s.lastChanged = this.o.clock.now();
    await this.o.save(s.name, s);
    return { ARN: s.arn, Name: s.name };
  }

  async deleteSecret(i: { SecretId: string; RecoveryWindowInDays?: number; ForceDeleteWithoutRecovery?: boolean }) {
    if (i.RecoveryWindowInDays !== undefined && (i.RecoveryWindowInDays < MIN_RECOVERY_WINDOW_DAYS || i.RecoveryWindowInDays > MAX_RECOVERY_WINDOW_DAYS)) {
      throw recoveryWindowRange();
    }
    if (i.RecoveryWindowInDays !== undefined && i.ForceDeleteWithoutRecovery === true) throw forceWithWindow();
    const now = this.o.clock.now();
    const found = this.find(i.SecretId);
    // AWS answers a forced deletion of an unknown secret as if it had deleted it (localstack
    // test_delete_non_existent_secret_returns_as_if_secret_exists, recorded on AWS).
    if (!found && i.ForceDeleteWithoutRecovery === true) {
      const arn = i.SecretId.startsWith("arn:") ? i.SecretId : this.newArn(i.SecretId);
      const name = i.SecretId.startsWith("arn:") ? arn.slice(arn.indexOf(":secret:") + 8, -(ARN_SUFFIX_LENGTH + 1)) : i.SecretId;
      return { ARN: arn, Name: name, DeletionDate: seconds(now) };
    }
    if (!found) throw secretNotFound();
    const s = found;
    if (i.ForceDeleteWithoutRecovery === true) {
      this.timers.get(s.name)?.cancel();
      this.timers.delete(s.name);
      this.o.secrets.delete(s.name);
      await this.o.save(s.name, undefined);
      return { ARN: s.arn, Name: s.name, DeletionDate: seconds(now) };
    }
    if (s.deletionDate !== undefined) throw alreadyMarkedDeleted();
    s.deletionDate = now + (i.RecoveryWindowInDays ?? DEFAULT_RECOVERY_WINDOW_DAYS) * DAY_MS;
    await this.o.save(s.name, s);
    this.arm(s);
    return { ARN: s.arn, Name: s.name, DeletionDate: seconds(s.deletionDate) };
  }

  async restoreSecret(i: { SecretId: string }) {
    const s = this.get(i.SecretId);
    if (s.deletionDate !== undefined) {
      delete s.deletionDate;
      await this.o.save(s.name, s);
      this.arm(s);
    }
    return { ARN: s.arn, Name: s.name };
  }

  getRandomPassword(i: PasswordOptions) {
    return { RandomPassword: randomPassword(i) };
  }

  async tagResource(i: { SecretId: string; Tags: Tag[] }) {
    const s = this.live(i.SecretId);
    s.tagged = true;
    for (const tag of i.Tags) {
      const same = s.tags.find((t) => t.Key === tag.Key);
      if (same) same.Value = tag.Value;
      else s.tags.push({ Key: tag.Key, Value: tag.Value });
    }
    await this.o.save(s.name, s);
    return {};
  }

  async untagResource(i: { SecretId: string; TagKeys: string[] }) {
    const s = this.live(i.SecretId);
    s.tagged = true;
    s.tags = s.tags.filter((t) => !i.TagKeys.includes(t.Key));
    await this.o.save(s.name, s);
    return {};
  }

  /**
   * Opens an AWSPENDING version (the token's, without a value) and runs the function's four
   * steps before answering (AWS runs them after; clients poll DescribeSecret either way).
   */
  async rotateSecret(i: { SecretId: string; ClientRequestToken?: string; RotationLambdaARN?: string; RotationRules?: RotationRules; RotateImmediately?: boolean }, scheduled = false) {
    const s = this.live(i.SecretId);
    const lambdaArn = i.RotationLambdaARN ?? s.rotation?.lambdaArn;
    if (lambdaArn === undefined) throw noRotationFunction();
    const invoker = this.o.invoker;
    if (!invoker) throw notEmulated("RotateSecret");
    const token = i.ClientRequestToken ?? randomUUID();
    const before = s.rotation;
    const rules = i.RotationRules ?? before?.rules;
    const now = this.o.clock.now();
    // A new schedule starts now; a scheduled run records its window so that a failure waits for the next one.
    const configured = i.RotationRules !== undefined || before?.configured === undefined ? now : before.configured;
    s.rotation = { ...before, enabled: true, lambdaArn, configured, ...(rules ? { rules } : {}), ...(scheduled ? { lastScheduled: now } : {}) };
    // Not now: the configuration is tested by the testSecret step alone, on an AWSPENDING copy of the
    // current value that is removed afterwards (moto test_rotate_secret_using_lambda_dont_rotate_immediately, @aws_verified).
    const immediately = i.RotateImmediately !== false;
    const current = s.versions.find((v) => v.stages.includes(CURRENT));
    if (!s.versions.some((v) => v.versionId === token)) {
      for (const v of s.versions) v.stages = v.stages.filter((st) => st !== PENDING);
      const copy = immediately || !current ? {} : { ...(current.secretString !== undefined ? { secretString: current.secretString } : {}), ...(current.secretBinary !== undefined ? { secretBinary: current.secretBinary } : {}) };
      s.versions.push({ versionId: token, stages: [PENDING], created: now, ...copy });
    }
    await this.o.save(s.name, s);
    const logger = this.o.logger ?? silentLogger;
    for (const step of immediately ? ROTATION_STEPS : (["testSecret"] as const)) {
      let ok: boolean;
      try {
        ok = await invokeStep(invoker, logger, lambdaArn, step, s.arn, token);
      } catch {
        // The function cannot be invoked at all: nothing of this rotation stays (describe shows no rotation).
        // A scheduled run keeps its window: the next try waits for the next one.
        if (before) s.rotation = scheduled ? { ...before, lastScheduled: now } : before;
        else delete s.rotation;
        s.versions = s.versions.filter((v) => v.versionId !== token || hasValue(v));
        await this.o.save(s.name, s);
        this.arm(s);
        throw cannotInvokeRotation();
      }
      if (!ok) {
        this.arm(s);
        return { ARN: s.arn, Name: s.name, VersionId: token };
      }
    }
    if (!immediately) {
      s.versions = s.versions.filter((v) => v.versionId !== token);
      await this.o.save(s.name, s);
      this.arm(s);
      return { ARN: s.arn, Name: s.name, VersionId: token };
    }
    const rotation = s.rotation;
    // CancelRotateSecret during the steps turned rotation off: it stays off.
    if (rotation) s.rotation = { ...rotation, lastRotated: this.o.clock.now() };
    await this.o.save(s.name, s);
    this.arm(s);
    return { ARN: s.arn, Name: s.name, VersionId: token };
  }

  /**
   * Turns automatic rotation off (RotationEnabled false, no NextRotationDate) and takes AWSPENDING
   * off the version that has it; a pending version that never got a value is dropped.
   */
  async cancelRotateSecret(i: { SecretId: string }) {
    const s = this.get(i.SecretId);
    if (s.deletionDate !== undefined) throw alreadyMarkedDeleted();
    if (!s.rotation) throw noRotationToCancel();
    s.rotation = { ...s.rotation, enabled: false };
    // The version a cut-short rotation left keeps its AWSPENDING label: the API reference leaves
    // removing it to the caller ("you might need to remove the staging label AWSPENDING"), and names it.
    // AWSPENDING beside AWSCURRENT is a finished rotation (RotateSecret: "When rotation is successful, the
    // AWSPENDING staging label might be attached to the same version as the AWSCURRENT version"): none is
    // named, as the SDK's CancelRotateSecret example answers ARN and Name alone.
    const pending = s.versions.find((v) => v.stages.includes(PENDING) && !v.stages.includes(CURRENT));
    s.lastChanged = this.o.clock.now();
    await this.o.save(s.name, s);
    this.arm(s);
    return { ARN: s.arn, Name: s.name, ...(pending ? { VersionId: pending.versionId } : {}) };
  }

  async putResourcePolicy(i: { SecretId: string; ResourcePolicy: string }) {
    const s = this.live(i.SecretId);
    s.resourcePolicy = i.ResourcePolicy;
    await this.o.save(s.name, s);
    return { ARN: s.arn, Name: s.name };
  }

  getResourcePolicy(i: { SecretId: string }) {
    const s = this.live(i.SecretId);
    return { ARN: s.arn, Name: s.name, ...(s.resourcePolicy !== undefined ? { ResourcePolicy: s.resourcePolicy } : {}) };
  }

  async deleteResourcePolicy(i: { SecretId: string }) {
    const s = this.live(i.SecretId);
    if (s.resourcePolicy !== undefined) {
      delete s.resourcePolicy;
      await this.o.save(s.name, s);
    }
    return { ARN: s.arn, Name: s.name };
  }

  /** The sandbox does not evaluate resource policies: every document passes. */
  validateResourcePolicy(i: { SecretId?: string; ResourcePolicy: string }) {
    if (i.SecretId !== undefined) this.get(i.SecretId);
    return { PolicyValidationPassed: true, ValidationErrors: [] };
  }

  async batchGetSecretValue(i: { SecretIdList?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string }) {
    if (i.SecretIdList !== undefined && i.Filters !== undefined) throw idsAndFilters();
    if (i.MaxResults !== undefined && i.Filters === undefined) throw maxResultsWithoutFilters();
    const SecretValues: unknown[] = [];
    const Errors: { SecretId: string; ErrorCode: string; Message: string }[] = [];
    if (i.Filters !== undefined) {
      const listed = this.listSecrets({ Filters: i.Filters, MaxResults: i.MaxResults ?? DEFAULT_BATCH_RESULTS, ...(i.NextToken ? { NextToken: i.NextToken } : {}) });
      for (const s of listed.SecretList) SecretValues.push(await this.getSecretValue({ SecretId: s.ARN }));
      return { SecretValues, Errors, ...(listed.NextToken ? { NextToken: listed.NextToken } : {}) };
    }
    for (const id of i.SecretIdList ?? []) {
      try {
        // A null in the list (the JSON deserializer lets it through) names no secret.
        if (typeof id !== "string") throw secretNotFound();
        SecretValues.push(await this.getSecretValue({ SecretId: id }));
      } catch (error) {
        const e = error as { code?: string; message?: string };
        Errors.push({ SecretId: id, ErrorCode: e.code ?? "InternalFailure", Message: e.message ?? "" });
      }
    }
    return { SecretValues, Errors };
  }

  /**
   * For Parameter Store's /aws/reference/secretsmanager/<id>[:<selector>] (wired by packages/sandbox):
   * the version a staging label or version id selects (AWSCURRENT by default), "deleted" for a
   * secret scheduled for deletion, undefined for none.
   */
  reference(id: string, selector: string | undefined) {
    if (!id.startsWith("arn:") && !NAME.test(id)) return undefined;
    const s = this.find(id);
    if (!s) return undefined;
    if (s.deletionDate !== undefined) return "deleted" as const;
    const label = selector ?? CURRENT;
    const v = s.versions.find((x) => x.versionId === label) ?? s.versions.find((x) => x.stages.includes(label));
    if (!v) return undefined;
    return {
      arn: s.arn, name: s.name, versionId: v.versionId, versionStages: sortedStages(v), created: v.created,
      ...(v.secretString !== undefined ? { secretString: v.secretString } : {}),
      ...(v.secretBinary !== undefined ? { secretBinary: v.secretBinary } : {}),
    };
  }

  /** For the sandbox's template resolution ({{resolve:secretsmanager:…}}): a version's value, or undefined. */
  lookup(id: string, versionStage?: string, versionId?: string): { secretString?: string; secretBinary?: string } | undefined {
    if (!id.startsWith("arn:") && !NAME.test(id)) return undefined;
    const s = this.find(id);
    if (!s || s.deletionDate !== undefined) return undefined;
    try {
      const v = this.version(s, versionId, versionId === undefined ? versionStage : versionStage);
      return { ...(v.secretString !== undefined ? { secretString: v.secretString } : {}), ...(v.secretBinary !== undefined ? { secretBinary: v.secretBinary } : {}) };
    } catch {
      return undefined;
    }
  }
}
