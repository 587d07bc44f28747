import { describe, expect, it } from "vitest";
import { validateDefinition } from "../src/engine/definition/validate.js";
import { invalidDefinitionMessage } from "../src/engine/definition/diagnostics.js";

function problems(definition: unknown, type?: "STANDARD" | "EXPRESS") {
  return validateDefinition(typeof definition === "string" ? definition : JSON.stringify(definition), { type }).diagnostics.map((d) => `${d.code}: ${d.message}${d.location ? ` at ${d.location}` : ""}`);
}

describe("definition validation", () => {
  it("accepts a valid definition", () => {
    expect(problems({ StartAt: "A", States: { A: { Type: "Pass", End: true } } })).toEqual([]);
  });

  it("reports what AWS reports for text that is not a definition", () => {
    expect(problems("")).toEqual(["SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object"]);
    expect(problems("{}")).toEqual(["SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /"]);
    expect(problems({ States: { A: { Type: "Succeed" } } })).toEqual(["SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /"]);
    expect(problems("not a definition")[0]).toMatch(/^INVALID_JSON_DESCRIPTION: /);
  });

  it("checks a literal Wait Timestamp as RFC 3339 (LocalStack's AWS-recorded test_wait_timestamp_invalid)", () => {
    for (const ts of ["2016-12-05 21:29:29Z", "2016-12-05T21:29:29", "2016-13-05T21:29:29Z", "2016-12-05T25:29:29Z", "05-12-2016T21:29:29Z"]) {
      expect(problems({ StartAt: "WaitUntil", States: { WaitUntil: { Type: "Wait", Timestamp: ts, End: true } } })).toEqual([
        "SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/WaitUntil/Timestamp",
      ]);
    }
    expect(problems({ StartAt: "W", States: { W: { Type: "Wait", Timestamp: "2016-12-05T21:29:29.123456Z", End: true } } })).toEqual([]);
    expect(problems({ QueryLanguage: "JSONata", StartAt: "W", States: { W: { Type: "Wait", Timestamp: "{% $t %}", End: true } } })).toEqual([]);
  });

  it("accepts any JSON value as a JSONata Output and a literal boolean Condition", () => {
    for (const output of [1, "text", [1], null, true]) {
      expect(problems({ QueryLanguage: "JSONata", StartAt: "P", States: { P: { Type: "Pass", Output: output, End: true } } })).toEqual([]);
    }
    expect(problems({ QueryLanguage: "JSONata", StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Condition: true, Next: "D" }] }, D: { Type: "Succeed" } } })).toEqual([]);
  });

  it("reports missing transition targets, unreachable states and a missing terminal state", () => {
    expect(problems({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nope" }, B: { Type: "Succeed" } } })).toEqual([
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /States/A/Next",
      'MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/B',
    ]);
    expect(problems({ StartAt: "A", States: { A: { Type: "Pass", Next: "A" } } })).toEqual(["MISSING_END_STATE: Workflow has no terminal state at /"]);
  });

  it("reports fields a state type does not carry and fields of the other query language", () => {
    expect(problems({ StartAt: "A", States: { A: { Type: "Pass", Nxt: "B", End: true } } })).toEqual(["SCHEMA_VALIDATION_FAILED: The field 'Nxt' is not supported by Step Functions at /States/A"]);
    expect(problems({ StartAt: "A", States: { A: { Type: "Pass", Output: {}, End: true } } })).toEqual([
      "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage at /States/A",
    ]);
    expect(problems({ QueryLanguage: "JSONata", StartAt: "A", States: { A: { Type: "Pass", QueryLanguage: "JSONPath", End: true } } })).toEqual([
      "SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/A",
    ]);
  });

  it("reports an unknown Task resource and .waitForTaskToken in an EXPRESS machine", () => {
    expect(problems({ StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:states:::nope", End: true } } })).toEqual([
      "SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::nope is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/T/Resource",
    ]);
    expect(problems({ StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken", End: true } } }, "EXPRESS")).toEqual([
      "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/T/Resource",
    ]);
  });

  it("refuses an aws-sdk Resource naming an action the service does not have, a .sync pattern or a service without SDK integration", () => {
    const task = (Resource: string) => problems({ StartAt: "T", States: { T: { Type: "Task", Resource, End: true } } });
    const refused = (arn: string) =>
      `SCHEMA_VALIDATION_FAILED: The resource provided ${arn} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/T/Resource`;
    expect(task("arn:aws:states:::aws-sdk:dynamodb:putItem")).toEqual([]);
    expect(task("arn:aws:states:::aws-sdk:s3:listObjectsV2")).toEqual([]);
    expect(task("arn:aws:states:::aws-sdk:sfn:startSyncExecution")).toEqual([]);
    expect(task("arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken")).toEqual([]);
    // A service this project has no model of is taken on trust.
    expect(task("arn:aws:states:::aws-sdk:ec2:describeInstances")).toEqual([]);
    expect(task("arn:aws:states:::aws-sdk:dynamodb:putThing")).toEqual([refused("arn:aws:states:::aws-sdk:dynamodb:putThing")]);
    expect(task("arn:aws:states:::aws-sdk:cloudwatchlogs:createLogStream")).toEqual([]);
    expect(task("arn:aws:states:::aws-sdk:ssm:getParameter")).toEqual([]);
    expect(task("arn:aws:states:::aws-sdk:secretsmanager:getSecretValue")).toEqual([]);
    expect(task("arn:aws:states:::aws-sdk:ssm:getParamter")).toEqual([refused("arn:aws:states:::aws-sdk:ssm:getParamter")]);
    // AWS's answer to this Resource, quoted in aws/aws-cdk#27635.
    expect(task("arn:aws:states:::aws-sdk:cloudwatchlogs:CreateLogStream")).toEqual([refused("arn:aws:states:::aws-sdk:cloudwatchlogs:CreateLogStream")]);
    expect(task("arn:aws:states:::aws-sdk:sfn:startExecution.sync")).toEqual([refused("arn:aws:states:::aws-sdk:sfn:startExecution.sync")]);
    expect(task("arn:aws:states:::aws-sdk:apigatewaymanagementapi:postToConnection")).toEqual([
      refused("arn:aws:states:::aws-sdk:apigatewaymanagementapi:postToConnection"),
    ]);
  });

  it("checks inside Parallel branches and Map processors", () => {
    expect(
      problems({
        StartAt: "P",
        States: { P: { Type: "Parallel", Branches: [{ StartAt: "X", States: { X: { Type: "Pass", Next: "Y" } } }], End: true } },
      }),
    ).toEqual(["MISSING_TRANSITION_TARGET: Missing 'Next' target: Y at /States/P/Branches[0]/States/X/Next"]);
  });

  it("checks paths, intrinsic names and JSONata syntax", () => {
    expect(problems({ StartAt: "A", States: { A: { Type: "Pass", InputPath: "a.b", End: true } } })).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'InputPath' must be a valid JSONPath at /States/A/InputPath",
    ]);
    expect(problems({ StartAt: "A", States: { A: { Type: "Pass", Parameters: { "x.$": "States.Nope(1)" }, End: true } } })).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call at /States/A/Parameters/x.$",
    ]);
    expect(problems({ QueryLanguage: "JSONata", StartAt: "A", States: { A: { Type: "Pass", Output: "{% a[1,2) %}", End: true } } })[0]).toMatch(/^INVALID_JSONATA_EXPRESSION: .* at \/States\/A\/Output$/);
  });

  it("joins the problems with a comma inside one pair of quotes in the InvalidDefinition message", () => {
    expect(invalidDefinitionMessage([{ severity: "ERROR", code: "A", message: "m", location: "/x" }])).toBe("Invalid State Machine Definition: 'A: m at /x'");
    expect(
      invalidDefinitionMessage([
        { severity: "ERROR", code: "A", message: "m", location: "/x" },
        { severity: "ERROR", code: "B", message: "n", location: "/y" },
      ]),
    ).toBe("Invalid State Machine Definition: 'A: m at /x, B: n at /y'");
  });
});
