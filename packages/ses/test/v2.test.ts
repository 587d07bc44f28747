import {
  CreateConfigurationSetCommand, CreateEmailIdentityCommand, CreateEmailTemplateCommand, DeleteConfigurationSetCommand, DeleteEmailIdentityCommand,
  DeleteEmailTemplateCommand, GetAccountCommand, GetConfigurationSetCommand, GetEmailIdentityCommand, GetEmailTemplateCommand,
  ListConfigurationSetsCommand, ListEmailIdentitiesCommand, ListEmailTemplatesCommand, ListTagsForResourceCommand, PutConfigurationSetDeliveryOptionsCommand,
  PutConfigurationSetReputationOptionsCommand, PutConfigurationSetSendingOptionsCommand, SendBulkEmailCommand, SendEmailCommand, TagResourceCommand,
  TestRenderEmailTemplateCommand, UntagResourceCommand, UpdateEmailTemplateCommand,
} from "@aws-sdk/client-sesv2";
import { DescribeConfigurationSetCommand } from "@aws-sdk/client-ses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startSes, type Harness } from "./helpers.js";

describe("SESv2 (restJson) through @aws-sdk/client-sesv2", () => {
  let h: Harness;
  const outbox = async (query = "") => ((await (await fetch(`${h.url}/_aws/ses${query}`)).json()) as { messages: Array<Record<string, unknown>> }).messages;

  beforeAll(async () => {
    h = await startSes();
  });
  afterAll(async () => h?.close());

  describe("email identities", () => {
    it("creates an address and a domain verified at once, refuses a second create with AWS's text", async () => {
      expect(await h.v2.send(new CreateEmailIdentityCommand({ EmailIdentity: "team@example.com" }))).toMatchObject({ IdentityType: "EMAIL_ADDRESS", VerifiedForSendingStatus: true });
      const domain = await h.v2.send(new CreateEmailIdentityCommand({ EmailIdentity: "example.org", Tags: [{ Key: "env", Value: "dev" }] }));
      expect(domain).toMatchObject({ IdentityType: "DOMAIN", VerifiedForSendingStatus: true, DkimAttributes: { SigningEnabled: true, Status: "SUCCESS" } });
      expect(domain.DkimAttributes?.Tokens).toHaveLength(3);
      expect(await failure(h.v2.send(new CreateEmailIdentityCommand({ EmailIdentity: "example.org" })))).toBe("AlreadyExistsException: Email identity example.org already exist.");
    });

    it("gets, lists and deletes; a missing identity is NotFoundException (404)", async () => {
      const got = await h.v2.send(new GetEmailIdentityCommand({ EmailIdentity: "example.org" }));
      expect(got).toMatchObject({ IdentityType: "DOMAIN", VerificationStatus: "SUCCESS", VerifiedForSendingStatus: true, Tags: [{ Key: "env", Value: "dev" }] });
      const listed = await h.v2.send(new ListEmailIdentitiesCommand({}));
      expect(listed.EmailIdentities).toEqual([
        { IdentityType: "EMAIL_ADDRESS", IdentityName: "team@example.com", SendingEnabled: true, VerificationStatus: "SUCCESS" },
        { IdentityType: "DOMAIN", IdentityName: "example.org", SendingEnabled: true, VerificationStatus: "SUCCESS" },
      ]);
      const paged = await h.v2.send(new ListEmailIdentitiesCommand({ PageSize: 1 }));
      expect(paged.EmailIdentities).toHaveLength(1);
      expect((await h.v2.send(new ListEmailIdentitiesCommand({ PageSize: 1, NextToken: paged.NextToken }))).EmailIdentities?.[0].IdentityName).toBe("example.org");
      const missing = await h.v2.send(new GetEmailIdentityCommand({ EmailIdentity: "nobody@nowhere.test" })).catch((e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => e);
      expect(missing).toMatchObject({ name: "NotFoundException", message: "Identity nobody@nowhere.test does not exist.", $metadata: { httpStatusCode: 404 } });
      await h.v2.send(new CreateEmailIdentityCommand({ EmailIdentity: "temp@example.com" }));
      await h.v2.send(new DeleteEmailIdentityCommand({ EmailIdentity: "temp@example.com" }));
      expect(await failure(h.v2.send(new DeleteEmailIdentityCommand({ EmailIdentity: "temp@example.com" })))).toBe("NotFoundException: Email identity temp@example.com does not exist.");
    });
  });

  describe("SendEmail", () => {
    it("sends Simple content from a verified identity into the outbox", async () => {
      const sent = await h.v2.send(new SendEmailCommand({
        FromEmailAddress: "team@example.com", Destination: { ToAddresses: ["ana@example.net"], BccAddresses: ["audit@example.net"] },
        Content: { Simple: { Subject: { Data: "Welcome" }, Body: { Text: { Data: "Hello" } } } },
      }));
      expect(sent.MessageId).toMatch(/^0100[0-9a-f]{12}-[0-9a-f-]{36}-000000$/);
      expect((await outbox(`?id=${sent.MessageId}`))[0]).toMatchObject({
        Source: "team@example.com", Destination: { ToAddresses: ["ana@example.net"], BccAddresses: ["audit@example.net"] }, Subject: "Welcome", Body: { text_part: "Hello", html_part: null },
      });
    });

    it("sends Raw content, and Template content by name or inline", async () => {
      const raw = "From: news@example.org\r\nTo: bo@example.net\r\nSubject: Raw one\r\n\r\nplain body\r\n";
      const rawSent = await h.v2.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(raw) } } }));
      expect((await outbox(`?id=${rawSent.MessageId}`))[0]).toMatchObject({ Source: "news@example.org", Subject: "Raw one", RawData: raw, Destination: { ToAddresses: ["bo@example.net"] } });

      await h.v2.send(new CreateEmailTemplateCommand({ TemplateName: "hello", TemplateContent: { Subject: "Hi {{name}}", Html: "<p>{{{html}}}</p>" } }));
      const byName = await h.v2.send(new SendEmailCommand({
        FromEmailAddress: "team@example.com", Destination: { ToAddresses: ["ana@example.net"] },
        Content: { Template: { TemplateName: "hello", TemplateData: '{"name":"Ana","html":"<i>x</i>"}' } },
      }));
      expect((await outbox(`?id=${byName.MessageId}`))[0]).toMatchObject({ Subject: "Hi Ana", Body: { text_part: null, html_part: "<p><i>x</i></p>" }, Template: "hello" });
      const inline = await h.v2.send(new SendEmailCommand({
        FromEmailAddress: "team@example.com", Destination: { ToAddresses: ["ana@example.net"] },
        Content: { Template: { TemplateContent: { Subject: "Inline {{n}}", Text: "{{#each items}}- {{this}}\n{{/each}}" }, TemplateData: '{"n":1,"items":["a","b"]}' } },
      }));
      expect((await outbox(`?id=${inline.MessageId}`))[0]).toMatchObject({ Subject: "Inline 1", Body: { text_part: "- a\n- b\n", html_part: null } });
    });

    it("rejects an unverified sender (MessageRejected), a missing template (NotFoundException) and bad template data (BadRequestException)", async () => {
      expect(await failure(h.v2.send(new SendEmailCommand({
        FromEmailAddress: "x@unverified.test", Destination: { ToAddresses: ["a@b.c"] }, Content: { Simple: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } },
      })))).toBe("MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-1: x@unverified.test");
      expect(await failure(h.v2.send(new SendEmailCommand({
        FromEmailAddress: "team@example.com", Destination: { ToAddresses: ["a@b.c"] }, Content: { Template: { TemplateName: "absent", TemplateData: "{}" } },
      })))).toBe("NotFoundException: Template absent does not exist.");
      expect(await failure(h.v2.send(new SendEmailCommand({
        FromEmailAddress: "team@example.com", Destination: { ToAddresses: ["a@b.c"] }, Content: { Template: { TemplateName: "hello", TemplateData: "{not json" } },
      })))).toBe("BadRequestException: Unable to parse template data (invalid JSON).");
    });

    it("sends bulk email, one message per entry", async () => {
      const bulk = await h.v2.send(new SendBulkEmailCommand({
        FromEmailAddress: "team@example.com",
        DefaultContent: { Template: { TemplateName: "hello", TemplateData: '{"name":"friend","html":"-"}' } },
        BulkEmailEntries: [
          { Destination: { ToAddresses: ["one@example.net"] }, ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: '{"name":"One"}' } } },
          { Destination: { ToAddresses: ["two@example.net"] } },
        ],
      }));
      expect(bulk.BulkEmailEntryResults?.map((r) => r.Status)).toEqual(["SUCCESS", "SUCCESS"]);
      const subjects = await Promise.all((bulk.BulkEmailEntryResults ?? []).map(async (r) => (await outbox(`?id=${r.MessageId}`))[0].Subject));
      expect(subjects).toEqual(["Hi One", "Hi friend"]);
    });
  });

  describe("email templates", () => {
    it("gets, updates, lists, renders and deletes; a missing one is NotFoundException", async () => {
      await h.v2.send(new CreateEmailTemplateCommand({ TemplateName: "t2", TemplateContent: { Subject: "A {{x}}", Text: "B" } }));
      expect(await failure(h.v2.send(new CreateEmailTemplateCommand({ TemplateName: "t2", TemplateContent: { Subject: "A" } })))).toBe("AlreadyExistsException: Template t2 already exists.");
      await h.v2.send(new UpdateEmailTemplateCommand({ TemplateName: "t2", TemplateContent: { Subject: "C {{x}}", Text: "D" } }));
      expect(await h.v2.send(new GetEmailTemplateCommand({ TemplateName: "t2" }))).toMatchObject({ TemplateName: "t2", TemplateContent: { Subject: "C {{x}}", Text: "D" } });
      expect((await h.v2.send(new ListEmailTemplatesCommand({}))).TemplatesMetadata?.map((t) => t.TemplateName)).toEqual(["hello", "t2"]);
      const rendered = await h.v2.send(new TestRenderEmailTemplateCommand({ TemplateName: "t2", TemplateData: '{"x":"y"}' }));
      expect(rendered.RenderedTemplate).toContain("Subject: C y\r\n");
      expect(await failure(h.v2.send(new TestRenderEmailTemplateCommand({ TemplateName: "t2", TemplateData: "{}" })))).toBe(
        "BadRequestException: Attribute 'x' is not present in the rendering data.",
      );
      await h.v2.send(new DeleteEmailTemplateCommand({ TemplateName: "t2" }));
      expect(await failure(h.v2.send(new GetEmailTemplateCommand({ TemplateName: "t2" })))).toBe("NotFoundException: Template t2 does not exist.");
      expect(await failure(h.v2.send(new DeleteEmailTemplateCommand({ TemplateName: "t2" })))).toBe("NotFoundException: Template t2 does not exist.");
    });
  });

  it("keeps configuration sets and answers GetAccount as an account with production access", async () => {
    await h.v2.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "v2set" }));
    expect((await h.v2.send(new GetConfigurationSetCommand({ ConfigurationSetName: "v2set" }))).ConfigurationSetName).toBe("v2set");
    expect((await h.v2.send(new ListConfigurationSetsCommand({}))).ConfigurationSets).toEqual(["v2set"]);
    // botocore's model lists by GET with the page in the query string.
    const listed = await fetch(`${h.url}/v2/email/configuration-sets?PageSize=5`);
    expect(await listed.json()).toEqual({ ConfigurationSets: ["v2set"] });
    await h.v2.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "v2set" }));
    expect(await failure(h.v2.send(new GetConfigurationSetCommand({ ConfigurationSetName: "v2set" })))).toBe("NotFoundException: Configuration set <v2set> does not exist.");
    const account = await h.v2.send(new GetAccountCommand({}));
    expect(account).toMatchObject({ ProductionAccessEnabled: true, SendingEnabled: true, EnforcementStatus: "HEALTHY", SendQuota: { Max24HourSend: 50000, MaxSendRate: 14 } });
    expect(account.SendQuota?.SentLast24Hours).toBeGreaterThan(0);
  });

  it("creates a configuration set with its options and tags, changes each part, and shows them to SES v1 too", async () => {
    const arn = "arn:aws:ses:us-east-1:000000000000:configuration-set/options-v2";
    await h.v2.send(new CreateConfigurationSetCommand({
      ConfigurationSetName: "options-v2", DeliveryOptions: { TlsPolicy: "REQUIRE" }, ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: false }, Tags: [{ Key: "env", Value: "dev" }],
    }));
    const get = () => h.v2.send(new GetConfigurationSetCommand({ ConfigurationSetName: "options-v2" }));
    expect(await get()).toMatchObject({
      ConfigurationSetName: "options-v2", DeliveryOptions: { TlsPolicy: "REQUIRE" }, ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: false }, Tags: [{ Key: "env", Value: "dev" }],
    });
    const v1 = await h.v1.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: "options-v2", ConfigurationSetAttributeNames: ["deliveryOptions", "reputationOptions"] }));
    expect(v1).toMatchObject({ DeliveryOptions: { TlsPolicy: "Require" }, ReputationOptions: { SendingEnabled: false, ReputationMetricsEnabled: true } });

    await h.v2.send(new PutConfigurationSetDeliveryOptionsCommand({ ConfigurationSetName: "options-v2", TlsPolicy: "OPTIONAL" }));
    await h.v2.send(new PutConfigurationSetReputationOptionsCommand({ ConfigurationSetName: "options-v2", ReputationMetricsEnabled: false }));
    await h.v2.send(new PutConfigurationSetSendingOptionsCommand({ ConfigurationSetName: "options-v2", SendingEnabled: true }));
    const changed = await get();
    expect(changed).toMatchObject({ DeliveryOptions: { TlsPolicy: "OPTIONAL" }, ReputationOptions: { ReputationMetricsEnabled: false }, SendingOptions: { SendingEnabled: true } });
    // Sending enabled again after it was off is a fresh start.
    expect(changed.ReputationOptions?.LastFreshStart).toEqual(new Date(h.clock.now()));

    await h.v2.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "env", Value: "prod" }, { Key: "team", Value: "mail" }] }));
    await h.v2.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team"] }));
    expect((await h.v2.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: "env", Value: "prod" }]);
    expect(await failure(h.v2.send(new ListTagsForResourceCommand({ ResourceArn: "arn:aws:ses:us-east-1:000000000000:configuration-set/nope" })))).toBe(
      "NotFoundException: Configuration set <nope> does not exist.",
    );
    // Options given without their flag have it false (the AWS SDK for Go v2 leaves a false boolean out).
    await h.v2.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "flags-v2", SendingOptions: {}, ReputationOptions: {} }));
    expect(await h.v2.send(new GetConfigurationSetCommand({ ConfigurationSetName: "flags-v2" }))).toMatchObject({ SendingOptions: { SendingEnabled: false }, ReputationOptions: { ReputationMetricsEnabled: false } });
    await h.v2.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "flags-v2" }));
    // A plain set has no delivery options to describe, but always its reputation and sending options.
    await h.v2.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "plain-v2" }));
    const plain = await h.v2.send(new GetConfigurationSetCommand({ ConfigurationSetName: "plain-v2" }));
    expect(plain).toMatchObject({ ReputationOptions: { ReputationMetricsEnabled: false }, SendingOptions: { SendingEnabled: true }, Tags: [] });
    expect(plain.DeliveryOptions).toBeUndefined();
    await h.v2.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "plain-v2" }));
    await h.v2.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "options-v2" }));
  });

  it("tags an email identity by its ARN", async () => {
    await h.v2.send(new CreateEmailIdentityCommand({ EmailIdentity: "tagged.example", Tags: [{ Key: "a", Value: "1" }] }));
    const arn = "arn:aws:ses:us-east-1:000000000000:identity/tagged.example";
    await h.v2.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "b", Value: "2" }] }));
    expect((await h.v2.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }]);
    expect((await h.v2.send(new GetEmailIdentityCommand({ EmailIdentity: "tagged.example" }))).Tags).toEqual([{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }]);
    await h.v2.send(new DeleteEmailIdentityCommand({ EmailIdentity: "tagged.example" }));
  });

  it("answers a SESv2 operation it does not run with a clear error", async () => {
    const res = await fetch(`${h.url}/v2/email/contact-lists`, { method: "GET", headers: { authorization: "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=x" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    expect(((await res.json()) as { message: string }).message).toContain("does not emulate SESv2's GET /v2/email/contact-lists");
  });
});
