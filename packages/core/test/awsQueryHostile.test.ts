import { describe, expect, it } from "vitest";
import type { EdgeRequest } from "../src/http.js";
import { queryParams, readQueryInput } from "../src/protocols/awsQuery.js";
import { snsModel } from "../../sns/src/generated/sns.js";

function request(body: string): EdgeRequest {
  return { method: "POST", path: "/", rawQuery: "", headers: { "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from(body) };
}

describe("awsQuery maps under hostile keys", () => {
  it('keeps a map entry named "__proto__" as an entry (once it replaced the map\'s prototype and vanished)', () => {
    const input = readQueryInput(
      snsModel,
      "Publish",
      queryParams(
        request(
          "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3At&Message=hi" +
            "&MessageAttributes.entry.1.Name=__proto__&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=p" +
            "&MessageAttributes.entry.2.Name=constructor&MessageAttributes.entry.2.Value.DataType=String&MessageAttributes.entry.2.Value.StringValue=c",
        ),
      ),
    );
    const attributes = input.MessageAttributes as Record<string, unknown>;
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes)).toEqual(["__proto__", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(attributes, "__proto__")?.value).toEqual({ DataType: "String", StringValue: "p" });
    expect(JSON.parse(JSON.stringify(attributes))).toEqual(JSON.parse('{"__proto__":{"DataType":"String","StringValue":"p"},"constructor":{"DataType":"String","StringValue":"c"}}'));
  });
});
