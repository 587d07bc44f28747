import {
  CreateConfigurationSetCommand, CreateTemplateCommand, DeleteConfigurationSetCommand, DeleteIdentityCommand, DeleteTemplateCommand,
  DescribeConfigurationSetCommand, GetIdentityVerificationAttributesCommand, GetSendQuotaCommand, GetSendStatisticsCommand, GetTemplateCommand,
  ListConfigurationSetsCommand, ListIdentitiesCommand, ListTemplatesCommand, SendBulkTemplatedEmailCommand, SendEmailCommand, SendRawEmailCommand,
  DeleteIdentityPolicyCommand, GetIdentityMailFromDomainAttributesCommand, GetIdentityNotificationAttributesCommand, GetIdentityPoliciesCommand,
  ListIdentityPoliciesCommand, PutConfigurationSetDeliveryOptionsCommand, PutIdentityPolicyCommand, SetIdentityHeadersInNotificationsEnabledCommand,
  SetIdentityMailFromDomainCommand, SetIdentityNotificationTopicCommand, SendTemplatedEmailCommand, TestRenderTemplateCommand, UpdateConfigurationSetReputationMetricsEnabledCommand,
  UpdateConfigurationSetSendingEnabledCommand, UpdateTemplateCommand, VerifyDomainIdentityCommand, VerifyEmailAddressCommand, VerifyEmailIdentityCommand,
} from "@aws-sdk/client-ses";
import { GetEmailIdentityCommand } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { failure, startSes, type Harness } from "./helpers.js";

