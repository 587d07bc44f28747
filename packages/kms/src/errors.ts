import { AwsError } from "@sam-sandbox/core";

/**
 * KMS's errors with AWS's texts. Sources: LocalStack's KMS snapshots recorded on AWS
 * (tests/aws/services/kms/test_kms.snapshot.json), AWS CLI output quoted in public issues,
 * and where neither has a text, the closest recorded one (noted at each).
 */
const err = (code: string, message: string) => new AwsError(code, message, 400);

/** test_get_key_does_not_exist: the key's ARN, even when asked by id. */
export const keyNotFound = (arn: string) => err("NotFoundException", `Key '${arn}' does not exist`);
/** test_get_key_invalid_uuid: an id that is neither a UUID nor mrk-<32 hex>. */
export const invalidKeyId = (id: string) => err("NotFoundException", `Invalid keyId '${id}'`);
/** test_get_key_in_different_region: a key ARN of another region. */
export const invalidArnRegion = (region: string) => err("NotFoundException", `Invalid arn ${region}`);
/** AWS names the alias by its ARN (AWS CLI output quoted in public issues; LocalStack's provider notes the same). */
export const aliasNotFound = (aliasArn: string) => err("NotFoundException", `Alias ${aliasArn} is not found.`);
export const aliasExists = (aliasArn: string) => err("AlreadyExistsException", `An alias with the name ${aliasArn} already exists`);
/** test_create_alias. */
export const aliasPrefix = () =>
  err("ValidationException", 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
/** CreateAlias / UpdateAlias / DeleteAlias of alias/aws/…: refused without a message, as moto answers (no AWS recording found). */
export const reservedAlias = () => err("NotAuthorizedException", "");
/** An alias given where a key must be (moto's text). */
export const aliasTargetsAlias = () => err("ValidationException", "Aliases must refer to keys. Not aliases");

export const disabled = (arn: string) => err("DisabledException", `${arn} is disabled.`);
export const pendingDeletion = (arn: string) => err("KMSInvalidStateException", `${arn} is pending deletion.`);
/** test_import_key_symmetric. */
export const pendingImport = (arn: string) => err("KMSInvalidStateException", `${arn} is pending import.`);
/** CancelKeyDeletion of a key not scheduled: built like the recorded state texts (no AWS recording found). */
export const notPendingDeletion = (arn: string) => err("KMSInvalidStateException", `${arn} is not pending deletion.`);
/** ScheduleKeyDeletion (AWS's answer in a public issue: Skyscanner/kms-issuer#8). */
export const pendingWindowRange = () => err("ValidationException", "PendingWindowInDays must be between 7 and 30");

/** test_error_messaging_for_invalid_keys. */
export const wrongUsage = (arn: string, usage: string, action: string) =>
  err("InvalidKeyUsageException", `${arn} key usage is ${usage} which is not valid for ${action}.`);
/** test_invalid_generate_mac; used alike for encryption and signing algorithms a key spec does not offer. */
export const incompatibleAlgorithm = (algorithm: string, keySpec: string) =>
  err("InvalidKeyUsageException", `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`);
/** test_error_messaging_for_invalid_keys (Decrypt with another key's id). */
export const incorrectKey = () => err("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
/** test_encrypt_decrypt_encryption_context: no message. */
export const invalidCiphertext = () => err("InvalidCiphertextException", "");
/** test_sign_verify: no message. */
export const invalidSignature = () => err("KMSInvalidSignatureException", "");
/** test_invalid_verify_mac: no message. */
export const invalidMac = () => err("KMSInvalidMacException", "");
/** test_sign_verify (bad-digest). */
export const digestLength = (algorithm: string) => err("ValidationException", `Digest is invalid length for algorithm ${algorithm}.`);
/** test_encrypt_validate_plaintext_size_per_key_type. */
export const rsaPlaintextTooLarge = (algorithm: string, keySpec: string, max: number) =>
  err("ValidationException", `Algorithm ${algorithm} and key spec ${keySpec} cannot encrypt data larger than ${max} bytes.`);
/** test_hmac_create_key_invalid_operations. */
export const keyUsageRequired = () => err("ValidationException", "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
/** KeyUsage a key spec does not support (no AWS recording found; the usage and spec named as in the recorded texts). */
export const usageNotForSpec = (usage: string, spec: string) => err("ValidationException", `KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
/** test_generate_random_invalid_number_of_bytes[None]. */
export const numberOfBytesRequired = () => err("ValidationException", "NumberOfBytes is required.");
/** GenerateDataKey with both or neither of KeySpec and NumberOfBytes (moto's text). */
export const keySpecOrBytes = () => err("ValidationException", "Please specify either number of bytes or key spec.");
/** test_get_parameters_for_import; used for every origin-bound operation. */
export const wrongOrigin = (arn: string, origin: string) => err("UnsupportedOperationException", `${arn} origin is ${origin} which is not valid for this operation.`);
/** Rotation of a key that is not a symmetric encryption key (built like the recorded usage texts; no AWS recording found). */
export const rotationUnsupported = (arn: string, spec: string) =>
  err("UnsupportedOperationException", `${arn} key spec is ${spec} which is not valid for this operation.`);
/** PutKeyPolicy / GetKeyPolicy of a policy other than "default" (LocalStack's provider). */
export const noSuchPolicy = () => err("NotFoundException", "No such policy exists");
/** LocalStack's utils.validate_tag. */
export const reservedTag = () => err("TagException", "Tags beginning with aws: are reserved");
export const invalidGrantId = () => err("InvalidGrantIdException", "");
export const invalidGrantToken = () => err("InvalidGrantTokenException", "");
/** RetireGrant without a token nor a (key, grant) pair (LocalStack's provider). */
export const retireNeedsIds = () => err("ValidationException", "Grant token OR (grant ID, key ID) must be specified");
/** DryRun set on a call that would have succeeded (the API reference's description of DryRunOperationException; no AWS recording found). */
export const dryRunSucceeded = () => err("DryRunOperationException", "The request was rejected because the DryRun parameter was specified.");
/** ImportKeyMaterial (test_import_key_symmetric, recorded on AWS). */
export const validToRequired = () => err("ValidationException", "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
/** ValidTo in the past or more than 365 days ahead (the API reference's rule; no AWS recording found). */
export const validToRange = () => err("ValidationException", "ValidTo must be a future date no more than 365 days from now.");
/** Import errors without a recorded text: their codes as the API reference names them. */
export const invalidImportToken = () => err("InvalidImportTokenException", "");
export const expiredImportToken = () => err("ExpiredImportTokenException", "");
export const incorrectKeyMaterial = () => err("IncorrectKeyMaterialException", "");
export const invalidMarker = () => err("InvalidMarkerException", "");
/** Not emulated: custom key stores, imports, multi-Region replicas … */
export const notEmulated = (action: string) => err("UnsupportedOperationException", `The sandbox does not emulate the KMS action ${action}.`);
