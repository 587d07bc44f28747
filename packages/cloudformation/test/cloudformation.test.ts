import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStackResourceCommand, DescribeStackResourcesCommand,
  DescribeStacksCommand, GetTemplateCommand, ListExportsCommand, ListStackResourcesCommand, ListStacksCommand, type CloudFormationServiceException,
} from "@aws-sdk/client-cloudformation";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, MemoryStore, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { createCloudFormation, type StackConfig } from "../src/index.js";
import { rejection, served } from "../../../test/helpers/services.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const STACK_ID = "arn:aws:cloudformation:us-east-1:000000000000:stack/shop/8b0f8e1c-0000-4000-8000-000000000001";
const BODY = "AWSTemplateFormatVersion: '2010-09-09'\nDescription: Shop\nResources: {}\n";

function config(overrides: Partial<StackConfig> = {}): StackConfig {
  return {
    stackName: "shop",
    stackId: STACK_ID,
    description: "Shop",
    parameters: [{ key: "Stage", value: "dev" }, { key: "Secret", value: "hunter2", noEcho: true }],
    outputs: [
      { key: "ApiUrl", value: "http://127.0.0.1:3000/", description: "The API" },
      { key: "TableName", value: "shop-Items-ABC", exportName: "shop-TableName" },
    ],
    resources: [
      { logicalId: "Items", type: "AWS::DynamoDB::Table", physicalId: "shop-Items-ABC" },
      { logicalId: "Handler", type: "AWS::Lambda::Function", physicalId: "shop-Handler-XYZ" },
    ],
    templateBody: BODY,
    capabilities: ["CAPABILITY_IAM"],
    ...overrides,
  };
}

let client: CloudFormationClient;
let close: () => Promise<void>;

const failure = (promise: Promise<unknown>) => rejection<CloudFormationServiceException>(promise);

beforeAll(async () => {
  const cfn = await createCloudFormation({ clock: new VirtualClock(NOW), store: new MemoryStore(), stacks: [config()] });
  ({ client: client, close } = await served(cfn.service.handle, (config) => new CloudFormationClient(config)));
});

afterAll(() => close());

