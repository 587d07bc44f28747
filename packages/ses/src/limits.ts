/**
 * Amazon SES's quotas and formats the sandbox applies, each with the AWS document it comes from.
 */

/**
 * The sending quota of an account with production access ("Service quotas in Amazon SES": an
 * account moved out of the SES sandbox starts at 50,000 messages a day, 14 a second). The sandbox
 * answers as such an account: recipients need no verifying, senders do.
 */
export const MAX_24_HOUR_SEND = 50_000;
export const MAX_SEND_RATE = 14;

/** GetSendStatistics: "each data point … represents the last two weeks of sending activity", in 15-minute intervals. */
export const STATISTICS_WINDOW_MS = 14 * 24 * 3_600_000;
export const STATISTICS_INTERVAL_MS = 15 * 60_000;

/** GetSendQuota's SentLast24Hours counts the recipients of the last 24 hours. */
export const QUOTA_WINDOW_MS = 24 * 3_600_000;

/** SendEmail's message tags ("MessageTag": name and value up to 255 characters). */
export const MAX_TAG_LENGTH = 255;

/** ListTemplates' MaxItems default (SES API reference: "the default is 10", at most 100). */
export const DEFAULT_LIST_TEMPLATES = 10;
/** SESv2's list PageSize default. */
export const DEFAULT_PAGE_SIZE = 100;

/** Messages the outbox keeps (not an AWS quota): the oldest go first past it. */
export const OUTBOX_CAPACITY = 10_000;
/**
 * Characters the outbox keeps, raw messages and parts together (not an AWS quota): 10,000 messages
 * of a few MB each held gigabytes in memory and in every snapshot; the oldest go first past it.
 */
export const OUTBOX_MAX_CHARACTERS = 64 * 1024 * 1024;

/** Template blocks ({{#if}} …) nested deeper than this render as text (not an AWS limit: rendering recurses per level). */
export const MAX_BLOCK_DEPTH = 100;

/**
 * One template part's rendering: nodes visited and characters written (not AWS limits: nested
 * #each blocks multiply, and one render must not hold the process). 10 MB is SES v1's largest message.
 */
export const MAX_RENDER_STEPS = 250_000;
export const MAX_RENDERED_LENGTH = 10 * 1024 * 1024;

/** SendBulkTemplatedEmail: "You can specify up to 50 Destination objects within a Destinations array" (SES API reference). */
export const MAX_BULK_DESTINATIONS = 50;

/** Recipients of one message, To, Cc and Bcc together ("Service quotas in Amazon SES": 50 per message). */
export const MAX_RECIPIENTS = 50;
