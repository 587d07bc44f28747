import { describe, expect, it } from "vitest";
import { BadRequestBody } from "../src/errors.js";
import { mappingContext } from "../src/vtl/context.js";
import { renderMappingTemplate, type MappingInput } from "../src/vtl/render.js";

const context = mappingContext({
  requestId: "req-1", extendedRequestId: "ext-1", accountId: "123456789012", apiId: "abc123", stage: "prod",
  resourcePath: "/items/{id}", path: "/prod/items/42", httpMethod: "POST", domainName: "abc123.execute-api.us-east-1.amazonaws.com",
  sourceIp: "192.0.2.1", userAgent: "curl/8", protocol: "HTTP/1.1", requestTimeEpoch: Date.UTC(2026, 0, 5, 7, 8, 9),
});

function input(body: string, overrides: Partial<MappingInput> = {}): MappingInput {
  return {
    body,
    params: { path: { id: "42" }, querystring: { q: "find me", id: "from-query" }, header: { "X-Trace": "t-1" } },
    context,
    stageVariables: { table: "Items" },
    ...overrides,
  };
}

const renderWith = (template: string, body = '{"name":"a\'b","n":3,"tags":["x","y"],"nested":{"k":"v"}}') => renderMappingTemplate(template, input(body));

describe("$input", () => {
  it("gives the raw body", () => {
    expect(renderWith("$input.body", "not json")).toBe("not json");
  });

  it("writes a JSONPath's value as JSON with $input.json", () => {
    expect(renderWith("$input.json('$')")).toBe('{"name":"a\'b","n":3,"tags":["x","y"],"nested":{"k":"v"}}');
    expect(renderWith("$input.json('$.name')|$input.json('$.n')|$input.json('$.nested')|$input.json('$.tags[1]')")).toBe('"a\'b"|3|{"k":"v"}|"y"');
    expect(renderWith("[$input.json('$.missing')]")).toBe("[]");
  });

  it("gives a JSONPath's value as an object with $input.path", () => {
    expect(renderWith("$input.path('$.name') $input.path('$.n') $input.path('$.nested').k $input.path('$.tags').size()")).toBe("a'b 3 v 2");
    expect(renderWith("#foreach($t in $input.path('$.tags'))$t#if($foreach.hasNext),#end#end")).toBe("x,y");
  });

  it("finds a parameter by name in path, then query string, then header", () => {
    expect(renderWith("$input.params('id') $input.params('q') $input.params('x-trace') [$input.params('none')]")).toBe("42 find me t-1 []");
  });

  it("lists every parameter by location with $input.params()", () => {
    const template = "#set($all = $input.params())#foreach($type in ['path','querystring','header'])$type:#foreach($k in $all.get($type).keySet())$k=$all.get($type).get($k);#end#end";
    expect(renderWith(template)).toBe("path:id=42;querystring:q=find me;id=from-query;header:X-Trace=t-1;");
  });

  it("refuses a body that is not JSON when the template reads it as JSON", () => {
    expect(() => renderWith("$input.json('$')", "{oops")).toThrow(BadRequestBody);
    expect(renderWith("$input.json('$')", "")).toBe("{}");
  });
});

describe("$context and $stageVariables", () => {
  it("gives the request's context", () => {
    const template = "$context.requestId $context.stage $context.resourcePath $context.httpMethod $context.identity.sourceIp $context.accountId $context.apiId";
    expect(renderWith(template)).toBe("req-1 prod /items/{id} POST 192.0.2.1 123456789012 abc123");
  });

  it("gives the request time in CLF format and epoch milliseconds", () => {
    expect(renderWith("$context.requestTime|$context.requestTimeEpoch")).toBe(`05/Jan/2026:07:08:09 +0000|${Date.UTC(2026, 0, 5, 7, 8, 9)}`);
  });

  it("gives stage variables", () => {
    expect(renderWith("$stageVariables.table")).toBe("Items");
  });
});

describe("$util", () => {
  it("escapes with JavaScript string rules, single quotes included", () => {
    expect(renderWith("$util.escapeJavaScript($input.json('$.name'))")).toBe("\\\"a\\'b\\\"");
    expect(renderWith('$util.escapeJavaScript("é\n/")')).toBe("\\u00E9\\n\\/");
  });

  it("parses JSON text into an object", () => {
    expect(renderWith("#set($o = $util.parseJson($input.json('$.nested')))$o.k")).toBe("v");
  });

  it("URL-encodes and decodes like Java's URLEncoder", () => {
    expect(renderWith("$util.urlEncode('a b&c=d/é*')|$util.urlDecode('a+b%26c')")).toBe("a+b%26c%3Dd%2F%C3%A9*|a b&c");
  });

  it("base64-encodes and decodes", () => {
    expect(renderWith("$util.base64Encode('hello')|$util.base64Decode('aGVsbG8=')")).toBe("aGVsbG8=|hello");
  });
});

describe("directives", () => {
  it("writes nothing for a reference to nothing", () => {
    expect(renderWith("[$input.path('$').missing.S][$nothing][$context.authorizer.principalId]")).toBe("[][][]");
  });


  it("supports #set, #if/#else and #foreach over the body", () => {
    const template = '#set($n = $input.path(\'$.n\'))#if($n > 2)big#{else}small#end:#foreach($t in $input.path(\'$.tags\'))[$t]#end';
    expect(renderWith(template)).toBe("big:[x][y]");
  });
});
