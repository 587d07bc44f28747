// Lambda reads an Invoke payload as bytes with Jackson: a JSON text whose strings hold bytes that
// are not UTF-8 is refused, where Node.js alone would read them as U+FFFD (what AWS CLI v2 sends
// for a `file://` payload it base64-decodes; the texts are those of
// test_lambda_invoke_payload_encoding_error, recorded on AWS, for the same bytes after a token).
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, fn, payloadOf, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
beforeAll(async () => {
  lambda = await startLambda([fn("payload-echo", "esm-app", "index.echo")]);
});
afterAll(async () => {
  await lambda.close();
});

const invoke = (payload: Uint8Array) => lambda.client.send(new InvokeCommand({ FunctionName: "payload-echo", Payload: payload }));
const at = (column: number) => `\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: 1, column: ${column}]`;
const prefix = "Could not parse request body into json: Could not parse payload into json: ";
/** `{"name":"` + bytes + `"}` */
const inString = (...bytes: number[]) => new Uint8Array([...Buffer.from('{"name":"'), ...bytes, ...Buffer.from('"}')]);

describe("Invoke payload bytes", () => {
  it("refuses a byte that cannot start a UTF-8 character inside a string", async () => {
    expect(await failure(invoke(inString(0x87)))).toEqual({ name: "InvalidRequestContentException", status: 400, message: `${prefix}Invalid UTF-8 start byte 0x87${at(11)}` });
  });

  it("refuses a sequence cut short by a byte that is not a middle byte", async () => {
    expect(await failure(invoke(inString(0xe2, 0x28, 0xa1)))).toEqual({ name: "InvalidRequestContentException", status: 400, message: `${prefix}Invalid UTF-8 middle byte 0x28${at(12)}` });
  });

  it("places a character out of place in an object or array as Jackson does", async () => {
    // Recorded on AWS for `{c…`: "Unexpected character ('c' (code 99)): was expecting double-quote to start field name", column 2.
    const text = (payload: string) => invoke(Buffer.from(payload));
    expect((await failure(text("{not json"))).message).toBe(`${prefix}Unexpected character ('n' (code 110)): was expecting double-quote to start field name${at(2)}`);
    expect((await failure(text('{"a" 1}'))).message).toBe(`${prefix}Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value${at(6)}`);
    expect((await failure(text('{"é":1 t}'))).message).toBe(`${prefix}Unexpected character ('t' (code 116)): was expecting comma to separate Object entries${at(9)}`);
    expect((await failure(text("[1 2]"))).message).toBe(`${prefix}Unexpected character ('2' (code 50)): was expecting comma to separate Array entries${at(4)}`);
  });

  it("runs the function with valid multi-byte characters", async () => {
    expect(payloadOf(await invoke(inString(0xe3, 0x81, 0x93)))).toMatchObject({ event: { name: "こ" } });
  });
});
