/**
 * CloudFormation read API behaviours recorded on AWS in LocalStack's suite
 * (tests/aws/services/cloudformation/api/test_templates.snapshot.json).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudFormationClient, GetTemplateCommand, type CloudFormationServiceException } from "@aws-sdk/client-cloudformation";
import { MemoryStore, VirtualClock } from "@sam-sandbox/core";
import { createCloudFormation } from "../src/index.js";
import { rejection, served } from "../../../test/helpers/services.js";

const STACK_ID = "arn:aws:cloudformation:us-east-1:000000000000:stack/shop/8b0f8e1c-0000-4000-8000-000000000001";

let client: CloudFormationClient;
let close: () => Promise<void>;

const failure = (promise: Promise<unknown>) => rejection<CloudFormationServiceException>(promise);

beforeAll(async () => {
  const cfn = await createCloudFormation({
    clock: new VirtualClock(Date.UTC(2026, 10, 26)),
    store: new MemoryStore(),
    stacks: [{ stackName: "shop", stackId: STACK_ID, parameters: [], outputs: [], resources: [], templateBody: "Resources: {}\n" }],
  });
  ({ client: client, close } = await served(cfn.service.handle, (config) => new CloudFormationClient(config)));
});

afterAll(() => close());

describe("GetTemplate", () => {
  it("answers a stack that does not exist with AWS's ValidationError", async () => {
    // test_get_template_missing_resources_stack
    const error = await failure(client.send(new GetTemplateCommand({ StackName: "does-not-exist" })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("Stack with id does-not-exist does not exist");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("asks for StackName when a change set is named without it", async () => {
    // test_get_template_missing_resources_change_set
    const error = await failure(client.send(new GetTemplateCommand({ ChangeSetName: "does-not-exist" })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("StackName is a required parameter.");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("answers ChangeSetNotFound (404) for a change set ARN", async () => {
    // test_get_template_missing_resources_change_set_id
    const arn = "arn:aws:cloudformation:us-east-1:000000000000:changeSet/change-set-926829fe/d065e78c";
    const error = await failure(client.send(new GetTemplateCommand({ ChangeSetName: arn })));
    expect(error.name).toBe("ChangeSetNotFoundException");
    expect(error.message).toBe(`ChangeSet [${arn}] does not exist`);
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});
