/**
 * Event patterns through the real SDK, as Amazon's event-ruler (aws/event-ruler, the matcher EventBridge
 * runs) decides them, and refused with the whole text EventBridge answers: event-ruler's reason and
 * Jackson's location ("MessageRaw" in localstack's test_events_patterns.snapshot.json, recorded on AWS
 * December 2024; the same suffix appears in AWS answers quoted in aws-cdk#36904 and cloud-custodian#6507).
 */
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand, TestEventPatternCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, REGION, startEventBridge, until, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());

const header = { id: "1", source: "test-source", "detail-type": "test-detail-type", account: "123456789012", region: "us-east-2", time: "2022-07-13T13:48:01Z" };

const test = async (pattern: unknown, detail: unknown) =>
  (await h.client.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify({ ...header, detail }) }))).Result;

/** The whole message of the InvalidEventPatternException TestEventPattern and PutRule answer. */
const refusal = async (pattern: string): Promise<string> => {
  const tested = await h.client.send(new TestEventPatternCommand({ EventPattern: pattern, Event: JSON.stringify(header) })).then(
    () => expect.unreachable(),
    (e: unknown) => e as { name: string; message: string },
  );
  expect(tested.name).toBe("InvalidEventPatternException");
  const put = await h.client.send(new PutRuleCommand({ Name: "refused", EventPattern: pattern })).then(
    () => expect.unreachable(),
    (e: unknown) => e as { message: string },
  );
  expect(put.message).toBe(tested.message);
  return tested.message;
};
const at = (pattern: string, column: number) => `\n at [Source: (String)"${pattern}"; line: 1, column: ${column}]`;
const reason = "Event pattern is not valid. Reason: ";

