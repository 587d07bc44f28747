import { CreateTemplateCommand, GetTemplateCommand, ListIdentitiesCommand, SendEmailCommand, VerifyEmailIdentityCommand } from "@aws-sdk/client-ses";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NOW, startSes } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "ses-persist-"));
const copy = mkdtempSync(join(tmpdir(), "ses-crash-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
});

describe("persistence", () => {
  it("keeps identities, templates and the outbox (and its clearing) across a crash", async () => {
    const clock = new VirtualClock(NOW);
    let store = new FileStore({ dir, clock });
    let h = await startSes({ store, clock });
    await h.v1.send(new VerifyEmailIdentityCommand({ EmailAddress: "shop@example.com" }));
    await h.v1.send(new CreateTemplateCommand({ Template: { TemplateName: "kept", SubjectPart: "S" } }));
    const send = (subject: string) =>
      h.v1.send(new SendEmailCommand({ Source: "shop@example.com", Destination: { ToAddresses: ["a@b.c"] }, Message: { Subject: { Data: subject }, Body: { Text: { Data: "b" } } } }));
    const first = await send("first");
    await fetch(`${h.url}/_aws/ses?id=${first.MessageId}`, { method: "DELETE" });
    const second = await send("second");
    // A crash right after the acknowledgements: the directory as it is now (journal, no compaction), without the lock.
    cpSync(dir, copy, { recursive: true, filter: (path) => !path.endsWith("sandbox.lock") });
    await h.close();
    await store.close();
    store = new FileStore({ dir: copy, clock });
    h = await startSes({ store, clock });
    expect((await h.v1.send(new ListIdentitiesCommand({}))).Identities).toEqual(["shop@example.com"]);
    expect((await h.v1.send(new GetTemplateCommand({ TemplateName: "kept" }))).Template?.SubjectPart).toBe("S");
    const messages = ((await (await fetch(`${h.url}/_aws/ses`)).json()) as { messages: Array<{ Id: string; Subject: string }> }).messages;
    expect(messages.map((m) => [m.Id, m.Subject])).toEqual([[second.MessageId, "second"]]);
    await h.close();
    await store.close();
  });
});