describe("DescribeStacks", () => {
  it("describes the stack with its resolved parameters and outputs", async () => {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: "shop" }));
    expect(Stacks).toHaveLength(1);
    const stack = Stacks?.[0];
    expect(stack).toMatchObject({
      StackId: STACK_ID,
      StackName: "shop",
      Description: "Shop",
      StackStatus: "CREATE_COMPLETE",
      Capabilities: ["CAPABILITY_IAM"],
      Parameters: [{ ParameterKey: "Stage", ParameterValue: "dev" }, { ParameterKey: "Secret", ParameterValue: "****" }],
      Outputs: [
        { OutputKey: "ApiUrl", OutputValue: "http://127.0.0.1:3000/", Description: "The API" },
        { OutputKey: "TableName", OutputValue: "shop-Items-ABC", ExportName: "shop-TableName" },
      ],
    });
    expect(stack?.CreationTime?.getTime()).toBe(NOW);
    expect(stack?.LastUpdatedTime).toBeUndefined();
  });

  it("finds the stack by its id", async () => {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: STACK_ID }));
    expect(Stacks?.[0]?.StackName).toBe("shop");
  });

  it("lists every stack without a name", async () => {
    const { Stacks } = await client.send(new DescribeStacksCommand({}));
    expect(Stacks?.map((s) => s.StackName)).toEqual(["shop"]);
  });

  it("answers AWS's ValidationError for an unknown stack", async () => {
    const error = await failure(client.send(new DescribeStacksCommand({ StackName: "nope" })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("Stack with id nope does not exist");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});

describe("stack resources", () => {
  it("ListStackResources lists the resources with the sandbox's physical ids", async () => {
    const { StackResourceSummaries } = await client.send(new ListStackResourcesCommand({ StackName: "shop" }));
    expect(StackResourceSummaries?.map((r) => [r.LogicalResourceId, r.ResourceType, r.PhysicalResourceId, r.ResourceStatus])).toEqual([
      ["Items", "AWS::DynamoDB::Table", "shop-Items-ABC", "CREATE_COMPLETE"],
      ["Handler", "AWS::Lambda::Function", "shop-Handler-XYZ", "CREATE_COMPLETE"],
    ]);
    expect(StackResourceSummaries?.[0]?.LastUpdatedTimestamp?.getTime()).toBe(NOW);
  });

  it("DescribeStackResources filters by logical id, or finds the stack by a physical id", async () => {
    const byLogical = await client.send(new DescribeStackResourcesCommand({ StackName: "shop", LogicalResourceId: "Handler" }));
    expect(byLogical.StackResources?.map((r) => r.PhysicalResourceId)).toEqual(["shop-Handler-XYZ"]);
    const byPhysical = await client.send(new DescribeStackResourcesCommand({ PhysicalResourceId: "shop-Items-ABC" }));
    expect(byPhysical.StackResources?.[0]?.StackName).toBe("shop");
    const error = await failure(client.send(new DescribeStackResourcesCommand({})));
    expect(error.message).toBe("Either StackName or PhysicalResourceId must be specified");
  });

  it("DescribeStackResource answers one resource, or AWS's error", async () => {
    const { StackResourceDetail } = await client.send(new DescribeStackResourceCommand({ StackName: "shop", LogicalResourceId: "Items" }));
    expect(StackResourceDetail).toMatchObject({ StackId: STACK_ID, PhysicalResourceId: "shop-Items-ABC", ResourceType: "AWS::DynamoDB::Table" });
    const error = await failure(client.send(new DescribeStackResourceCommand({ StackName: "shop", LogicalResourceId: "Nope" })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("Resource Nope does not exist for stack shop");
  });
});

describe("GetTemplate, ListStacks, ListExports, DescribeStackEvents", () => {
  it("GetTemplate answers the template as given", async () => {
    const out = await client.send(new GetTemplateCommand({ StackName: "shop" }));
    expect(out.TemplateBody).toBe(BODY);
    expect(out.StagesAvailable).toEqual(["Original", "Processed"]);
    const error = await failure(client.send(new GetTemplateCommand({})));
    expect(error.message).toBe("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
  });

  it("ListStacks filters by status", async () => {
    const all = await client.send(new ListStacksCommand({}));
    expect(all.StackSummaries?.[0]).toMatchObject({ StackName: "shop", StackStatus: "CREATE_COMPLETE", TemplateDescription: "Shop" });
    const none = await client.send(new ListStacksCommand({ StackStatusFilter: ["DELETE_COMPLETE"] }));
    expect(none.StackSummaries).toEqual([]);
  });

  it("ListExports lists the outputs' exports", async () => {
    const { Exports } = await client.send(new ListExportsCommand({}));
    expect(Exports).toEqual([{ ExportingStackId: STACK_ID, Name: "shop-TableName", Value: "shop-Items-ABC" }]);
  });

  it("DescribeStackEvents ends with the stack's CREATE_COMPLETE, newest first", async () => {
    const { StackEvents } = await client.send(new DescribeStackEventsCommand({ StackName: "shop" }));
    expect(StackEvents?.[0]).toMatchObject({ LogicalResourceId: "shop", ResourceStatus: "CREATE_COMPLETE", ResourceType: "AWS::CloudFormation::Stack" });
    expect(StackEvents).toHaveLength(6);
  });
});

describe("writes", () => {
  it("answer an AWS-shaped error saying the sandbox does not emulate them", async () => {
    const error = await failure(client.send(new CreateStackCommand({ StackName: "other", TemplateBody: BODY })));
    expect(error.name).toBe("InvalidAction");
    expect(error.message).toContain("does not emulate the CloudFormation action CreateStack");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});

describe("a changed template on the next start", () => {
  it("makes the stack UPDATE_COMPLETE with its LastUpdatedTime, keeping its CreationTime", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cfn-history-"));
    try {
      const clock = new VirtualClock(NOW);
      const start = async (stack: StackConfig) => {
        const store = new FileStore({ dir, logger: silentLogger });
        const cfn = await createCloudFormation({ clock, store, stacks: [stack] });
        const described = cfn.engine.describeStacks({ StackName: "shop" }).Stacks[0];
        await store.close();
        return described;
      };
      expect((await start(config())).StackStatus).toBe("CREATE_COMPLETE");
      await clock.advance(60_000);
      // The same template again: nothing was deployed, the stack is as it was.
      const same = await start(config());
      expect(same.StackStatus).toBe("CREATE_COMPLETE");
      expect(same.CreationTime.getTime()).toBe(NOW);
      await clock.advance(60_000);
      const updated = await start(config({ templateBody: `${BODY}# changed\n` }));
      expect(updated.StackStatus).toBe("UPDATE_COMPLETE");
      expect(updated.LastUpdatedTime?.getTime()).toBe(NOW + 120_000);
      expect(updated.CreationTime.getTime()).toBe(NOW);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