describe("refusals as recorded on AWS (test_events_patterns.snapshot.json MessageRaw)", () => {
  it.each([
    ["int_nolist_EXC", '{"int": 42}', '"int" must be an object or an array', 11],
    ["string_nolist_EXC", '{"string": "my-value"}', '"string" must be an object or an array', 13],
    ["arrays_empty_EXC", '{"resources": []}', "Empty arrays are not allowed", 17],
    ["content_numeric_operatorcasing_EXC", '{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}', "Unrecognized match type NUMERIC", 36],
    ["operator_case_sensitive_EXC", '{"my_key": [{"EXISTS": true}]}', "Unrecognized match type EXISTS", 28],
    ["content_numeric_EXC", '{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}', "Bad numeric range operator: >", 49],
    ["content_numeric_syntax_EXC", '{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}', "Value of < must be numeric", 50],
    ["content_ignorecase_EXC", '{"detail-type": [{"equals-ignore-case": ["ec2 instance state-change notification"]}]}', "equals-ignore-case match pattern must be a string", 42],
    ["content_ignorecase_list_EXC", '{"detail-type": [{"equals-ignore-case": {"prefix": "ec2"}}]}', "equals-ignore-case match pattern must be a string", 42],
    ["content_anything_but_ignorecase_EXC", '{"detail": {"state": [{"anything-but": {"equals-ignore-case": 123}}]}}', "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.", 66],
    ["content_wildcard_repeating_star_EXC", '{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}', "Consecutive wildcard characters at pos 26", 72],
    ["content_wildcard_int_EXC", '{"EventBusArn": [{"wildcard": 123}]}', "wildcard match pattern must be a string", 34],
    ["content_wildcard_list_EXC", '{"EventBusArn": [{"wildcard": ["arn:aws:events:us-east-1:**:event-bus/*"]}]}', "wildcard match pattern must be a string", 32],
    ["content_anything_wildcard_type_EXC", '{"detail": {"FilePath": [{"anything-but": {"wildcard": 123}}]}}', "wildcard match pattern must be a string", 59],
    ["content_anything_suffix_int_EXC", '{"detail": {"FileName": [{"anything-but": {"suffix": 123}}]}}', "prefix/suffix match pattern must be a string", 57],
    ["content_anything_prefix_int_EXC", '{"detail": {"state": [{"anything-but": {"prefix": 123}}]}}', "prefix/suffix match pattern must be a string", 54],
    ["content_prefix_list_EXC", '{"time": [{"prefix": ["2022-07-13"]}]}', "prefix match pattern must be a string", 23],
    ["content_prefix_int_EXC", '{"time": [{"prefix": 123}]}', "prefix match pattern must be a string", 25],
    ["content_suffix_int_EXC", '{"FileName": [{"suffix": 123}]}', "suffix match pattern must be a string", 29],
    ["content_suffix_list_EXC", '{"FileName": [{"suffix": [".png"]}]}', "suffix match pattern must be a string", 27],
    ["content_anything_prefix_ignorecase_EXC", '{"detail": {"FileName": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]}}', "Value of anything-but must be an array or single string/number value.", 55],
    ["content_anything_suffix_ignorecase_EXC", '{"detail": {"FileName": [{"anything-but": {"suffix": {"equals-ignore-case": ".png"}}}]}}', "Value of anything-but must be an array or single string/number value.", 55],
    ["content_ip_address_type_EXC", '{"detail": {"sourceIPAddress": [{"cidr": ["bad-type"]}]}}', "prefix match pattern must be a string", 43],
  ])("%s", async (_, pattern, text, column) => {
    expect(await refusal(pattern)).toBe(reason + text + at(pattern, column));
  });

  it("content_anything_but_ignorecase_list_EXC: a refusal event-ruler catches and raises again carries the location twice", async () => {
    const pattern = '{"detail": {"state": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}}';
    expect(await refusal(pattern)).toBe(`${reason}Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.${at(pattern, 67)}${at(pattern, 67)}`);
  });

  it("content_wildcard_complex_EXC: EventBridge's complexity check comes after compiling, so no location", async () => {
    expect(await refusal('{"EventBusArn": [{"wildcard": "*:*:*:*:*:event-bus/*"}]}')).toBe(
      `${reason}Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character`,
    );
  });

  it.each([
    ["content_anything_wildcard_list_type_EXC", '{"detail": {"state": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}}', "wildcard match pattern must be a string", 57],
    ["content_anything_suffix_list_type_EXC", '{"detail": {"FileName": [{"anything-but": {"suffix": [123, ".txt"]}}]}}', "prefix/suffix match pattern must be a string", 58],
    ["content_anything_prefix_list_type_EXC", '{"detail": {"state": [{"anything-but": {"prefix": [123, "test"]}}]}}', "prefix/suffix match pattern must be a string", 55],
  ])("%s: the location twice, from a list event-ruler reads in a try block", async (_, pattern, text, column) => {
    expect(await refusal(pattern)).toBe(reason + text + at(pattern, column) + at(pattern, column));
  });

  it.each([
    ["content_ip_address_EXC", "bad-filter", "Malformed CIDR, one '/' required"],
    ["content_ip_address_bad_mask_EXC", "bad-/64filter", "Malformed CIDR, mask bits must be an integer"],
    ["content_ip_address_bad_ip_EXC", "xx.11.xx/24", "Nonstandard IP address: xx.11.xx"],
    ["content_ip_address_v6_bad_ip_EXC", "xxxx:db8:1234:1a00::/64", "Nonstandard IP address: xxxx:db8:1234:1a00::"],
  ])("%s: a malformed CIDR is no parse error, so no location", async (_, cidr, text) => {
    expect(await refusal(JSON.stringify({ detail: { sourceIPAddress: [{ cidr }] } }))).toBe(reason + text);
  });
});

describe("refusals in event-ruler's order and words (JsonRuleCompiler)", () => {
  it.each([
    ['{"a": [{}]}', "Match expression name not found", 10],
    ['{"a": [{"prefix": 3, "suffix": "x"}]}', "prefix match pattern must be a string", 20],
    ['{"a": [{"prefix": {"foo": "x"}}]}', "Unsupported prefix pattern: foo", 28],
    ['{"a": [{"numeric": ["=", 2.0e22]}]}', "Value must be between -5.0E11 and 5.0E11, inclusive", 33],
    ['{"a": [{"numeric": [">", 1, "<", 30, false]}]}', "Too many terms in numeric range expression", 43],
    ["{}", "Empty objects are not allowed", 3],
    // Jackson reads a string lazily: it stands just past the opening quote.
    ['"source"', "Filter is not an object", 2],
    ["42", "Filter is not an object", 3],
  ])("%s → %s", async (pattern, text, column) => {
    expect(await refusal(pattern)).toBe(reason + text + at(pattern, column));
  });

  it("testWildcardInvalidEscapeCharacter: Jackson refuses an unknown JSON escape before event-ruler reads the pattern", async () => {
    const pattern = '{"key": [{"wildcard": "a*c\\def"}]}';
    expect(await refusal(pattern)).toBe(`${reason}Unrecognized character escape 'd' (code 100)${at(pattern, 29)}`);
  });

  it("CIDRTest: a /32 IPv4 block and a negative mask", async () => {
    expect(await refusal('{"a": [{"cidr": "10.0.0.1/32"}]}')).toBe(`${reason}IPv4 mask bits must be < 32`);
    expect(await refusal('{"a": [{"cidr": "10.0.0.1/-1"}]}')).toBe(`${reason}Malformed CIDR, mask bits must not be negative`);
  });
});

