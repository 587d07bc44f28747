import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplate } from "../src/index.js";
import { FIXTURES, sandboxError } from "./helpers.js";

const broken = (name: string) => join(FIXTURES, "broken", name);
const load = (name: string, parameterOverrides?: Record<string, string>) => sandboxError(loadTemplate({ file: broken(name), parameterOverrides }));

describe("template mistakes", () => {
  it("reports an unknown !Ref with CloudFormation's message, file and line", async () => {
    const error = await load("unknown-ref.yaml");
    expect(error.message).toBe("Template format error: Unresolved resource dependencies [ItemTable] in the Resources block of the template");
    expect(error.file).toBe(broken("unknown-ref.yaml"));
    expect(error.line).toBe(11);
    expect(error.hint).toContain("ItemTable");
    expect(error.format()).toMatch(/unknown-ref\.yaml:11: Template format error/);
  });

  it("reports bad YAML syntax with line and column", async () => {
    const error = await load("bad-syntax.yaml");
    // The parser notices the unclosed "[" of line 5 where the next key starts.
    // CloudFormation's text (localstack api/test_templates snapshot); the parser's own reason goes in the hint.
    expect(error.message).toBe("Template format error: YAML not well-formed. (line 6, column 7)");
    expect(error.hint).toContain("Flow sequence in block collection must be sufficiently indented and end with a ]");
    expect(error.line).toBe(6);
    expect(error.message).not.toContain("\n");
  });

  it("reports bad JSON syntax with line and column", async () => {
    const error = await load("bad-json.json");
    // AWS counts the column after the character its parser stopped at.
    expect(error.message).toBe("Template format error: JSON not well-formed. (line 7, column 8)");
    expect(error.hint).toContain("Expected a property name in double quotes");
    expect(error.line).toBe(7);
  });

  it("reports a function without Handler the way SAM does", async () => {
    const error = await load("missing-handler.yaml");
    expect(error.message).toBe("Resource with id [HelloFunction] is invalid. Runtime and Handler needs to be present when PackageType is of type `Zip`");
    expect(error.line).toBe(3);
    expect(error.hint).toContain("Add Handler to HelloFunction");
  });

  it("reports a runtime that is not a Lambda runtime, at the Runtime line", async () => {
    const error = await load("bad-runtime.yaml");
    expect(error.message).toBe("Runtime 'node22' is not a Lambda runtime");
    expect(error.line).toBe(10);
    expect(error.hint).toContain("nodejs22.x");
  });

  it("reports a retired runtime with Lambda's message", async () => {
    const error = await load("retired-runtime.yaml");
    expect(error.message).toBe(
      "The runtime parameter of nodejs12.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (nodejs22.x) while creating or updating functions.",
    );
    expect(error.line).toBe(8);
  });

  it("reports resources that refer to each other", async () => {
    const error = await load("circular.yaml");
    expect(error.message).toBe("Circular dependency between resources: [PingFunction, PongFunction]");
    expect(error.line).toBe(7);
  });

  it("reports a Fn::Sub variable that names nothing", async () => {
    const error = await load("sub-missing.yaml");
    expect(error.message).toBe("Template format error: Unresolved resource dependencies [Enviroment] in the Resources block of the template");
    expect(error.line).toBe(5);
  });

  it("reports parameters without a value, naming the override to pass", async () => {
    const error = await load("parameter-no-value.yaml");
    expect(error.message).toBe("Parameters: [Environment] must have values");
    expect(error.line).toBe(2);
    expect(error.hint).toContain("--parameter-overrides Environment=<value>");
  });

  it("accepts the missing parameter from an override", async () => {
    const model = await loadTemplate({ file: broken("parameter-no-value.yaml"), parameterOverrides: { Environment: "qa" } });
    expect(model.resources.Topic.attributes.TopicName).toBe("qa-events");
  });

  it("reports a reference to a resource whose Condition is false", async () => {
    const error = await load("conditional-ref.yaml");
    expect(error.message).toBe("Template format error: Unresolved resource dependencies [AuditTopic] in the Resources block of the template");
    expect(error.line).toBe(16);
    expect(error.hint).toContain("IsProd");
    const prod = await loadTemplate({ file: broken("conditional-ref.yaml"), parameterOverrides: { Stage: "prod" } });
    expect(prod.resources.Queue.properties.Tags).toEqual([{ Key: "topic", Value: prod.resources.AuditTopic.ref }]);
  });

  it("reports AWS::Serverless::* types in a template without the SAM transform", async () => {
    const error = await load("no-transform.yaml");
    expect(error.message).toBe("Template format error: Unrecognized resource types: [AWS::Serverless::Function]");
    expect(error.hint).toContain("Transform: AWS::Serverless-2016-10-31");
  });

  it("reports a template file that does not exist", async () => {
    const error = await load("nope.yaml");
    expect(error.message).toContain("Cannot read the template");
  });
});
