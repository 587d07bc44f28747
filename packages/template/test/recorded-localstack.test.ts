/**
 * CloudFormation behaviours recorded on AWS in LocalStack's suite (tests/aws/services/cloudformation,
 * *.snapshot.json): the values AWS resolved and the exact ValidationError texts it answered.
 */
import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const json = (template: unknown) => ({ name: "template.json", text: JSON.stringify(template) });
const load = (t: { name: string; text: string }, parameterOverrides?: Record<string, string>) =>
  apps.load(t.text, { name: t.name, parameterOverrides });
const failure = async (t: { name: string; text: string }, parameterOverrides?: Record<string, string>) =>
  (await sandboxError(load(t, parameterOverrides))).message;

const OPTION = { Type: "String", AllowedValues: ["option-a", "option-b"] };
const CREATE_TOPIC = { ShouldCreateTopic: { "Fn::Equals": [{ Ref: "OptionParameter" }, "option-a"] } };

describe("references to a resource whose Condition is false", () => {
  it("rejects Fn::GetAtt of it in Resources as an unresolved dependency", async () => {
    // engine/test_conditions.snapshot.json test_dependent_get_att (templates/conditions/get-att-condition.yml)
    const template = json({
      Parameters: { OptionParameter: OPTION },
      Conditions: CREATE_TOPIC,
      Resources: {
        MyTopic: { Type: "AWS::SNS::Topic", Condition: "ShouldCreateTopic" },
        MySsmParam: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { "Fn::GetAtt": ["MyTopic", "TopicName"] } } },
      },
    });
    expect(await failure(template, { OptionParameter: "option-b" })).toBe(
      "Template format error: Unresolved resource dependencies [MyTopic] in the Resources block of the template",
    );
  });

  it("rejects a Ref of it in Outputs with AWS's text for the Outputs block", async () => {
    // engine/test_conditions.snapshot.json test_output_reference_to_skipped_resource (ref-condition-output.yaml)
    const template = json({
      Parameters: { OptionParameter: OPTION },
      Conditions: CREATE_TOPIC,
      Resources: { MyTopic: { Type: "AWS::SNS::Topic", Condition: "ShouldCreateTopic" } },
      Outputs: { TopicRef: { Value: { Ref: "MyTopic" } } },
    });
    expect(await failure(template, { OptionParameter: "option-b" })).toBe("Unresolved resource dependencies [MyTopic] in the Outputs block of the template");
  });
});

describe("Mappings", () => {
  const topic = (findInMap: unknown[]) => ({
    Type: "AWS::SNS::Topic",
    Properties: { TopicName: { "Fn::Join": ["-", ["t", { "Fn::FindInMap": findInMap }]] } },
  });

  it("rejects an intrinsic function as a mapping value", async () => {
    // engine/test_mappings.snapshot.json test_mapping_with_invalid_refs (simple-mapping-invalid-ref.yaml)
    const template = json({
      Parameters: { Suffix: { Type: "String", Default: "s" } },
      Mappings: { TopicSuffixMap: { A: { Suffix: { Ref: "Suffix" } }, B: { Suffix: "suffix-b" } } },
      Resources: { MyTopic: topic(["TopicSuffixMap", "B", "Suffix"]) },
    });
    expect(await failure(template)).toBe("Template format error: Every Mappings attribute must be a String or a List.");
  });

  it("rejects a third level of nesting", async () => {
    // engine/test_mappings.snapshot.json test_mapping_maximum_nesting_depth
    const template = json({
      Mappings: { TopicSuffixMap: { A: { Suffix: { SuffixValue: "suffix-a" } } } },
      Resources: { MyTopic: topic(["TopicSuffixMap", "A", "Suffix", "SuffixValue"]) },
    });
    expect(await failure(template)).toBe("Template format error: Every Mappings attribute must be a String or a List.");
  });

  it("rejects a single level, naming the key that is not a map", async () => {
    // engine/test_mappings.snapshot.json test_mapping_minimum_nesting_depth
    const template = json({
      Mappings: { TopicSuffixMap: { A: "suffix-a", B: "suffix-b" } },
      Resources: { MyTopic: topic(["TopicSuffixMap", "A"]) },
    });
    expect(await failure(template)).toBe("Template format error: Every Mappings member A must be a map");
  });

  it("still reports a missing key with AWS's text", async () => {
    // engine/test_mappings.snapshot.json test_mapping_with_nonexisting_key
    const template = json({
      Parameters: { Selector: { Type: "String" } },
      Mappings: { TopicSuffixMap: { A: { Suffix: "suffix-a" } } },
      Resources: { MyTopic: topic(["TopicSuffixMap", { Ref: "Selector" }, "Suffix"]) },
    });
    expect(await failure(template, { Selector: "C" })).toBe("Template error: Unable to get mapping for TopicSuffixMap::C::Suffix");
  });
});

