/**
 * Mapping templates evaluate as API Gateway's Apache Velocity 1.7 on Java does. Where AWS's
 * documentation ("Variables for data transformations for API Gateway", formerly "API Gateway
 * mapping template and access logging variable reference") says nothing of the language itself,
 * the case follows the Velocity 1.7 User Guide / VTL Reference and Java's own methods, as named
 * in each case. The first half renders through the evaluator, the second over HTTP through a
 * REST API's MOCK and Lambda (non-proxy) integrations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resourceId } from "../src/http/v1-request.js";
import { mappingContext } from "../src/vtl/context.js";
import { JavaMethodException } from "../src/vtl/javaMethods.js";
import { substituteVariables } from "../src/vtl/substitution.js";
import { renderMappingTemplate } from "../src/vtl/render.js";
import { type Harness, mocked, restApi, startGateway, templated } from "./helpers.js";

const context = mappingContext({
  requestId: "req-1", extendedRequestId: "ext-1", accountId: "123456789012", apiId: "abc123", stage: "prod",
  resourcePath: "/items", path: "/prod/items", httpMethod: "POST", domainName: "abc123.execute-api.us-east-1.amazonaws.com",
  sourceIp: "192.0.2.1", userAgent: "curl/8", protocol: "HTTP/1.1", requestTimeEpoch: 0,
});

const BODY = JSON.stringify({ price: 10.0, ratio: 0.5, count: 7, name: "Widget", tags: ["a", "b"], items: [{ opt: "A" }, {}, { opt: "C" }], nothing: null });
// JSON.stringify writes 10.0 as 10: the body a client sends keeps its decimals.
const RAW_BODY = BODY.replace('"price":10', '"price":10.00');

function render(template: string, body = RAW_BODY, querystring: Record<string, string> = { n: "5", empty: "" }): string {
  return renderMappingTemplate(template, { body, params: { path: {}, querystring, header: {} }, context, stageVariables: {} });
}

describe("conditions, as Velocity 1.7 evaluates them", () => {
  // Velocity 1.7 User Guide, "If / ElseIf / Else": "$foo is a boolean (true/false) which has a true value, or the
  // value is not null". An empty string, 0 and an empty list are true; null and false are false.
  it("takes an empty string, 0 and an empty list as true", () => {
    expect(render("#if('')1#end#if(0)2#end#if([])3#end#if($input.params('empty'))4#end")).toBe("1234");
  });

  it("takes null, false and a reference to nothing as false", () => {
    expect(render("#if($nothing)1#{else}a#end#if(false)2#{else}b#end#if($input.path('$.nothing'))3#{else}c#end#if($input.path('$.missing'))4#{else}d#end")).toBe("abcd");
  });

  it("gives !, && and || the same truth", () => {
    expect(render("#if(!'')1#{else}a#end#if('' && 0)b#end#if($nothing || '')c#end#if(!$nothing)d#end")).toBe("abcd");
  });

  // Velocity 1.7 User Guide, "Relational and Logical Operators": "When the objects are of different classes, the
  // string representations are obtained by calling toString() for each object and then compared."
  it("compares objects of different classes by their text, numbers by value", () => {
    expect(render("#if(1 == '1')a#end#if(true == 'true')b#end#if($input.path('$.count') == 7.0)c#end#if($nothing == $nothing2)d#end#if($nothing != '')e#end")).toBe("abcde");
  });

  it("orders numbers only (ASTGTNode and its siblings: another type is false)", () => {
    expect(render("#if(2 > 1)a#end#if('b' > 'a')x#end#if($nothing < 1)y#end#if($input.path('$.price') >= 10)b#end")).toBe("ab");
  });
});

describe("#set, as Velocity 1.7 runs it", () => {
  // Velocity 1.7 User Guide, "#set": "If the RHS is a property or method reference that evaluates to null, it will
  // not be assigned to the LHS" (directive.set.null.allowed = false).
  it("leaves the variable as it was when the right-hand side is null", () => {
    expect(render("#set($a = 'kept')#set($a = $nothing)$a|#set($b = 'kept')#set($b = $input.path('$.missing'))$b")).toBe("kept|kept");
  });

  it("keeps the previous item's value in a #foreach whose item lacks the member (the User Guide's example)", () => {
    expect(render("#foreach($item in $input.path('$.items'))#set($opt = $item.opt)[$opt]#end")).toBe("[A][A][C]");
  });
});

describe("numbers, as Java holds them", () => {
  // Velocity 1.7 (ASTDivNode, MathUtils): integers divide as integers; a divisor of 0 gives null.
  it("divides integers as integers and by zero to nothing", () => {
    expect(render("#set($a = 7 / 2)$a #set($b = -7 / 2)$b #set($c = 7 % 3)$c #set($d = 7.0 / 2)$d [#set($e = 1 / 0)$e]")).toBe("3 -3 1 3.5 []");
  });

  // A Double renders as Java's Double.toString: 10.0, 1.0E7.
  it("writes a Double with its decimal point", () => {
    expect(render("#set($a = 1.5 * 2)$a #set($b = 2.0)$b #set($c = 10000000.0)$c #set($d = 0.0001)$d")).toBe("3.0 2.0 1.0E7 1.0E-4");
  });

  // "You can use $input.body to preserve entire floating point numbers, such as 10.00" (Variables for data
  // transformations for API Gateway, $input.body): $input.path and $input.json read 10.00 as the Double 10.0.
  it("reads 10.00 in the body as 10.0 through $input.path and $input.json, and $input.body keeps it", () => {
    expect(render("$input.path('$.price')|$input.json('$.price')|$input.json('$.ratio')|$input.path('$.count')")).toBe("10.0|10.0|0.5|7");
    expect(render("$input.json('$')")).toBe(RAW_BODY.replace("10.00", "10.0"));
    expect(render("$input.body")).toBe(RAW_BODY);
  });

  // json-smart (Jayway's reader) keeps an integer past 2^53 as a Long / BigInteger, exactly.
  it("keeps an integer past 2^53 exact", () => {
    const body = '{"id": 12345678901234567891, "small": 3}';
    expect(render("$input.json('$.id')|$input.path('$.id')|$input.json('$')|#set($n = $input.path('$.id') + 1)$n|#if($input.path('$.id') > 3)gt#end", body)).toBe(
      '12345678901234567891|12345678901234567891|{"id":12345678901234567891,"small":3}|12345678901234567892|gt',
    );
  });

  // Velocity 1.7's arithmetic takes numbers only: a query string parameter is a String, so `* 2` gives null.
  it("does no arithmetic on text: a parameter is a String", () => {
    expect(render("[#set($x = $input.params('n') * 2)$x][#set($y = $input.params('n') + 1)$y]")).toBe("[][51]");
  });
});

// $input.json / $input.path take "JSONPath for Java" (Jayway) expressions (mapping template reference): deep scans,
// negative indexes, slices and unions, an indefinite path answering the list of what it reached.
describe("JSONPath, as Jayway reads it", () => {
  it("scans deep with ..name and ..*", () => {
    expect(render("$input.json('$..opt')|$input.path('$..opt').size()|$input.json('$.items..*')")).toBe('["A","C"]|2|[{"opt":"A"},{},{"opt":"C"},"A","C"]');
  });

  it("indexes from the end, slices and unites", () => {
    expect(render("$input.json('$.tags[-1]')|$input.json('$.tags[0:1]')|$input.json('$.tags[-1:]')|$input.json('$.tags[0,1]')|$input.json(\"$['name','count']\")")).toBe(
      '"b"|["a"]|["b"]|["a","b"]|["Widget",7]',
    );
  });

  it("filters items by a member's presence or a comparison", () => {
    const body = JSON.stringify({ pets: [{ type: "dog", price: 249.99 }, { type: "cat", price: 124.99 }, { type: "fish", price: 0.99, tag: "x" }] });
    expect(render("$input.json('$.pets[?(@.price < 200)].type')|$input.json(\"$.pets[?(@.type == 'dog')].price\")|$input.path('$.pets[?(@.tag)]').size()|$input.json('$.pets[?(@.price > 1000)]')", body)).toBe(
      '["cat","fish"]|[249.99]|1|[]',
    );
  });

  it("answers a wildcard over members as the list of what it reached", () => {
    expect(render("$input.json('$.items[*].opt')|$input.path('$.items[*].opt').size()|[$input.json('$.items[5]')]")).toBe('["A","C"]|2|[]');
  });
});

describe("references", () => {
  it("writes a reference to nothing, or to a JSON null, as nothing", () => {
    expect(render("[$nothing][$input.path('$.nothing')][$input.path('$').nothing][$!{nothing}]")).toBe("[][][][]");
  });

  it("writes a List or Map holding null as Java's toString does", () => {
    expect(render("$util.parseJson('[1, null, 2.50]') $util.parseJson('{\"a\": null}')")).toBe("[1, null, 2.5] {a=null}");
  });
});

describe("$context", () => {
  // "$context.identity.apiKey: For methods that don't require an API key, this variable is null" (mapping template
  // reference): false in #if, where an empty string would be true.
  it("has no API key for a method that requires none", () => {
    expect(render("[$context.identity.apiKey]#if($context.identity.apiKey)key#{else}none#end")).toBe("[]none");
  });

  it("gives $context.resourceId, the id the Lambda proxy event's requestContext carries", () => {
    expect(render("$context.resourceId")).toBe(resourceId("abc123", "/items"));
  });
});

describe("directives", () => {
  // Velocity 1.7 VTL Reference, #stop: "Stops the template engine".
  it("stops rendering at #stop", () => {
    expect(render("a#if(true)b#stop c#end d")).toBe("ab");
    expect(render("a#{stop}b")).toBe("a");
  });

  // Velocity 1.7's $foreach scope (index, count, hasNext, first, last) and its $velocityCount / $velocityHasNext.
  it("gives #foreach's $foreach.first / .last and $velocityHasNext", () => {
    expect(render("#foreach($t in $input.path('$.tags'))$foreach.index:$foreach.count:$foreach.first:$foreach.last:$velocityCount:$velocityHasNext #end")).toBe(
      "0:1:true:false:1:true 1:2:false:true:2:false ",
    );
  });
});

describe("Java's List, Map and String methods", () => {
  // java.util.List.add returns true, which Velocity writes out like any method's result (hence the
  // `#set($ignored = $list.add(x))` idiom); List.set returns the element it replaced.
  it("writes List.add's true and List.set's replaced element", () => {
    expect(render("#set($l = [])$l.add('x')|#set($ignored = $l.add('y'))$l|$l.set(0, 'z')|$l")).toBe("true|[x, y]|x|[z, y]");
  });

  // java.util.Map.put returns the key's previous value: null (written as nothing) for a new key.
  it("writes Map.put's previous value, nothing for a new key", () => {
    expect(render("#set($m = {})[$m.put('a', 1)][$m.put('a', 2)]$m")).toBe("[][1]{a=2}");
  });

  it("gives Map.values() and containsValue(), and Map.get finds its key exactly", () => {
    expect(render("#set($m = {'Name': 'x', 'n': 1})$m.values() $m.containsValue(1) $m.containsValue('y') [$m.get('name')] $m.get('Name')")).toBe("[x, 1] true false [] x");
  });

  it("gives Map.entrySet()'s entries their key and value, written key=value", () => {
    expect(render("#set($m = {'a': 1, 'b': 'x'})#foreach($e in $m.entrySet())$e.key:$e.getValue():$e #end$m.entrySet()")).toBe("a:1:a=1 b:x:b=x [a=1, b=x]");
  });

  it("compares with Java's equals(): Integer 1 is not Double 1.0", () => {
    expect(render("#set($l = [1, 2])$l.contains(1) $l.contains(1.0) $l.equals([1, 2]) $input.path('$.tags').contains('b')")).toBe("true false true true");
  });

  // java.lang.String.substring / charAt throw StringIndexOutOfBoundsException outside the string; the method's
  // exception fails the render (Velocity 1.7's MethodInvocationException), JavaScript's clamped or swapped the indexes.
  it("fails the template on a substring or charAt outside the string", () => {
    expect(render("#set($s = 'abc')$s.substring(1)|$s.substring(0, 3)|$s.charAt(2)")).toBe("bc|abc|c");
    for (const call of ["$s.substring(4)", "$s.substring(2, 1)", "$s.substring(-1)", "$s.charAt(3)"]) {
      expect(() => render(`#set($s = 'abc')${call}`)).toThrow(JavaMethodException);
    }
  });

  // java.lang.String.trim removes characters up to U+0020 only.
  it("trims as String.trim does", () => {
    expect(render("[$input.path('$.s').trim()]", JSON.stringify({ s: "\u00a0 x \t" }))).toBe("[\u00a0 x]");
  });
});

// "Gateway responses in API Gateway": the body is "a non-VTL mapping template supporting only simple variable
// substitutions" of $context and $stageVariables.
describe("gateway response templates: substitution only", () => {
  const variables = { context: { stage: "prod", error: { messageString: '"Missing Authentication Token"' } }, stageVariables: { team: "blue" } };

  it("substitutes $context and $stageVariables, quiet and braced forms included, a name without a value as nothing", () => {
    expect(substituteVariables('{"m":$context.error.messageString,"s":"${context.stage}","t":"$!stageVariables.team","x":"$context.nope"}', variables)).toBe(
      '{"m":"Missing Authentication Token","s":"prod","t":"blue","x":""}',
    );
  });

  it("leaves directives and other references as written", () => {
    expect(substituteVariables("#if($context.stage)yes#end $util.escapeJavaScript('a') $input.params('q') #set($a = 1)", variables)).toBe(
      "#if(prod)yes#end $util.escapeJavaScript('a') $input.params('q') #set($a = 1)",
    );
  });
});

// ---- over HTTP ----

describe("mapping templates over HTTP", () => {
  let h: Harness;
  const events: unknown[] = [];
  beforeAll(async () => {
    h = await startGateway([
      restApi([
        mocked("/truth", "#set($q = $input.params('q'))#if($q)present:[$q]#{else}absent#end#if($input.path('$.x'))#{else}, no body member#end"),
        mocked("/math", '{"half": #set($h = 7 / 2)$h, "scaled": #set($s = 1.5 * 2)$s}'),
        mocked("/stop", "before#stop after"),
        mocked("/out-of-range", "#set($s = 'abc')$s.substring(4)"),
        templated("/order", '#set($p = $input.path(\'$.price\')){"price": $input.json(\'$.price\'), "text": "$p", "lines": [#foreach($l in $input.path(\'$.lines\'))#set($sku = $l.sku)"$sku"#if($foreach.hasNext),#end#end]}'),
      ]),
      restApi([{ ...mocked("/keyed", "$context.identity.apiKey|$context.identity.apiKeyId|$context.resourceId"), authorization: { apiKeyRequired: true } }], {
        logicalId: "Keyed",
        apiId: "keyed12345",
        stageName: "keyed",
        apiKeys: [{ id: "k1abcdefgh", value: "customer-key-0123456789", enabled: true }],
      }),
      restApi([{ method: "GET", path: "/known", functionName: "echo", payloadFormatVersion: "1.0" }], {
        logicalId: "Customized",
        apiId: "custom1234",
        stageName: "live",
        stageVariables: { team: "blue" },
        gatewayResponses: {
          MISSING_AUTHENTICATION_TOKEN: {
            statusCode: "404",
            responseTemplates: { "application/json": '{"message":$context.error.messageString,"stage":"$context.stage","team":"$stageVariables.team","raw":"#if(true)x#end"}' },
          },
        },
      }),
    ]);
    h.lambda.script("echo", (event) => {
      events.push(event);
      return event;
    });
  });
  afterAll(() => h.close());

  it("takes a query parameter sent empty as true in #if (Velocity 1.7: '' is true)", async () => {
    expect(await (await fetch(`${h.url}/Prod/truth?q=`)).text()).toBe("present:[], no body member");
    expect(await (await fetch(`${h.url}/Prod/truth?q=x`)).text()).toBe("present:[x], no body member");
  });

  it("answers integer division and Doubles as Java writes them", async () => {
    expect(await (await fetch(`${h.url}/Prod/math`)).json()).toEqual({ half: 3, scaled: 3 });
    expect(await (await fetch(`${h.url}/Prod/math`)).text()).toBe('{"half": 3, "scaled": 3.0}');
  });

  it("answers a template whose Java method throws as one it cannot apply: 500 Internal server error", async () => {
    // "Execution failed due to configuration error: Unable to transform response" (the integration's 500).
    const res = await fetch(`${h.url}/Prod/out-of-range`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message": "Internal server error"}');
  });

  it("renders a customized gateway response without Velocity: variables substituted, #if written as it is", async () => {
    const res = await fetch(`${h.url}/live/unknown`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('{"message":"Missing Authentication Token","stage":"live","team":"blue","raw":"#if(true)x#end"}');
  });

  it("gives a key-requiring method's $context.identity.apiKey and apiKeyId", async () => {
    const res = await fetch(`${h.url}/keyed/keyed`, { headers: { "x-api-key": "customer-key-0123456789" } });
    expect(await res.text()).toBe(`customer-key-0123456789|k1abcdefgh|${resourceId("keyed12345", "/keyed")}`);
  });

  it("stops the response body at #stop", async () => {
    expect(await (await fetch(`${h.url}/Prod/stop`)).text()).toBe("before");
  });

  it("maps a body's 10.00 to 10.0, keeps a #set across items lacking the member, and gives the function that payload", async () => {
    const body = '{"price": 10.00, "lines": [{"sku": "A-1"}, {"qty": 2}, {"sku": "C-3"}]}';
    const res = await fetch(`${h.url}/Prod/order`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(200);
    expect(events.at(-1)).toEqual({ price: 10, text: "10.0", lines: ["A-1", "A-1", "C-3"] });
  });
});
