/**
 * GetParameter / GetParameters on /aws/reference/secretsmanager/<secret-id>[:<label or version id>]:
 * the secret's value as a SecureString parameter (Systems Manager User Guide, "Referencing AWS
 * Secrets Manager secrets from Parameter Store parameters"). The answer has Version 0, the
 * secret's ARN, a SourceResult (the secret version as JSON) and no DataType.
 */
import { referenceBadSelector, referenceDeleted, referenceNeedsDecryption, referenceNotFound } from "../errors.js";
import type { SecretsReader } from "./types.js";

export const SECRET_REFERENCE_PREFIX = "/aws/reference/secretsmanager/";

export const isSecretReference = (name: string) => name.startsWith(SECRET_REFERENCE_PREFIX);

/** The parameter a reference answers; throws AWS's error for one it cannot. */
export async function readSecretReference(reader: SecretsReader | undefined, reference: string, decrypt: boolean | undefined) {
  const rest = reference.slice(SECRET_REFERENCE_PREFIX.length);
  const parts = rest.split(":");
  // Checked before WithDecryption: one optional ":<label or version id>", never an ARN.
  if (parts.length > 2 || parts[1] === "" || parts[0] === "") throw referenceBadSelector();
  if (decrypt !== true) throw referenceNeedsDecryption();
  const [secretId = "", selector] = parts;
  const found = reader === undefined ? undefined : await reader.read(secretId, selector);
  if (found === "deleted") throw referenceDeleted();
  // AWS prints the reference without its leading "/" and an absent selector as "null".
  if (!found) throw referenceNotFound(`${reference.slice(1, SECRET_REFERENCE_PREFIX.length)}${secretId}${selector === undefined ? "null" : `:${selector}`}`);
  const created = new Date(found.created).toISOString();
  return {
    Name: SECRET_REFERENCE_PREFIX + secretId,
    Type: "SecureString",
    ...(found.secretString !== undefined ? { Value: found.secretString } : {}),
    Version: 0,
    ...(selector !== undefined ? { Selector: `:${selector}` } : {}),
    SourceResult: JSON.stringify({
      ARN: found.arn, name: found.name, versionId: found.versionId,
      ...(found.secretString !== undefined ? { secretString: found.secretString } : {}),
      versionStages: found.versionStages, createdDate: created,
    }),
    LastModifiedDate: found.created / 1000,
    ARN: found.arn,
  };
}
