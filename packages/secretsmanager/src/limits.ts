/** Secrets Manager limits (AWS Secrets Manager API Reference and User Guide "Secrets Manager quotas"). */

/** DeleteSecret: RecoveryWindowInDays when not given, and its bounds (inclusive). */
export const DEFAULT_RECOVERY_WINDOW_DAYS = 30;
export const MIN_RECOVERY_WINDOW_DAYS = 7;
export const MAX_RECOVERY_WINDOW_DAYS = 30;
/** ARNs end in "-" and six random characters. */
export const ARN_SUFFIX_LENGTH = 6;
/** GetRandomPassword: PasswordLength when not given. */
export const DEFAULT_PASSWORD_LENGTH = 32;
/** ListSecrets / BatchGetSecretValue: page size when MaxResults is not given. */
export const DEFAULT_LIST_RESULTS = 100;
export const DEFAULT_BATCH_RESULTS = 20;
/** A secret keeps about 100 versions; older versions without staging labels are removed. */
export const MAX_VERSIONS = 100;
/** GetRandomPassword's punctuation: ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~ (API reference, ExcludePunctuation). */
export const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
