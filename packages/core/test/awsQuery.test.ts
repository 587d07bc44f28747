import { describe, expect, it } from "vitest";
import { AwsError } from "../src/errors.js";
import type { EdgeRequest } from "../src/http.js";
import type { ServiceModel } from "../src/model.js";
import {
  escapeXml, queryError, queryErrorResponse, queryJsonErrorResponse, queryParams, queryResponse, readQueryInput,
} from "../src/protocols/awsQuery.js";
import { snsModel } from "../../sns/src/generated/sns.js";

/** A small awsQuery service exercising what SNS does not: xmlName, flattened lists and maps, nested lists. */
const testModel: ServiceModel = {
  service: { id: "Test", sdkId: "Test", protocol: "awsQuery", xmlNamespace: "https://example.com/doc/2020-01-01/" },
  operations: {
    Op: { input: "OpInput", output: "OpOutput", errors: ["BadThing"] },
    Empty: { input: "OpInput", output: "EmptyOutput", errors: [] },
    NoOutput: { input: "OpInput", errors: [] },
  },
  shapes: {
    OpInput: {
      type: "structure",
      members: {
        Name: { target: "String", required: true },
        Count: { target: "Integer" },
        Ratio: { target: "Double" },
        Enabled: { target: "Boolean" },
        Names: { target: "StringList" },
        Renamed: { target: "ItemList" },
        Flat: { target: "StringList", xmlFlattened: true },
        FlatRenamed: { target: "StringList", xmlFlattened: true, xmlName: "Hi" },
        Attributes: { target: "StringMap" },
        Named: { target: "NamedMap" },
        FlatMap: { target: "StringMap", xmlFlattened: true },
        Entries: { target: "EntryList" },
        Nested: { target: "Entry" },
        Matrix: { target: "ListOfLists" },
      },
    },
    OpOutput: {
      type: "structure",
      members: {
        Id: { target: "String" },
        Created: { target: "Timestamp" },
        Names: { target: "StringList" },
        Renamed: { target: "ItemList" },
        Flat: { target: "StringList", xmlFlattened: true },
        Attributes: { target: "StringMap" },
        Named: { target: "NamedMap" },
        FlatMap: { target: "StringMap", xmlFlattened: true },
        Aliased: { target: "String", xmlName: "AliasName" },
        Ok: { target: "Boolean" },
        Data: { target: "Blob" },
      },
    },
    EmptyOutput: { type: "structure", members: {} },
    Entry: { type: "structure", members: { Id: { target: "String", required: true }, Tags: { target: "StringMap" } } },
    EntryList: { type: "list", member: "Entry" },
    ListOfLists: { type: "list", member: "StringList" },
    StringList: { type: "list", member: "String" },
    ItemList: { type: "list", member: "String", memberXmlName: "item" },
    StringMap: { type: "map", key: "String", value: "String" },
    NamedMap: { type: "map", key: "String", value: "Entry", keyXmlName: "Name", valueXmlName: "Value" },
    BadThing: { type: "structure", members: { message: { target: "String" } }, error: "client", status: 404, queryCode: "Bad" },
    String: { type: "string" },
    Integer: { type: "integer" },
    Double: { type: "double" },
    Boolean: { type: "boolean" },
    Timestamp: { type: "timestamp" },
    Blob: { type: "blob" },
  },
};

function request(body: string, rawQuery = ""): EdgeRequest {
  return {
    method: "POST",
    path: "/",
    rawQuery,
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body: Buffer.from(body),
  };
}

function read(body: string, model: ServiceModel = testModel, operation = "Op"): Record<string, unknown> {
  return readQueryInput(model, operation, queryParams(request(body)));
}

