/** awscli against the service (skipped where awscli is not installed): `aws ses` speaks Query, `aws sesv2` restJson. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, hasAws } from "../../../test/helpers/awscli.js";
import { startSes, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSes();
});
afterAll(() => h.close());

const aws = (...args: string[]): Promise<unknown> => awsCli(h.url, ...args);

describe.skipIf(!hasAws)("awscli", () => {
  it("verifies an address and sends with `aws ses send-email`; the outbox shows it", async () => {
    await aws("ses", "verify-email-identity", "--email-address", "hello@example.com");
    expect(await aws("ses", "list-identities")).toEqual({ Identities: ["hello@example.com"] });
    const sent = (await aws("ses", "send-email", "--from", "hello@example.com", "--destination", "ToAddresses=jeff@example.org",
      "--message", 'Body={Text={Data="This is the email body"}},Subject={Data="This is the email subject"}')) as { MessageId: string };
    const [message] = ((await (await fetch(`${h.url}/_aws/ses?id=${sent.MessageId}`)).json()) as { messages: Array<Record<string, unknown>> }).messages;
    expect(message).toMatchObject({ Source: "hello@example.com", Subject: "This is the email subject", Body: { text_part: "This is the email body", html_part: null } });
  });

  it("refuses an unverified sender with SES's error", async () => {
    await expect(aws("ses", "send-email", "--from", "x@unverified.test", "--to", "a@b.c", "--subject", "s", "--text", "t")).rejects.toThrow(
      "An error occurred (MessageRejected) when calling the SendEmail operation: Email address is not verified. The following identities failed the check in region US-EAST-1: x@unverified.test",
    );
  });

  it("lists identities and gets the account with `aws sesv2`", async () => {
    expect(await aws("sesv2", "list-email-identities")).toEqual({ EmailIdentities: [{ IdentityType: "EMAIL_ADDRESS", IdentityName: "hello@example.com", SendingEnabled: true, VerificationStatus: "SUCCESS" }] });
    expect(await aws("sesv2", "get-account")).toMatchObject({ ProductionAccessEnabled: true, SendQuota: { Max24HourSend: 50000, SentLast24Hours: 1 } });
  });
});
