/**
 * SES behaviour as moto's tests assert it of AWS (getmoto/moto tests/test_ses/test_ses_boto3.py),
 * replayed through @aws-sdk/client-ses. Where moto words a refusal its own way and AWS's text is
 * known from elsewhere, the sandbox keeps AWS's (noted per case).
 */
import {
  CreateConfigurationSetCommand, CreateTemplateCommand, DeleteIdentityCommand, DescribeConfigurationSetCommand, GetIdentityDkimAttributesCommand, GetSendQuotaCommand, ListIdentitiesCommand,
  ListVerifiedEmailAddressesCommand, SendBulkTemplatedEmailCommand, SendEmailCommand, SendTemplatedEmailCommand, VerifyDomainDkimCommand, VerifyDomainIdentityCommand,
  VerifyEmailAddressCommand, VerifyEmailIdentityCommand,
} from "@aws-sdk/client-ses";
import { SendEmailCommand as SendEmailV2Command } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSes, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSes();
});
afterAll(() => h.close());

interface QueryFailure { Code?: string; name: string; message: string; $metadata: { httpStatusCode?: number } }
const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as QueryFailure | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { code: error.Code ?? error.name, message: error.message, status: error.$metadata.httpStatusCode };
};

describe("moto test_ses_boto3.py", () => {
  // ::test_list_verified_identities — sorted, filtered by IdentityType, an unknown type refused
  // ::test_verify_email_identity_idempotency, ::test_verify_email_address, ::test_delete_identity
  it("identities: listed in order, filtered, verified twice once, deleted", async () => {
    await h.v1.send(new VerifyEmailIdentityCommand({ EmailAddress: "test@example.com" }));
    await h.v1.send(new VerifyEmailIdentityCommand({ EmailAddress: "test@example.com" }));
    expect((await h.v1.send(new ListIdentitiesCommand({}))).Identities).toEqual(["test@example.com"]);
    // VerifyDomainDkim adds the domain to the identities (SES API reference) and answers its three tokens.
    const dkim = await h.v1.send(new VerifyDomainDkimCommand({ Domain: "domain1.com" }));
    expect(dkim.DkimTokens).toHaveLength(3);
    expect((await h.v1.send(new VerifyDomainDkimCommand({ Domain: "domain1.com" }))).DkimTokens).toEqual(dkim.DkimTokens);
    expect((await h.v1.send(new GetIdentityDkimAttributesCommand({ Identities: ["domain1.com", "test@example.com", "unknown.example"] }))).DkimAttributes).toEqual({
      "domain1.com": { DkimEnabled: true, DkimVerificationStatus: "Success", DkimTokens: dkim.DkimTokens },
      "test@example.com": { DkimEnabled: false, DkimVerificationStatus: "NotStarted" },
    });
    await h.v1.send(new VerifyDomainIdentityCommand({ Domain: "domain2.com" }));
    expect((await h.v1.send(new ListIdentitiesCommand({}))).Identities?.sort()).toEqual(["domain1.com", "domain2.com", "test@example.com"]);
    expect((await h.v1.send(new ListIdentitiesCommand({ IdentityType: "EmailAddress" }))).Identities).toEqual(["test@example.com"]);
    expect((await h.v1.send(new ListIdentitiesCommand({ IdentityType: "Domain" }))).Identities?.sort()).toEqual(["domain1.com", "domain2.com"]);
    expect(await failure(h.v1.send(new ListIdentitiesCommand({ IdentityType: "Unknown" as "Domain" })))).toEqual({
      code: "ValidationError", status: 400,
      message: "1 validation error detected: Value 'Unknown' at 'identityType' failed to satisfy constraint: Member must satisfy enum value set: [EmailAddress, Domain]",
    });
    await h.v1.send(new VerifyEmailAddressCommand({ EmailAddress: "old-style@example.com" }));
    expect((await h.v1.send(new ListVerifiedEmailAddressesCommand({}))).VerifiedEmailAddresses).toContain("old-style@example.com");
    await h.v1.send(new DeleteIdentityCommand({ Identity: "test@example.com" }));
    expect((await h.v1.send(new ListIdentitiesCommand({ IdentityType: "EmailAddress" }))).Identities).not.toContain("test@example.com");
  });

  // ::test_send_email, ::test_send_templated_email, ::test_send_bulk_templated_email — a verified domain
  // sends for its addresses; each recipient counts; a missing template; more than 50 destinations
  it("sends from a verified domain, counts recipients, refuses a missing template and 51 destinations", async () => {
    const sent = async () => (await h.v1.send(new GetSendQuotaCommand({}))).SentLast24Hours ?? 0;
    const before = await sent();
    const destination = { ToAddresses: ["test_to@example.org"], CcAddresses: ["test_cc@example.org"], BccAddresses: ["test_bcc@example.org"] };
    const unverified = await failure(h.v1.send(new SendEmailCommand({ Source: "test@unverified.example", Destination: destination, Message: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } })));
    expect(unverified.code).toBe("MessageRejected");
    await h.v1.send(new VerifyDomainIdentityCommand({ Domain: "sender.example" }));
    await h.v1.send(new SendEmailCommand({ Source: "test@sender.example", Destination: destination, Message: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } }));
    expect(await sent()).toBe(before + 3);
    const templated = { Source: "test@sender.example", Destination: destination, Template: "test_template", TemplateData: '{"name": "test"}' };
    expect((await failure(h.v1.send(new SendTemplatedEmailCommand(templated)))).code).toBe("TemplateDoesNotExist");
    await h.v1.send(new CreateTemplateCommand({ Template: { TemplateName: "test_template", SubjectPart: "lalala", HtmlPart: "", TextPart: "" } }));
    await h.v1.send(new SendTemplatedEmailCommand(templated));
    expect(await sent()).toBe(before + 6);
    const bulk = (count: number) => h.v1.send(new SendBulkTemplatedEmailCommand({
      Source: "test@sender.example", Template: "test_template", DefaultTemplateData: '{"name": "test"}',
      Destinations: Array.from({ length: count }, (_, i) => ({ Destination: { ToAddresses: [`to${i}@example.org`] } })),
    }));
    // moto's text (no AWS recording of it was found).
    expect(await failure(bulk(51))).toEqual({ code: "MessageRejected", message: "Too many destinations.", status: 400 });
    const ok = await bulk(2);
    expect(ok.Status?.map((s) => s.Status)).toEqual(["Success", "Success"]);
    expect(await sent()).toBe(before + 8);
  });

  // ::test_create_configuration_set, ::test_describe_configuration_set
  it("configuration sets: a second create and an unknown describe refused", async () => {
    await h.v1.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "test" } }));
    expect((await failure(h.v1.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "test" } })))).code).toBe("ConfigurationSetAlreadyExists");
    expect((await failure(h.v1.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: "failtest" })))).code).toBe("ConfigurationSetDoesNotExist");
    expect((await h.v1.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: "test" }))).ConfigurationSet?.Name).toBe("test");
  });
});