describe("template structure (api/test_validations.snapshot.json)", () => {
  const FOO = { Foo: { Type: "AWS::SNS::Topic" } };

  it("rejects a null output Value with its path", async () => {
    expect(await failure(json({ Resources: FOO, Outputs: { MyOutput: { Value: null } } }))).toBe(
      "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates",
    );
    expect(await failure(json({ Resources: FOO, Outputs: { MyOutput: { Value: null, AnotherValue: null } } }))).toBe(
      "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates",
    );
  });

  it("rejects an output without Value", async () => {
    expect(await failure(json({ Resources: FOO, Outputs: { MyOutput: {} } }))).toBe("Template format error: Every Outputs member must contain a Value object");
  });

  it("rejects a resource without Type, naming its path", async () => {
    expect(await failure(json({ Resources: { A: { Properties: {} } } }))).toBe(
      "Template format error: [/Resources/A] Every Resources object must contain a Type member.",
    );
  });

  it("rejects an unknown resource attribute", async () => {
    expect(await failure(json({ Resources: { A: { Type: "AWS::SNS::Topic", Invalid: 10 } } }))).toBe("Invalid template resource property 'Invalid'");
  });

  it("rejects a template without Resources", async () => {
    expect(await failure(json({}))).toBe("Template format error: At least one Resources member must be defined.");
  });
});

describe("Fn::Select (test_change_set_fn_select.snapshot.json test_invalid_select_index_type)", () => {
  const parameter = (select: unknown) => json({ Resources: { MyParameter: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: select } } } });
  const SHAPE = "Template error: Fn::Select requires a list argument with two elements: an integer index and a list";

  it.each([
    ["non-integer-index", { "Fn::Select": ["bad", ["test"]] }],
    ["non-list-list", { "Fn::Select": [0, 2] }],
    ["index-out-of-range", { "Fn::Select": [100, ["test"]] }],
  ])("rejects %s when the template is validated", async (_name, select) => {
    expect(await failure(parameter(select))).toBe(SHAPE);
  });

  it("selects from a list a function returns (engine/test_select_split.snapshot.json)", async () => {
    const app = await load(json({
      Resources: { MyResource: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: "unimportant" } } },
      Outputs: { SelectedOutput: { Value: { "Fn::Select": [2, { "Fn::Split": ["/", { Ref: "AWS::StackId" }] }] } } },
    }));
    expect(app.outputs.SelectedOutput.value).toBe(app.stackId.split("/")[2]);
  });
});

describe("Fn::GetAtt of a property the resource sets", () => {
  it("returns the property's value (test_change_set_fn_get_attr / fn_join snapshots)", async () => {
    const app = await load(json({
      Resources: {
        Topic1: { Type: "AWS::SNS::Topic", Properties: { TopicName: "topic-name-1", DisplayName: { "Fn::Join": ["-", ["display", "name", "1"]] } } },
        Topic2: { Type: "AWS::SNS::Topic", Properties: { TopicName: "topic-name-2", DisplayName: { "Fn::Join": ["-", ["prefix", { "Fn::GetAtt": ["Topic1", "DisplayName"] }]] } } },
        Topic3: { Type: "AWS::SNS::Topic", Properties: { TopicName: "topic-name-3", DisplayName: { "Fn::GetAtt": ["Topic2", "DisplayName"] } } },
      },
    }));
    expect(app.resources.Topic2.properties.DisplayName).toBe("prefix-display-name-1");
    expect(app.resources.Topic3.properties.DisplayName).toBe("prefix-display-name-1");
  });

  it("still rejects an attribute the type does not have", async () => {
    const template = json({ Resources: { Topic1: { Type: "AWS::SNS::Topic" }, P: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { "Fn::GetAtt": ["Topic1", "Nope"] } } } } });
    expect(await failure(template)).toBe("Template error: resource Topic1 does not support attribute type Nope in Fn::GetAtt");
  });
});

describe("condition functions", () => {
  it("rejects Fn::Equals with one argument (engine/test_conditions.snapshot.json test_validate_equals_args_len)", async () => {
    const template = { name: "template.yaml", text: "Conditions:\n  C: !Equals [a]\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Condition: C\n" };
    expect(await failure(template)).toBe("Template error: every Fn::Equals object requires a list of 2 string parameters.");
  });
});

describe("template text", () => {
  it("reports YAML that does not parse with AWS's text, line and column (engine/test_aws_process.snapshot.json)", async () => {
    const error = await sandboxError(load({ name: "template.yaml", text: "\n        lkjas:\n    Foo:\n        Bar: 10\n    " }));
    expect(error.message).toBe("Template format error: YAML not well-formed. (line 3, column 5)");
    expect(error.line).toBe(3);
  });

  it("rejects a Transform whose Name is not a string (test_template_engine.snapshot.json test_error_pass_macro_as_reference)", async () => {
    const text = "Parameters:\n  MacroName:\n    Type: String\nResources:\n  T:\n    Type: AWS::SNS::Topic\nTransform:\n  - Name:\n      Ref: MacroName\n";
    expect(await failure({ name: "template.yaml", text }, { MacroName: "NonExistent" })).toBe("Key Name of transform definition must be a string.");
  });

  it("reports JSON that does not parse with AWS's text, line and column (api/test_templates.snapshot.json)", async () => {
    const error = await sandboxError(load({ name: "template.json", text: '{"this is invalid JSON"="bobbins"}' }));
    expect(error.message).toBe("Template format error: JSON not well-formed. (line 1, column 25)");
    expect(error.line).toBe(1);
  });
});
