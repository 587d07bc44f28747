/**
 * What CreateDelivery fills in when the caller leaves recordFields / s3DeliveryConfiguration out,
 * by the source's service and log type. CloudFront access logs to S3 are AWS-recorded
 * (localstack tests/aws/services/logs/test_logs_delivery.snapshot.json, test_get_delivery);
 * other vended logs keep what the caller gave.
 */
export interface DeliveryDefaults {
  recordFields: readonly string[];
  s3DeliveryConfiguration: { suffixPath: string; enableHiveCompatiblePath: boolean };
}

const CLOUDFRONT_ACCESS_LOGS: DeliveryDefaults = {
  recordFields: [
    "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem", "sc-status", "cs(Referer)", "cs(User-Agent)",
    "cs-uri-query", "cs(Cookie)", "x-edge-result-type", "x-edge-request-id", "x-host-header", "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for",
    "ssl-protocol", "ssl-cipher", "x-edge-response-result-type", "cs-protocol-version", "fle-status", "fle-encrypted-fields", "c-port", "time-to-first-byte",
    "x-edge-detailed-result-type", "sc-content-type", "sc-content-len", "sc-range-start", "sc-range-end",
  ],
  s3DeliveryConfiguration: { suffixPath: "AWSLogs/{account-id}/CloudFront/", enableHiveCompatiblePath: false },
};

export function deliveryDefaults(service: unknown, logType: unknown): DeliveryDefaults | undefined {
  return service === "cloudfront" && logType === "ACCESS_LOGS" ? CLOUDFRONT_ACCESS_LOGS : undefined;
}
