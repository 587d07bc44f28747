import { PutTransformerCommand, CreateLogGroupCommand, TestTransformerCommand, type Processor } from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTransformerConfig, testTransformer, transform } from "../src/engine/transformer/index.js";
import { startLogs, type LogsHarness } from "./helpers.js";

/** The transformed JSON of one message, or undefined when the transformation failed. */
function run(config: unknown[], message: string): unknown {
  const out = transform(readTransformerConfig(config), message);
  return out === undefined ? undefined : JSON.parse(out);
}

describe("parsers", () => {
  it("parseJSON puts the keys at the root or under a destination", () => {
    expect(run([{ parseJSON: {} }], '{"a":1,"b":{"c":"d"}}')).toEqual({ a: 1, b: { c: "d" } });
    // The guide's example: destination new_key.
    expect(run([{ parseJSON: { destination: "new_key" } }], '{ "outer_key": { "inner_key": "inner_value" } }')).toEqual({ new_key: { outer_key: { inner_key: "inner_value" } } });
    expect(run([{ parseJSON: {} }], "not json")).toBeUndefined();
    expect(run([{ parseJSON: {} }], "[1,2]")).toBeUndefined();
  });

  it("parseKeyValue splits pairs with its defaults, prefix and nonMatchValue", () => {
    expect(run([{ parseKeyValue: {} }], "a=1&b=2")).toEqual({ a: "1", b: "2" });
    expect(run([{ parseKeyValue: { fieldDelimiter: " ", keyValueDelimiter: ":", keyPrefix: "kv_", nonMatchValue: "none" } }], "a:1 flag b:x:y")).toEqual({
      kv_a: "1",
      kv_flag: "none",
      kv_b: "x:y",
    });
    expect(run([{ parseKeyValue: { destination: "kv" } }], "a=1")).toEqual({ kv: { a: "1" } });
  });

  it("csv names columns or numbers them, and honours quotes", () => {
    expect(run([{ csv: { columns: ["user", "action"] } }], 'alice,"log,in",extra')).toEqual({ user: "alice", action: "log,in", column_3: "extra" });
    expect(run([{ csv: { delimiter: ";", quoteCharacter: "'" } }], "a;'b;c'")).toEqual({ column_1: "a", column_2: "b;c" });
  });

  it("grok extracts the named patterns (the guide's example)", () => {
    const match = "%{NUMBER:version} %{HOSTNAME:hostname} %{NOTSPACE:status} %{QUOTEDSTRING:logMsg}";
    expect(run([{ grok: { match } }], '293750 server-01.internal-network.local OK "[Thread-000] token generated"')).toEqual({
      version: "293750",
      hostname: "server-01.internal-network.local",
      status: "OK",
      // The guide's output: a QUOTEDSTRING's value is the text inside its quotes.
      logMsg: "[Thread-000] token generated",
    });
    expect(run([{ grok: { match: "%{IPV4:ip} (?<user>\\w+) %{GREEDYDATA:rest}" } }], "10.0.0.1 bob did (things)")).toEqual({ ip: "10.0.0.1", user: "bob", rest: "did (things)" });
    expect(run([{ grok: { match: "%{INT:n}" } }], "no digits")).toBeUndefined();
  });

  it("grok refuses patterns it does not know and type conversions", () => {
    expect(() => readTransformerConfig([{ grok: { match: "%{NOPE:x}" } }])).toThrow("The grok pattern NOPE is not supported.");
    expect(() => readTransformerConfig([{ grok: { match: "%{INT:n:int}" } }])).toThrow("grok patterns won't support type conversions.");
  });

  it("the vended-log parsers read VPC flow logs, CloudFront logs and WAF headers", () => {
    expect(run([{ parseVPC: {} }], "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK")).toMatchObject({
      version: 2,
      "account-id": 123456789010,
      srcaddr: "172.31.16.139",
      dstport: 22,
      action: "ACCEPT",
      "log-status": "OK",
    });
    expect(run([{ parseCloudfront: {} }], "2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200")).toMatchObject({
      date: "2019-12-04",
      "sc-bytes": 392,
      "cs-uri-stem": "/index.html",
      "sc-status": 200,
    });
    const waf = JSON.stringify({ action: "BLOCK", httpRequest: { clientIp: "1.1.1.1", headers: [{ name: "Host", value: "localhost:1989" }, { name: "User-Agent", value: "curl/7.61.1" }] } });
    expect(run([{ parseWAF: {} }], waf)).toEqual({ action: "BLOCK", httpRequest: { clientIp: "1.1.1.1", headers: { Host: "localhost:1989", "User-Agent": "curl/7.61.1" } } });
  });
});

