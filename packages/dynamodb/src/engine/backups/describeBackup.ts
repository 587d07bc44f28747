import { AwsError } from "@sam-sandbox/core";
import { BackupNotFoundException, ValidationException } from "../../errors.js";
import type { DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import { backupDescription } from "./describe.js";
import type { Backup } from "./store.js";

/** DescribeBackup answers the backup under the ARN it was given, Region and all (DDB-BACKUP-012). */
export function describeBackup(engine: DynamoDbEngine, input: { BackupArn: string }) {
  const arn = required(input.BackupArn, "backupArn");
  const backup = backupOf(engine, arn, { anyRegion: true });
  return { BackupDescription: backupDescription(engine, { ...backup.meta, BackupArn: arn }) };
}

/** A well-formed backup ARN: arn:<partition>:dynamodb:<region>:<account>:table/<name>/backup/<id>. */
const BACKUP_ARN = /^arn:([^:]+):dynamodb:([^:]*):([^:]*):table\/([^/]+)\/backup\/([^/]+)$/;

/**
 * The backup an ARN names, as DynamoDB looks it up (ack-api-quirks DDB-BACKUP-012, 2026-10): what
 * is no backup ARN (a table's ARN, any other text) is 'Invalid Backup ARN'; another account's is
 * AccessDeniedException 'Access is denied'; with `anyRegion` (DescribeBackup, DeleteBackup) the
 * ARN's Region is not compared, the backup found by the rest.
 */
export function backupOf(engine: DynamoDbEngine, arn: string, options: { anyRegion?: boolean } = {}): Backup {
  const match = BACKUP_ARN.exec(arn);
  if (!match) throw new ValidationException("Invalid Backup ARN");
  const [, partition, region, account, table, id] = match;
  if (account !== engine.options.accountId) throw new AwsError("AccessDeniedException", "Access is denied", 400);
  const own = options.anyRegion && region !== engine.options.region ? `arn:${partition}:dynamodb:${engine.options.region}:${account}:table/${table}/backup/${id}` : arn;
  const backup = engine.backups.get(own);
  if (!backup) throw new BackupNotFoundException(arn);
  return backup;
}
