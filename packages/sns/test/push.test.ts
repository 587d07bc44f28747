import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreatePlatformApplicationCommand, CreatePlatformEndpointCommand, CreateTopicCommand, DeleteEndpointCommand, DeletePlatformApplicationCommand,
  EndpointDisabledException, GetEndpointAttributesCommand, GetPlatformApplicationAttributesCommand, InvalidParameterException,
  ListEndpointsByPlatformApplicationCommand, ListPlatformApplicationsCommand, NotFoundException, PublishCommand,
  SetEndpointAttributesCommand, SetPlatformApplicationAttributesCommand, SubscribeCommand,
} from "@aws-sdk/client-sns";
import { ACCOUNT, REGION, caught, startSns, until, type Harness } from "./helpers.js";

const appArn = (platform: string, name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:app/${platform}/${name}`;

describe("mobile push", () => {
  let h: Harness;
  let gcm: string;

  beforeAll(async () => {
    h = await startSns();
    const created = await h.client.send(new CreatePlatformApplicationCommand({ Name: "android", Platform: "GCM", Attributes: { PlatformCredential: "server-key" } }));
    gcm = created.PlatformApplicationArn ?? "";
  });

  afterAll(async () => {
    await h.close();
  });

  describe("CreatePlatformApplication", () => {
    it("creates an application whose credentials are never shown", async () => {
      expect(gcm).toBe(appArn("GCM", "android"));
      const { Attributes } = await h.client.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn: gcm }));
      expect(Attributes).toEqual({ Enabled: "true" });
    });

    it("rejects an unsupported platform and a bad name with AWS's texts", async () => {
      const platform = await caught(h.client.send(new CreatePlatformApplicationCommand({ Name: "x", Platform: "FOO", Attributes: { PlatformCredential: "k" } })));
      expect(platform).toBeInstanceOf(InvalidParameterException);
      expect(platform.message).toBe("Invalid parameter: Platform Reason: FOO is not supported");
      const name = await caught(h.client.send(new CreatePlatformApplicationCommand({ Name: "bad name", Platform: "GCM", Attributes: { PlatformCredential: "k" } })));
      expect(name.message).toBe("Invalid parameter: bad name Reason: must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'");
    });

    it("needs PlatformPrincipal and PlatformCredential together for certificate platforms", async () => {
      const noPrincipal = await caught(h.client.send(new CreatePlatformApplicationCommand({ Name: "ios", Platform: "APNS", Attributes: { PlatformCredential: "key" } })));
      expect(noPrincipal.message).toBe("Invalid parameter: Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal");
      const noCredential = await caught(h.client.send(new CreatePlatformApplicationCommand({ Name: "ios", Platform: "APNS", Attributes: { PlatformPrincipal: "cert" } })));
      expect(noCredential.message).toBe("Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential");
      const ok = await h.client.send(new CreatePlatformApplicationCommand({ Name: "ios", Platform: "APNS_SANDBOX", Attributes: { PlatformPrincipal: "cert", PlatformCredential: "key" } }));
      expect(ok.PlatformApplicationArn).toBe(appArn("APNS_SANDBOX", "ios"));
    });

    it("refuses credentials no push service would take", async () => {
      const empty = await caught(h.client.send(new CreatePlatformApplicationCommand({ Name: "x", Platform: "GCM", Attributes: { PlatformCredential: " " } })));
      expect(empty.message).toBe("Invalid parameter: Attributes Reason: Platform credentials are invalid");
      const json = await caught(h.client.send(new CreatePlatformApplicationCommand({ Name: "x", Platform: "GCM", Attributes: { PlatformCredential: '{"type": "service_account",' } })));
      expect(json.message).toBe("Invalid parameter: Attributes Reason: Platform credentials are invalid");
    });

    it("reports missing Attributes as SNS's ValidationError", async () => {
      const err = await caught(h.client.send(new CreatePlatformApplicationCommand({ Name: "x", Platform: "GCM", Attributes: {} })));
      expect(err.name).toBe("ValidationError");
      expect(err.message).toBe("1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null");
    });
  });

  describe("platform application attributes, listing and deletion", () => {
    it("sets attributes and lists applications", async () => {
      await h.client.send(new SetPlatformApplicationAttributesCommand({ PlatformApplicationArn: gcm, Attributes: { EventEndpointCreated: "arn:aws:sns:us-east-1:000000000000:events" } }));
      const { Attributes } = await h.client.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn: gcm }));
      expect(Attributes).toEqual({ Enabled: "true", EventEndpointCreated: "arn:aws:sns:us-east-1:000000000000:events" });
      const listed = await h.client.send(new ListPlatformApplicationsCommand({}));
      expect(listed.PlatformApplications?.map((a) => a.PlatformApplicationArn)).toContain(gcm);
      expect(listed.NextToken).toBeUndefined();
    });

    it("answers NotFound and malformed ARNs with AWS's texts", async () => {
      const missing = await caught(h.client.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn: appArn("GCM", "nope") })));
      expect(missing).toBeInstanceOf(NotFoundException);
      expect(missing.message).toBe("PlatformApplication does not exist");
      const slashes = await caught(h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: `arn:aws:sns:${REGION}:${ACCOUNT}:app/GCM`, Token: "t" })));
      expect(slashes.message).toBe("Invalid parameter: PlatformApplicationArn Reason: Wrong number of slashes in relative portion of the ARN.");
    });

    it("deletes an application with its endpoints, idempotently", async () => {
      const { PlatformApplicationArn: arn = "" } = await h.client.send(new CreatePlatformApplicationCommand({ Name: "gone", Platform: "GCM", Attributes: { PlatformCredential: "k" } }));
      const { EndpointArn = "" } = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: arn, Token: "tok" }));
      await h.client.send(new DeletePlatformApplicationCommand({ PlatformApplicationArn: arn }));
      await h.client.send(new DeletePlatformApplicationCommand({ PlatformApplicationArn: arn }));
      const err = await caught(h.client.send(new GetEndpointAttributesCommand({ EndpointArn })));
      expect(err.message).toBe("Endpoint does not exist");
    });
  });

  describe("platform endpoints", () => {
    it("creates an endpoint idempotently for the same token and attributes", async () => {
      const first = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "device-1", CustomUserData: "user-42" }));
      expect(first.EndpointArn).toMatch(new RegExp(`^arn:aws:sns:${REGION}:${ACCOUNT}:endpoint/GCM/android/[0-9a-f-]{36}$`));
      const again = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "device-1", CustomUserData: "user-42" }));
      expect(again.EndpointArn).toBe(first.EndpointArn);
      // Giving the default Enabled explicitly is the same attributes.
      const explicit = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "device-1", CustomUserData: "user-42", Attributes: { Enabled: "true" } }));
      expect(explicit.EndpointArn).toBe(first.EndpointArn);
      const { Attributes } = await h.client.send(new GetEndpointAttributesCommand({ EndpointArn: first.EndpointArn }));
      expect(Attributes).toEqual({ Enabled: "true", Token: "device-1", CustomUserData: "user-42" });
    });

    it("refuses the same token with different attributes", async () => {
      const { EndpointArn } = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "device-2" }));
      const err = await caught(h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "device-2", CustomUserData: "other" })));
      expect(err).toBeInstanceOf(InvalidParameterException);
      expect(err.message).toBe(`Invalid parameter: Token Reason: Endpoint ${EndpointArn} already exists with the same Token, but different attributes.`);
    });

    it("checks endpoint attributes", async () => {
      const name = await caught(h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "d", Attributes: { Colour: "red" } })));
      expect(name.message).toBe("Invalid parameter: Attributes Reason: Invalid attribute name: Colour");
      const big = await caught(h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "d", CustomUserData: "x".repeat(2049) })));
      expect(big.message).toBe("Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding");
      const noApp = await caught(h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: appArn("GCM", "nope"), Token: "d" })));
      expect(noApp).toBeInstanceOf(NotFoundException);
      expect(noApp.message).toBe("PlatformApplication does not exist");
    });

    it("lists, updates and deletes endpoints", async () => {
      const { EndpointArn = "" } = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "device-3" }));
      await h.client.send(new SetEndpointAttributesCommand({ EndpointArn, Attributes: { CustomUserData: "now-set" } }));
      const listed = await h.client.send(new ListEndpointsByPlatformApplicationCommand({ PlatformApplicationArn: gcm }));
      expect(listed.Endpoints?.find((e) => e.EndpointArn === EndpointArn)?.Attributes).toEqual({ Enabled: "true", Token: "device-3", CustomUserData: "now-set" });
      await h.client.send(new DeleteEndpointCommand({ EndpointArn }));
      await h.client.send(new DeleteEndpointCommand({ EndpointArn }));
      const missing = await caught(h.client.send(new GetEndpointAttributesCommand({ EndpointArn })));
      expect(missing).toBeInstanceOf(NotFoundException);
      expect(missing.message).toBe("Endpoint does not exist");
      const malformed = await caught(h.client.send(new GetEndpointAttributesCommand({ EndpointArn: `arn:aws:sns:${REGION}:${ACCOUNT}:endpoint/GCM` })));
      expect(malformed.message).toBe("Invalid parameter: EndpointArn Reason: Wrong number of slashes in relative portion of the ARN.");
    });

    it("pages ListEndpointsByPlatformApplication by 100", async () => {
      const { PlatformApplicationArn: arn = "" } = await h.client.send(new CreatePlatformApplicationCommand({ Name: "many", Platform: "GCM", Attributes: { PlatformCredential: "k" } }));
      for (let i = 0; i < 101; i++) await h.sns.engine.createPlatformEndpoint({ PlatformApplicationArn: arn, Token: `t${i}` });
      const first = await h.client.send(new ListEndpointsByPlatformApplicationCommand({ PlatformApplicationArn: arn }));
      expect(first.Endpoints).toHaveLength(100);
      const second = await h.client.send(new ListEndpointsByPlatformApplicationCommand({ PlatformApplicationArn: arn, NextToken: first.NextToken }));
      expect(second.Endpoints?.map((e) => e.Attributes?.Token)).toEqual(["t100"]);
      expect(second.NextToken).toBeUndefined();
    });
  });

  describe("Publish to an endpoint", () => {
    it("delivers the platform's entry of a json message by printing and recording it", async () => {
      const { EndpointArn = "" } = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "push-1" }));
      const message = JSON.stringify({ default: "plain", GCM: JSON.stringify({ notification: { title: "Hi" } }) });
      const { MessageId } = await h.client.send(new PublishCommand({ TargetArn: EndpointArn, Message: message, MessageStructure: "json" }));
      expect(h.sns.engine.sentMessages(EndpointArn)).toEqual([
        expect.objectContaining({ messageId: MessageId, protocol: "application", destination: EndpointArn, message: '{"notification":{"title":"Hi"}}' }),
      ]);
      expect(h.logger.lines.some((l) => l.includes(`push (GCM) to ${EndpointArn}`) && l.includes('"title":"Hi"'))).toBe(true);
      // A platform entry may stand in for "default" when publishing to an endpoint.
      await h.client.send(new PublishCommand({ TargetArn: EndpointArn, Message: JSON.stringify({ GCM: "only-gcm" }), MessageStructure: "json" }));
      expect(h.sns.engine.sentMessages(EndpointArn).at(-1)?.message).toBe("only-gcm");
    });

    it("refuses a disabled endpoint and an unknown one", async () => {
      const { EndpointArn = "" } = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "push-2", Attributes: { Enabled: "false" } }));
      // The endpoint is checked before the message: "msg" is no JSON, yet the answer is EndpointDisabled.
      const disabled = await caught(h.client.send(new PublishCommand({ TargetArn: EndpointArn, Message: "msg", MessageStructure: "json" })));
      expect(disabled).toBeInstanceOf(EndpointDisabledException);
      expect(disabled.message).toBe("Endpoint is disabled");
      expect(disabled.$metadata?.httpStatusCode).toBe(400);
      const unknown = await caught(h.client.send(new PublishCommand({ TargetArn: `${EndpointArn.slice(0, -4)}0000`, Message: "hello" })));
      expect(unknown.message).toBe("Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified");
    });

    it("delivers topic messages to an application subscription", async () => {
      const { EndpointArn = "" } = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "push-3" }));
      const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "push-news" }));
      const sub = await h.client.send(new SubscribeCommand({ TopicArn, Protocol: "application", Endpoint: EndpointArn }));
      expect(sub.SubscriptionArn).toMatch(/^arn:aws:sns:.*:push-news:/);
      await h.client.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ default: "d", GCM: "for android" }), MessageStructure: "json" }));
      await h.sns.engine.settled();
      await until(() => h.sns.engine.sentMessages(EndpointArn).length === 1, "push delivery");
      expect(h.sns.engine.sentMessages(EndpointArn)[0]).toMatchObject({ message: "for android", topicArn: TopicArn, subscriptionArn: sub.SubscriptionArn });
    });

    it("refuses to subscribe an endpoint that does not exist", async () => {
      const { EndpointArn = "" } = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "push-5" }));
      await h.client.send(new DeleteEndpointCommand({ EndpointArn }));
      const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "push-gone" }));
      const err = await caught(h.client.send(new SubscribeCommand({ TopicArn, Protocol: "application", Endpoint: EndpointArn })));
      expect(err).toBeInstanceOf(InvalidParameterException);
      expect(err.message).toBe(`Invalid parameter: Endpoint Reason: Endpoint does not exist for endpoint arn${EndpointArn}`);
    });

    it("skips a disabled endpoint subscribed to a topic", async () => {
      const { EndpointArn = "" } = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: gcm, Token: "push-4" }));
      const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "push-off" }));
      await h.client.send(new SubscribeCommand({ TopicArn, Protocol: "application", Endpoint: EndpointArn }));
      await h.client.send(new SetEndpointAttributesCommand({ EndpointArn, Attributes: { Enabled: "false" } }));
      const failed: string[] = [];
      h.events.on("snsDelivery", (d) => {
        if (d.endpoint === EndpointArn) failed.push(`${d.status}: ${d.error ?? ""}`);
      });
      await h.client.send(new PublishCommand({ TopicArn, Message: "hello" }));
      await h.sns.engine.settled();
      expect(failed).toEqual(["failed: Endpoint is disabled"]);
      expect(h.sns.engine.sentMessages(EndpointArn)).toEqual([]);
    });
  });

  it("serves the JSON form (X-Amz-Target) too", async () => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSNS.GetEndpointAttributes" },
      body: JSON.stringify({ EndpointArn: `arn:aws:sns:${REGION}:${ACCOUNT}:endpoint/GCM/android/00000000-0000-0000-0000-000000000000` }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ __type: "com.amazonaws.sns#NotFoundException", message: "Endpoint does not exist" });
  });
});