describe("mutators", () => {
  const json = (o: unknown) => JSON.stringify(o);

  it("add, delete, move, rename and copy keys, respecting overwriteIfExists", () => {
    const config = [
      { parseJSON: {} },
      { addKeys: { entries: [{ key: "env", value: "prod" }, { key: "a", value: "kept?" }] } },
      { deleteKeys: { withKeys: ["drop"] } },
      { moveKeys: { entries: [{ source: "m", target: "inner.m" }] } },
      { renameKeys: { entries: [{ key: "inner.m", renameTo: "moved" }] } },
      { copyValue: { entries: [{ source: "a", target: "copy" }, { source: "a", target: "env", overwriteIfExists: true }] } },
    ];
    expect(run(config, json({ a: "1", drop: true, m: 5 }))).toEqual({ a: "1", env: "1", inner: { moved: 5 }, copy: "1" });
  });

  it("changes strings: case, trim, split, substitute", () => {
    const config = [
      { parseJSON: {} },
      { lowerCaseString: { withKeys: ["l"] } },
      { upperCaseString: { withKeys: ["u"] } },
      { trimString: { withKeys: ["t"] } },
      { splitString: { entries: [{ source: "s", delimiter: "," }] } },
      { substituteString: { entries: [{ source: "r", from: "\\d+", to: "#" }, { source: "g", from: "(\\w+)@(\\w+)", to: "$2 at $1" }] } },
    ];
    expect(run(config, json({ l: "ABC", u: "abc", t: "  x  ", s: "a,b,c", r: "id 12 and 345", g: "bob@host" }))).toEqual({
      l: "abc",
      u: "ABC",
      t: "x",
      s: ["a", "b", "c"],
      r: "id # and #",
      g: "host at bob",
    });
    // A mutator on a value that is no string fails the event.
    expect(run([{ parseJSON: {} }, { upperCaseString: { withKeys: ["n"] } }], json({ n: 1 }))).toBeUndefined();
  });

  it("converts types as Java reads them", () => {
    const config = [{ parseJSON: {} }, { typeConverter: { entries: [{ key: "i", type: "integer" }, { key: "d", type: "double" }, { key: "b", type: "boolean" }, { key: "s", type: "string" }] } }];
    expect(run(config, json({ i: "42", d: "2.5", b: "TRUE", s: 7 }))).toEqual({ i: 42, d: 2.5, b: true, s: "7" });
    expect(run([{ parseJSON: {} }, { typeConverter: { entries: [{ key: "i", type: "integer" }] } }], json({ i: "4.2" }))).toBeUndefined();
  });

  it("listToMap keys a list by a field, flattened or not", () => {
    const list = { items: [{ k: "a", v: 1 }, { k: "b", v: 2 }, { k: "a", v: 3 }] };
    expect(run([{ parseJSON: {} }, { listToMap: { source: "items", key: "k", valueKey: "v", target: "m" } }], json(list))).toMatchObject({ m: { a: [1, 3], b: [2] } });
    expect(run([{ parseJSON: {} }, { listToMap: { source: "items", key: "k", valueKey: "v", target: "m", flatten: true, flattenedElement: "last" } }], json(list))).toMatchObject({
      m: { a: 3, b: 2 },
    });
  });

  it("dateTimeConverter reads Java patterns in a zone and writes the default ISO format", () => {
    const config = [{ parseJSON: {} }, { dateTimeConverter: { source: "t", target: "iso", matchPatterns: ["dd/MMM/yyyy:HH:mm:ss Z", "yyyy-MM-dd HH:mm:ss"], sourceTimezone: "Asia/Tokyo" } }];
    expect(run(config, json({ t: "10/Oct/2026:13:55:36 -0700" }))).toMatchObject({ iso: "2026-10-10T20:55:36.000Z" });
    expect(run(config, json({ t: "2026-01-02 09:00:00" }))).toMatchObject({ iso: "2026-01-02T00:00:00.000Z" });
    expect(run(config, json({ t: "yesterday" }))).toBeUndefined();
  });
});

