/**
 * REST API `Type: AWS` integrations to S3 by path (`s3:path/<bucket>/<key>`, API Gateway as an S3 proxy)
 * and to SSM's GetParameter, replayed from localstack's tests/aws/services/apigateway/test_apigateway_s3.py
 * and test_apigateway_ssm.py (aws.validated; their .snapshot.json) against a template's API, bucket and
 * parameter, through HTTP and the S3 client.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Store:
    Type: AWS::S3::Bucket
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineType: EXPRESS
      RoleArn: arn:aws:iam::000000000000:role/sfn
      Definition:
        Comment: Hello World example
        StartAt: step1
        States:
          step1: { Type: Pass, End: true }
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Name: param-test-123
      Type: String
      Value: "123"
  Proxy:
    Type: AWS::Serverless::Api
    Properties:
      StageName: test
      DefinitionBody:
        swagger: "2.0"
        info: { title: s3-proxy }
        paths:
          # test_apigateway_s3_any: ANY /{object_path+} → the same method on <bucket>/{object_path}.
          /{object_path+}:
            x-amazon-apigateway-any-method:
              parameters:
                - { name: object_path, in: path, required: true, type: string }
              responses: { "200": { description: ok } }
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: ANY
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:s3:path/\${Store}/{object_path}
                requestParameters:
                  integration.request.path.object_path: method.request.path.object_path
                  integration.request.header.Content-Type: method.request.header.Content-Type
                responses:
                  default: { statusCode: "200" }
          # test_apigateway_s3_method_mapping: GET /get, /put and /delete call GET, PUT and DELETE on one object.
          /get:
            get:
              responses: { "200": { description: ok } }
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: GET
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:s3:path/\${Store}/test.json
                responses:
                  default: { statusCode: "200" }
          /put:
            get:
              responses: { "200": { description: ok } }
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: PUT
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:s3:path/\${Store}/test.json
                requestParameters:
                  integration.request.header.Content-Type: "'application/json'"
                requestTemplates:
                  application/json: '{"message": "great success!"}'
                responses:
                  default: { statusCode: "200" }
          /delete:
            get:
              responses: { "200": { description: ok } }
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: DELETE
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:s3:path/\${Store}/test.json
                responses:
                  default: { statusCode: "200" }
          # test_ssm_aws_integration: GET /ssm → ssm:action/GetParameter, Name from a literal query parameter.
          /ssm:
            get:
              responses: { "200": { description: ok } }
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:ssm:action/GetParameter
                passthroughBehavior: when_no_templates
                requestParameters:
                  integration.request.querystring.Name: "'param-test-123'"
                responses:
                  default: { statusCode: "200" }
          # test_apigateway_with_step_function_integration[StartExecution]: the recorded request template.
          /sfn-start:
            post:
              responses: { "200": { description: ok } }
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:states:action/StartExecution
                requestTemplates:
                  application/json: !Sub |
                    {
                    "input": "$util.escapeJavaScript($input.json('$'))",
                    "stateMachineArn": "\${Machine}"
                    }
                responses:
                  default: { statusCode: "200" }
          # test_apigateway_with_step_function_integration[DeleteStateMachine]: no templates, the body passes through.
          /sfn-delete:
            post:
              responses: { "200": { description: ok } }
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:states:action/DeleteStateMachine
                responses:
                  default: { statusCode: "200" }
Outputs:
  BucketName:
    Value: !Ref Store
  MachineArn:
    Value: !Ref Machine
`;

describe("API Gateway AWS integrations to S3 by path and to SSM", () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let s3: S3Client;
  const bucket = () => sandbox.app.outputs.BucketName.value;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "apigw-s3-"));
    writeFileSync(join(dir, "template.yaml"), TEMPLATE);
    sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, inMemory: true });
    s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true });
  });

  afterAll(async () => {
    s3?.destroy();
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("ANY /{object_path+} puts, reads back, overwrites and deletes the object (test_apigateway_s3_any)", async () => {
    const url = `${sandbox.apiUrl}/any.json`;
    const put = (data: unknown) => fetch(url, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
    expect((await put({ put_id: 1 })).status).toBe(200);
    let got = await fetch(url);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('{"put_id":1}');
    expect((await put({ put_id: 2 })).status).toBe(200);
    got = await fetch(url);
    expect(await got.json()).toEqual({ put_id: 2 });
    // The object was written with the request's Content-Type, mapped onto the integration request.
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: "any.json" }));
    expect(stored.ContentType).toBe("application/json");
    await stored.Body?.transformToString();

    expect((await fetch(url, { method: "DELETE" })).status).toBe(200);
    // get-object-s3: NoSuchKey, "The specified key does not exist.", 404.
    const error = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: "any.json" })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(S3ServiceException);
    expect(error).toMatchObject({ name: "NoSuchKey", message: "The specified key does not exist.", $metadata: { httpStatusCode: 404 } });
  });

  it("maps GET methods onto PUT, GET and DELETE of one object; a missing object is S3's XML error under the default 200 (test_apigateway_s3_method_mapping)", async () => {
    expect((await fetch(`${sandbox.apiUrl}/put`)).status).toBe(200);
    const got = await fetch(`${sandbox.apiUrl}/get`);
    expect(got.status).toBe(200);
    // get-object
    expect(await got.json()).toEqual({ message: "great success!" });
    expect((await fetch(`${sandbox.apiUrl}/delete`)).status).toBe(200);

    const missing = await fetch(`${sandbox.apiUrl}/get`);
    expect(missing.status).toBe(200);
    // get-deleted-object: {"Error": {"Code": "NoSuchKey", "Key": "test.json", "Message": "The specified key does not exist.", "RequestId", "HostId"}}
    const text = await missing.text();
    expect(text).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist\.<\/Message><Key>test\.json<\/Key><RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/,
    );
  });

  it("GET /ssm answers GetParameter in the query protocol's JSON form (test_ssm_aws_integration)", async () => {
    const res = await fetch(`${sandbox.apiUrl}/ssm`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { GetParameterResponse: { GetParameterResult: { Parameter: Record<string, unknown> }; ResponseMetadata: { RequestId?: string } } };
    // ssm-aws-integration
    expect(body.GetParameterResponse.GetParameterResult).toEqual({
      Parameter: {
        ARN: "arn:aws:ssm:us-east-1:000000000000:parameter/param-test-123",
        DataType: "text",
        LastModifiedDate: expect.any(Number),
        Name: "param-test-123",
        Selector: null,
        SourceResult: null,
        Type: "String",
        Value: "123",
        Version: 1,
      },
    });
    expect(Object.keys(body.GetParameterResponse.GetParameterResult.Parameter)).toEqual(["ARN", "DataType", "LastModifiedDate", "Name", "Selector", "SourceResult", "Type", "Value", "Version"]);
    expect(body.GetParameterResponse.ResponseMetadata.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("POST /sfn-start answers StartExecution's executionArn and startDate (test_apigateway_with_step_function_integration[StartExecution])", async () => {
    const res = await fetch(`${sandbox.apiUrl}/sfn-start`, { method: "POST", body: new TextEncoder().encode(JSON.stringify({ test: "test-value" })) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    // start_execution_response
    expect(Object.keys(body).sort()).toEqual(["executionArn", "startDate"]);
    expect(body.executionArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:000000000000:express:${String(sandbox.app.outputs.MachineArn.value).split(":").pop()}:`));
  });

  it("POST /sfn-delete passes the body to DeleteStateMachine and answers its empty result (test_apigateway_with_step_function_integration[DeleteStateMachine])", async () => {
    const res = await fetch(`${sandbox.apiUrl}/sfn-delete`, { method: "POST", body: new TextEncoder().encode(JSON.stringify({ stateMachineArn: sandbox.app.outputs.MachineArn.value })) });
    expect(res.status).toBe(200);
    // delete_state_machine_response
    expect(await res.json()).toEqual({});
  });
});
