import { MemoryStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { describe, expect, it } from "vitest";
import { addressOf, isVerified } from "../src/engine/addresses.js";
import { render } from "../src/engine/render.js";
import { mergeData, messageId } from "../src/engine/send.js";
import { applyRecord, sesCodec, type SentEmail } from "../src/engine/state.js";
import { createSes } from "../src/index.js";
import { MAX_BLOCK_DEPTH, MAX_RENDERED_LENGTH, MAX_RENDER_STEPS, OUTBOX_CAPACITY, OUTBOX_MAX_CHARACTERS } from "../src/limits.js";
import { NOW } from "./helpers.js";

const fails = (fn: () => unknown): string => {
  try {
    fn();
    return "ok";
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
};

describe("template rendering", () => {
  it("substitutes variables and dotted paths, escaping HTML as Handlebars does unless {{{ }}}", () => {
    expect(render("Hi {{ name }}, {{user.city}}", { name: "Ana", user: { city: "Porto" } })).toBe("Hi Ana, Porto");
    expect(render("{{v}} {{{v}}}", { v: `<a href="x">'&'</a>` })).toBe("&lt;a href&#x3D;&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt; <a href=\"x\">'&'</a>");
    expect(render("{{n}} {{b}}", { n: 0, b: false })).toBe("0 false");
  });

  it("fails on a missing or null attribute with SES's text", () => {
    expect(fails(() => render("{{a}} {{b}}", { a: 1 }))).toBe("MissingRenderingAttributeException: Attribute 'b' is not present in the rendering data.");
    expect(fails(() => render("{{a.b}}", { a: { b: null } }))).toBe("MissingRenderingAttributeException: Attribute 'a.b' is not present in the rendering data.");
  });

  it("runs #if/#unless/else, #each over lists and objects, #with, and drops comments", () => {
    const data = { vip: true, items: [{ n: "a" }, { n: "b" }], none: [], map: { x: 1, y: 2 }, who: { name: "Bo" }, title: "T" };
    expect(render("{{#if vip}}VIP{{else}}std{{/if}}|{{#unless vip}}no{{else}}yes{{/unless}}", data)).toBe("VIP|yes");
    expect(render("{{#each items}}[{{n}}@{{title}}]{{/each}}{{#each none}}x{{else}}empty{{/each}}", data)).toBe("[a@T][b@T]empty");
    expect(render("{{#each map}}{{this}};{{/each}}{{#with who}}{{name}}{{/with}}{{! note }}{{!-- long }} --}}", data)).toBe("1;2;Bo");
    expect(render("{{#if missing}}x{{/if}}", {})).toBe("");
  });

  it("stops a render whose nested #each blocks multiply past its budget of steps or characters instead of holding the process", () => {
    const over = `InvalidRenderingParameterException: The sandbox stopped rendering this template: it took more than ${MAX_RENDER_STEPS} steps or ${MAX_RENDERED_LENGTH} characters.`;
    // 2^40 passes over an empty body: no output, only work.
    expect(fails(() => render("{{#each a}}".repeat(40) + "{{/each}}".repeat(40), { a: [1, 2] }))).toBe(over);
    expect(fails(() => render("{{#each a}}{{{big}}}{{/each}}", { a: Array.from({ length: 20 }), big: "x".repeat(MAX_RENDERED_LENGTH / 10) }))).toBe(over);
    expect(render("{{#each a}}{{#each a}}.{{/each}}{{/each}}", { a: [1, 2, 3] })).toBe(".........");
  });

  it("renders blocks nested past MAX_BLOCK_DEPTH as text instead of recursing without end", () => {
    const deep = (n: number) => "{{#if a}}".repeat(n) + "x" + "{{/if}}".repeat(n);
    expect(render(deep(MAX_BLOCK_DEPTH), { a: 1 })).toBe("x");
    const rendered = render(deep(60_000), { a: 1 }) ?? "";
    expect(rendered.startsWith("{{#if a}}")).toBe(true);
    expect(rendered.endsWith("{{/if}}")).toBe(true);
  });

  it("leaves partials and unknown block helpers as written", () => {
    expect(render("{{> footer}}{{#custom x}}", {})).toBe("{{> footer}}{{#custom x}}");
  });

  it("reads a template in linear time, whatever braces it holds", () => {
    const started = performance.now();
    for (const hostile of ["{{".repeat(100_000), "{{{".repeat(70_000), `{{!--${"--".repeat(100_000)}`, `{{${"a".repeat(200_000)}`]) render(hostile, {});
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("addresses and identities", () => {
  it("reads the address of a display-name form", () => {
    expect(addressOf("Shop <shop@example.com>")).toBe("shop@example.com");
    expect(addressOf(" plain@example.com ")).toBe("plain@example.com");
  });

  it("matches identities without regard to case, and a domain covers its subdomains but not look-alikes", () => {
    const state = sesCodec.empty();
    applyRecord(state, { t: "putIdentity", identity: { name: "Shop@Example.com", type: "EmailAddress", tags: [], created: 0 } });
    applyRecord(state, { t: "putIdentity", identity: { name: "mail.test", type: "Domain", tags: [], created: 0 } });
    expect(isVerified(state, "shop@example.COM")).toBe(true);
    expect(isVerified(state, "other@example.com")).toBe(false);
    expect(isVerified(state, "a@deep.sub.mail.test")).toBe(true);
    expect(isVerified(state, "a@evilmail.test")).toBe(false);
  });
});

describe("sending helpers", () => {
  it("makes SES-shaped message ids carrying the send time", () => {
    expect(messageId(NOW)).toMatch(new RegExp(`^0100${NOW.toString(16).padStart(12, "0")}-[0-9a-f-]{36}-000000$`));
  });

  it("merges replacement template data over the defaults key by key", () => {
    expect(JSON.parse(mergeData('{"a":1,"b":2}', '{"b":3}'))).toEqual({ a: 1, b: 3 });
    expect(mergeData(undefined, undefined)).toBe("{}");
    expect(mergeData('{"a":1}', "not json")).toBe("not json");
  });
});

describe("the outbox", () => {
  it("drops the oldest message past its capacity", () => {
    const state = sesCodec.empty();
    const email = (i: number): SentEmail => ({ Id: `m${i}`, Region: "us-east-1", Source: "s@x.y", Timestamp: "", sentAt: i, recipients: 1 });
    for (let i = 0; i <= OUTBOX_CAPACITY; i++) applyRecord(state, { t: "sent", email: email(i) });
    expect(state.outbox.size).toBe(OUTBOX_CAPACITY);
    expect(state.outbox.has("m0")).toBe(false);
    expect(state.outbox.has(`m${OUTBOX_CAPACITY}`)).toBe(true);
  });

  it("drops the oldest messages past its size in characters, the newest always kept, and counts the same after a snapshot", () => {
    const state = sesCodec.empty();
    const email = (i: number, characters: number): SentEmail => ({ Id: `m${i}`, Region: "us-east-1", Source: "s@x.y", RawData: "x".repeat(characters), Timestamp: "", sentAt: i, recipients: 1 });
    const third = Math.floor(OUTBOX_MAX_CHARACTERS / 3);
    for (let i = 0; i < 4; i++) applyRecord(state, { t: "sent", email: email(i, third) });
    expect([...state.outbox.keys()]).toEqual(["m1", "m2", "m3"]);
    applyRecord(state, { t: "sent", email: email(4, OUTBOX_MAX_CHARACTERS + 1) });
    expect([...state.outbox.keys()]).toEqual(["m4"]);
    applyRecord(state, { t: "sent", email: email(5, 10) });
    expect([...state.outbox.keys()]).toEqual(["m5"]);
    const restored = sesCodec.fromSnapshot(JSON.parse(JSON.stringify(sesCodec.toSnapshot(state))));
    applyRecord(restored, { t: "sent", email: email(6, OUTBOX_MAX_CHARACTERS - 10) });
    expect([...restored.outbox.keys()]).toEqual(["m5", "m6"]);
    applyRecord(restored, { t: "clearOutbox", id: "m5" });
    applyRecord(restored, { t: "sent", email: email(7, 10) });
    expect([...restored.outbox.keys()]).toEqual(["m6", "m7"]);
  });

  it("filters by id and by the sender as given, and clears one or all", async () => {
    const ses = await createSes({ store: new MemoryStore(), clock: new VirtualClock(NOW), logger: silentLogger, region: "eu-west-1", accountId: "000000000000" });
    await ses.engine.verifyEmailIdentity({ EmailAddress: "a@x.y" });
    await ses.engine.verifyEmailIdentity({ EmailAddress: "b@x.y" });
    const message = { Subject: { Data: "s" }, Body: { Text: { Data: "t" } } };
    const one = await ses.engine.sendEmail({ Source: "a@x.y", Destination: { ToAddresses: ["z@x.y"] }, Message: message });
    await ses.engine.sendEmail({ Source: "b@x.y", Destination: { ToAddresses: ["z@x.y"] }, Message: message });
    expect(ses.engine.sentEmails({ email: "b@x.y" }).map((m) => m.Source)).toEqual(["b@x.y"]);
    expect(ses.engine.sentEmails({ id: one.MessageId }).map((m) => m.Region)).toEqual(["eu-west-1"]);
    await ses.engine.clearSentEmails(one.MessageId);
    expect(ses.engine.sentEmails()).toHaveLength(1);
    await ses.engine.clearSentEmails();
    expect(ses.engine.sentEmails()).toEqual([]);
    await ses.close();
  });
});
