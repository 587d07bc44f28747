/**
 * Step Functions quotas on names and sizes, through the SDK, with AWS's texts: the model's length
 * constraints (names 1–80, definition 1,048,576 characters, input 262,144 characters), and a
 * state's name of at most 80 characters (INVALID_STATE_NAME, AWS's text quoted in
 * ChristopheBougere/asl-validator#69 and aws-cloudformation/cfn-lint#4079).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, SFNClient, StartExecutionCommand, ValidateStateMachineDefinitionCommand } from "@aws-sdk/client-sfn";
import { startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
let api: ApiHarness;
let client: SFNClient;

beforeAll(async () => {
  api = await startApi();
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

const passNamed = (name: string) => JSON.stringify({ StartAt: name, States: { [name]: { Type: "Pass", End: true } } });

describe("state names", () => {
  const long = "S".repeat(81);

  it("refuses a state named with more than 80 characters", async () => {
    await expect(client.send(new CreateStateMachineCommand({ name: "long-state", definition: passNamed(long), roleArn: ROLE }))).rejects.toMatchObject({
      name: "InvalidDefinition",
      message: `Invalid State Machine Definition: 'INVALID_STATE_NAME: Invalid State name: State '${long}' exceeds the 80-character limit allowed by the service at /States/${long}'`,
    });
    const validated = await client.send(new ValidateStateMachineDefinitionCommand({ definition: passNamed(long) }));
    expect(validated.result).toBe("FAIL");
    expect(validated.diagnostics).toEqual([
      {
        severity: "ERROR",
        code: "INVALID_STATE_NAME",
        message: `Invalid State name: State '${long}' exceeds the 80-character limit allowed by the service`,
        location: `/States/${long}`,
      },
    ]);
  });

  it("refuses one inside a Parallel branch, located there", async () => {
    const definition = JSON.stringify({
      StartAt: "P",
      States: { P: { Type: "Parallel", Branches: [{ StartAt: long, States: { [long]: { Type: "Pass", End: true } } }], End: true } },
    });
    const validated = await client.send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(validated.diagnostics?.map((d) => [d.code, d.location])).toEqual([["INVALID_STATE_NAME", `/States/P/Branches[0]/States/${long}`]]);
  });

  it("accepts a state named with 80 characters", async () => {
    const created = await client.send(new CreateStateMachineCommand({ name: "eighty", definition: passNamed("S".repeat(80)), roleArn: ROLE }));
    expect(created.stateMachineArn).toBe("arn:aws:states:us-east-1:000000000000:stateMachine:eighty");
  });
});

describe("names and sizes in the API model", () => {
  it("refuses a state machine or execution name over 80 characters", async () => {
    const name = "n".repeat(81);
    const refusal = {
      name: "ValidationException",
      message: `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    };
    await expect(client.send(new CreateStateMachineCommand({ name, definition: passNamed("P"), roleArn: ROLE }))).rejects.toMatchObject(refusal);
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "named", definition: passNamed("P"), roleArn: ROLE }));
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, name }))).rejects.toMatchObject(refusal);
  });

  it("refuses a definition over 1,048,576 characters and an input over 262,144, without quoting them", async () => {
    const definition = JSON.stringify({ Comment: "x".repeat(1_048_576), StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    await expect(client.send(new CreateStateMachineCommand({ name: "huge", definition, roleArn: ROLE }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576",
    });
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "sized", definition: passNamed("P"), roleArn: ROLE }));
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify("x".repeat(262_144)) }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
    });
  });
});
