import type { SnsContext } from "./context.js";
import { getDataProtectionPolicy, putDataProtectionPolicy } from "./dataProtection.js";
import type { SentMessage } from "./outbox.js";
import { addPermission, removePermission } from "./permissions.js";
import {
  createPlatformApplication, deletePlatformApplication, getPlatformApplicationAttributes, listPlatformApplications,
  setPlatformApplicationAttributes,
} from "./platformApplications.js";
import {
  createPlatformEndpoint, deleteEndpoint, getEndpointAttributes, listEndpointsByPlatformApplication, setEndpointAttributes,
} from "./platformEndpoints.js";
import {
  checkIfPhoneNumberIsOptedOut, createSMSSandboxPhoneNumber, deleteSMSSandboxPhoneNumber, getSMSAttributes, getSMSSandboxAccountStatus,
  listOriginationNumbers, listPhoneNumbersOptedOut, listSMSSandboxPhoneNumbers, optInPhoneNumber, optOutPhoneNumber, setSMSAttributes,
  verifySMSSandboxPhoneNumber,
} from "./sms.js";
import { publish, publishBatch, type PublishBatchEntry, type PublishInput } from "./publish.js";
import type { Tag } from "./state.js";
import {
  confirmSubscription, getSubscriptionAttributes, listSubscriptions, listSubscriptionsByTopic, setSubscriptionAttributes,
  subscribe, unsubscribe, type SubscribeInput,
} from "./subscriptions.js";
import { listTagsForResource, tagResource, untagResource } from "./tags.js";
import { createTopic, deleteTopic, getTopicAttributes, listTopics, setTopicAttributes, type CreateTopicInput } from "./topics.js";

/**
 * Amazon SNS behaviour, one method per AWS action with AWS's input and output shapes (no
 * HTTP). The integrator calls createTopic/subscribe directly for template resources.
 */
export class SnsEngine {
  constructor(private readonly ctx: SnsContext) {}

  createTopic(input: CreateTopicInput) {
    return createTopic(this.ctx, input);
  }

  deleteTopic(input: { TopicArn: string }) {
    return deleteTopic(this.ctx, input);
  }

  listTopics(input: { NextToken?: string } = {}) {
    return listTopics(this.ctx, input);
  }

  getTopicAttributes(input: { TopicArn: string }) {
    return getTopicAttributes(this.ctx, input);
  }

  setTopicAttributes(input: { TopicArn: string; AttributeName: string; AttributeValue?: string }) {
    return setTopicAttributes(this.ctx, input);
  }

  addPermission(input: { TopicArn: string; Label: string; AWSAccountId: string[]; ActionName: string[] }) {
    return addPermission(this.ctx, input);
  }

  removePermission(input: { TopicArn: string; Label: string }) {
    return removePermission(this.ctx, input);
  }

  subscribe(input: SubscribeInput) {
    return subscribe(this.ctx, input);
  }

  confirmSubscription(input: { TopicArn: string; Token: string; AuthenticateOnUnsubscribe?: string }) {
    return confirmSubscription(this.ctx, input);
  }

  unsubscribe(input: { SubscriptionArn: string }) {
    return unsubscribe(this.ctx, input);
  }

  listSubscriptions(input: { NextToken?: string } = {}) {
    return listSubscriptions(this.ctx, input);
  }

  listSubscriptionsByTopic(input: { TopicArn: string; NextToken?: string }) {
    return listSubscriptionsByTopic(this.ctx, input);
  }

  getSubscriptionAttributes(input: { SubscriptionArn: string }) {
    return getSubscriptionAttributes(this.ctx, input);
  }

  setSubscriptionAttributes(input: { SubscriptionArn: string; AttributeName: string; AttributeValue?: string }) {
    return setSubscriptionAttributes(this.ctx, input);
  }

  /** `traceHeader`: the X-Amzn-Trace-Id deliveries carry on (to Lambda subscribers). */
  publish(input: PublishInput, traceHeader?: string) {
    return publish(this.ctx, input, traceHeader);
  }

  publishBatch(input: { TopicArn: string; PublishBatchRequestEntries: PublishBatchEntry[] }, traceHeader?: string) {
    return publishBatch(this.ctx, input, traceHeader);
  }

  tagResource(input: { ResourceArn: string; Tags: Tag[] }) {
    return tagResource(this.ctx, input);
  }

