import { getAccount, getAccountSendingEnabled, getSendQuota, getSendStatistics } from "./account.js";
import {
  createConfigurationSet, deleteConfigurationSet, describeConfigurationSet, listConfigurationSets,
  listConfigurationSetsV2, putConfigurationSetDeliveryOptions, updateConfigurationSetReputationMetricsEnabled, updateConfigurationSetSendingEnabled,
} from "./configurationSets.js";
import {
  createConfigurationSetV2, getConfigurationSet, putConfigurationSetDeliveryOptionsV2, putConfigurationSetReputationOptions, putConfigurationSetSendingOptions,
  putConfigurationSetSuppressionOptions,
} from "./configurationSetsV2.js";
import type { SesContext } from "./context.js";
import { listTagsForResource, tagResource, untagResource } from "./resourceTags.js";
import {
  createConfigurationSetEventDestination, createConfigurationSetEventDestinationV2, deleteConfigurationSetEventDestination, deleteConfigurationSetEventDestinationV2,
  getConfigurationSetEventDestinations, updateConfigurationSetEventDestination, updateConfigurationSetEventDestinationV2,
} from "./eventDestinations.js";
import {
  deleteIdentityPolicy, getIdentityMailFromDomainAttributes, getIdentityNotificationAttributes, getIdentityPolicies, listIdentityPolicies, putIdentityPolicy,
  setIdentityFeedbackForwardingEnabled, setIdentityHeadersInNotificationsEnabled, setIdentityMailFromDomain, setIdentityNotificationTopic,
} from "./identityAttributes.js";
import type { EventDestination } from "./state.js";
import {
  createEmailIdentity, deleteEmailIdentity, deleteIdentity, getEmailIdentity, getIdentityVerificationAttributes, listEmailIdentities, listIdentities,
  listVerifiedEmailAddresses, verifyDomainIdentity, verifyEmailIdentity, verifyDomainDkim, getIdentityDkimAttributes,
} from "./identities.js";
import { clearOutbox, listOutbox, type OutboxMessage } from "./outbox.js";
import {
  sendBulkEmail, sendBulkTemplatedEmail, sendEmail, sendEmailV2, sendRawEmail, sendTemplatedEmail,
  type SendBulkTemplatedEmailInput, type SendEmailInput, type SendRawEmailInput, type SendTemplatedEmailInput, type V2SendBulkEmailInput,
  type V2SendEmailInput,
} from "./send.js";
import type { Tag } from "./state.js";
import {
  createEmailTemplate, createTemplate, deleteEmailTemplate, deleteTemplate, getEmailTemplate, getTemplate, listEmailTemplates, listTemplates,
  testRenderEmailTemplate, testRenderTemplate, updateEmailTemplate, updateTemplate, type TemplateContent, type TemplateInput,
} from "./templates.js";

/**
 * Amazon SES behaviour, one method per AWS action with AWS's input and output shapes (no HTTP):
 * the v1 API (2010-12-01) under its names, SESv2 (2019-09-27) under its own, "V2" added where the
 * two share a name. The integrator calls verifyEmailIdentity/createTemplate/createConfigurationSet
 * for template resources.
 */
export class SesEngine {
  constructor(private readonly ctx: SesContext) {}

  // v1: sending
  sendEmail(input: SendEmailInput) {
    return sendEmail(this.ctx, input);
  }

  sendRawEmail(input: SendRawEmailInput) {
    return sendRawEmail(this.ctx, input);
  }

  sendTemplatedEmail(input: SendTemplatedEmailInput) {
    return sendTemplatedEmail(this.ctx, input);
  }

  sendBulkTemplatedEmail(input: SendBulkTemplatedEmailInput) {
    return sendBulkTemplatedEmail(this.ctx, input);
  }

  // v1: templates
  createTemplate(input: { Template: TemplateInput }) {
    return createTemplate(this.ctx, input);
  }

  getTemplate(input: { TemplateName: string }) {
    return getTemplate(this.ctx, input);
  }

  updateTemplate(input: { Template: TemplateInput }) {
    return updateTemplate(this.ctx, input);
  }

  deleteTemplate(input: { TemplateName: string }) {
    return deleteTemplate(this.ctx, input);
  }

  listTemplates(input: { MaxItems?: number; NextToken?: string } = {}) {
    return listTemplates(this.ctx, input);
  }

  testRenderTemplate(input: { TemplateName: string; TemplateData: string }) {
    return testRenderTemplate(this.ctx, input);
  }

  // v1: identities
  verifyEmailIdentity(input: { EmailAddress: string }) {
    return verifyEmailIdentity(this.ctx, input);
  }

  /** The deprecated VerifyEmailAddress: VerifyEmailIdentity with no output. */
  async verifyEmailAddress(input: { EmailAddress: string }): Promise<undefined> {
    await verifyEmailIdentity(this.ctx, input);
    return undefined;
  }

