/**
 * Custom attributes' values checked against their schema entries (AttributeDataType,
 * StringAttributeConstraints, NumberAttributeConstraints, Mutable, DeveloperOnlyAttribute) in SignUp,
 * AdminCreateUser, UpdateUserAttributes, AdminUpdateUserAttributes and user import jobs.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  type AttributeType,
  type SchemaAttributeType,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Perm-pass1!";
const invalid = (message: string) => ({ name: "InvalidParameterException", message, status: 400 });
const CONFORM = "Attributes did not conform to the schema: ";

const SCHEMA: SchemaAttributeType[] = [
  { Name: "cart_uuid", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "36", MaxLength: "36" } },
  { Name: "nick", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "3", MaxLength: "10" } },
  { Name: "level", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "0", MaxValue: "1" } },
  { Name: "score", AttributeDataType: "Number" },
  { Name: "member", AttributeDataType: "Boolean" },
  { Name: "joined", AttributeDataType: "DateTime" },
  { Name: "role", AttributeDataType: "String", Mutable: false },
  { Name: "plan", AttributeDataType: "String", DeveloperOnlyAttribute: true, StringAttributeConstraints: { MaxLength: "6" } },
];

describe("custom attribute values and their schema", () => {
  let h: Harness;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 27, 8, 0, 0)) });
    poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "values", Schema: SCHEMA }))).UserPool?.Id ?? "";
    clientId = await appClient();
  });
  afterAll(() => h.close());

  async function appClient(read?: string[]): Promise<string> {
    const created = await h.client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"], ...(read ? { ReadAttributes: read } : {}) }),
    );
    return created.UserPoolClient?.ClientId ?? "";
  }

  const signUp = (attributes: AttributeType[]) => h.client.send(new SignUpCommand({ ClientId: clientId, Username: randomUUID(), Password: PASSWORD, UserAttributes: attributes }));
  const created = (username: string, attributes: AttributeType[]) =>
    h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS", UserAttributes: attributes }));
  const adminUpdate = (username: string, attributes: AttributeType[]) => h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: username, UserAttributes: attributes }));

  async function attributesOf(username: string): Promise<Record<string, string>> {
    const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]));
  }

  /** A confirmed user with `attributes`, signed in through `client`: its access token and ID token's claims. */
  async function signedIn(attributes: AttributeType[], client = clientId): Promise<{ username: string; token: string; claims: Record<string, unknown> }> {
    const username = randomUUID();
    await created(username, attributes);
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
    const auth = await h.client.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: client, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }),
    );
    const idToken = auth.AuthenticationResult?.IdToken ?? "";
    const claims = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    return { username, token: auth.AuthenticationResult?.AccessToken ?? "", claims };
  }

  describe("String lengths", () => {
    // A project's tests recorded on AWS: UpdateUserAttributes answers "user.custom:cart_uuid: String must be no shorter than 36 characters\n";
    // the same project's blank value deletes the attribute.
    it("UpdateUserAttributes refuses a value shorter than MinLength with AWS's text, and a blank value still deletes", async () => {
      const { username, token } = await signedIn([{ Name: "custom:cart_uuid", Value: randomUUID() }]);
      const update = (value: string) => h.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "custom:cart_uuid", Value: value }] }));
      expect(await errorOf(update("INVALID_CART_UUID"))).toEqual(invalid("user.custom:cart_uuid: String must be no shorter than 36 characters\n"));
      const uuid = randomUUID();
      await update(uuid);
      expect((await attributesOf(username))["custom:cart_uuid"]).toBe(uuid);
      await update("");
      expect(await attributesOf(username)).not.toHaveProperty("custom:cart_uuid");
    });

    // An app matching AWS's answer to an update: "user.custom:DisplayName: String must be no longer than 10 characters".
    it("AdminUpdateUserAttributes refuses a value longer than MaxLength and keeps the old one", async () => {
      const username = randomUUID();
      await created(username, [{ Name: "custom:nick", Value: "annie" }]);
      expect(await errorOf(adminUpdate(username, [{ Name: "custom:nick", Value: "annie-the-great" }]))).toEqual(invalid("user.custom:nick: String must be no longer than 10 characters\n"));
      expect((await attributesOf(username))["custom:nick"]).toBe("annie");
    });

    it("SignUp and AdminCreateUser name every value that does not fit, one line each", async () => {
      const both = [
        { Name: "custom:nick", Value: "al" },
        { Name: "custom:cart_uuid", Value: `${randomUUID()}-x` },
      ];
      const expected = invalid(`${CONFORM}custom:nick: String must be no shorter than 3 characters\ncustom:cart_uuid: String must be no longer than 36 characters\n`);
      expect(await errorOf(signUp(both))).toEqual(expected);
      const username = randomUUID();
      expect(await errorOf(created(username, both))).toEqual(expected);
      expect(await errorOf(h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })))).toMatchObject({ name: "UserNotFoundException" });
      await signUp([{ Name: "custom:nick", Value: "ali" }]);
    });
  });

  describe("Number, Boolean and DateTime values", () => {
    it("a Number must be a number within MinValue and MaxValue", async () => {
      const username = randomUUID();
      await created(username, [{ Name: "custom:level", Value: "0" }]);
      expect(await errorOf(adminUpdate(username, [{ Name: "custom:level", Value: "one" }]))).toEqual(invalid("user.custom:level: The value must be a number.\n"));
      expect(await errorOf(adminUpdate(username, [{ Name: "custom:level", Value: "2" }]))).toEqual(invalid("user.custom:level: Number must be no greater than 1\n"));
      expect(await errorOf(adminUpdate(username, [{ Name: "custom:level", Value: "-1" }]))).toEqual(invalid("user.custom:level: Number must be no less than 0\n"));
      await adminUpdate(username, [{ Name: "custom:level", Value: "1" }, { Name: "custom:score", Value: "-12.5" }]);
      expect(await attributesOf(username)).toMatchObject({ "custom:level": "1", "custom:score": "-12.5" });
      expect(await errorOf(signUp([{ Name: "custom:score", Value: "12abc" }]))).toEqual(invalid(`${CONFORM}custom:score: The value must be a number.\n`));
    });

    it("a Boolean is true or false, and a DateTime is kept as given", async () => {
      expect(await errorOf(created(randomUUID(), [{ Name: "custom:member", Value: "yes" }]))).toEqual(invalid(`${CONFORM}custom:member: The value must be true or false.\n`));
      const username = randomUUID();
      await created(username, [{ Name: "custom:member", Value: "true" }, { Name: "custom:joined", Value: "2026-11-27T08:00:00Z" }]);
      expect(await attributesOf(username)).toMatchObject({ "custom:member": "true", "custom:joined": "2026-11-27T08:00:00Z" });
    });

    // A custom attribute's value reaches the ID token as the string stored (API reference, SchemaAttributeType).
    it("values that fit reach the ID token as strings", async () => {
      const { claims } = await signedIn([{ Name: "custom:level", Value: "1" }, { Name: "custom:member", Value: "false" }, { Name: "custom:nick", Value: "bobby" }]);
      expect(claims).toMatchObject({ "custom:level": "1", "custom:member": "false", "custom:nick": "bobby" });
    });
  });

  describe("immutable and developer-only attributes", () => {
    // A project's tests recorded on AWS: UpdateUserAttributes of an immutable custom attribute answers
    // "user.custom:role: Attribute cannot be updated.\n", for a blank value too.
    it("a Mutable: false attribute is set at creation and never updated", async () => {
      const { username, token } = await signedIn([{ Name: "custom:role", Value: "customer" }]);
      const refused = invalid("user.custom:role: Attribute cannot be updated.\n");
      for (const value of ["admin", ""]) {
        expect(await errorOf(h.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "custom:role", Value: value }] })))).toEqual(refused);
      }
      // API reference, SchemaAttributeType Mutable: "If false, the attribute value can only be set up on sign-up or administrator creation of users."
      expect(await errorOf(adminUpdate(username, [{ Name: "custom:role", Value: "admin" }]))).toEqual(refused);
      expect((await attributesOf(username))["custom:role"]).toBe("customer");
    });

    it("a developer-only attribute's value is checked like any other, and its reading follows the client's ReadAttributes", async () => {
      const { username } = await signedIn([{ Name: "dev:custom:plan", Value: "gold" }]);
      expect(await errorOf(created(randomUUID(), [{ Name: "dev:custom:nope", Value: "x" }]))).toEqual(invalid(`${CONFORM}dev:custom:nope: Attribute does not exist in the schema.\n`));
      expect(await errorOf(adminUpdate(username, [{ Name: "dev:custom:plan", Value: "platinum" }]))).toEqual(invalid("user.dev:custom:plan: String must be no longer than 6 characters\n"));
      await adminUpdate(username, [{ Name: "dev:custom:plan", Value: "silver" }]);
      expect((await attributesOf(username))["dev:custom:plan"]).toBe("silver");
      const narrow = await appClient(["email", "custom:nick"]);
      const wide = await appClient(["email", "dev:custom:plan"]);
      const narrowUser = await signedIn([{ Name: "dev:custom:plan", Value: "free" }, { Name: "custom:nick", Value: "carol" }], narrow);
      expect(narrowUser.claims).not.toHaveProperty("dev:custom:plan");
      expect(narrowUser.claims).toMatchObject({ "custom:nick": "carol" });
      const wideUser = await signedIn([{ Name: "dev:custom:plan", Value: "free" }], wide);
      expect(wideUser.claims).toMatchObject({ "dev:custom:plan": "free" });
      const names = async (token: string) => ((await h.client.send(new GetUserCommand({ AccessToken: token }))).UserAttributes ?? []).map((a) => a.Name);
      expect(await names(narrowUser.token)).not.toContain("dev:custom:plan");
      expect(await names(wideUser.token)).toContain("dev:custom:plan");
    });
  });
});
