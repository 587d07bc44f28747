/**
 * The AWS CLI's own Parameter Store examples (aws/aws-cli, awscli/examples/ssm/*-parameter*.rst:
 * commands and the answers AWS gave them), replayed through the AWS SDK v3 client; the shapes
 * are compared, the author's values (ARNs, times, users) are not.
 */
import {
  DeleteParametersCommand, DescribeParametersCommand, GetParameterCommand, GetParameterHistoryCommand, GetParametersCommand,
  LabelParameterVersionCommand, PutParameterCommand, SSMClient, UnlabelParameterVersionCommand,
} from "@aws-sdk/client-ssm";
import { VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSsm } from "../src/index.js";
import { served } from "../../../test/helpers/services.js";

let ssm: SSMClient;
let close: () => Promise<void>;

const POLICIES = [
  { Type: "Expiration", Version: "1.0", Attributes: { Timestamp: "2030-07-07T22:30:00Z" } },
  { Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "12", Unit: "Hours" } },
];

beforeAll(async () => {
  const service = await createSsm({ clock: new VirtualClock(Date.UTC(2026, 10, 27)) });
  ({ client: ssm, close } = await served(service.service.handle, (config) => new SSMClient(config)));
  const put = (input: ConstructorParameters<typeof PutParameterCommand>[0]) => ssm.send(new PutParameterCommand(input));
  await put({ Name: "MyStringParameter", Type: "String", Value: "Veni", Description: "This is the first version of my String parameter" });
  await put({ Name: "MyStringParameter", Type: "String", Value: "Vidi", Overwrite: true, Description: "This is the second version of my String parameter" });
  await put({ Name: "MyStringParameter", Type: "String", Value: "Vici", Overwrite: true, Description: "This is the third version of my String parameter" });
  await put({ Name: "MyStringListParameter", Type: "StringList", Value: "alpha,beta,gamma", Description: "This is a StringList parameter" });
  await put({
    Name: "MySecureStringParameter", Type: "SecureString", Value: "16679b88-310b-4895-a943-e0764EXAMPLE", Description: "This is a SecureString parameter",
    Tier: "Advanced", Policies: JSON.stringify(POLICIES),
  });
});

afterAll(() => close());