  verifyDomainIdentity(input: { Domain: string }, dkimTokens?: string[]) {
    return verifyDomainIdentity(this.ctx, input, dkimTokens);
  }

  listIdentities(input: { IdentityType?: string; MaxItems?: number; NextToken?: string } = {}) {
    return listIdentities(this.ctx, input);
  }

  listVerifiedEmailAddresses() {
    return listVerifiedEmailAddresses(this.ctx);
  }

  verifyDomainDkim(input: { Domain: string }) {
    return verifyDomainDkim(this.ctx, input);
  }
  getIdentityDkimAttributes(input: { Identities: string[] }) {
    return getIdentityDkimAttributes(this.ctx, input);
  }
  getIdentityVerificationAttributes(input: { Identities: string[] }) {
    return getIdentityVerificationAttributes(this.ctx, input);
  }

  deleteIdentity(input: { Identity: string }) {
    return deleteIdentity(this.ctx, input);
  }

  async deleteVerifiedEmailAddress(input: { EmailAddress: string }): Promise<undefined> {
    await deleteIdentity(this.ctx, { Identity: input.EmailAddress });
    return undefined;
  }

  // v1: account
  getSendQuota() {
    return getSendQuota(this.ctx);
  }

  getSendStatistics() {
    return getSendStatistics(this.ctx);
  }

  getAccountSendingEnabled() {
    return getAccountSendingEnabled();
  }

  // v1: configuration sets
  createConfigurationSet(input: { ConfigurationSet: { Name: string } }) {
    return createConfigurationSet(this.ctx, input);
  }

  deleteConfigurationSet(input: { ConfigurationSetName: string }) {
    return deleteConfigurationSet(this.ctx, input);
  }

  listConfigurationSets(input: { MaxItems?: number; NextToken?: string } = {}) {
    return listConfigurationSets(this.ctx, input);
  }

  describeConfigurationSet(input: { ConfigurationSetName: string; ConfigurationSetAttributeNames?: string[] }) {
    return describeConfigurationSet(this.ctx, input);
  }

  setIdentityMailFromDomain(input: Parameters<typeof setIdentityMailFromDomain>[1]) {
    return setIdentityMailFromDomain(this.ctx, input);
  }

  getIdentityMailFromDomainAttributes(input: { Identities: string[] }) {
    return getIdentityMailFromDomainAttributes(this.ctx, input);
  }

  setIdentityNotificationTopic(input: Parameters<typeof setIdentityNotificationTopic>[1]) {
    return setIdentityNotificationTopic(this.ctx, input);
  }

  setIdentityHeadersInNotificationsEnabled(input: Parameters<typeof setIdentityHeadersInNotificationsEnabled>[1]) {
    return setIdentityHeadersInNotificationsEnabled(this.ctx, input);
  }

  setIdentityFeedbackForwardingEnabled(input: { Identity: string; ForwardingEnabled: boolean }) {
    return setIdentityFeedbackForwardingEnabled(this.ctx, input);
  }

  getIdentityNotificationAttributes(input: { Identities: string[] }) {
    return getIdentityNotificationAttributes(this.ctx, input);
  }

  putIdentityPolicy(input: { Identity: string; PolicyName: string; Policy: string }) {
    return putIdentityPolicy(this.ctx, input);
  }

  getIdentityPolicies(input: { Identity: string; PolicyNames: string[] }) {
    return getIdentityPolicies(this.ctx, input);
  }

  listIdentityPolicies(input: { Identity: string }) {
    return listIdentityPolicies(this.ctx, input);
  }

  deleteIdentityPolicy(input: { Identity: string; PolicyName: string }) {
    return deleteIdentityPolicy(this.ctx, input);
  }

  updateConfigurationSetSendingEnabled(input: { ConfigurationSetName: string; Enabled: boolean }) {
    return updateConfigurationSetSendingEnabled(this.ctx, input);
  }

  updateConfigurationSetReputationMetricsEnabled(input: { ConfigurationSetName: string; Enabled: boolean }) {
    return updateConfigurationSetReputationMetricsEnabled(this.ctx, input);
  }

