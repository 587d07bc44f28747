import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTemplate } from "../src/index.js";
import { FIXTURES, sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const withParameter = (definition: string, value = "!Ref P") => `
Parameters:
  P:
${definition}
Resources:
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  Value: { Value: ${value} }
`;

describe("Parameters", () => {
  it("rejects an override outside AllowedValues, listing the allowed values", async () => {
    const error = await sandboxError(loadTemplate({ file: join(FIXTURES, "web-app", "template.yaml"), parameterOverrides: { Stage: "qa" } }));
    expect(error.message).toBe("Parameter 'Stage' must be one of AllowedValues");
    expect(error.hint).toBe("Allowed values: dev, prod");
    expect(error.line).toBe(6);
  });

  it("checks AllowedPattern, MinLength and MaxLength on strings", async () => {
    const def = "    Type: String\n    AllowedPattern: '[a-z]+'\n    MinLength: 2\n    MaxLength: 4\n    Default: abc";
    expect((await apps.load(withParameter(def))).outputs.Value.value).toBe("abc");
    expect((await sandboxError(apps.load(withParameter(def), { parameterOverrides: { P: "ABC" } }))).message).toBe("Parameter 'P' must match pattern [a-z]+");
    expect((await sandboxError(apps.load(withParameter(def), { parameterOverrides: { P: "a" } }))).message).toBe("Parameter 'P' must contain at least 2 characters");
    expect((await sandboxError(apps.load(withParameter(def), { parameterOverrides: { P: "abcde" } }))).message).toBe("Parameter 'P' must contain at most 4 characters");
  });

  it("checks Number parameters and their MinValue / MaxValue; Ref gives a string", async () => {
    const def = "    Type: Number\n    MinValue: 1\n    MaxValue: 10\n    Default: 5";
    expect((await apps.load(withParameter(def))).outputs.Value.value).toBe("5");
    expect((await sandboxError(apps.load(withParameter(def), { parameterOverrides: { P: "ten" } }))).message).toBe("Parameter 'P' must be a number");
    expect((await sandboxError(apps.load(withParameter(def), { parameterOverrides: { P: "0" } }))).message).toBe("Parameter 'P' must be a number not less than 1");
    expect((await sandboxError(apps.load(withParameter(def), { parameterOverrides: { P: "11" } }))).message).toBe("Parameter 'P' must be a number not greater than 10");
  });

  it("uses ConstraintDescription instead of the generic message", async () => {
    const def = "    Type: String\n    AllowedPattern: '\\d+'\n    ConstraintDescription: must be digits\n    Default: '1'";
    const error = await sandboxError(apps.load(withParameter(def), { parameterOverrides: { P: "x" } }));
    expect(error.message).toBe("Parameter P failed to satisfy constraint: must be digits");
  });

  it("splits CommaDelimitedList and List<Number> values into lists", async () => {
    const list = await apps.load(withParameter("    Type: CommaDelimitedList\n    Default: a,b", '!Join ["+", !Ref P]'), { parameterOverrides: { P: "x,y,z" } });
    expect(list.outputs.Value.value).toBe("x+y+z");
    const error = await sandboxError(apps.load(withParameter("    Type: List<Number>", '!Join ["+", !Ref P]'), { parameterOverrides: { P: "1,two" } }));
    expect(error.message).toBe("Parameter 'P' must be a number");
  });

  it("rejects an unknown parameter type and a parameter without Type", async () => {
    expect((await sandboxError(apps.load(withParameter("    Type: Strin\n    Default: x")))).message).toBe("Template format error: Unrecognized parameter type: Strin");
    expect((await sandboxError(apps.load(withParameter("    Default: x")))).message).toBe("Template format error: Every Parameters object must contain a Type member.");
  });

  it("resolves an SSM-typed parameter to the SSM parameter's name, or to the value the sandbox read from Parameter Store", async () => {
    const def = "    Type: AWS::SSM::Parameter::Value<String>\n    Default: /app/db-host";
    const fallback = await apps.load(withParameter(def));
    expect(fallback.outputs.Value.value).toBe("/app/db-host");
    expect(fallback.warnings.filter((w) => w.includes("SSM"))).toEqual([
      'Parameter P (AWS::SSM::Parameter::Value<String>) names the SSM parameter "/app/db-host"; loaded without Parameter Store, it resolves to that name.',
    ]);
    expect(fallback.parameters).toEqual([{ name: "P", value: "/app/db-host", noEcho: false, ssmType: "AWS::SSM::Parameter::Value<String>", line: expect.any(Number), referenced: true }]);
    const read = await apps.load(withParameter(def), { parameterOverrides: { P: "/other/host" }, ssmParameterValues: { P: "db.local" } });
    expect(read.outputs.Value.value).toBe("db.local");
    expect(read.parameters).toEqual([{ name: "P", value: "/other/host", resolvedValue: "db.local", noEcho: false, ssmType: "AWS::SSM::Parameter::Value<String>", line: expect.any(Number), referenced: true }]);
    expect(read.warnings.some((w) => w.includes("SSM"))).toBe(false);
    const unused = await apps.load(withParameter(def, "x"));
    expect(unused.parameters[0]?.referenced).toBe(false);
    expect(unused.warnings.some((w) => w.includes("SSM"))).toBe(false);
  });

  it("warns about an override that matches no parameter", async () => {
    const model = await apps.load(withParameter("    Type: String\n    Default: x"), { parameterOverrides: { Typo: "1" } });
    expect(model.warnings).toContain("Parameter override Typo does not match any parameter in the template; ignored");
  });

  it("accepts NoEcho parameters", async () => {
    const model = await apps.load(withParameter("    Type: String\n    NoEcho: true\n    Default: s3cret"));
    expect(model.outputs.Value.value).toBe("s3cret");
  });
});

describe("Conditions", () => {
  const resources = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";

  it("may not refer to resources", async () => {
    const error = await sandboxError(apps.load(`Conditions:\n  HasTopic: !Equals [!Ref Topic, x]\n${resources}`));
    expect(error.message).toBe("Template format error: Unresolved dependencies [Topic]. Cannot reference resources in the Conditions block of the template");
    expect(error.line).toBe(2);
  });

  it("reports a circular condition", async () => {
    const error = await sandboxError(apps.load(`Conditions:\n  A: !Condition B\n  B: !Not [!Condition A]\n${resources}`));
    expect(error.message).toBe("Template error: Found circular condition dependency: [A, B]");
  });

  it("reports a resource Condition that is not declared", async () => {
    const error = await sandboxError(apps.load(`Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Condition: IsProd\n`));
    expect(error.message).toBe("Template format error: Unresolved condition dependencies [IsProd] in the Resources block of the template");
    expect(error.line).toBe(4);
  });

  it("reports a Fn::If on an undeclared condition", async () => {
    const error = await sandboxError(apps.load(`${resources}    Properties:\n      TopicName: !If [Nope, a, b]\n`));
    expect(error.message).toBe("Template format error: Unresolved condition dependencies [Nope] in the Resources block of the template");
    expect(error.line).toBe(5);
  });
});