  untagResource(input: { ResourceArn: string; TagKeys: string[] }) {
    return untagResource(this.ctx, input);
  }

  listTagsForResource(input: { ResourceArn: string }) {
    return listTagsForResource(this.ctx, input);
  }

  putDataProtectionPolicy(input: { ResourceArn: string; DataProtectionPolicy: string }) {
    return putDataProtectionPolicy(this.ctx, input);
  }

  getDataProtectionPolicy(input: { ResourceArn: string }) {
    return getDataProtectionPolicy(this.ctx, input);
  }

  createPlatformApplication(input: { Name: string; Platform: string; Attributes?: Record<string, string> }) {
    return createPlatformApplication(this.ctx, input);
  }

  getPlatformApplicationAttributes(input: { PlatformApplicationArn: string }) {
    return getPlatformApplicationAttributes(this.ctx, input);
  }

  setPlatformApplicationAttributes(input: { PlatformApplicationArn: string; Attributes?: Record<string, string> }) {
    return setPlatformApplicationAttributes(this.ctx, input);
  }

  listPlatformApplications(input: { NextToken?: string } = {}) {
    return listPlatformApplications(this.ctx, input);
  }

  deletePlatformApplication(input: { PlatformApplicationArn: string }) {
    return deletePlatformApplication(this.ctx, input);
  }

  createPlatformEndpoint(input: { PlatformApplicationArn: string; Token: string; CustomUserData?: string; Attributes?: Record<string, string> }) {
    return createPlatformEndpoint(this.ctx, input);
  }

  getEndpointAttributes(input: { EndpointArn: string }) {
    return getEndpointAttributes(this.ctx, input);
  }

  setEndpointAttributes(input: { EndpointArn: string; Attributes?: Record<string, string> }) {
    return setEndpointAttributes(this.ctx, input);
  }

  listEndpointsByPlatformApplication(input: { PlatformApplicationArn: string; NextToken?: string }) {
    return listEndpointsByPlatformApplication(this.ctx, input);
  }

  deleteEndpoint(input: { EndpointArn: string }) {
    return deleteEndpoint(this.ctx, input);
  }

  setSMSAttributes(input: { attributes: Record<string, string> }) {
    return setSMSAttributes(this.ctx, input);
  }

  getSMSAttributes(input: { attributes?: string[] } = {}) {
    return getSMSAttributes(this.ctx, input);
  }

  checkIfPhoneNumberIsOptedOut(input: { phoneNumber: string }) {
    return checkIfPhoneNumberIsOptedOut(this.ctx, input);
  }

  listPhoneNumbersOptedOut(input: { nextToken?: string } = {}) {
    return listPhoneNumbersOptedOut(this.ctx, input);
  }

  optInPhoneNumber(input: { phoneNumber: string }) {
    return optInPhoneNumber(this.ctx, input);
  }

  /** Not an AWS action: what a recipient replying STOP does. */
  optOutPhoneNumber(phoneNumber: string) {
    return optOutPhoneNumber(this.ctx, phoneNumber);
  }

  getSMSSandboxAccountStatus() {
    return getSMSSandboxAccountStatus();
  }

  createSMSSandboxPhoneNumber(input: { PhoneNumber: string; LanguageCode?: string }) {
    return createSMSSandboxPhoneNumber(this.ctx, input);
  }

  verifySMSSandboxPhoneNumber(input: { PhoneNumber: string; OneTimePassword: string }) {
    return verifySMSSandboxPhoneNumber(this.ctx, input);
  }

  listSMSSandboxPhoneNumbers(input: { NextToken?: string; MaxResults?: number } = {}) {
    return listSMSSandboxPhoneNumbers(this.ctx, input);
  }

  deleteSMSSandboxPhoneNumber(input: { PhoneNumber: string }) {
    return deleteSMSSandboxPhoneNumber(this.ctx, input);
  }

  listOriginationNumbers() {
    return listOriginationNumbers();
  }

  /** SMS and mobile push messages the sandbox "sent", optionally to one phone number or endpoint ARN. */
  sentMessages(destination?: string): SentMessage[] {
    return this.ctx.outbox.list(destination);
  }

  /** Resolves once every delivery started so far is done (delivered, failed or given up). */
  settled(): Promise<void> {
    return this.ctx.deliverer.settled();
  }
}
