/**
 * The SES team's API examples (the `@example` blocks of @aws-sdk/client-ses's command typings, from
 * the service's examples-1.json), replayed through SDK v3 with the examples' inputs. Only the cases
 * where the sandbox answered differently are kept; the other examples of the operations the sandbox
 * emulates matched (/tmp/briefs/inv-sdk-sdk-msg.md).
 */
import { GetIdentityDkimAttributesCommand, SendEmailCommand, SendRawEmailCommand, VerifyDomainDkimCommand, VerifyEmailIdentityCommand } from "@aws-sdk/client-ses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startSes, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSes();
});
afterAll(() => h.close());

const outbox = async (id: string) => ((await (await fetch(`${h.url}/_aws/ses?id=${id}`)).json()) as { messages: Array<Record<string, unknown>> }).messages;
const MESSAGE_ID = /^0100[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000$/;

describe("SES examples", () => {
  // SendEmailCommand "SendEmail": the example fills the optional members with "" and [] (ReturnPath,
  // ReturnPathArn, SourceArn, BccAddresses, ReplyToAddresses) and gets a MessageId; an empty
  // ReturnPath was checked as an address ("Missing final '@domain'").
  it("SendEmail: empty ReturnPath, ReturnPathArn and SourceArn are none given", async () => {
    await h.v1.send(new VerifyEmailIdentityCommand({ EmailAddress: "sender@example.com" }));
    const sent = await h.v1.send(new SendEmailCommand({
      Destination: { BccAddresses: [], CcAddresses: ["recipient3@example.com"], ToAddresses: ["recipient1@example.com", "recipient2@example.com"] },
      Message: {
        Body: {
          Html: { Charset: "UTF-8", Data: 'This message body contains HTML formatting. It can, for example, contain links like this one: <a class="ulink" href="http://docs.aws.amazon.com/ses/latest/DeveloperGuide" target="_blank">Amazon SES Developer Guide</a>.' },
          Text: { Charset: "UTF-8", Data: "This is the message body in text format." },
        },
        Subject: { Charset: "UTF-8", Data: "Test email" },
      },
      ReplyToAddresses: [], ReturnPath: "", ReturnPathArn: "", Source: "sender@example.com", SourceArn: "",
    }));
    expect(sent.MessageId).toMatch(MESSAGE_ID);
    expect((await outbox(sent.MessageId ?? ""))[0]).toMatchObject({
      Source: "sender@example.com",
      Destination: { ToAddresses: ["recipient1@example.com", "recipient2@example.com"], CcAddresses: ["recipient3@example.com"] },
    });
  });

  // SendRawEmailCommand "SendRawEmail": Source "" and Destinations [] — the sender is the raw
  // message's From header ("If you do not provide a value for this parameter, you must specify a
  // From address in the raw text of the message"), the recipients its To; an empty Source was taken
  // as the sender, so the From header was never read.
  it("SendRawEmail: an empty Source sends from the From header, empty Destinations to its To", async () => {
    const raw = 'From: sender@example.com\nTo: recipient@example.com\nSubject: Test email (contains an attachment)\nMIME-Version: 1.0\nContent-type: Multipart/Mixed; boundary="NextPart"\n\n--NextPart\nContent-Type: text/plain\n\nThis is the message body.\n\n--NextPart\nContent-Type: text/plain;\nContent-Disposition: attachment; filename="attachment.txt"\n\nThis is the text in the attachment.\n\n--NextPart--';
    const input = { Destinations: [], FromArn: "", RawMessage: { Data: new TextEncoder().encode(raw) }, ReturnPathArn: "", Source: "", SourceArn: "" };
    expect(await failure(h.v1.send(new SendRawEmailCommand({ ...input, RawMessage: { Data: new TextEncoder().encode(raw.replace("sender@", "other@")) } }))))
      .toBe("MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-1: other@example.com");
    const sent = await h.v1.send(new SendRawEmailCommand(input));
    expect(sent.MessageId).toMatch(MESSAGE_ID);
    expect((await outbox(sent.MessageId ?? ""))[0]).toMatchObject({
      Source: "sender@example.com", Destination: { ToAddresses: ["recipient@example.com"] }, Subject: "Test email (contains an attachment)",
    });
  });

  // VerifyDomainDkimCommand "VerifyDomainDkim" and GetIdentityDkimAttributesCommand
  // "GetIdentityDkimAttributes": three tokens of 32 lower-case base32 characters
  // ("EXAMPLEq76owjnks3lnluwg65scbemvw"); they were 32 hex digits.
  it("VerifyDomainDkim / GetIdentityDkimAttributes: Easy DKIM tokens in base32", async () => {
    const { DkimTokens } = await h.v1.send(new VerifyDomainDkimCommand({ Domain: "example.com" }));
    expect(DkimTokens).toEqual([expect.stringMatching(/^[a-z2-7]{32}$/), expect.stringMatching(/^[a-z2-7]{32}$/), expect.stringMatching(/^[a-z2-7]{32}$/)]);
    expect(new Set(DkimTokens).size).toBe(3);
    await h.v1.send(new VerifyEmailIdentityCommand({ EmailAddress: "user@example.com" }));
    expect((await h.v1.send(new GetIdentityDkimAttributesCommand({ Identities: ["example.com", "user@example.com"] }))).DkimAttributes).toEqual({
      "example.com": { DkimEnabled: true, DkimTokens, DkimVerificationStatus: "Success" },
      "user@example.com": { DkimEnabled: false, DkimVerificationStatus: "NotStarted" },
    });
  });
});
