import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddTagsToResourceCommand, DeleteParameterCommand, DeleteParametersCommand, DescribeParametersCommand, GetParameterCommand,
  GetParameterHistoryCommand, GetParametersByPathCommand, GetParametersCommand, LabelParameterVersionCommand,
  ListTagsForResourceCommand, PutParameterCommand, RemoveTagsFromResourceCommand, SSMClient, type SSMServiceException,
} from "@aws-sdk/client-ssm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, serveHandler, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { createSsm } from "../src/index.js";
import { rejection, served } from "../../../test/helpers/services.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const clock = new VirtualClock(NOW);
let ssm: SSMClient;
let close: () => Promise<void>;

const failure = (promise: Promise<unknown>) => rejection<SSMServiceException>(promise);

beforeAll(async () => {
  const service = await createSsm({ clock });
  ({ client: ssm, close } = await served(service.service.handle, (config) => new SSMClient(config)));
});

afterAll(() => close());

describe("PutParameter / GetParameter", () => {
  it("stores a String and answers it with its ARN, version and date", async () => {
    const put = await ssm.send(new PutParameterCommand({ Name: "/app/db/host", Value: "localhost", Type: "String" }));
    expect(put).toMatchObject({ Version: 1, Tier: "Standard" });
    const got = await ssm.send(new GetParameterCommand({ Name: "/app/db/host" }));
    expect(got.Parameter).toMatchObject({
      Name: "/app/db/host", Type: "String", Value: "localhost", Version: 1, DataType: "text",
      ARN: "arn:aws:ssm:us-east-1:000000000000:parameter/app/db/host",
    });
    expect(got.Parameter?.LastModifiedDate?.getTime()).toBe(NOW);
    const byArn = await ssm.send(new GetParameterCommand({ Name: "arn:aws:ssm:us-east-1:000000000000:parameter/app/db/host" }));
    expect(byArn.Parameter?.Value).toBe("localhost");
  });

  it("refuses to overwrite without Overwrite, with AWS's text", async () => {
    const e = await failure(ssm.send(new PutParameterCommand({ Name: "/app/db/host", Value: "x", Type: "String" })));
    expect(e.name).toBe("ParameterAlreadyExists");
    expect(e.message).toBe("The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
  });

  it("keeps versions; name:version and name:label select one", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/app/db/host", Value: "db.internal", Overwrite: true }));
    await ssm.send(new LabelParameterVersionCommand({ Name: "/app/db/host", ParameterVersion: 1, Labels: ["first"] }));
    expect((await ssm.send(new GetParameterCommand({ Name: "/app/db/host" }))).Parameter?.Value).toBe("db.internal");
    const v1 = await ssm.send(new GetParameterCommand({ Name: "/app/db/host:1" }));
    expect(v1.Parameter).toMatchObject({ Value: "localhost", Version: 1, Selector: ":1" });
    expect((await ssm.send(new GetParameterCommand({ Name: "/app/db/host:first" }))).Parameter?.Value).toBe("localhost");
    const e = await failure(ssm.send(new GetParameterCommand({ Name: "/app/db/host:9" })));
    expect(e.name).toBe("ParameterVersionNotFound");
    expect(e.message).toBe("Systems Manager could not find version 9 of /app/db/host. Verify the version and try again.");
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: "/app/db/host" }));
    expect(history.Parameters?.map((p) => [p.Version, p.Value, p.Labels])).toEqual([[1, "localhost", ["first"]], [2, "db.internal", []]]);
  });

  it("hides a SecureString's value unless WithDecryption", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/app/db/password", Value: "s3cret", Type: "SecureString" }));
    const hidden = await ssm.send(new GetParameterCommand({ Name: "/app/db/password" }));
    expect(hidden.Parameter?.Value).not.toBe("s3cret");
    const shown = await ssm.send(new GetParameterCommand({ Name: "/app/db/password", WithDecryption: true }));
    expect(shown.Parameter?.Value).toBe("s3cret");
  });

  it("answers an unknown parameter ParameterNotFound with no message", async () => {
    const e = await failure(ssm.send(new GetParameterCommand({ Name: "/nope" })));
    expect(e.name).toBe("ParameterNotFound");
    expect(e.$metadata.httpStatusCode).toBe(400);
  });

  it("checks names, types, patterns and tiers as AWS does", async () => {
    const put = (Name: string, extra: Record<string, unknown> = {}) =>
      failure(ssm.send(new PutParameterCommand({ Name, Value: "v", Type: "String", ...extra })));
    expect((await put("a/b")).message).toBe("Parameter name must be a fully qualified name.");
    expect((await put("awsThing")).message).toBe('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
    expect((await put(`/${Array.from({ length: 16 }, (_, i) => `l${i}`).join("/")}`)).name).toBe("HierarchyLevelLimitExceededException");
    expect((await put("/typeless", { Type: undefined })).message).toBe("A parameter type is required when you create a parameter.");
    const pattern = await put("/digits", { AllowedPattern: "^\\d+$" });
    expect(pattern.name).toBe("ParameterPatternMismatchException");
    expect(pattern.message).toBe("Parameter value, cannot be validated against allowedPattern: ^\\d+$");
    const big = await put("/big", { Value: "x".repeat(4097) });
    expect(big.message.startsWith("Standard tier parameters support a maximum parameter value of 4096 characters.")).toBe(true);
    const ok = await ssm.send(new PutParameterCommand({ Name: "/big", Value: "x".repeat(4097), Type: "String", Tier: "Advanced" }));
    expect(ok.Tier).toBe("Advanced");
    const model = await put("/bad-type", { Type: "Number" });
    expect(model.name).toBe("ValidationException");
    expect(model.message).toBe("1 validation error detected: Value 'Number' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]");
  });
});

