import { describe, expect, it } from "vitest";
import { awsRequest } from "../src/aws/request.js";
import { selectResponse } from "../src/aws/response.js";
import type { MappingInput } from "../src/vtl/render.js";

const mapping = (body: string): MappingInput => ({
  body,
  params: { path: { topic: "news" }, querystring: {}, header: { "X-Kind": "alert" } },
  context: { stage: "prod" },
  stageVariables: {},
});

describe("the service call of a Type: AWS integration", () => {
  it("SNS Publish from an action URI and RequestParameters' query string", () => {
    const request = awsRequest(
      { service: "sns", action: "Publish", requestParameters: { "integration.request.querystring.TopicArn": "'arn:aws:sns:us-east-1:123456789012:news'", "integration.request.querystring.Message": "method.request.body", "integration.request.querystring.Subject": "method.request.header.x-kind" } },
      "application/json", mapping('{"hello":"world"}'), "us-east-1",
    );
    expect(request).toEqual({ kind: "call", action: "Publish", input: { TopicArn: "arn:aws:sns:us-east-1:123456789012:news", Message: '{"hello":"world"}', Subject: "alert" } });
  });

  it("Step Functions StartExecution from a JSON request template", () => {
    const request = awsRequest(
      { service: "states", action: "StartExecution", requestTemplates: { "application/json": `{"stateMachineArn": "arn:sm", "input": "$util.escapeJavaScript($input.json('$'))"}` } },
      "application/json; charset=utf-8", mapping('{"n":1}'), "us-east-1",
    );
    expect(request).toEqual({ kind: "call", action: "StartExecution", input: { stateMachineArn: "arn:sm", input: '{"n":1}' } });
  });

  it("SQS from a path URI: the queue URL from the path, the action from the form body", () => {
    const request = awsRequest(
      { service: "sqs", path: "123456789012/jobs", requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)&DelaySeconds=2" } },
      undefined, mapping("a b&c"), "eu-west-1",
    );
    expect(request).toEqual({ kind: "call", action: "SendMessage", input: { QueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", MessageBody: "a b&c", DelaySeconds: 2 } });
  });

  it("a mapped body that is not a JSON object is a SerializationException for a JSON service", () => {
    expect(awsRequest({ service: "dynamodb", action: "PutItem", requestTemplates: { "application/json": "not json" } }, undefined, mapping("{}"), "us-east-1")).toEqual({ kind: "serialization" });
  });

  it("passes the body through when no template matches (WHEN_NO_MATCH), refuses it otherwise", () => {
    const templates = { "application/json": "{}" };
    expect(awsRequest({ service: "dynamodb", action: "Scan", requestTemplates: templates }, "text/plain", mapping('{"TableName":"t"}'), "us-east-1"))
      .toEqual({ kind: "call", action: "Scan", input: { TableName: "t" } });
    expect(awsRequest({ service: "dynamodb", action: "Scan", requestTemplates: templates, passthroughBehavior: "WHEN_NO_TEMPLATES" }, "text/plain", mapping("{}"), "us-east-1"))
      .toEqual({ kind: "unsupported-media-type" });
    expect(awsRequest({ service: "dynamodb", action: "Scan", passthroughBehavior: "WHEN_NO_TEMPLATES" }, "text/plain", mapping('{"TableName":"t"}'), "us-east-1"))
      .toEqual({ kind: "call", action: "Scan", input: { TableName: "t" } });
  });
});

describe("IntegrationResponses selection", () => {
  const responses = [{ statusCode: "200" }, { statusCode: "400", selectionPattern: "4\\d{2}" }, { statusCode: "500", selectionPattern: "5\\d{2}" }];

  it("matches the whole status against SelectionPattern, else takes the default", () => {
    expect(selectResponse(responses, "400")?.statusCode).toBe("400");
    expect(selectResponse(responses, "503")?.statusCode).toBe("500");
    expect(selectResponse(responses, "200")?.statusCode).toBe("200");
    expect(selectResponse([{ statusCode: "400", selectionPattern: "4" }], "400")).toBeUndefined();
  });

  it("a function that did not fail takes the default response", () => {
    expect(selectResponse([{ statusCode: "400", selectionPattern: ".*" }, { statusCode: "200" }], undefined)?.statusCode).toBe("200");
  });
});
