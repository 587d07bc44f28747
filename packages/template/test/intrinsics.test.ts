import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

/** Loads a template whose Outputs exercise one intrinsic each; returns output name → value. */
async function outputs(body: string, parameterOverrides?: Record<string, string>): Promise<Record<string, string>> {
  const model = await apps.load(body, { parameterOverrides });
  return Object.fromEntries(Object.entries(model.outputs).map(([k, v]) => [k, v.value]));
}

const BASE = `
Parameters:
  Env: { Type: String, Default: dev }
  Subnets: { Type: CommaDelimitedList, Default: "a,b,c" }
  Ports: { Type: "List<Number>", Default: "80,443" }
  Size: { Type: Number, Default: 3 }
Mappings:
  Regions:
    us-east-1: { Ami: ami-111, Short: use1 }
    eu-west-1: { Ami: ami-222, Short: euw1 }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsProd: !Not [!Condition IsDev]
  DevInUs: !And [!Condition IsDev, !Equals [!Ref "AWS::Region", us-east-1]]
  Either: !Or [!Condition IsProd, !Equals [x, x]]
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "\${Env}-table"
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
`;

describe("intrinsic functions", () => {
  it("Ref: parameters, pseudo parameters, resources", async () => {
    const out = await outputs(`${BASE}
Outputs:
  Env: { Value: !Ref Env }
  Region: { Value: !Ref "AWS::Region" }
  Account: { Value: !Ref "AWS::AccountId" }
  Stack: { Value: !Ref "AWS::StackName" }
  StackId: { Value: !Ref "AWS::StackId" }
  Partition: { Value: !Ref "AWS::Partition" }
  Suffix: { Value: !Ref "AWS::URLSuffix" }
  Table: { Value: !Ref Table }
  Long: { Value: { Ref: Env } }
`);
    expect(out).toMatchObject({ Env: "dev", Region: "us-east-1", Account: "000000000000", Stack: "app", Partition: "aws", Suffix: "amazonaws.com", Table: "dev-table", Long: "dev" });
    expect(out.StackId).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:stack\/app\/[0-9a-f-]{36}$/);
  });

  it("Fn::GetAtt in the dotted and the list form, short and long", async () => {
    const out = await outputs(`${BASE}
Outputs:
  A: { Value: !GetAtt Table.Arn }
  B: { Value: !GetAtt [Table, Arn] }
  C: { Value: { "Fn::GetAtt": [Table, Arn] } }
`);
    expect(out.A).toBe("arn:aws:dynamodb:us-east-1:000000000000:table/dev-table");
    expect(out.B).toBe(out.A);
    expect(out.C).toBe(out.A);
  });

  it("Fn::Sub: parameters, pseudo parameters, resources, attributes, variable maps and ${!Literal}", async () => {
    const out = await outputs(`${BASE}
Outputs:
  Plain: { Value: !Sub "\${Env}-\${AWS::Region}-\${Table}" }
  Attr: { Value: !Sub "arn=\${Table.Arn}" }
  Vars: { Value: !Sub ["\${Name}/\${Env}", { Name: !Join ["-", [x, y]] }] }
  Literal: { Value: !Sub "\${!Env} and \${ Env }" }
  Long: { Value: { "Fn::Sub": "\${AWS::AccountId}" } }
`);
    expect(out).toMatchObject({
      Plain: "dev-us-east-1-dev-table",
      Attr: "arn=arn:aws:dynamodb:us-east-1:000000000000:table/dev-table",
      Vars: "x-y/dev",
      Literal: "\${Env} and dev",
      Long: "000000000000",
    });
  });

  it("Fn::Join, Fn::Split, Fn::Select with lists from parameters", async () => {
    const out = await outputs(`${BASE}
Outputs:
  Join: { Value: !Join [",", !Ref Subnets] }
  Ports: { Value: !Join ["|", !Ref Ports] }
  Select: { Value: !Select [1, !Ref Subnets] }
  SelectString: { Value: !Select ["2", !Split ["/", "a/b/c"]] }
  Number: { Value: !Join ["", [!Ref Size, "x"]] }
  Azs: { Value: !Join [",", !GetAZs ""] }
  Az: { Value: !Select [0, !GetAZs eu-west-1] }
`);
    expect(out).toEqual({ Join: "a,b,c", Ports: "80|443", Select: "b", SelectString: "c", Number: "3x", Azs: "us-east-1a,us-east-1b,us-east-1c", Az: "eu-west-1a" });
  });

  it("Fn::FindInMap with resolved keys", async () => {
    const out = await outputs(`${BASE}
Outputs:
  Ami: { Value: !FindInMap [Regions, !Ref "AWS::Region", Ami] }
`);
    expect(out.Ami).toBe("ami-111");
  });

  it("conditions: Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition, and Fn::If with AWS::NoValue", async () => {
    const body = `${BASE}
Outputs:
  Pick: { Value: !If [IsDev, dev-value, prod-value] }
  Nested: { Value: !If [DevInUs, !If [Either, both, one], none] }
  Dropped: { Value: !Join [",", [a, !If [IsProd, b, !Ref "AWS::NoValue"], c]] }
  ProdOnly: { Condition: IsProd, Value: yes }
`;
    expect(await outputs(body)).toEqual({ Pick: "dev-value", Nested: "both", Dropped: "a,c" });
    expect(await outputs(body, { Env: "prod" })).toEqual({ Pick: "prod-value", Nested: "none", Dropped: "a,b,c", ProdOnly: "yes" });
  });

  it("AWS::NoValue removes a property", async () => {
    const model = await apps.load(`${BASE}
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !If [IsProd, prod-topic, !Ref "AWS::NoValue"]
      DisplayName: shown
`);
    expect(model.resources.Topic.properties).toEqual({ DisplayName: "shown" });
    expect(model.resources.Topic.attributes.TopicName).toMatch(/^app-Topic-[A-Z0-9]{12}$/);
  });

  it("Fn::Base64, Fn::Cidr, Fn::Length, Fn::ToJsonString", async () => {
    const out = await outputs(`${BASE}
Outputs:
  B64: { Value: !Base64 "hello" }
  Cidr: { Value: !Join [" ", !Cidr ["10.0.0.0/16", 3, 8]] }
  Cidr6: { Value: !Select [1, !Cidr ["2001:db8::/56", 2, 64]] }
  Length: { Value: !Join ["", [!Length [a, b, c]]] }
  Json: { Value: { "Fn::ToJsonString": { a: [1, "b"] } } }
`);
    expect(out).toEqual({
      B64: "aGVsbG8=",
      Cidr: "10.0.0.0/24 10.0.1.0/24 10.0.2.0/24",
      Cidr6: "2001:db8:0:1::/64",
      Length: "3",
      Json: '{"a":[1,"b"]}',
    });
  });

  it("Fn::ImportValue resolves to the export name, with a warning", async () => {
    const model = await apps.load(`${BASE}
Outputs:
  Imported: { Value: !ImportValue shared-vpc-id }
`);
    expect(model.outputs.Imported.value).toBe("shared-vpc-id");
    expect(model.warnings).toContain('Fn::ImportValue shared-vpc-id reads another stack\'s export, which the sandbox does not have; it resolves to the export name "shared-vpc-id"');
  });

  it("rejects Fn::Select out of range, an unknown mapping key and an unknown attribute", async () => {
    let error = await sandboxError(apps.load(`${BASE}
Outputs:
  X: { Value: !Select [5, !Ref Subnets] }
`));
    expect(error.message).toBe("Template error: Fn::Select cannot select nonexistent value at index 5");
    expect(error.line).toBe(26);
    error = await sandboxError(apps.load(`${BASE}
Outputs:
  X: { Value: !FindInMap [Regions, ap-south-1, Ami] }
`));
    expect(error.message).toBe("Template error: Unable to get mapping for Regions::ap-south-1::Ami");
    error = await sandboxError(apps.load(`${BASE}
Outputs:
  X: { Value: !GetAtt Table.Nope }
`));
    expect(error.message).toBe("Template error: resource Table does not support attribute type Nope in Fn::GetAtt");
    error = await sandboxError(apps.load(`${BASE}
Outputs:
  X: { Value: !GetAtt Missing.Arn }
`));
    expect(error.message).toBe("Template error: instance of Fn::GetAtt references undefined resource Missing");
    error = await sandboxError(apps.load(`${BASE}
Outputs:
  X: { Value: !Ref Missing }
`));
    expect(error.message).toBe("Template format error: Unresolved resource dependencies [Missing] in the Outputs block of the template");
  });

  it("rejects an unknown YAML tag and an unknown function", async () => {
    let error = await sandboxError(apps.load(`${BASE}
Outputs:
  X: { Value: !Reff Env }
`));
    expect(error.message).toBe("Unknown YAML tag !Reff");
    expect(error.line).toBe(26);
    error = await sandboxError(apps.load(`${BASE}
Outputs:
  X: { Value: { "Fn::Concat": [a, b] } }
`));
    expect(error.message).toBe("Template format error: Encountered unsupported function: Fn::Concat");
  });

  it("rejects a Fn::Sub variable that is a list", async () => {
    const error = await sandboxError(apps.load(`${BASE}
Outputs:
  X: { Value: !Sub "\${Subnets}" }
`));
    expect(error.message).toBe("Template error: variable Subnets in Fn::Sub expression does not resolve to a string");
  });
});