describe("awsQuery request parsing", () => {
  it("reads scalars with the model's types", () => {
    expect(read("Action=Op&Version=2020-01-01&Name=a%20b&Count=5&Ratio=1.5&Enabled=true")).toEqual({
      Name: "a b", Count: 5, Ratio: 1.5, Enabled: true,
    });
  });

  it("leaves text that does not convert for the validator", () => {
    expect(read("Count=five&Enabled=maybe")).toEqual({ Count: "five", Enabled: "maybe" });
  });

  it("reads member.N lists, xmlName'd members and flattened lists", () => {
    expect(read("Names.member.1=a&Names.member.2=b&Renamed.item.1=x&Flat.1=f1&Flat.2=f2&Hi.1=h")).toEqual({
      Names: ["a", "b"], Renamed: ["x"], Flat: ["f1", "f2"], FlatRenamed: ["h"],
    });
  });

  it("reads an empty list from a bare key", () => {
    expect(read("Names=")).toEqual({ Names: [] });
  });

  it("reads entry.N maps, xmlName'd keys and values, and flattened maps", () => {
    const input = read(
      "Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Orders&Attributes.entry.2.key=Policy&Attributes.entry.2.value=%7B%7D" +
        "&Named.entry.1.Name=k&Named.entry.1.Value.Id=v" +
        "&FlatMap.1.key=a&FlatMap.1.value=b",
    );
    expect(input).toEqual({
      Attributes: { DisplayName: "Orders", Policy: "{}" },
      Named: { k: { Id: "v" } },
      FlatMap: { a: "b" },
    });
  });

  it("reads lists of structures, nested structures and lists of lists", () => {
    const input = read(
      "Entries.member.1.Id=a&Entries.member.1.Tags.entry.1.key=t&Entries.member.1.Tags.entry.1.value=v&Entries.member.2.Id=b" +
        "&Nested.Id=n&Matrix.member.1.member.1=x&Matrix.member.1.member.2=y&Matrix.member.2.member.1=z",
    );
    expect(input).toEqual({
      Entries: [{ Id: "a", Tags: { t: "v" } }, { Id: "b" }],
      Nested: { Id: "n" },
      Matrix: [["x", "y"], ["z"]],
    });
  });

  it("reads the query string of an unsigned GET (SubscribeURL) and lets the body win", () => {
    const params = queryParams({ ...request("Name=body"), rawQuery: "Action=Op&Name=query&Count=2" });
    expect(params.get("Action")).toBe("Op");
    expect(readQueryInput(testModel, "Op", params)).toEqual({ Name: "body", Count: 2 });
  });

  it("reads SNS's MessageAttributes and PublishBatch entries from the generated model", () => {
    const publish = read(
      "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3At&Message=hi" +
        "&MessageAttributes.entry.1.Name=color&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=red" +
        "&MessageAttributes.entry.2.Name=bin&MessageAttributes.entry.2.Value.DataType=Binary&MessageAttributes.entry.2.Value.BinaryValue=AQI%3D",
      snsModel,
      "Publish",
    );
    expect(publish).toEqual({
      TopicArn: "arn:aws:sns:us-east-1:000000000000:t",
      Message: "hi",
      MessageAttributes: {
        color: { DataType: "String", StringValue: "red" },
        bin: { DataType: "Binary", BinaryValue: "AQI=" },
      },
    });
    const batch = read(
      "TopicArn=t&PublishBatchRequestEntries.member.1.Id=1&PublishBatchRequestEntries.member.1.Message=a" +
        "&PublishBatchRequestEntries.member.2.Id=2&PublishBatchRequestEntries.member.2.Message=b&PublishBatchRequestEntries.member.2.MessageGroupId=g",
      snsModel,
      "PublishBatch",
    );
    expect(batch).toEqual({
      TopicArn: "t",
      PublishBatchRequestEntries: [{ Id: "1", Message: "a" }, { Id: "2", Message: "b", MessageGroupId: "g" }],
    });
    const create = read("Name=t&Attributes.entry.1.key=FifoTopic&Attributes.entry.1.value=true&Tags.member.1.Key=k&Tags.member.1.Value=v", snsModel, "CreateTopic");
    expect(create).toEqual({ Name: "t", Attributes: { FifoTopic: "true" }, Tags: [{ Key: "k", Value: "v" }] });
  });
});

