import { AddPermissionCommand, CreateQueueCommand, GetQueueAttributesCommand, OverLimit } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSqs, type Harness } from "./helpers.js";

let h: Harness;
let QueueUrl: string;
beforeAll(async () => {
  h = await startSqs();
  QueueUrl = (await h.client.send(new CreateQueueCommand({ QueueName: "shared" }))).QueueUrl ?? "";
});
afterAll(() => h.close());

const grant = (Actions: string[], AWSAccountIds = ["111122223333"], Label = "grant") =>
  h.client.send(new AddPermissionCommand({ QueueUrl, Label, AWSAccountIds, Actions }));
const policy = async () => (await h.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["Policy"] }))).Attributes?.Policy;

describe("AddPermission", () => {
  it("grants up to seven actions in one statement", async () => {
    const seven = ["SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl", "PurgeQueue"];
    await grant(seven, ["111122223333"], "seven");
    expect(JSON.parse((await policy()) ?? "{}").Statement[0].Action).toEqual(seven.map((a) => `SQS:${a}`));
  });

  it("refuses an eighth action with OverLimit (HTTP 403)", async () => {
    const eight = ["ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue", "ReceiveMessage", "SendMessage"];
    const error = await grant(eight).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverLimit);
    expect(error).toMatchObject({ message: "8 Actions were found, maximum allowed is 7.", $metadata: { httpStatusCode: 403 } });
  });

  it("refuses to grant an action only the queue's owner may call", async () => {
    await expect(grant(["RemovePermission"])).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Value SQS:RemovePermission for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.",
    });
  });

  it("refuses a name that is no grantable action, such as one with an sqs: prefix or a batch action", async () => {
    for (const action of ["sqs:SendMessage", "SendMessageBatch"]) {
      await expect(grant(["ReceiveMessage", action])).rejects.toMatchObject({
        name: "InvalidParameterValue",
        message: `Value SQS:${action} for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.`,
      });
    }
  });

  it("needs at least one action and one account", async () => {
    await expect(grant([])).rejects.toMatchObject({ name: "MissingParameter", message: "The request must contain the parameter Actions." });
    await expect(grant(["SendMessage"], [])).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Value [] for parameter PrincipalId is invalid. Reason: Unable to verify.",
    });
  });

  it("leaves the policy as it was after a refused grant", async () => {
    const before = await policy();
    await grant(["CreateQueue"], ["111122223333"], "refused").catch(() => undefined);
    expect(await policy()).toBe(before);
  });
});
