import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const SAM = "Transform: AWS::Serverless-2016-10-31\nResources:\n";
const PASS = "{ StartAt: A, States: { A: { Type: Pass, End: true } } }";

describe("AWS::Serverless::StateMachine", () => {
  it("reads a YAML DefinitionUri, substituting before parsing", async () => {
    const model = await apps.load(`${SAM}  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: flow.asl.yaml
      DefinitionSubstitutions:
        Seconds: 30
        Label: !Sub "\${AWS::StackName}-wait"
`, { files: { "flow.asl.yaml": "StartAt: Wait\nStates:\n  Wait:\n    Type: Wait\n    Comment: ${Label}\n    Seconds: ${Seconds}\n    End: true\n" } });
    const [flow] = model.stateMachines;
    expect(flow.definition).toEqual({ StartAt: "Wait", States: { Wait: { Type: "Wait", Comment: "app-wait", Seconds: 30, End: true } } });
    expect(JSON.parse(flow.definitionString)).toEqual(flow.definition);
  });

  it("writes non-ASCII text of an inline Definition as \\u escapes, as SAM's json.dumps does", async () => {
    const model = await apps.load(`${SAM}  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition: { Comment: "注文", StartAt: A, States: { A: { Type: Pass, End: true } } }\n`);
    expect(model.stateMachines[0].definitionString).toContain('"Comment": "\\u6ce8\\u6587"');
    expect(model.stateMachines[0].definition.Comment).toBe("注文");
  });

  it("turns an intrinsic's number into a string inside an inline Definition, as SAM's substitution does", async () => {
    const model = await apps.load(`Parameters:
  Wait: { Type: Number, Default: 10 }
${SAM}  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: { StartAt: A, States: { A: { Type: Pass, Result: { seconds: !Ref Wait, literal: 5 }, End: true } } }
`);
    const states = model.stateMachines[0].definition.States as Record<string, { Result: unknown }>;
    expect(states.A.Result).toEqual({ seconds: "10", literal: 5 });
  });

  it("refuses Definition together with DefinitionUri, with SAM's message", async () => {
    const error = await sandboxError(apps.load(`${SAM}  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition: ${PASS}\n      DefinitionUri: flow.json\n`));
    expect(error.message).toBe("Resource with id [Flow] is invalid. Specify either 'Definition' or 'DefinitionUri' property and not both.");
    expect(error.line).toBe(7);
  });

  it("refuses a state machine without a definition, with SAM's message", async () => {
    const error = await sandboxError(apps.load(`${SAM}  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Type: STANDARD\n`));
    expect(error.message).toBe("Resource with id [Flow] is invalid. Either 'Definition' or 'DefinitionUri' property must be specified.");
  });

  it("refuses a DefinitionUri in S3", async () => {
    const error = await sandboxError(apps.load(`${SAM}  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: { Bucket: b, Key: flow.json }\n`));
    expect(error.message).toBe("DefinitionUri of Flow points to S3; the sandbox reads state machine definitions from local files");
    expect(error.hint).toContain("relative to the template");
  });

  it("reports a definition that substitution leaves invalid", async () => {
    const error = await sandboxError(apps.load(`${SAM}  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: flow.json
      DefinitionSubstitutions: { Seconds: "ten seconds" }
`, { files: { "flow.json": '{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":${Seconds},"End":true}}}' } }));
    expect(error.message).toBe("DefinitionUri flow.json of Flow is not valid once DefinitionSubstitutions are applied: Invalid JSON: Unexpected character 't' (line 1, column 55)");
    expect(error.file).toMatch(/flow\.json$/);
    expect(error.line).toBe(1);
  });

  it("refuses Role together with Policies, and a Type other than STANDARD or EXPRESS", async () => {
    let error = await sandboxError(apps.load(`${SAM}  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition: ${PASS}\n      Role: arn:aws:iam::000000000000:role/r\n      Policies: [AWSXrayWriteOnlyAccess]\n`));
    expect(error.message).toBe("Resource with id [Flow] is invalid. Specify either 'Role' or 'Policies' or neither property and not both.");
    error = await sandboxError(apps.load(`${SAM}  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition: ${PASS}\n      Type: SYNC\n`));
    expect(error.message).toBe("Type of Flow must be STANDARD or EXPRESS");
  });

  it("refuses an HttpApi event on a state machine, as SAM does (state machines take Api events only)", async () => {
    const error = await sandboxError(apps.load(`${SAM}  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: ${PASS}
      Events:
        Start:
          Type: HttpApi
          Properties: { Path: /start, Method: post }
`));
    expect(error.message).toBe("Event with id [Start] is invalid. Resource dict has missing or invalid value for key Type. Event Type is: HttpApi.");
    expect(error.line).toBe(8);
    expect(error.hint).toContain("IntegrationSubtype StepFunctions-StartExecution");
  });

  it("refuses a schedule with both State and Enabled, and an invalid expression", async () => {
    const events = (props: string) => `${SAM}  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition: ${PASS}\n      Events:\n        Tick:\n          Type: Schedule\n          Properties: ${props}\n`;
    let error = await sandboxError(apps.load(events("{ Schedule: rate(1 hour), Enabled: true, State: ENABLED }")));
    expect(error.message).toBe("Event with id [Tick] is invalid. State and Enabled Properties cannot both be specified.");
    error = await sandboxError(apps.load(events("{ Schedule: every hour }")));
    expect(error.message).toBe("Tick: Parameter ScheduleExpression is not valid.");
    error = await sandboxError(apps.load(events("{ Input: '{}' }")));
    expect(error.message).toBe("Resource with id [FlowTick] is invalid. Missing required property 'Schedule'.");
  });

  it("lets a function refer to a state machine by !Ref (its ARN) and !GetAtt .Name", async () => {
    const model = await apps.load(`${SAM}  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: checkout
      Definition: ${PASS}
  Starter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Environment:
        Variables:
          FLOW_ARN: !Ref Flow
          FLOW_NAME: !GetAtt Flow.Name
          FLOW_SUB: !Sub "\${Flow}|\${Flow.Name}"
`);
    expect(model.functions[0].environment).toEqual({
      FLOW_ARN: "arn:aws:states:us-east-1:000000000000:stateMachine:checkout",
      FLOW_NAME: "checkout",
      FLOW_SUB: "arn:aws:states:us-east-1:000000000000:stateMachine:checkout|checkout",
    });
  });

  it("refuses an attribute state machines do not have", async () => {
    const error = await sandboxError(apps.load(`${SAM}  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition: ${PASS}\nOutputs:\n  X: { Value: !GetAtt Flow.Arnn }\n`));
    expect(error.message).toBe("Template error: resource Flow does not support attribute type Arnn in Fn::GetAtt");
  });
});

