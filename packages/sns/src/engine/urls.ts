import type { SnsUrls } from "./message.js";

/**
 * The edge path under which SNS answers the unsigned GETs its messages link to: the
 * SubscribeURL and UnsubscribeURL (query actions, as on sns.<region>.amazonaws.com/) and
 * the SigningCertURL. The edge routes this prefix to SNS.
 */
export const SNS_PATH_PREFIX = "/_sandbox/sns";
export const CERT_PATH = `${SNS_PATH_PREFIX}/SimpleNotificationService-sandbox.pem`;

/**
 * ARNs stand in the query unencoded, as in AWS's messages ("?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:…",
 * SNS developer guide's HTTP/HTTPS JSON formats; localstack test_sns snapshots recorded on AWS).
 */
export function snsUrls(edgeUrl: string): SnsUrls {
  const base = edgeUrl.replace(/\/+$/, "");
  return {
    subscribe: (topicArn, token) => `${base}${SNS_PATH_PREFIX}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`,
    unsubscribe: (subscriptionArn) => `${base}${SNS_PATH_PREFIX}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
    signingCert: () => `${base}${CERT_PATH}`,
  };
}
