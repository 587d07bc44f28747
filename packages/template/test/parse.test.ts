import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("reading template files", () => {
  it("keeps the last of two equal YAML keys, as CloudFormation does, and warns with both lines", async () => {
    const model = await apps.load("Resources:\n  T:\n    Type: AWS::SNS::Topic\n  T:\n    Type: AWS::SQS::Queue\n");
    expect(model.resources.T.type).toBe("AWS::SQS::Queue");
    expect(model.warnings).toEqual([`${model.templateFile}:4: T is written twice in the same map; CloudFormation keeps this last value and ignores the one on line 2`]);
  });

  it("reports lines in JSON templates", async () => {
    const template = JSON.stringify({ Resources: { T: { Type: "AWS::SNS::Topic", Properties: { TopicName: { Ref: "Nope" } } } } }, null, 2);
    const error = await sandboxError(apps.load(template, { name: "template.json" }));
    expect(error.message).toBe("Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template");
    // The { "Ref": … } object opens on the "TopicName" line.
    expect(error.line).toBe(6);
  });

  it("supports YAML anchors and aliases", async () => {
    const model = await apps.load("Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: &props\n      DisplayName: shared\n  B:\n    Type: AWS::SNS::Topic\n    Properties: *props\n");
    expect(model.resources.B.properties).toEqual({ DisplayName: "shared" });
  });

  it("keeps scalars whose text is not a plain number as written (leading zeros)", async () => {
    const model = await apps.load("Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: 0123\n      Count: 42\n");
    expect(model.resources.A.properties).toEqual({ DisplayName: "0123", Count: 42 });
  });

  it("rejects unknown top-level sections and a template without Resources", async () => {
    let error = await sandboxError(apps.load("Resource:\n  A:\n    Type: AWS::SNS::Topic\n"));
    expect(error.message).toBe("Template format error: Invalid template property or properties [Resource]");
    expect(error.line).toBe(1);
    error = await sandboxError(apps.load("Description: nothing\nResources: {}\n"));
    expect(error.message).toBe("Template format error: At least one Resources member must be defined.");
    error = await sandboxError(apps.load("- just\n- a list\n"));
    expect(error.message).toContain("must be a map");
  });

  it("rejects a resource without Type", async () => {
    const error = await sandboxError(apps.load("Resources:\n  A:\n    Properties: {}\n"));
    expect(error.message).toBe("Template format error: [/Resources/A] Every Resources object must contain a Type member.");
    expect(error.line).toBe(2);
  });

  it("warns about macros it cannot run but loads the template", async () => {
    const model = await apps.load("Transform: [AWS::Serverless-2016-10-31, MyCompanyMacro]\nResources:\n  A:\n    Type: AWS::SNS::Topic\n");
    expect(model.warnings).toContain("Transform MyCompanyMacro is a CloudFormation macro the sandbox cannot run; the template is used as written");
  });
});