describe("the transformer's rules", () => {
  it("wants a parser first, at most five parsers, one vended parser placed first, one grok, addKeys and copyValue", () => {
    expect(() => readTransformerConfig([{ addKeys: { entries: [{ key: "a", value: "b" }] } }])).toThrow("The first processor in a transformer must be a parser.");
    expect(() => readTransformerConfig(Array.from({ length: 6 }, () => ({ parseKeyValue: {} })))).toThrow("You can include as many as 5 parser-type processors in a transformer.");
    expect(() => readTransformerConfig([{ parseJSON: {} }, { parseVPC: {} }])).toThrow(/must be the first processor/);
    expect(() => readTransformerConfig([{ grok: { match: "%{INT:a}" } }, { grok: { match: "%{INT:b}" } }])).toThrow("You can include only one grok processor in a transformer.");
    expect(() => readTransformerConfig([{ parseVPC: { source: "other" } }])).toThrow(/No other value than @message/);
    expect(() => readTransformerConfig([{ parseJSON: { source: "a.b" } }])).toThrow(/must parse the entire log event using @message/);
    expect(() => readTransformerConfig([{ parseJSON: {}, csv: {} }])).toThrow(/exactly one processor type/);
    expect(() => readTransformerConfig([{ parseJSON: {} }, { deleteKeys: { withKeys: ["a.b.c.d"] } }])).toThrow(/nested deeper than 3 levels/);
    const date = (extra: Record<string, unknown>) => [{ parseJSON: {} }, { dateTimeConverter: { source: "t", target: "u", matchPatterns: ["yyyy"], ...extra } }];
    expect(() => readTransformerConfig(date({ locale: "not a locale!" }))).toThrow(/locale/);
    expect(() => readTransformerConfig(date({ sourceTimezone: "Mars/Olympus" }))).toThrow(/time zone/);
    expect(() => readTransformerConfig(date({ matchPatterns: ["yyyy-QQ"] }))).toThrow(/unsupported letter Q/);
  });

  it("answers each message with its number, its text and the transformed text (the original when a processor failed)", () => {
    expect(testTransformer({ transformerConfig: [{ parseJSON: {} }], logEventMessages: ['{"a":1}', "plain"] })).toEqual({
      transformedLogs: [
        { eventNumber: 1, eventMessage: '{"a":1}', transformedEventMessage: '{"a":1}' },
        { eventNumber: 2, eventMessage: "plain", transformedEventMessage: "plain" },
      ],
    });
  });
});

describe("TestTransformer and PutTransformer through the SDK", () => {
  let h: LogsHarness;
  beforeAll(async () => {
    h = await startLogs({ clock: new VirtualClock(Date.UTC(2026, 10, 26)), client: { maxAttempts: 1 } });
  });
  afterAll(() => h.close());

  it("TestTransformer answers the transformed events", async () => {
    const transformerConfig: Processor[] = [{ parseKeyValue: { fieldDelimiter: " " } }, { typeConverter: { entries: [{ key: "status", type: "integer" }] } }];
    const out = await h.client.send(new TestTransformerCommand({ transformerConfig, logEventMessages: ["path=/a status=200", "status=oops"] }));
    expect(out.transformedLogs).toEqual([
      { eventNumber: 1, eventMessage: "path=/a status=200", transformedEventMessage: '{"path":"/a","status":200}' },
      { eventNumber: 2, eventMessage: "status=oops", transformedEventMessage: "status=oops" },
    ]);
  });

  it("TestTransformer and PutTransformer refuse a list that does not start with a parser", async () => {
    const transformerConfig: Processor[] = [{ lowerCaseString: { withKeys: ["a"] } }];
    await expect(h.client.send(new TestTransformerCommand({ transformerConfig, logEventMessages: ["x"] }))).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "The first processor in a transformer must be a parser.",
    });
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "/t/put" }));
    await expect(h.client.send(new PutTransformerCommand({ logGroupIdentifier: "/t/put", transformerConfig }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await h.client.send(new PutTransformerCommand({ logGroupIdentifier: "/t/put", transformerConfig: [{ parseJSON: {} }, ...transformerConfig] }));
  });

  it("a key named __proto__ is a key of the event, never the sandbox's Object.prototype", async () => {
    const transformerConfig: Processor[] = [
      { parseJSON: {} },
      { addKeys: { entries: [{ key: "__proto__.polluted", value: "yes" }] } },
      { deleteKeys: { withKeys: ["__proto__.hasOwnProperty"] } },
      { copyValue: { entries: [{ source: "a", target: "constructor.prototype.copied" }] } },
    ];
    const out = await h.client.send(new TestTransformerCommand({ transformerConfig, logEventMessages: ['{"a":"1"}', '{"a":"1","__proto__":{"b":2}}'] }));
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.copied).toBeUndefined();
    expect(typeof Object.prototype.hasOwnProperty).toBe("function");
    expect(out.transformedLogs?.map((l) => JSON.parse(l.transformedEventMessage ?? "{}"))).toEqual([
      JSON.parse('{"a":"1","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"copied":"1"}}}'),
      JSON.parse('{"a":"1","__proto__":{"b":2,"polluted":"yes"},"constructor":{"prototype":{"copied":"1"}}}'),
    ]);
  });

  it("a backtracking substituteString pattern fails its events instead of freezing the sandbox, one deadline per request", async () => {
    const transformerConfig: Processor[] = [{ parseJSON: {} }, { substituteString: { entries: [{ source: "s", from: "(a)(a+)+\\1b", to: "x" }] } }];
    // A backreference: V8's linear engine (which the sandbox's process-wide flag falls back to) cannot run it.
    // Spaced JSON: a transformed event would come back minified.
    const message = `{ "s": "${"a".repeat(40)}" }`;
    const started = Date.now();
    const out = await h.client.send(new TestTransformerCommand({ transformerConfig, logEventMessages: [message, message, message] }));
    expect(out.transformedLogs?.map((l) => l.transformedEventMessage)).toEqual([message, message, message]);
    // One 2 s deadline, not three.
    expect(Date.now() - started).toBeLessThan(5000);
  }, 15_000);
});