const MESSAGE_ID = /^0100[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000$/;

describe("SES v1 (Query) through @aws-sdk/client-ses", () => {
  let h: Harness;
  const outbox = async (query = "") => ((await (await fetch(`${h.url}/_aws/ses${query}`)).json()) as { messages: Array<Record<string, unknown>> }).messages;

  beforeAll(async () => {
    h = await startSes();
    await h.v1.send(new VerifyEmailIdentityCommand({ EmailAddress: "shop@example.com" }));
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await fetch(`${h.url}/_aws/ses`, { method: "DELETE" });
  });

  describe("SendEmail", () => {
    it("accepts a message from a verified address, answers an SES MessageId and keeps it in the outbox", async () => {
      const sent = await h.v1.send(new SendEmailCommand({
        Source: "Shop <shop@example.com>",
        Destination: { ToAddresses: ["ana@example.org"], CcAddresses: ["bo@example.org"] },
        Message: { Subject: { Data: "Your order" }, Body: { Text: { Data: "Thanks!" }, Html: { Data: "<p>Thanks!</p>" } } },
      }));
      expect(sent.MessageId).toMatch(MESSAGE_ID);
      expect(await outbox()).toEqual([{
        Id: sent.MessageId, Region: "us-east-1", Source: "Shop <shop@example.com>",
        Destination: { ToAddresses: ["ana@example.org"], CcAddresses: ["bo@example.org"] },
        Subject: "Your order", Body: { text_part: "Thanks!", html_part: "<p>Thanks!</p>" }, Timestamp: "2026-11-25T12:00:00.000Z",
      }]);
      expect(h.logger.lines.at(-1)).toBe("✉ SES Shop <shop@example.com> → ana@example.org, bo@example.org: Your order");
    });

    it("rejects a sender that is not verified, with SES's text naming the region and the source as given", async () => {
      expect(await failure(h.v1.send(new SendEmailCommand({
        Source: "Other <other@elsewhere.com>", Destination: { ToAddresses: ["ana@example.org"] },
        Message: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } },
      })))).toBe("MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-1: Other <other@elsewhere.com>");
      expect(await outbox()).toEqual([]);
    });

    it("lets any address of a verified domain (and of its subdomains) send", async () => {
      await h.v1.send(new VerifyDomainIdentityCommand({ Domain: "mail.test" }));
      for (const source of ["a@mail.test", "b@news.mail.test"]) {
        const sent = await h.v1.send(new SendEmailCommand({ Source: source, Destination: { ToAddresses: ["x@y.z"] }, Message: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } }));
        expect(sent.MessageId).toMatch(MESSAGE_ID);
      }
      expect(await failure(h.v1.send(new SendEmailCommand({ Source: "c@notmail.test", Destination: { ToAddresses: ["x@y.z"] }, Message: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } }))))
        .toBe("MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-1: c@notmail.test");
    });

    it("refuses an address without a domain and bad message tags with SES's texts", async () => {
      const send = (to: string, tags?: Array<{ Name: string; Value: string }>) =>
        failure(h.v1.send(new SendEmailCommand({ Source: "shop@example.com", Destination: { ToAddresses: [to] }, Message: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } }, ...(tags ? { Tags: tags } : {}) })));
      expect(await send("nobody")).toBe("InvalidParameterValue: Missing final '@domain'");
      expect(await send("a@b.c", [{ Name: "test_invalid_name:123", Value: "test" }])).toBe(
        "InvalidParameterValue: Invalid tag name <test_invalid_name:123>: only alphanumeric ASCII characters, '_',  '-' are allowed.",
      );
      expect(await send("a@b.c", [{ Name: "test", Value: "" }])).toBe("InvalidParameterValue: The tag value must be specified.");
      expect(await send("a@b.c", [{ Name: "ses:source", Value: "ok.value@x" }])).toBe("ok");
      const many = Array.from({ length: 51 }, (_, i) => `r${i}@example.org`);
      expect(await failure(h.v1.send(new SendEmailCommand({ Source: "shop@example.com", Destination: { ToAddresses: many.slice(0, 30), BccAddresses: many.slice(30) }, Message: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } }))))
        .toBe("InvalidParameterValue: Recipient count exceeds 50.");
    });

    it("checks the configuration set it is sent with", async () => {
      expect(await failure(h.v1.send(new SendEmailCommand({
        Source: "shop@example.com", Destination: { ToAddresses: ["a@b.c"] }, Message: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } }, ConfigurationSetName: "nope",
      })))).toBe("ConfigurationSetDoesNotExistException: Configuration set <nope> does not exist.");
    });
  });

  describe("SendRawEmail", () => {
    const raw = [
      "From: Shop <shop@example.com>", "To: ana@example.org", "Cc: bo@example.org", "Subject: =?UTF-8?B?w4l0w6kgc2FsZQ==?=", "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="b1"', "", "--b1", "Content-Type: text/plain; charset=UTF-8", "", "Summer sale", "--b1",
      "Content-Type: text/html; charset=UTF-8", "", "<b>Summer sale</b>", "--b1--", "",
    ].join("\r\n");

    it("reads sender, recipients, subject and parts from the MIME message and keeps RawData", async () => {
      const sent = await h.v1.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(raw) } }));
      expect(sent.MessageId).toMatch(MESSAGE_ID);
      const [message] = await outbox(`?id=${sent.MessageId}`);
      expect(message).toMatchObject({
        Id: sent.MessageId, Source: "Shop <shop@example.com>", Destination: { ToAddresses: ["ana@example.org"], CcAddresses: ["bo@example.org"] },
        Subject: "Été sale", RawData: raw,
      });
      expect(message.Body).toEqual({ text_part: "Summer sale", html_part: "<b>Summer sale</b>" });
    });

    it("sends to Destinations when given, and rejects an unverified From listing it and its address", async () => {
      const sent = await h.v1.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(raw) }, Destinations: ["only@example.net"] }));
      expect((await outbox(`?id=${sent.MessageId}`))[0].Destination).toEqual({ ToAddresses: ["only@example.net"] });
      const forged = raw.replace("Shop <shop@example.com>", "Eve <eve@evil.test>");
      expect(await failure(h.v1.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(forged) } })))).toBe(
        "MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-1: Eve <eve@evil.test>, eve@evil.test",
      );
    });
  });

  describe("templates", () => {
    it("creates, reads, updates, lists and deletes, with SES's errors", async () => {
      const template = { TemplateName: "welcome", SubjectPart: "Hi {{name}}", TextPart: "Dear {{name}}", HtmlPart: "<h1>{{name}}</h1>" };
      await h.v1.send(new CreateTemplateCommand({ Template: template }));
      expect(await failure(h.v1.send(new CreateTemplateCommand({ Template: template })))).toBe("AlreadyExistsException: Template welcome already exists.");
      expect((await h.v1.send(new GetTemplateCommand({ TemplateName: "welcome" }))).Template).toEqual(template);
      await h.v1.send(new UpdateTemplateCommand({ Template: { ...template, SubjectPart: "Hello {{name}}" } }));
      expect((await h.v1.send(new GetTemplateCommand({ TemplateName: "welcome" }))).Template?.SubjectPart).toBe("Hello {{name}}");
      const listed = await h.v1.send(new ListTemplatesCommand({}));
      expect(listed.TemplatesMetadata).toEqual([{ Name: "welcome", CreatedTimestamp: new Date(Date.UTC(2026, 10, 25, 12)) }]);
      expect(await failure(h.v1.send(new GetTemplateCommand({ TemplateName: "missing" })))).toBe("TemplateDoesNotExistException: Template missing does not exist.");
      await h.v1.send(new DeleteTemplateCommand({ TemplateName: "welcome" }));
      await h.v1.send(new DeleteTemplateCommand({ TemplateName: "welcome" }));
      expect((await h.v1.send(new ListTemplatesCommand({}))).TemplatesMetadata).toEqual([]);
    });

    it("renders TestRenderTemplate as a MIME message, and fails on a missing attribute", async () => {
      await h.v1.send(new CreateTemplateCommand({ Template: { TemplateName: "render", SubjectPart: "Hi {{name}}", TextPart: "Dear {{name}}, {{#if vip}}VIP{{else}}guest{{/if}}", HtmlPart: "<b>{{name}}</b>" } }));
      const rendered = (await h.v1.send(new TestRenderTemplateCommand({ TemplateName: "render", TemplateData: '{"name":"Ana & Bo","vip":true}' }))).RenderedTemplate ?? "";
      expect(rendered).toContain("Subject: Hi Ana &amp; Bo\r\n");
      expect(rendered).toContain("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nDear Ana &amp; Bo, VIP\r\n");
      expect(rendered).toContain("<b>Ana &amp; Bo</b>");
      expect(await failure(h.v1.send(new TestRenderTemplateCommand({ TemplateName: "render", TemplateData: "{}" })))).toBe(
        "MissingRenderingAttributeException: Attribute 'name' is not present in the rendering data.",
      );
    });

    it("answers a template whose nested #each blocks multiply without end with an error, and sends it undelivered, instead of hanging", async () => {
      await h.v1.send(new CreateTemplateCommand({ Template: { TemplateName: "nested", SubjectPart: `${"{{#each a}}".repeat(40)}x${"{{/each}}".repeat(40)}` } }));
      expect(await failure(h.v1.send(new TestRenderTemplateCommand({ TemplateName: "nested", TemplateData: '{"a":[1,2]}' })))).toMatch(/^InvalidRenderingParameterException: The sandbox stopped rendering this template/);
      const before = (await outbox()).length;
      const sent = await h.v1.send(new SendTemplatedEmailCommand({ Source: "shop@example.com", Destination: { ToAddresses: ["ana@example.org"] }, Template: "nested", TemplateData: '{"a":[1,2]}' }));
      expect(sent.MessageId).toMatch(MESSAGE_ID);
      expect(await outbox()).toHaveLength(before);
    });

    it("keeps no message of a bulk send that fails on a later destination (the first was in the outbox while the call answered an error)", async () => {
      await h.v1.send(new CreateTemplateCommand({ Template: { TemplateName: "bulk-check", SubjectPart: "Hi {{name}}" } }));
      const before = (await outbox()).length;
      expect(await failure(h.v1.send(new SendBulkTemplatedEmailCommand({
        Source: "shop@example.com", Template: "bulk-check", DefaultTemplateData: '{"name":"you"}',
        Destinations: [{ Destination: { ToAddresses: ["a@x.y"] } }, { Destination: { ToAddresses: ["no-domain"] } }],
      })))).toBe("InvalidParameterValue: Missing final '@domain'");
      expect(await outbox()).toHaveLength(before);
    });

    it("sends templated and bulk templated email rendered, and accepts without delivering a message missing data", async () => {
      await h.v1.send(new CreateTemplateCommand({ Template: { TemplateName: "order", SubjectPart: "Order {{id}}", TextPart: "{{greeting}} {{name}}" } }));
      const one = await h.v1.send(new SendTemplatedEmailCommand({ Source: "shop@example.com", Destination: { ToAddresses: ["ana@example.org"] }, Template: "order", TemplateData: '{"id":7,"greeting":"Hi","name":"Ana"}' }));
      expect((await outbox(`?id=${one.MessageId}`))[0]).toMatchObject({ Subject: "Order 7", Body: { text_part: "Hi Ana", html_part: null }, Template: "order" });

      const bulk = await h.v1.send(new SendBulkTemplatedEmailCommand({
        Source: "shop@example.com", Template: "order", DefaultTemplateData: '{"greeting":"Hello","id":1,"name":"you"}',
        Destinations: [{ Destination: { ToAddresses: ["a@x.y"] }, ReplacementTemplateData: '{"name":"A"}' }, { Destination: { ToAddresses: ["b@x.y"] } }],
      }));
      expect(bulk.Status?.map((s) => s.Status)).toEqual(["Success", "Success"]);
      const texts = await Promise.all((bulk.Status ?? []).map(async (s) => (await outbox(`?id=${s.MessageId}`))[0].Body));
      expect(texts).toEqual([{ text_part: "Hello A", html_part: null }, { text_part: "Hello you", html_part: null }]);

      const lacking = await h.v1.send(new SendTemplatedEmailCommand({ Source: "shop@example.com", Destination: { ToAddresses: ["ana@example.org"] }, Template: "order", TemplateData: '{"id":7}' }));
      expect(lacking.MessageId).toMatch(MESSAGE_ID);
      expect(await outbox(`?id=${lacking.MessageId}`)).toEqual([]);
      expect(h.logger.lines.at(-1)).toContain("Attribute 'greeting' is not present in the rendering data.");
      expect(await failure(h.v1.send(new SendTemplatedEmailCommand({ Source: "shop@example.com", Destination: { ToAddresses: ["a@b.c"] }, Template: "gone", TemplateData: "{}" })))).toBe(
        "TemplateDoesNotExistException: Template gone does not exist.",
      );
    });
  });

  describe("identities", () => {
    it("verifies at once, lists, reports attributes of known identities only, and deletes idempotently", async () => {
      await h.v1.send(new VerifyEmailAddressCommand({ EmailAddress: "old@example.com" }));
      const domain = await h.v1.send(new VerifyDomainIdentityCommand({ Domain: "example.net" }));
      expect(domain.VerificationToken).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect((await h.v1.send(new ListIdentitiesCommand({ IdentityType: "EmailAddress" }))).Identities).toEqual(expect.arrayContaining(["shop@example.com", "old@example.com"]));
      const attributes = await h.v1.send(new GetIdentityVerificationAttributesCommand({ Identities: ["old@example.com", "example.net", "unknown@x.y"] }));
      expect(attributes.VerificationAttributes).toEqual({
        "old@example.com": { VerificationStatus: "Success" },
        "example.net": { VerificationStatus: "Success", VerificationToken: domain.VerificationToken },
      });
      await h.v1.send(new DeleteIdentityCommand({ Identity: "old@example.com" }));
      await h.v1.send(new DeleteIdentityCommand({ Identity: "old@example.com" }));
      expect((await h.v1.send(new ListIdentitiesCommand({}))).Identities).not.toContain("old@example.com");
    });
  });

  describe("paging", () => {
    it("moves on by at least one item a page: MaxItems 0 or below answered an empty page whose NextToken named the same page, and paginators never ended", async () => {
      const all = (await h.v1.send(new ListIdentitiesCommand({}))).Identities ?? [];
      expect(all.length).toBeGreaterThan(1);
      for (const MaxItems of [0, -1]) {
        const seen: string[] = [];
        let NextToken: string | undefined;
        for (let call = 0; call <= all.length; call++) {
          const listed = await h.v1.send(new ListIdentitiesCommand({ MaxItems, ...(NextToken ? { NextToken } : {}) }));
          seen.push(...(listed.Identities ?? []));
          NextToken = listed.NextToken;
          if (NextToken === undefined) break;
        }
        expect([MaxItems, NextToken, seen]).toEqual([MaxItems, undefined, all]);
      }
    });
  });

  describe("identity attributes", () => {
    it("keeps a domain's MAIL FROM domain, verified at once, and removes it", async () => {
      await h.v1.send(new VerifyDomainIdentityCommand({ Domain: "mail.example" }));
      const attributes = async () => (await h.v1.send(new GetIdentityMailFromDomainAttributesCommand({ Identities: ["mail.example", "other.example"] }))).MailFromDomainAttributes;
      expect(await attributes()).toEqual({ "mail.example": { BehaviorOnMXFailure: "UseDefaultValue" } });
      await h.v1.send(new SetIdentityMailFromDomainCommand({ Identity: "mail.example", MailFromDomain: "bounce.mail.example", BehaviorOnMXFailure: "RejectMessage" }));
      expect(await attributes()).toEqual({ "mail.example": { MailFromDomain: "bounce.mail.example", MailFromDomainStatus: "Success", BehaviorOnMXFailure: "RejectMessage" } });
      expect(await failure(h.v1.send(new SetIdentityMailFromDomainCommand({ Identity: "mail.example", MailFromDomain: "bounce.elsewhere.example" })))).toBe(
        "InvalidParameterValue: Provided MAIL-FROM domain 'bounce.elsewhere.example' is not subdomain of the domain of the identity 'mail.example'.",
      );
      expect(await failure(h.v1.send(new SetIdentityMailFromDomainCommand({ Identity: "other.example", MailFromDomain: "a.other.example" })))).toBe(
        "InvalidParameterValue: Identity 'other.example' does not exist.",
      );
      // SESv2 shows the same MAIL FROM domain, in its own spelling.
      expect((await h.v2.send(new GetEmailIdentityCommand({ EmailIdentity: "mail.example" }))).MailFromAttributes).toEqual({
        MailFromDomain: "bounce.mail.example", MailFromDomainStatus: "SUCCESS", BehaviorOnMxFailure: "REJECT_MESSAGE",
      });
      await h.v1.send(new SetIdentityMailFromDomainCommand({ Identity: "mail.example" }));
      expect(await attributes()).toEqual({ "mail.example": { BehaviorOnMXFailure: "UseDefaultValue" } });
    });

    it("keeps notification topics and headers per type for an identity named by its ARN", async () => {
      const arn = "arn:aws:ses:us-east-1:000000000000:identity/shop@example.com";
      const topic = "arn:aws:sns:us-east-1:000000000000:bounces";
      const attributes = async () => (await h.v1.send(new GetIdentityNotificationAttributesCommand({ Identities: ["shop@example.com"] }))).NotificationAttributes?.["shop@example.com"];
      expect(await attributes()).toEqual({
        ForwardingEnabled: true, HeadersInBounceNotificationsEnabled: false, HeadersInComplaintNotificationsEnabled: false, HeadersInDeliveryNotificationsEnabled: false,
      });
      await h.v1.send(new SetIdentityNotificationTopicCommand({ Identity: arn, NotificationType: "Bounce", SnsTopic: topic }));
      await h.v1.send(new SetIdentityHeadersInNotificationsEnabledCommand({ Identity: "shop@example.com", NotificationType: "Bounce", Enabled: true }));
      expect(await attributes()).toMatchObject({ BounceTopic: topic, HeadersInBounceNotificationsEnabled: true, HeadersInComplaintNotificationsEnabled: false });
      await h.v1.send(new SetIdentityNotificationTopicCommand({ Identity: "shop@example.com", NotificationType: "Bounce" }));
      expect((await attributes())?.BounceTopic).toBeUndefined();
    });

    it("keeps sending authorization policies by name", async () => {
      const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "ses:SendEmail", Resource: "*" }] });
      await h.v1.send(new PutIdentityPolicyCommand({ Identity: "shop@example.com", PolicyName: "send", Policy: policy }));
      expect((await h.v1.send(new ListIdentityPoliciesCommand({ Identity: "shop@example.com" }))).PolicyNames).toEqual(["send"]);
      expect((await h.v1.send(new GetIdentityPoliciesCommand({ Identity: "shop@example.com", PolicyNames: ["send", "other"] }))).Policies).toEqual({ send: policy });
      await h.v1.send(new DeleteIdentityPolicyCommand({ Identity: "shop@example.com", PolicyName: "send" }));
      await h.v1.send(new DeleteIdentityPolicyCommand({ Identity: "shop@example.com", PolicyName: "send" }));
      expect((await h.v1.send(new ListIdentityPoliciesCommand({ Identity: "shop@example.com" }))).PolicyNames).toEqual([]);
    });
  });

  describe("configuration sets", () => {
    it("creates, describes, lists and deletes, with SES's texts", async () => {
      await h.v1.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "tracking" } }));
      expect(await failure(h.v1.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "tracking" } })))).toBe(
        "ConfigurationSetAlreadyExistsException: Configuration set <tracking> already exists.",
      );
      expect((await h.v1.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: "tracking" }))).ConfigurationSet).toEqual({ Name: "tracking" });
      expect((await h.v1.send(new ListConfigurationSetsCommand({}))).ConfigurationSets).toEqual([{ Name: "tracking" }]);
      await h.v1.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "tracking" }));
      expect(await failure(h.v1.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "tracking" })))).toBe(
        "ConfigurationSetDoesNotExistException: Configuration set <tracking> does not exist.",
      );
    });

    it("keeps reputation, sending and delivery options, described when asked for by name", async () => {
      const describe = (names?: Array<"deliveryOptions" | "reputationOptions">) =>
        h.v1.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: "options", ...(names ? { ConfigurationSetAttributeNames: names } : {}) }));
      await h.v1.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "options" } }));
      // A new set sends and publishes no reputation metrics; it has no delivery options until they are put.
      const fresh = await describe(["deliveryOptions", "reputationOptions"]);
      expect(fresh.ReputationOptions).toEqual({ SendingEnabled: true, ReputationMetricsEnabled: false });
      expect(fresh.DeliveryOptions).toBeUndefined();
      expect((await describe()).ReputationOptions).toBeUndefined();

      await h.v1.send(new UpdateConfigurationSetReputationMetricsEnabledCommand({ ConfigurationSetName: "options", Enabled: true }));
      await h.v1.send(new UpdateConfigurationSetSendingEnabledCommand({ ConfigurationSetName: "options", Enabled: false }));
      await h.v1.send(new PutConfigurationSetDeliveryOptionsCommand({ ConfigurationSetName: "options", DeliveryOptions: { TlsPolicy: "Require" } }));
      const changed = await describe(["deliveryOptions", "reputationOptions"]);
      expect(changed.ReputationOptions).toEqual({ SendingEnabled: false, ReputationMetricsEnabled: true });
      expect(changed.DeliveryOptions).toEqual({ TlsPolicy: "Require" });

      // Sending enabled again is a fresh start: its time is LastFreshStart.
      h.clock.advance(60_000);
      const restarted = h.clock.now();
      await h.v1.send(new UpdateConfigurationSetSendingEnabledCommand({ ConfigurationSetName: "options", Enabled: true }));
      expect((await describe(["reputationOptions"])).ReputationOptions).toEqual({ SendingEnabled: true, ReputationMetricsEnabled: true, LastFreshStart: new Date(restarted) });

      expect(await failure(h.v1.send(new UpdateConfigurationSetSendingEnabledCommand({ ConfigurationSetName: "nope", Enabled: true })))).toBe(
        "ConfigurationSetDoesNotExistException: Configuration set <nope> does not exist.",
      );
      await h.v1.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "options" }));
    });
  });

  describe("quota and statistics", () => {
    it("counts recipients of the last 24 hours and groups the last two weeks in 15-minute points", async () => {
      const send = () => h.v1.send(new SendEmailCommand({ Source: "shop@example.com", Destination: { ToAddresses: ["a@b.c", "d@e.f"] }, Message: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } }));
      await send();
      h.clock.advance(20 * 60_000);
      await send();
      const quota = await h.v1.send(new GetSendQuotaCommand({}));
      expect(quota).toMatchObject({ Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 4 });
      const points = (await h.v1.send(new GetSendStatisticsCommand({}))).SendDataPoints ?? [];
      expect(points.map((p) => p.DeliveryAttempts)).toEqual([2, 2]);
      h.clock.advance(25 * 3_600_000);
      expect((await h.v1.send(new GetSendQuotaCommand({}))).SentLast24Hours).toBe(0);
    });
  });

  it("answers an SES action it does not run with a clear InvalidAction, and an unknown one as AWS does", async () => {
    const post = async (action: string) => {
      const res = await fetch(h.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=x" },
        body: `Action=${action}&Version=2010-12-01`,
      });
      return /<Code>(.*)<\/Code><Message>(.*)<\/Message>/.exec(await res.text())?.slice(1);
    };
    expect((await post("CreateReceiptRuleSet"))?.[0]).toBe("InvalidAction");
    // The Query code of a modeled error is the model's ("TemplateDoesNotExist"), not its shape name.
    expect(await post("GetTemplate&TemplateName=nope")).toEqual(["TemplateDoesNotExist", "Template nope does not exist."]);
    expect(await post("Nope")).toEqual(["InvalidAction", "The action or operation requested is invalid. Verify that the action is typed correctly."]);
  });
});