describe("AWS::StepFunctions::StateMachine (CloudFormation, CDK)", () => {
  const cdkTemplate = (extra: Record<string, unknown> = {}) => JSON.stringify({
    Resources: {
      Fn: { Type: "AWS::Lambda::Function", Properties: { Runtime: "nodejs22.x", Handler: "index.handler", Code: { ZipFile: "exports.handler = async () => 1;" }, Role: "arn:aws:iam::000000000000:role/fn" } },
      Role: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: {} } },
      Machine: {
        Type: "AWS::StepFunctions::StateMachine",
        Properties: {
          RoleArn: { "Fn::GetAtt": ["Role", "Arn"] },
          DefinitionString: { "Fn::Join": ["", ['{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"', { "Fn::GetAtt": ["Fn", "Arn"] }, '","TimeoutSeconds":${Timeout},"End":true}}}']] },
          DefinitionSubstitutions: { Timeout: 7 },
          StateMachineType: "EXPRESS",
          TracingConfiguration: { Enabled: false },
          Tags: [{ Key: "owner", Value: "cdk" }],
          ...extra,
        },
      },
    },
  });

  it("resolves DefinitionString written with Fn::Join and applies DefinitionSubstitutions", async () => {
    const model = await apps.load(cdkTemplate(), { name: "template.json" });
    const [machine] = model.stateMachines;
    expect(machine).toMatchObject({
      logicalId: "Machine",
      name: expect.stringMatching(/^Machine-[A-Za-z0-9]{12}$/),
      type: "EXPRESS",
      roleArn: expect.stringMatching(/^arn:aws:iam::000000000000:role\/app-Role-[A-Z0-9]{12}$/),
      tracingEnabled: false,
      tags: [{ key: "owner", value: "cdk" }],
      schedules: [],
    });
    expect(machine.definition).toEqual({ StartAt: "Call", States: { Call: { Type: "Task", Resource: model.functions[0].arn, TimeoutSeconds: 7, End: true } } });
    expect(machine.definitionString).toBe(`{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"${model.functions[0].arn}","TimeoutSeconds":7,"End":true}}}`);
    expect(model.warnings).toEqual([]);
  });

  it("reads a Definition object, its keys sorted as CloudFormation sends it (AWS-recorded test_cloudformation_definition_create_describe)", async () => {
    const definition = { Comment: "BASE_PASS_RESULT", StartAt: "State_1", States: { State_1: { Type: "Pass", Result: { Zeta: 1, Arg1: "argument1" }, End: true } } };
    const model = await apps.load(cdkTemplate({ DefinitionString: undefined, Definition: definition }), { name: "template.json" });
    expect(model.stateMachines[0].definition).toEqual(definition);
    expect(model.stateMachines[0].definitionString).toBe('{"Comment":"BASE_PASS_RESULT","StartAt":"State_1","States":{"State_1":{"End":true,"Result":{"Arg1":"argument1","Zeta":1},"Type":"Pass"}}}');
  });

  it("refuses DefinitionS3Location and a missing RoleArn", async () => {
    let error = await sandboxError(apps.load(cdkTemplate({ DefinitionS3Location: { Bucket: "b", Key: "k" } }), { name: "template.json" }));
    expect(error.message).toBe("DefinitionS3Location of Machine is in S3; the sandbox reads state machine definitions from the template");
    error = await sandboxError(apps.load(cdkTemplate({ RoleArn: undefined }), { name: "template.json" }));
    expect(error.message).toBe("Properties validation failed for resource Machine with message: #: required key [RoleArn] not found");
  });

  it("reports a DefinitionString that is not JSON", async () => {
    const error = await sandboxError(apps.load(cdkTemplate({ DefinitionString: "StartAt: A" }), { name: "template.json" }));
    expect(error.message).toMatch(/^DefinitionString of Machine is not valid JSON once DefinitionSubstitutions are applied: /);
  });
});