describe("awscli/examples/ssm", () => {
  it("get-parameters.rst: found parameters in alphabetical order, whatever the order asked, and the invalid names", async () => {
    const got = await ssm.send(new GetParametersCommand({ Names: ["MyStringParameter", "MyStringListParameter", "MyInvalidParameterName"] }));
    expect(got.Parameters?.map((p) => [p.Name, p.Type, p.Value, p.Version, p.DataType])).toEqual([
      ["MyStringListParameter", "StringList", "alpha,beta,gamma", 1, "text"],
      ["MyStringParameter", "String", "Vici", 3, "text"],
    ]);
    expect(got.InvalidParameters).toEqual(["MyInvalidParameterName"]);
  });

  it("get-parameters.rst (by label and by version): sorted by name too, each with its Selector", async () => {
    await ssm.send(new LabelParameterVersionCommand({ Name: "MyStringParameter", ParameterVersion: 2, Labels: ["label"] }));
    const got = await ssm.send(new GetParametersCommand({ Names: ["MyStringParameter:label", "MyStringListParameter:1"] }));
    expect(got.Parameters?.map((p) => [p.Name, p.Version, p.Selector])).toEqual([
      ["MyStringListParameter", 1, ":1"],
      ["MyStringParameter", 2, ":label"],
    ]);
    expect(got.InvalidParameters).toEqual([]);
  });

  it("describe-parameters.rst: an Advanced parameter's policies, each Pending with its type and text", async () => {
    const { Parameters } = await ssm.send(new DescribeParametersCommand({}));
    const secure = Parameters?.find((p) => p.Name === "MySecureStringParameter");
    expect([secure?.Type, secure?.KeyId, secure?.Tier, secure?.Version]).toEqual(["SecureString", "alias/aws/ssm", "Advanced", 1]);
    expect(secure?.Policies).toEqual([
      { PolicyText: '{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-07-07T22:30:00Z"}}', PolicyType: "Expiration", PolicyStatus: "Pending" },
      { PolicyText: '{"Type":"ExpirationNotification","Version":"1.0","Attributes":{"Before":"12","Unit":"Hours"}}', PolicyType: "ExpirationNotification", PolicyStatus: "Pending" },
    ]);
    // A parameter without policies: "Policies": [].
    expect(Parameters?.find((p) => p.Name === "MyStringListParameter")?.Policies).toEqual([]);
    const filtered = await ssm.send(new DescribeParametersCommand({ Filters: [{ Key: "Type", Values: ["StringList"] }] }));
    expect(filtered.Parameters?.map((p) => [p.Name, p.Type, p.Description, p.Version, p.Tier])).toEqual([
      ["MyStringListParameter", "StringList", "This is a StringList parameter", 1, "Standard"],
    ]);
  });

  it("get-parameter-history.rst: every version oldest first, with its description, labels, tier and policies", async () => {
    const { Parameters } = await ssm.send(new GetParameterHistoryCommand({ Name: "MyStringParameter" }));
    expect(Parameters?.map((p) => [p.Version, p.Value, p.Description, p.Tier, p.Policies])).toEqual([
      [1, "Veni", "This is the first version of my String parameter", "Standard", []],
      [2, "Vidi", "This is the second version of my String parameter", "Standard", []],
      [3, "Vici", "This is the third version of my String parameter", "Standard", []],
    ]);
    const secure = await ssm.send(new GetParameterHistoryCommand({ Name: "MySecureStringParameter" }));
    expect(secure.Parameters?.[0]?.Policies?.map((p) => [p.PolicyType, p.PolicyStatus])).toEqual([["Expiration", "Pending"], ["ExpirationNotification", "Pending"]]);
  });

  it("get-parameter.rst: by name, decrypted, by label and by version", async () => {
    const plain = await ssm.send(new GetParameterCommand({ Name: "MyStringParameter" }));
    expect(Object.keys(plain.Parameter ?? {}).sort()).toEqual(["ARN", "DataType", "LastModifiedDate", "Name", "Type", "Value", "Version"]);
    const decrypted = await ssm.send(new GetParameterCommand({ Name: "MySecureStringParameter", WithDecryption: true }));
    expect(decrypted.Parameter?.Value).toBe("16679b88-310b-4895-a943-e0764EXAMPLE");
    const byVersion = await ssm.send(new GetParameterCommand({ Name: "MyStringParameter:2" }));
    expect([byVersion.Parameter?.Name, byVersion.Parameter?.Value, byVersion.Parameter?.Selector]).toEqual(["MyStringParameter", "Vidi", ":2"]);
  });

  it("label-parameter-version.rst, unlabel-parameter-version.rst, put-parameter.rst, delete-parameters.rst", async () => {
    const labelled = await ssm.send(new LabelParameterVersionCommand({ Name: "MyStringParameter", Labels: ["ProductionReady"] }));
    expect([labelled.InvalidLabels, labelled.ParameterVersion]).toEqual([[], 3]);
    const unlabelled = await ssm.send(new UnlabelParameterVersionCommand({ Name: "MyStringParameter", ParameterVersion: 3, Labels: ["ProductionReady"] }));
    expect([unlabelled.RemovedLabels, unlabelled.InvalidLabels]).toEqual([["ProductionReady"], []]);
    const converted = await ssm.send(new PutParameterCommand({ Name: "MyStringListParameter", Value: "abc123", Type: "String", Tier: "Advanced", Overwrite: true }));
    expect([converted.Version, converted.Tier]).toEqual([2, "Advanced"]);
    const deleted = await ssm.send(new DeleteParametersCommand({ Names: ["MyStringListParameter", "MySecureStringParameter", "MyInvalidParameterName"] }));
    expect([deleted.DeletedParameters, deleted.InvalidParameters]).toEqual([["MyStringListParameter", "MySecureStringParameter"], ["MyInvalidParameterName"]]);
  });
});