  putConfigurationSetDeliveryOptions(input: { ConfigurationSetName: string; DeliveryOptions?: { TlsPolicy?: string } }) {
    return putConfigurationSetDeliveryOptions(this.ctx, input);
  }
  createConfigurationSetEventDestination(input: { ConfigurationSetName: string; EventDestination: EventDestination }) {
    return createConfigurationSetEventDestination(this.ctx, input);
  }
  updateConfigurationSetEventDestination(input: { ConfigurationSetName: string; EventDestination: EventDestination }) {
    return updateConfigurationSetEventDestination(this.ctx, input);
  }
  deleteConfigurationSetEventDestination(input: { ConfigurationSetName: string; EventDestinationName: string }) {
    return deleteConfigurationSetEventDestination(this.ctx, input);
  }
  createConfigurationSetEventDestinationV2(input: Parameters<typeof createConfigurationSetEventDestinationV2>[1]) {
    return createConfigurationSetEventDestinationV2(this.ctx, input);
  }
  updateConfigurationSetEventDestinationV2(input: Parameters<typeof updateConfigurationSetEventDestinationV2>[1]) {
    return updateConfigurationSetEventDestinationV2(this.ctx, input);
  }
  deleteConfigurationSetEventDestinationV2(input: { ConfigurationSetName: string; EventDestinationName: string }) {
    return deleteConfigurationSetEventDestinationV2(this.ctx, input);
  }
  getConfigurationSetEventDestinations(input: { ConfigurationSetName: string }) {
    return getConfigurationSetEventDestinations(this.ctx, input);
  }

  // SESv2
  sendEmailV2(input: V2SendEmailInput) {
    return sendEmailV2(this.ctx, input);
  }

  sendBulkEmail(input: V2SendBulkEmailInput) {
    return sendBulkEmail(this.ctx, input);
  }

  createEmailIdentity(input: { EmailIdentity: string; Tags?: Tag[]; ConfigurationSetName?: string }) {
    return createEmailIdentity(this.ctx, input);
  }

  getEmailIdentity(input: { EmailIdentity: string }) {
    return getEmailIdentity(this.ctx, input);
  }

  listEmailIdentities(input: { PageSize?: number; NextToken?: string } = {}) {
    return listEmailIdentities(this.ctx, input);
  }

  deleteEmailIdentity(input: { EmailIdentity: string }) {
    return deleteEmailIdentity(this.ctx, input);
  }

  createEmailTemplate(input: { TemplateName: string; TemplateContent: TemplateContent }) {
    return createEmailTemplate(this.ctx, input);
  }

  getEmailTemplate(input: { TemplateName: string }) {
    return getEmailTemplate(this.ctx, input);
  }

  updateEmailTemplate(input: { TemplateName: string; TemplateContent: TemplateContent }) {
    return updateEmailTemplate(this.ctx, input);
  }

  deleteEmailTemplate(input: { TemplateName: string }) {
    return deleteEmailTemplate(this.ctx, input);
  }

  listEmailTemplates(input: { PageSize?: number; NextToken?: string } = {}) {
    return listEmailTemplates(this.ctx, input);
  }

  testRenderEmailTemplate(input: { TemplateName: string; TemplateData: string }) {
    return testRenderEmailTemplate(this.ctx, input);
  }

  getAccount() {
    return getAccount(this.ctx);
  }

  createConfigurationSetV2(input: Parameters<typeof createConfigurationSetV2>[1]) {
    return createConfigurationSetV2(this.ctx, input);
  }

  putConfigurationSetDeliveryOptionsV2(input: Parameters<typeof putConfigurationSetDeliveryOptionsV2>[1]) {
    return putConfigurationSetDeliveryOptionsV2(this.ctx, input);
  }

  putConfigurationSetReputationOptions(input: { ConfigurationSetName: string; ReputationMetricsEnabled?: boolean }) {
    return putConfigurationSetReputationOptions(this.ctx, input);
  }

  putConfigurationSetSendingOptions(input: { ConfigurationSetName: string; SendingEnabled?: boolean }) {
    return putConfigurationSetSendingOptions(this.ctx, input);
  }

  putConfigurationSetSuppressionOptions(input: { ConfigurationSetName: string; SuppressedReasons?: string[] }) {
    return putConfigurationSetSuppressionOptions(this.ctx, input);
  }

  tagResource(input: Parameters<typeof tagResource>[1]) {
    return tagResource(this.ctx, input);
  }

  untagResource(input: { ResourceArn: string; TagKeys: string[] }) {
    return untagResource(this.ctx, input);
  }

  listTagsForResource(input: { ResourceArn: string }) {
    return listTagsForResource(this.ctx, input);
  }

  getConfigurationSet(input: { ConfigurationSetName: string }) {
    return getConfigurationSet(this.ctx, input);
  }

  listConfigurationSetsV2(input: { PageSize?: number; NextToken?: string } = {}) {
    return listConfigurationSetsV2(this.ctx, input);
  }

  deleteConfigurationSetV2(input: { ConfigurationSetName: string }) {
    return deleteConfigurationSet(this.ctx, input);
  }

  // The outbox (not AWS actions: what GET/DELETE /_aws/ses serve)
  sentEmails(filter: { id?: string; email?: string } = {}): OutboxMessage[] {
    return listOutbox(this.ctx, filter);
  }

  clearSentEmails(id?: string): Promise<void> {
    return clearOutbox(this.ctx, id);
  }
}