describe("GetParameters / GetParametersByPath", () => {
  it("answers found parameters and the invalid names", async () => {
    const got = await ssm.send(new GetParametersCommand({ Names: ["/app/db/host", "/missing"] }));
    expect(got.Parameters?.map((p) => p.Name)).toEqual(["/app/db/host"]);
    expect(got.InvalidParameters).toEqual(["/missing"]);
  });

  it("lists one level or the whole tree, ten a page", async () => {
    for (let i = 0; i < 12; i++) await ssm.send(new PutParameterCommand({ Name: `/tree/n${String(i).padStart(2, "0")}`, Value: `${i}`, Type: "String" }));
    await ssm.send(new PutParameterCommand({ Name: "/tree/deep/leaf", Value: "leaf", Type: "String" }));
    const first = await ssm.send(new GetParametersByPathCommand({ Path: "/tree" }));
    expect(first.Parameters).toHaveLength(10);
    const second = await ssm.send(new GetParametersByPathCommand({ Path: "/tree", NextToken: first.NextToken }));
    expect(second.Parameters?.map((p) => p.Name)).toEqual(["/tree/n10", "/tree/n11"]);
    expect(second.NextToken).toBeUndefined();
    const all = await ssm.send(new GetParametersByPathCommand({ Path: "/tree/", Recursive: true, MaxResults: 10 }));
    const rest = await ssm.send(new GetParametersByPathCommand({ Path: "/tree/", Recursive: true, NextToken: all.NextToken }));
    expect([...(all.Parameters ?? []), ...(rest.Parameters ?? [])].map((p) => p.Name)).toContain("/tree/deep/leaf");
    const e = await failure(ssm.send(new GetParametersByPathCommand({ Path: "/tree", ParameterFilters: [{ Key: "Name", Values: ["x"] }] })));
    expect(e.name).toBe("InvalidFilterKey");
    expect(e.message).toBe("The following filter key is not valid: Name. Valid filter keys include: [Type, KeyId].");
    const secure = await ssm.send(new GetParametersByPathCommand({ Path: "/app", Recursive: true, ParameterFilters: [{ Key: "Type", Values: ["SecureString"] }], WithDecryption: true }));
    expect(secure.Parameters?.map((p) => [p.Name, p.Value])).toEqual([["/app/db/password", "s3cret"]]);
  });
});

describe("DescribeParameters, tags, delete", () => {
  it("describes with filters and keeps tags", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/tagged", Value: "v", Type: "String", Description: "d", Tags: [{ Key: "team", Value: "a" }] }));
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged", Tags: [{ Key: "env", Value: "dev" }] }));
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged", TagKeys: ["team"] }));
    expect((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged" }))).TagList).toEqual([{ Key: "env", Value: "dev" }]);
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "tag:env", Values: ["dev"] }] }));
    expect(described.Parameters?.map((p) => [p.Name, p.Description, p.Version])).toEqual([["/tagged", "d", 1]]);
    const byName = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Option: "BeginsWith", Values: ["/app/db"] }] }));
    expect(byName.Parameters?.map((p) => p.Name)).toEqual(["/app/db/host", "/app/db/password"]);
    const e = await failure(ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/none" })));
    expect(e.name).toBe("InvalidResourceId");
  });

  it("deletes one or many", async () => {
    await ssm.send(new DeleteParameterCommand({ Name: "/tagged" }));
    expect((await failure(ssm.send(new DeleteParameterCommand({ Name: "/tagged" })))).name).toBe("ParameterNotFound");
    const many = await ssm.send(new DeleteParametersCommand({ Names: ["/big", "/gone"] }));
    expect(many).toMatchObject({ DeletedParameters: ["/big"], InvalidParameters: ["/gone"] });
  });
});

describe("persistence", () => {
  it("keeps parameters, versions and labels across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ssm-store-"));
    const run = async <T>(body: (c: SSMClient) => Promise<T>): Promise<T> => {
      const store = new FileStore({ dir, logger: silentLogger });
      const service = await createSsm({ clock, store });
      const server = await serveHandler(service.service.handle);
      const c = new SSMClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
      try {
        return await body(c);
      } finally {
        c.destroy();
        await server.close();
        await store.close();
      }
    };
    try {
      await run(async (c) => {
        await c.send(new PutParameterCommand({ Name: "/kept", Value: "one", Type: "String" }));
        await c.send(new PutParameterCommand({ Name: "/kept", Value: "two", Overwrite: true }));
        await c.send(new LabelParameterVersionCommand({ Name: "/kept", ParameterVersion: 1, Labels: ["old"] }));
      });
      const got = await run((c) => c.send(new GetParameterCommand({ Name: "/kept:old" })));
      expect(got.Parameter).toMatchObject({ Value: "one", Version: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
