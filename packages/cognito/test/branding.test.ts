import { randomUUID, X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserPasswordCommand,
  CreateManagedLoginBrandingCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteManagedLoginBrandingCommand,
  DeleteUserPoolClientCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  GetLogDeliveryConfigurationCommand,
  GetSigningCertificateCommand,
  GetUICustomizationCommand,
  SetLogDeliveryConfigurationCommand,
  SetUICustomizationCommand,
  UpdateManagedLoginBrandingCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 27, 6, 0, 0);
// The 8-byte PNG signature and a little more: enough to be served as image/png.
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const LOG_GROUP = "arn:aws:logs:us-east-1:000000000000:log-group:/cognito/errors";

describe("Cognito branding, signing certificate and log delivery", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(NOW) });
  });
  afterAll(() => h.close());

  async function pool(input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
    return (await h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), ...input }))).UserPool?.Id ?? "";
  }
  async function client(poolId: string): Promise<string> {
    return (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app" }))).UserPoolClient?.ClientId ?? "";
  }
  async function poolWithDomain(): Promise<string> {
    const poolId = await pool();
    await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `d${randomUUID().slice(0, 8)}` }));
    return poolId;
  }

  describe("GetSigningCertificate", () => {
    it("answers the pool's own self-signed certificate, valid for 10 years, the same each time", async () => {
      const poolId = await pool();
      const first = (await h.client.send(new GetSigningCertificateCommand({ UserPoolId: poolId }))).Certificate ?? "";
      expect(first).toMatch(/^MII[A-Za-z0-9+/=]+$/);
      const certificate = new X509Certificate(Buffer.from(first, "base64"));
      expect(certificate.subject).toBe(`CN=${poolId}`);
      expect(certificate.verify(certificate.publicKey)).toBe(true);
      expect(new Date(certificate.validFrom).getTime()).toBe(NOW);
      expect(new Date(certificate.validTo).getTime()).toBe(NOW + 3650 * 24 * 60 * 60 * 1000);
      expect((await h.client.send(new GetSigningCertificateCommand({ UserPoolId: poolId }))).Certificate).toBe(first);
      const other = await pool();
      expect((await h.client.send(new GetSigningCertificateCommand({ UserPoolId: other }))).Certificate).not.toBe(first);
    });

    it("names an unknown pool", async () => {
      expect(await errorOf(h.client.send(new GetSigningCertificateCommand({ UserPoolId: "us-east-1_nope12345" })))).toEqual({ name: "ResourceNotFoundException", message: "User pool us-east-1_nope12345 does not exist.", status: 400 });
    });
  });

  describe("SetUICustomization / GetUICustomization", () => {
    it("sets the pool's default and a client's own; a client without its own gets the default", async () => {
      const poolId = await poolWithDomain();
      const [a, b] = [await client(poolId), await client(poolId)];
      const all = await h.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: "ALL", CSS: ".label-customizable {font-weight: 400;}", ImageFile: PNG }));
      expect(all.UICustomization).toMatchObject({ UserPoolId: poolId, ClientId: "ALL", CSS: ".label-customizable {font-weight: 400;}" });
      // CSSVersion is when it was set, yyyyMMddHHmmss (the AWS CLI's example set-ui-customization.rst).
      expect(all.UICustomization?.CSSVersion).toBe(new Date(NOW).toISOString().slice(0, 19).replace(/\D/g, ""));
      await h.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: a, CSS: ".submitButton-customizable:hover {color: red;}" }));
      const own = (await h.client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: a }))).UICustomization;
      expect(own).toMatchObject({ ClientId: a, CSS: ".submitButton-customizable:hover {color: red;}" });
      expect(own?.ImageUrl).toBeUndefined();
      const inherited = (await h.client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: b }))).UICustomization;
      expect(inherited).toMatchObject({ ClientId: b, CSS: ".label-customizable {font-weight: 400;}" });
      const logo = await fetch(inherited?.ImageUrl ?? "");
      expect(logo.headers.get("content-type")).toBe("image/png");
      expect(Buffer.from(await logo.arrayBuffer())).toEqual(PNG);
      expect((await h.client.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization?.ClientId).toBe("ALL");
    });

    it("answers an empty object when nothing was set", async () => {
      const poolId = await poolWithDomain();
      expect((await h.client.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization).toEqual({});
    });

    it("needs the pool to have a domain, with AWS's text", async () => {
      const poolId = await pool();
      const expected = { name: "InvalidParameterException", message: "There has to be an existing domain associated with this user pool", status: 400 };
      expect(await errorOf(h.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: ".label-customizable {color: red;}" })))).toEqual(expected);
      expect(await errorOf(h.client.send(new GetUICustomizationCommand({ UserPoolId: poolId })))).toEqual(expected);
    });

    it("refuses classes the hosted UI does not have and @-rules", async () => {
      const poolId = await poolWithDomain();
      expect((await errorOf(h.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: ".my-class {color: red;}" })))).name).toBe("InvalidParameterException");
      expect((await errorOf(h.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: "@import url(x.css); .label-customizable {color: red;}" })))).name).toBe("InvalidParameterException");
    });

    it("refuses an unknown client and a logo over 100 KB", async () => {
      const poolId = await poolWithDomain();
      expect(await errorOf(h.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: "nosuchclient", CSS: "" })))).toMatchObject({ name: "ResourceNotFoundException", message: "User pool client nosuchclient does not exist." });
      const big = Buffer.concat([PNG, Buffer.alloc(100 * 1024)]);
      expect(await errorOf(h.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ImageFile: big })))).toMatchObject({ name: "InvalidParameterException", message: "request parameters too large" });
    });
  });

  describe("the hosted UI's sign-in page", () => {
    const CALLBACK = "http://localhost:3000/callback";

    async function hostedPool(input: Partial<CreateUserPoolCommandInput> = {}): Promise<{ poolId: string; clientId: string; authorize: string }> {
      const poolId = await pool(input);
      const domain = `h${randomUUID().slice(0, 8)}`;
      await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
      const created = await h.client.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "spa", AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ["COGNITO"] }),
      );
      const clientId = created.UserPoolClient?.ClientId ?? "";
      const authorize = `${h.url}/${domain}.auth.us-east-1.amazoncognito.com/oauth2/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: CALLBACK, response_type: "code" })}`;
      return { poolId, clientId, authorize };
    }

    it("shows the pool's CSS and logo, on elements with the classic hosted UI's class names", async () => {
      const { poolId, authorize } = await hostedPool();
      expect(await (await fetch(authorize)).text()).not.toContain("logo-customizable");
      const css = ".submitButton-customizable {background-color: #ff9900;}";
      const set = await h.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: "ALL", CSS: css, ImageFile: PNG }));
      const page = await (await fetch(authorize)).text();
      expect(page).toContain(`<style>${css}</style>`);
      expect(page).toContain(`<img class="logo-customizable" src="${set.UICustomization?.ImageUrl ?? ""}"`);
      expect(page).toContain('<button class="submitButton-customizable"');
    });

    it("records its sign-ins in threat protection's event history", async () => {
      const { poolId, authorize } = await hostedPool({ UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } });
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "ann", MessageAction: "SUPPRESS", TemporaryPassword: "Passw0rd!" }));
      await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "ann", Password: "Passw0rd!", Permanent: true }));
      const post = (password: string) =>
        fetch(authorize, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username: "ann", password }).toString() });
      expect((await post("Wrong0ne!")).status).toBe(200);
      expect((await post("Passw0rd!")).status).toBe(302);
      const events = (await h.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "ann" }))).AuthEvents ?? [];
      expect(events.map((e) => `${e.EventType}:${e.EventResponse}`)).toEqual(["SignIn:Pass", "SignIn:Fail"]);
    });
  });

  describe("managed login branding", () => {
    const settings = { components: { primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff" } } } } };
    const asset = { Category: "FORM_LOGO" as const, ColorMode: "LIGHT" as const, Extension: "PNG" as const, Bytes: PNG };

    it("creates a style for a client, describes it by id and by client, updates and deletes it", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      const created = (await h.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: settings, Assets: [asset] }))).ManagedLoginBranding;
      expect(created?.ManagedLoginBrandingId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(created).toMatchObject({ UserPoolId: poolId, UseCognitoProvidedValues: false, Settings: settings, CreationDate: new Date(NOW) });
      expect(created?.Assets?.[0]).toMatchObject({ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG" });
      const id = created?.ManagedLoginBrandingId ?? "";
      expect((await h.client.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }))).ManagedLoginBranding?.Settings).toEqual(settings);
      expect((await h.client.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId, ReturnMergedResources: true }))).ManagedLoginBranding?.ManagedLoginBrandingId).toBe(id);

      // An update merges settings and replaces the asset of the same category and color mode.
      const dark = { Category: "FORM_LOGO" as const, ColorMode: "DARK" as const, Extension: "SVG" as const, Bytes: Buffer.from("<svg/>") };
      const updated = (
        await h.client.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, Settings: { components: { form: { borderRadius: 8 } } }, Assets: [{ ...asset, Extension: "JPEG" }, dark] }))
      ).ManagedLoginBranding;
      expect(updated?.Settings).toEqual({ components: { ...settings.components, form: { borderRadius: 8 } } });
      expect(updated?.Assets?.map((a) => `${a.ColorMode}:${a.Extension}`).sort()).toEqual(["DARK:SVG", "LIGHT:JPEG"]);

      // UseCognitoProvidedValues reverts to Cognito's defaults.
      const reverted = (await h.client.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, UseCognitoProvidedValues: true }))).ManagedLoginBranding;
      expect(reverted).toMatchObject({ UseCognitoProvidedValues: true, Assets: [] });
      expect(reverted?.Settings).toBeUndefined();

      await h.client.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }));
      expect((await errorOf(h.client.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id })))).name).toBe("ResourceNotFoundException");
      expect((await errorOf(h.client.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId })))).name).toBe("ResourceNotFoundException");
    });

    it("gives a client one style: a second is ManagedLoginBrandingExistsException", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      await h.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }));
      const error = await errorOf(h.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true })));
      expect(error).toMatchObject({ name: "ManagedLoginBrandingExistsException", status: 400 });
    });

    it("refuses Settings or Assets with UseCognitoProvidedValues, and an unknown client", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      expect((await errorOf(h.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true, Settings: settings })))).name).toBe("InvalidParameterException");
      expect((await errorOf(h.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Assets: [asset, asset] })))).name).toBe("InvalidParameterException");
      expect(await errorOf(h.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: "nosuchclient", UseCognitoProvidedValues: true })))).toMatchObject({
        name: "ResourceNotFoundException",
        message: "User pool client nosuchclient does not exist.",
      });
    });

    it("a deleted client's style goes with it", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      const id = (await h.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }))).ManagedLoginBranding?.ManagedLoginBrandingId;
      await h.client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
      expect((await errorOf(h.client.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id })))).name).toBe("ResourceNotFoundException");
    });
  });

  describe("SetLogDeliveryConfiguration / GetLogDeliveryConfiguration", () => {
    it("keeps the configuration; none is an empty list", async () => {
      const poolId = await pool();
      expect((await h.client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration).toEqual({ UserPoolId: poolId, LogConfigurations: [] });
      const configurations = [{ EventSource: "userNotification" as const, LogLevel: "ERROR" as const, CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }];
      const set = await h.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: configurations }));
      expect(set.LogDeliveryConfiguration).toEqual({ UserPoolId: poolId, LogConfigurations: configurations });
      expect((await h.client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration?.LogConfigurations).toEqual(configurations);
    });

    it("exports threat protection's user activity only on the Plus plan", async () => {
      const essentials = await pool();
      const authEvents = [{ EventSource: "userAuthEvents" as const, LogLevel: "INFO" as const, S3Configuration: { BucketArn: "arn:aws:s3:::logs" } }];
      expect(await errorOf(h.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: essentials, LogConfigurations: authEvents })))).toMatchObject({ name: "FeatureUnavailableInTierException", status: 400 });
      const plus = await pool({ UserPoolTier: "PLUS" });
      await h.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: plus, LogConfigurations: authEvents }));
    });

    it("refuses a userNotification configuration at INFO level", async () => {
      const poolId = await pool();
      const error = await errorOf(h.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [{ EventSource: "userNotification", LogLevel: "INFO", CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }] })));
      expect(error.name).toBe("InvalidParameterException");
    });
  });
});
