import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { createStepFunctions } from "../src/index.js";
import type { MockConfig } from "../src/engine/tasks/mocks.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";

const mockConfig: MockConfig = {
  StateMachines: {
    Orders: {
      TestCases: {
        RetryThenSucceed: { Charge: "FlakyCharge", Notify: "Published" },
        Declined: { Charge: "Declined" },
      },
    },
  },
  MockedResponses: {
    FlakyCharge: {
      "0-1": { Throw: { Error: "Lambda.ServiceException", Cause: "down" } },
      "2": { Return: { Payload: { charged: true } } },
    },
    Declined: { "0": { Throw: { Error: "CardDeclined", Cause: "no funds" } } },
    Published: { "0": { Return: { MessageId: "mock" } } },
  },
};

const definition = JSON.stringify({
  StartAt: "Charge",
  States: {
    Charge: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: "charge" },
      Retry: [{ ErrorEquals: ["Lambda.ServiceException"], IntervalSeconds: 1, MaxAttempts: 3 }],
      OutputPath: "$.Payload",
      Next: "Notify",
    },
    Notify: { Type: "Task", Resource: "arn:aws:states:::sns:publish", Parameters: { TopicArn: "arn:aws:sns:us-east-1:000000000000:t", Message: "x" }, ResultPath: "$.sns", End: true },
  },
});

async function settle(clock: VirtualClock): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setImmediate(r));
    await clock.advance(1000);
  }
}

describe("Step Functions Local mock configuration", () => {
  it("answers mocked states per attempt ('0-1', '2') and selects the case with <arn>#<TestCase>", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const sfn = await createStepFunctions({ store: new MemoryStore(), clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000", mockConfig });
    const { stateMachineArn } = await sfn.engine.createStateMachine({ name: "Orders", definition, roleArn: ROLE });
    const { executionArn } = await sfn.engine.startExecution({ stateMachineArn: `${stateMachineArn}#RetryThenSucceed` });
    await settle(clock);
    expect(sfn.engine.describeExecution({ executionArn })).toMatchObject({ status: "SUCCEEDED", output: '{"charged":true,"sns":{"MessageId":"mock"}}' });
    const history = sfn.engine.getExecutionHistory({ executionArn }) as { events: { type: string }[] };
    expect(history.events.filter((e) => e.type === "TaskFailed")).toHaveLength(2);

    const declined = await sfn.engine.startExecution({ stateMachineArn: `${stateMachineArn}#Declined` });
    await settle(clock);
    expect(sfn.engine.describeExecution({ executionArn: declined.executionArn })).toMatchObject({ status: "FAILED", error: "CardDeclined", cause: "no funds" });

    await expect(sfn.engine.startExecution({ stateMachineArn: `${stateMachineArn}#Nope` })).rejects.toMatchObject({ code: "ValidationException" });
    await sfn.close();
  });

  it("reads a mock file at each execution's start, and says which file is broken", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sfn-mocks-"));
    const file = join(dir, "MockConfigFile.json");
    writeFileSync(file, JSON.stringify(mockConfig));
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const sfn = await createStepFunctions({ store: new MemoryStore(), clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000", mockConfig: file });
    try {
      const { stateMachineArn } = await sfn.engine.createStateMachine({ name: "Orders", definition, roleArn: ROLE });
      const declined = await sfn.engine.startExecution({ stateMachineArn: `${stateMachineArn}#Declined` });
      await settle(clock);
      expect(sfn.engine.describeExecution({ executionArn: declined.executionArn })).toMatchObject({ status: "FAILED", error: "CardDeclined" });
      writeFileSync(file, "{ not json");
      await expect(sfn.engine.startExecution({ stateMachineArn: `${stateMachineArn}#Declined` })).rejects.toMatchObject({
        code: "ValidationException",
        message: expect.stringMatching(new RegExp(`^The mock configuration ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} could not be read: `)),
      });
    } finally {
      await sfn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
