/** The answers' shapes: which members AWS includes, and when (localstack test_secretsmanager.snapshot.json). */
import { nextRotation } from "./schedule.js";
import type { Rotation, SecretVersion, StoredSecret } from "./types.js";

export const DAY_MS = 86_400_000;

export const hasValue = (v: SecretVersion) => v.secretString !== undefined || v.secretBinary !== undefined;
export const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
/** AWS answers staging labels sorted (test_non_versioning_version_stages_*). */
export const sortedStages = (v: SecretVersion) => [...v.stages].sort();

/** GetSecretValue / BatchGetSecretValue. */
export function valueOut(s: StoredSecret, v: SecretVersion) {
  return {
    ARN: s.arn, Name: s.name, VersionId: v.versionId,
    ...(v.secretString !== undefined ? { SecretString: v.secretString } : {}),
    ...(v.secretBinary !== undefined ? { SecretBinary: v.secretBinary } : {}),
    VersionStages: sortedStages(v), CreatedDate: seconds(v.created),
  };
}

/** DescribeSecret / ListSecrets members of a secret whose rotation was configured. */
function rotationOut(r: Rotation) {
  const next = nextRotation(r);
  return {
    RotationEnabled: r.enabled, RotationLambdaARN: r.lambdaArn, ...(r.rules ? { RotationRules: { ...r.rules } } : {}),
    ...(r.lastRotated !== undefined ? { LastRotatedDate: seconds(r.lastRotated) } : {}),
    ...(next !== undefined ? { NextRotationDate: seconds(next) } : {}),
  };
}

/** DescribeSecret (VersionIdsToStages) and ListSecrets (SecretVersionsToStages) share all but that name. */
export function describeOut(s: StoredSecret) {
  const labelled = s.versions.filter((v) => v.stages.length > 0);
  // A secret without a value has no version map at all (test_create_secret_version_from_empty_secret).
  const stages = labelled.length > 0 ? Object.fromEntries(labelled.map((v) => [v.versionId, sortedStages(v)])) : undefined;
  return {
    ARN: s.arn, Name: s.name,
    ...(s.description !== undefined ? { Description: s.description } : {}),
    ...(s.kmsKeyId !== undefined ? { KmsKeyId: s.kmsKeyId } : {}),
    LastChangedDate: seconds(s.lastChanged),
    ...(s.lastAccessed !== undefined ? { LastAccessedDate: seconds(s.lastAccessed) } : {}),
    ...(s.deletionDate !== undefined ? { DeletedDate: seconds(s.deletionDate) } : {}),
    ...(s.rotation ? rotationOut(s.rotation) : {}),
    // Once tagged, Tags stays, even empty (test_secret_tags).
    ...(s.tagged === true || s.tags.length > 0 ? { Tags: s.tags.map((t) => ({ ...t })) } : {}),
    CreatedDate: seconds(s.created),
    stages,
  };
}
