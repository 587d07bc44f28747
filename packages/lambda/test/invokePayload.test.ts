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

  it("runs the function with valid multi-byte characters", async () => {
    expect(payloadOf(await invoke(inString(0xe3, 0x81, 0x93)))).toMatchObject({ event: { name: "こ" } });
  });
});
