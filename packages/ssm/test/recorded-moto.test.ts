/**
 * DescribeParameters filters and reserved names as moto's tests/test_ssm/test_ssm.py expects them
 * (moto's texts, which copy AWS's; these cases are not marked @aws_verified there) and the API
 * reference (ParameterStringFilter: tag keys take Equals and BeginsWith).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeParametersCommand, PutParameterCommand, SSMClient, type ParameterStringFilter, type SSMServiceException } from "@aws-sdk/client-ssm";
import { VirtualClock } from "@sam-sandbox/core";
import { createSsm } from "../src/index.js";
import { rejection, served } from "../../../test/helpers/services.js";

let ssm: SSMClient;
let close: () => Promise<void>;

const failure = (promise: Promise<unknown>) => rejection<SSMServiceException>(promise);

beforeAll(async () => {
  const service = await createSsm({ clock: new VirtualClock(Date.UTC(2026, 10, 26)) });
  ({ client: ssm, close } = await served(service.service.handle, (config) => new SSMClient(config)));
  for (const Name of ["param", "/param-2", "/tangent-3", "tangram-4"]) await ssm.send(new PutParameterCommand({ Name, Value: "v", Type: "String" }));
  await ssm.send(new PutParameterCommand({ Name: "/spam/eggs", Value: "v", Type: "String", Tags: [{ Key: "spam", Value: "eggs" }] }));
});

afterAll(() => close());

const described = async (...ParameterFilters: ParameterStringFilter[]) =>
  ((await ssm.send(new DescribeParametersCommand({ ParameterFilters }))).Parameters ?? []).map((p) => p.Name).sort();

describe("DescribeParameters filters", () => {
  it("compares names as /name for Contains too (test_describe_parameters_with_parameter_filters_name)", async () => {
    expect(await described({ Key: "Name", Option: "Contains", Values: ["/tan"] })).toEqual(["/tangent-3", "tangram-4"]);
    expect(await described({ Key: "Name", Values: ["/param"] })).toEqual(["param"]);
  });

  it("matches a tag by existence, value or value prefix (test_describe_parameters_tags)", async () => {
    expect(await described({ Key: "tag:spam" })).toEqual(["/spam/eggs"]);
    expect(await described({ Key: "tag:spam", Option: "BeginsWith", Values: ["e"] })).toEqual(["/spam/eggs"]);
    expect(await described({ Key: "tag:spam", Option: "BeginsWith", Values: ["x"] })).toEqual([]);
  });

  it("refuses what it cannot filter by, with moto's texts (test_describe_parameters_invalid_parameter_filters, _invalid_path, _needs_param)", async () => {
    const cases: [ParameterStringFilter[], string, string][] = [
      [[{ Key: "Name" }], "InvalidFilterValue", "The following filter values are missing : null for filter key Name."],
      [[{ Key: "Name", Values: ["a"] }, { Key: "Name", Values: ["b"] }], "InvalidFilterKey", "The following filter is duplicated in the request: Name. A request can contain only one occurrence of a specific filter."],
      [[{ Key: "Path", Values: ["/aws", "/ssm"] }], "ValidationException", 'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.'],
    ];
    for (const [filters, code, message] of cases) {
      const e = await failure(ssm.send(new DescribeParametersCommand({ ParameterFilters: filters })));
      expect([e.name, e.message]).toEqual([code, message]);
    }
    for (const value of ["/###", "//", "test"]) {
      const e = await failure(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Path", Values: [value] }] })));
      expect(e.message).toContain("The parameter doesn't meet the parameter name requirements.");
    }
    const both = await failure(ssm.send(new DescribeParametersCommand({ Filters: [{ Key: "Name", Values: ["a"] }], ParameterFilters: [{ Key: "Name", Values: ["a"] }] })));
    expect([both.name, both.message]).toEqual(["ValidationException", "You can use either Filters or ParameterFilters in a single request."]);
  });
});

describe("PutParameter names", () => {
  it("reserves every path whose first level begins with aws (test_put_parameter_invalid_names)", async () => {
    for (const name of ["/aws_test/path/to/var", "/AWS/PATH/TO/VAR"]) {
      const e = await failure(ssm.send(new PutParameterCommand({ Name: name, Value: "v", Type: "String" })));
      expect([e.name, e.message]).toEqual(["AccessDeniedException", `No access to reserved parameter name: ${name}.`]);
    }
  });
});

describe("PutParameter values", () => {
  it("refuses an empty value and one over 32768 characters, not quoting the sensitive value (test_put_parameter_empty_string_value)", async () => {
    // AWS's own answers, quoted from real PutParameter calls in ministryofjustice/modernisation-platform#8116 and cloud-platform-infrastructure#3906.
    const empty = await failure(ssm.send(new PutParameterCommand({ Name: "empty-value", Value: "", Type: "String" })));
    expect([empty.name, empty.message]).toEqual(["ValidationException", "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1"]);
    const huge = await failure(ssm.send(new PutParameterCommand({ Name: "huge-value", Value: "x".repeat(32769), Type: "String", Tier: "Advanced" })));
    expect([huge.name, huge.message]).toEqual(["ValidationException", "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to 32768"]);
    await expect(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["empty-value", "huge-value"] }] }))).resolves.toMatchObject({ Parameters: [] });
    await ssm.send(new PutParameterCommand({ Name: "one-char", Value: "x", Type: "String" }));
  });
});