describe("moto test_sesv2.py", () => {
  const raw = (to: string) =>
    new TextEncoder().encode(`Subject: Test-2\nFrom: test@raw.example\nTo: ${to}\nMIME-Version: 1.0\nContent-Type: text/plain\n\ntest file attached\n`);

  // ::test_send_email — unverified sender refused; a verified domain sends; each recipient counts
  // ::test_send_raw_email__with_specific_message, ::test_send_raw_email__with_to_address_display_name —
  // a raw message without FromEmailAddress or Destination: its From and To headers (a display name holding commas is one address)
  it("SendEmail: simple and raw content, sender and recipients from a raw message's headers", async () => {
    const sent = async () => (await h.v1.send(new GetSendQuotaCommand({}))).SentLast24Hours ?? 0;
    const simple = { FromEmailAddress: "test@v2.example", Destination: { ToAddresses: ["test_to@example.org"], CcAddresses: ["test_cc@example.org"], BccAddresses: ["test_bcc@example.org"] }, Content: { Simple: { Subject: { Data: "test subject" }, Body: { Text: { Data: "test body" } } } } };
    expect((await failure(h.v2.send(new SendEmailV2Command(simple)))).code).toBe("MessageRejected");
    await h.v1.send(new VerifyDomainIdentityCommand({ Domain: "v2.example" }));
    const before = await sent();
    await h.v2.send(new SendEmailV2Command(simple));
    expect(await sent()).toBe(before + 3);
    await h.v1.send(new VerifyEmailIdentityCommand({ EmailAddress: "test@raw.example" }));
    await h.v2.send(new SendEmailV2Command({ Content: { Raw: { Data: raw("to@example.org, foo@example.org") } } }));
    expect(await sent()).toBe(before + 5);
    const display = Array.from({ length: 50 }, () => "c").join(",");
    const out = await h.v2.send(new SendEmailV2Command({ Content: { Raw: { Data: raw(`"${display}" <to@example.org>, foo@example.org`) } } }));
    expect(out.MessageId).toBeDefined();
    expect(await sent()).toBe(before + 7);
  });
});