describe("matching as event-ruler does", () => {
  it("RulerTest WHEN_JSONContainsArrays: arrays of arrays are flattened, fields still from one element", async () => {
    const detail = { employees: [[{ firstName: "John", ids: [1234, 1000] }, { firstName: "Anna" }], [{ firstName: "Peter", ids: [] }]] };
    expect(await test({ detail: { employees: { firstName: ["Anna"] } } }, detail)).toBe(true);
    expect(await test({ detail: { employees: { firstName: ["John"], ids: [1000] } } }, detail)).toBe(true);
    expect(await test({ detail: { employees: { firstName: ["Anna"], ids: [1000] } } }, detail)).toBe(false);
    expect(await test({ detail: { employees: { firstName: ["Peter"], ids: [{ exists: true }] } } }, detail)).toBe(false);
  });

  it("correctness-cases primarray: anything-but matches when one element of an array is not excluded", async () => {
    expect(await test({ detail: { tags: [{ "anything-but": "banned" }] } }, { tags: ["banned", "ok"] })).toBe(true);
    expect(await test({ detail: { tags: [{ "anything-but": "banned" }] } }, { tags: ["banned"] })).toBe(false);
  });

  it("CIDRTest TestCorrectRanges: the range is the address's whole block", async () => {
    expect(await test({ detail: { ip: [{ cidr: "54.240.196.171/24" }] } }, { ip: "54.240.196.1" })).toBe(true);
    expect(await test({ detail: { ip: [{ cidr: "54.240.196.171/24" }] } }, { ip: "54.240.195.255" })).toBe(false);
  });

  it("content_ip_address_v6 / _v6_NEG / _NEG (recorded on AWS): IPv6 written out in full, and no address at all", async () => {
    const v6 = { detail: { ip: [{ cidr: "2001:db8:1234:1a00::/64" }] } };
    expect(await test(v6, { ip: "2001:0db8:1234:1a00:0000:0000:0000:0000" })).toBe(true);
    expect(await test(v6, { ip: "2001:0db8:123f:1a01:0000:0000:0000:0000" })).toBe(false);
    expect(await test({ detail: { ip: [{ cidr: "10.0.0.0/24" }] } }, { ip: "10.0.0.256" })).toBe(false);
  });

  it("JsonRuleCompiler writeRules: a literal IP address matches that address however it is written", async () => {
    expect(await test({ detail: { ip: ["2001:db8::1"] } }, { ip: "2001:0DB8:0:0:0:0:0:1" })).toBe(true);
  });

  it("routes PutEvents by such a pattern to the rule's target", async () => {
    const Rule = "ruler-arrays";
    await h.client.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify({ source: ["ruler"], detail: { rows: { k: ["color"], v: ["blue"] } } }) }));
    const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ruler`;
    await h.client.send(new PutTargetsCommand({ Rule, Targets: [{ Id: "t", Arn: fn }] }));
    const details = [{ rows: [[{ k: "color" }, { v: "blue" }]] }, { rows: [[{ k: "size" }], [{ k: "color", v: "blue" }]] }];
    for (const d of details) await h.client.send(new PutEventsCommand({ Entries: [{ Source: "ruler", DetailType: "t", Detail: JSON.stringify(d) }] }));
    const calls = () => h.invoker.calls.filter((c) => c.request.functionName === fn);
    await until(() => calls().length === 1, "the invocation");
    expect(calls().map((c) => (c.event as { detail: unknown }).detail)).toEqual([details[1]]);
  });
});