describe("API Gateway integrations that call Step Functions, outside SAM events", () => {
  const machine = `  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineName: flow
      RoleArn: arn:aws:iam::000000000000:role/flow
      Definition: ${PASS}
`;

  it("reads an HTTP API integration with IntegrationSubtype StepFunctions-StartExecution (CDK's HttpStepFunctionsIntegration)", async () => {
    const model = await apps.load(`Resources:
${machine}  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: orders, ProtocolType: HTTP }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationSubtype: StepFunctions-StartExecution
      PayloadFormatVersion: "1.0"
      CredentialsArn: arn:aws:iam::000000000000:role/apigw
      RequestParameters:
        StateMachineArn: !Ref Flow
        Input: $request.body
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: POST /orders
      Target: !Sub "integrations/\${Integration}"
`);
    expect(model.apis[0].routes).toEqual([{
      method: "POST",
      path: "/orders",
      functionLogicalId: "",
      functionName: "",
      payloadFormatVersion: "1.0",
      eventId: "Route",
      stepFunctions: {
        action: "StartExecution",
        stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:flow",
        stateMachineLogicalId: "Flow",
        requestParameters: { StateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:flow", Input: "$request.body" },
      },
    }]);
  });

  it("skips a Step Functions integration without its required parameter, with a warning", async () => {
    const model = await apps.load(`Resources:
  Api: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: x, ProtocolType: HTTP } }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationSubtype: StepFunctions-StopExecution, RequestParameters: { Cause: x } }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: DELETE /runs, Target: !Sub "integrations/\${Integration}" }
`);
    expect(model.apis[0].routes).toEqual([]);
    expect(model.warnings).toContain("AWS::ApiGatewayV2::Route Route (DELETE /runs): IntegrationSubtype StepFunctions-StopExecution needs RequestParameters.ExecutionArn; skipped");
  });

  it("reads integrationSubtype from an HttpApi DefinitionBody and SAM's StartExecution template from a REST one", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
${machine}  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: "3.0.1"
        paths:
          /sync:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                integrationSubtype: StepFunctions-StartSyncExecution
                payloadFormatVersion: "1.0"
                requestParameters: { StateMachineArn: !Ref Flow, Input: $request.body, Name: $context.requestId }
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      DefinitionBody:
        swagger: "2.0"
        paths:
          /start:
            post:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: !Sub "arn:aws:apigateway:\${AWS::Region}:states:action/StartExecution"
                requestTemplates:
                  application/json: !Sub '{"input": "$util.escapeJavaScript($input.json(''$''))", "stateMachineArn": "\${Flow}"}'
          /custom:
            post:
              x-amazon-apigateway-integration:
                type: aws
                uri: !Sub "arn:aws:apigateway:\${AWS::Region}:states:action/StartExecution"
                requestTemplates:
                  application/json: '#set($x = 1) {"input": "$input.body"}'
`);
    const http = model.apis.find((a) => a.logicalId === "Http");
    expect(http?.routes[0]).toMatchObject({
      method: "POST",
      path: "/sync",
      stepFunctions: { action: "StartSyncExecution", stateMachineLogicalId: "Flow", requestParameters: { Input: "$request.body", Name: "$context.requestId" } },
    });
    const rest = model.apis.find((a) => a.logicalId === "Rest");
    expect(rest?.routes).toEqual([expect.objectContaining({
      method: "POST",
      path: "/start",
      stepFunctions: { action: "StartExecution", stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:flow", stateMachineLogicalId: "Flow", unescapeMappingTemplate: false },
    }), expect.objectContaining({
      // Any other mapping template runs as a Type: AWS integration (apis/awsIntegrations.ts).
      method: "POST",
      path: "/custom",
      awsIntegration: { service: "states", action: "StartExecution", requestTemplates: { "application/json": '#set($x = 1) {"input": "$input.body"}' }, responses: [] },
    })]);
    expect(model.warnings.filter((w) => w.includes("/custom"))).toEqual([]);
  });
});