describe("awsQuery responses", () => {
  it("wraps the output in <OpResponse><OpResult> with the namespace and request id", () => {
    const res = queryResponse(snsModel, "Publish", "req-1", { MessageId: "m-1" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/xml");
    expect(res.headers["x-amzn-requestid"]).toBe("req-1");
    expect(res.body).toBe(
      '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult>' +
        "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>",
    );
  });

  it("writes lists as <member>, maps as <entry><key/><value/></entry>, in model order", () => {
    const res = queryResponse(snsModel, "ListTopics", "r", { NextToken: "n", Topics: [{ TopicArn: "a" }, { TopicArn: "b" }] });
    expect(res.body).toContain(
      "<ListTopicsResult><Topics><member><TopicArn>a</TopicArn></member><member><TopicArn>b</TopicArn></member></Topics><NextToken>n</NextToken></ListTopicsResult>",
    );
    const attrs = queryResponse(snsModel, "GetTopicAttributes", "r", { Attributes: { DisplayName: "x", Policy: '{"a":"<b>"}' } });
    expect(attrs.body).toContain(
      "<Attributes><entry><key>DisplayName</key><value>x</value></entry><entry><key>Policy</key><value>{&quot;a&quot;:&quot;&lt;b&gt;&quot;}</value></entry></Attributes>",
    );
  });

  it("writes a timestamp's milliseconds only when it has some, as AWS's Query services do", () => {
    expect(queryResponse(testModel, "Op", "r", { Id: "1", Created: 1_700_000_000.442 }).body).toContain("<Created>2023-11-14T22:13:20.442Z</Created>");
    expect(queryResponse(testModel, "Op", "r", { Id: "1", Created: new Date(Date.UTC(2014, 3, 9, 11, 18)) }).body).toContain("<Created>2014-04-09T11:18:00Z</Created>");
  });

  it("honours xmlName on members, list members, map keys and values, and flattening", () => {
    const res = queryResponse(testModel, "Op", "r", {
      Id: "1",
      Created: 1_700_000_000,
      Names: [],
      Renamed: ["x", "y"],
      Flat: ["f1", "f2"],
      Attributes: { a: "b" },
      Named: { k: { Id: "v" } },
      FlatMap: { c: "d" },
      Aliased: "al",
      Ok: false,
      Data: Buffer.from([1, 2]),
    });
    expect(res.body).toBe(
      '<OpResponse xmlns="https://example.com/doc/2020-01-01/"><OpResult><Id>1</Id><Created>2023-11-14T22:13:20Z</Created>' +
        "<Names/><Renamed><item>x</item><item>y</item></Renamed><Flat>f1</Flat><Flat>f2</Flat>" +
        "<Attributes><entry><key>a</key><value>b</value></entry></Attributes>" +
        "<Named><entry><Name>k</Name><Value><Id>v</Id></Value></entry></Named>" +
        "<FlatMap><key>c</key><value>d</value></FlatMap><AliasName>al</AliasName><Ok>false</Ok><Data>AQI=</Data>" +
        "</OpResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></OpResponse>",
    );
  });

  it("writes an empty Result for an empty output, and none for an operation without output", () => {
    expect(queryResponse(testModel, "Empty", "r", {}).body).toContain("<EmptyResult/><ResponseMetadata>");
    expect(queryResponse(testModel, "NoOutput", "r", undefined).body).toBe(
      '<NoOutputResponse xmlns="https://example.com/doc/2020-01-01/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></NoOutputResponse>',
    );
  });

  it("escapes markup and keeps CR/LF as character references", () => {
    expect(escapeXml(`a&b<c>"d"'e'\r\n`)).toBe("a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;&#xD;&#xA;");
  });
});

describe("awsQuery errors", () => {
  it("maps a model error shape to its awsQuery code and status", () => {
    const res = queryErrorResponse(snsModel, "r-9", new AwsError("NotFoundException", "Topic does not exist", 400));
    expect(res.status).toBe(404);
    expect(res.body).toBe(
      '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code>' +
        "<Message>Topic does not exist</Message></Error><RequestId>r-9</RequestId></ErrorResponse>",
    );
  });

  it("accepts the query code itself, and passes unknown codes through with their own status", () => {
    expect(queryError(snsModel, new AwsError("InvalidParameter", "x"))).toEqual({
      code: "InvalidParameter", status: 400, type: "Sender", shape: "InvalidParameterException",
    });
    expect(queryError(snsModel, new AwsError("InternalErrorException", "x", 500))).toMatchObject({ code: "InternalError", type: "Receiver" });
    expect(queryError(snsModel, new AwsError("ValidationError", "1 validation error detected", 400))).toEqual({
      code: "ValidationError", status: 400, type: "Sender",
    });
    expect(queryError(testModel, new AwsError("BadThing", "x"))).toMatchObject({ code: "Bad", status: 404 });
  });

  it("answers awsJson clients with __type and x-amzn-query-error", () => {
    const res = queryJsonErrorResponse(snsModel, "r", new AwsError("NotFoundException", "Topic does not exist"));
    expect(res.status).toBe(404);
    expect(res.headers["x-amzn-query-error"]).toBe("NotFound;Sender");
    expect(JSON.parse(String(res.body))).toEqual({ __type: "com.amazonaws.sns#NotFoundException", message: "Topic does not exist" });
  });
});
