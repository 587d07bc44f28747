/**
 * Versions and aliases through the SDK, against the behaviour and texts AWS records
 * (LocalStack's AWS-recorded test_sfn_api_versioning / test_sfn_api_aliasing).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHarness } from "./apiHarness.js";
import {
  SFNClient,
  CreateStateMachineCommand,
  CreateStateMachineAliasCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from "@aws-sdk/client-sfn";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
let api: ApiHarness;
let client: SFNClient;

const pass = (comment: string) => JSON.stringify({ Comment: comment, StartAt: "State_1", States: { State_1: { Type: "Pass", Result: { Arg1: "argument1" }, End: true } } });

async function settled(executionArn: string | undefined): Promise<string | undefined> {
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") return d.status;
    await new Promise((r) => setTimeout(r, 5));
  }
  return "RUNNING";
}

beforeAll(async () => {
  api = await startApi();
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

describe("state machine versions", () => {
  it("publishes on creation and describes the version with its description", async () => {
    const created = await client.send(new CreateStateMachineCommand({ name: "v-create", definition: pass("BASE"), roleArn: ROLE, publish: true, versionDescription: "HelloWorld!" }));
    expect(created.stateMachineVersionArn).toBe(`${created.stateMachineArn}:1`);
    const version = await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineVersionArn }));
    expect(version).toMatchObject({ stateMachineArn: created.stateMachineVersionArn, name: "v-create", description: "HelloWorld!", status: "ACTIVE" });
    expect(version.revisionId).toBeUndefined();
    const machine = await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(machine.description).toBeUndefined();
  });

  it("needs publish for a version description", async () => {
    await expect(client.send(new CreateStateMachineCommand({ name: "v-desc", definition: pass("X"), roleArn: ROLE, versionDescription: "d" }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "Version description can only be set when publish is true",
    });
  });

  it("publishes revisions, lists them newest first and conflicts on a stale revision", async () => {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "v-publish", definition: pass("R0"), roleArn: ROLE }));
    const r1 = await client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: pass("R1") }));
    const v1 = await client.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: r1.revisionId }));
    expect(v1.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    // Publishing the same revision again answers the same version.
    expect((await client.send(new PublishStateMachineVersionCommand({ stateMachineArn }))).stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    expect((await client.send(new DescribeStateMachineCommand({ stateMachineArn: v1.stateMachineVersionArn }))).revisionId).toBe(r1.revisionId);
    const r2 = await client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: pass("R2") }));
    await client.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: r2.revisionId, description: "PublishedV2Description" }));
    const list = await client.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
    expect(list.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${stateMachineArn}:2`, `${stateMachineArn}:1`]);
    const r3 = await client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: pass("R3") }));
    await expect(client.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: r2.revisionId }))).rejects.toMatchObject({
      name: "ConflictException",
      message: `Failed to publish the State Machine version for revision ${r2.revisionId}. The current State Machine revision is ${r3.revisionId}.`,
    });
  });

  it("publishes from UpdateStateMachine, keeps the revision of an update that changes nothing, and refuses a version ARN", async () => {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "v-update", definition: pass("A"), roleArn: ROLE }));
    const first = await client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: pass("B"), publish: true }));
    expect(first.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    const same = await client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: pass("B") }));
    expect(same.revisionId).toBe(first.revisionId);
    await expect(client.send(new UpdateStateMachineCommand({ stateMachineArn: `${stateMachineArn}:1`, definition: pass("C") }))).rejects.toMatchObject({
      name: "StateMachineDoesNotExist",
      message: `State Machine Does Not Exist: '${stateMachineArn}:1'`,
    });
    await expect(client.send(new UpdateStateMachineCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: "MissingRequiredParameter",
      message: "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified",
    });
  });

  it("never reuses a version number and deletes idempotently", async () => {
    const { stateMachineArn, stateMachineVersionArn } = await client.send(new CreateStateMachineCommand({ name: "v-delete", definition: pass("A"), roleArn: ROLE, publish: true }));
    await client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: pass("B"), publish: true }));
    await client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${stateMachineArn}:2` }));
    await client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${stateMachineArn}:2` }));
    const third = await client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: pass("C"), publish: true }));
    expect(third.stateMachineVersionArn).toBe(`${stateMachineArn}:3`);
    expect((await client.send(new ListStateMachineVersionsCommand({ stateMachineArn }))).stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([
      `${stateMachineArn}:3`,
      stateMachineVersionArn,
    ]);
  });

  it("runs a version, records it on the execution and describes its definition for the execution", async () => {
    const created = await client.send(new CreateStateMachineCommand({ name: "v-run", definition: pass("V1"), roleArn: ROLE, publish: true }));
    await client.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: pass("LATEST") }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineVersionArn }));
    expect(executionArn).toMatch(/:execution:v-run:[^:]+$/);
    expect(await settled(executionArn)).toBe("SUCCEEDED");
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ stateMachineArn: created.stateMachineArn, stateMachineVersionArn: created.stateMachineVersionArn });
    const forExecution = await client.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(forExecution).toMatchObject({ stateMachineArn: created.stateMachineArn, definition: pass("V1") });
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: created.stateMachineVersionArn }));
    expect(listed.executions?.map((e) => [e.executionArn, e.stateMachineVersionArn, e.redriveCount])).toEqual([[executionArn, created.stateMachineVersionArn, 0]]);
  });
});

describe("state machine aliases", () => {
  async function machineWithVersions(name: string, count: number) {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name, definition: pass("0"), roleArn: ROLE, publish: true }));
    for (let i = 1; i < count; i++) await client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: pass(String(i)), publish: true }));
    return stateMachineArn as string;
  }

  it("creates, describes, updates, lists and deletes aliases", async () => {
    const arn = await machineWithVersions("a-life", 2);
    const created = await client.send(
      new CreateStateMachineAliasCommand({ name: "prod", description: "create", routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }] }),
    );
    expect(created.stateMachineAliasArn).toBe(`${arn}:prod`);
    const again = await client.send(
      new CreateStateMachineAliasCommand({ name: "prod", description: "create", routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }] }),
    );
    expect(again.stateMachineAliasArn).toBe(created.stateMachineAliasArn);
    await expect(
      client.send(new CreateStateMachineAliasCommand({ name: "prod", routingConfiguration: [{ stateMachineVersionArn: `${arn}:2`, weight: 100 }] })),
    ).rejects.toMatchObject({ name: "ConflictException", message: "Failed to create alias because an alias with the same name and a different routing configuration already exists." });
    await client.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn: created.stateMachineAliasArn,
        description: "new description",
        routingConfiguration: [
          { stateMachineVersionArn: `${arn}:1`, weight: 50 },
          { stateMachineVersionArn: `${arn}:2`, weight: 50 },
        ],
      }),
    );
    const described = await client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: created.stateMachineAliasArn }));
    expect(described).toMatchObject({ name: "prod", description: "new description", routingConfiguration: [{ weight: 50 }, { weight: 50 }] });
    expect(described.updateDate).toBeInstanceOf(Date);
    await client.send(new CreateStateMachineAliasCommand({ name: "second", routingConfiguration: [{ stateMachineVersionArn: `${arn}:2`, weight: 100 }] }));
    expect((await client.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }))).stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([
      `${arn}:prod`,
      `${arn}:second`,
    ]);
    await expect(client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:2` }))).rejects.toMatchObject({
      name: "ConflictException",
      message: "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [prod, second]",
    });
    await client.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:second` }));
    await client.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:second` }));
    expect((await client.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }))).stateMachineAliases).toHaveLength(1);
    await expect(client.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:second`, description: "x" }))).rejects.toMatchObject({
      name: "ResourceNotFound",
      message: "Request references a resource that does not exist.",
    });
  });

  it("checks the routing configuration with AWS's texts", async () => {
    const arn = await machineWithVersions("a-routing", 2);
    const route = (stateMachineVersionArn: string, weight: number) => ({ stateMachineVersionArn, weight });
    const cases: [ReturnType<typeof route>[], string][] = [
      [[route(arn, 100)], `Routing configuration must contain state machine version ARNs. Received: [${arn}]`],
      [[route(`${arn}:1`, 50), route(`${arn}:1`, 50)], `Routing configuration must contain distinct state machine version ARNs. Received: [${arn}:1, ${arn}:1]`],
      [[route(`${arn}:1`, 70), route(`${arn}:2`, 29)], "Sum of routing configuration weights must equal 100. Received: [70, 29]"],
    ];
    for (const [routingConfiguration, message] of cases) {
      await expect(client.send(new CreateStateMachineAliasCommand({ name: "bad", routingConfiguration }))).rejects.toMatchObject({ name: "ValidationException", message });
    }
    await expect(client.send(new CreateStateMachineAliasCommand({ name: "123", routingConfiguration: [route(`${arn}:1`, 100)] }))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern"),
    });
  });

  it("starts executions through an alias on the version its routing picks", async () => {
    const arn = await machineWithVersions("a-run", 1);
    const { stateMachineAliasArn } = await client.send(new CreateStateMachineAliasCommand({ name: "live", routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }] }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn }));
    expect(await settled(executionArn)).toBe("SUCCEEDED");
    expect(await client.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      stateMachineArn: arn,
      stateMachineAliasArn,
      stateMachineVersionArn: `${arn}:1`,
    });
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: arn }));
    expect(listed.executions?.[0]).toMatchObject({ stateMachineAliasArn, stateMachineVersionArn: `${arn}:1` });
    // Deleting the state machine takes its versions and aliases with it.
    await client.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }))).rejects.toMatchObject({ name: "ResourceNotFound" });
  });
});

describe("encryptionConfiguration", () => {
  it("is answered as set on the machine and on the versions published from it, and changed by an update", async () => {
    const created = await client.send(
      new CreateStateMachineCommand({ name: "v-encrypted", definition: pass("ENC"), roleArn: ROLE, publish: true, encryptionConfiguration: { type: "AWS_OWNED_KEY" } }),
    );
    expect((await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))).encryptionConfiguration).toEqual({ type: "AWS_OWNED_KEY" });
    expect((await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineVersionArn }))).encryptionConfiguration).toEqual({ type: "AWS_OWNED_KEY" });
    const key = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const updated = await client.send(
      new UpdateStateMachineCommand({
        stateMachineArn: created.stateMachineArn,
        encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: key, kmsDataKeyReusePeriodSeconds: 120 },
      }),
    );
    expect(updated.revisionId).toBeDefined();
    expect((await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))).encryptionConfiguration).toEqual({
      type: "CUSTOMER_MANAGED_KMS_KEY",
      kmsKeyId: key,
      kmsDataKeyReusePeriodSeconds: 120,
    });
  });
});
