/**
 * User attributes as Cognito checks them against the pool's schema in SignUp, AdminCreateUser,
 * UpdateUserAttributes and AdminUpdateUserAttributes, with the texts real AWS answers (each case
 * names where the text is quoted from).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AddCustomAttributesCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolCommand,
  CreateUserPoolCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  type AttributeType,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Perm-pass1!";
const invalid = (message: string) => ({ name: "InvalidParameterException", message, status: 400 });

describe("user attributes and the pool's schema", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 2, 30, 0)) });
  });
  afterAll(() => h.close());

  async function pool(input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
    return (await h.client.send(new CreateUserPoolCommand({ PoolName: randomUUID(), ...input }))).UserPool?.Id ?? "";
  }

  async function client(poolId: string): Promise<string> {
    const created = await h.client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
    );
    return created.UserPoolClient?.ClientId ?? "";
  }

  const signUp = (clientId: string, username: string, attributes: AttributeType[]) =>
    h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: attributes }));

  const created = (poolId: string, username: string, attributes: AttributeType[]) =>
    h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS", UserAttributes: attributes }));

  async function tokensOf(poolId: string, clientId: string, username: string, attributes: AttributeType[] = []): Promise<string> {
    await created(poolId, username, attributes);
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
    const auth = await h.client.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }),
    );
    return auth.AuthenticationResult?.AccessToken ?? "";
  }

  async function attributesOf(poolId: string, username: string): Promise<Record<string, string>> {
    const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]));
  }

  describe("attributes the schema does not define", () => {
    // amplify-flutter#509 and a user's report of AWS's answer: every unknown attribute on its own line, each ending in "\n".
    it("SignUp names every one, one line each", async () => {
      const clientId = await client(await pool({ Schema: [{ Name: "tenant", AttributeDataType: "String" }] }));
      const error = await errorOf(signUp(clientId, "ann", [{ Name: "firstName", Value: "Ann" }, { Name: "custom:tenant", Value: "t1" }, { Name: "custom:lastName", Value: "Lee" }]));
      expect(error).toEqual(invalid("Attributes did not conform to the schema: firstName: Attribute does not exist in the schema.\ncustom:lastName: Attribute does not exist in the schema.\n"));
    });

    // amplify-js#2167: a custom attribute named without its "custom:" prefix.
    it("AdminCreateUser answers the same", async () => {
      const poolId = await pool({ Schema: [{ Name: "favorite_flavor", AttributeDataType: "String" }] });
      expect(await errorOf(created(poolId, "ann", [{ Name: "favorite_flavor", Value: "mint" }]))).toEqual(
        invalid("Attributes did not conform to the schema: favorite_flavor: Attribute does not exist in the schema.\n"),
      );
      await created(poolId, "ann", [{ Name: "custom:favorite_flavor", Value: "mint" }]);
      expect((await attributesOf(poolId, "ann"))["custom:favorite_flavor"]).toBe("mint");
    });

    // An UpdateUserAttributes answer quoted in a security write-up: "user.update_email: Attribute does not exist in the schema.\n".
    it("an update names each as user.<name>", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      const token = await tokensOf(poolId, clientId, "ann");
      const update = (name: string) => errorOf(h.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: name, Value: "x@example.com" }] })));
      expect(await update("update_email")).toEqual(invalid("user.update_email: Attribute does not exist in the schema.\n"));
      const admin = await errorOf(h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "ann", UserAttributes: [{ Name: "custom:nope", Value: "1" }] })));
      expect(admin).toEqual(invalid("user.custom:nope: Attribute does not exist in the schema.\n"));
    });
  });

  describe("required attributes", () => {
    // A user's report of AWS's answer: "given_name: The attribute is required.\nfamily_name: The attribute is required.\n…".
    it("SignUp names every required attribute it lacks", async () => {
      const poolId = await pool({ Schema: [{ Name: "given_name", Required: true }, { Name: "family_name", Required: true }] });
      const error = await errorOf(signUp(await client(poolId), "ann", [{ Name: "email", Value: "ann@example.com" }]));
      expect(error).toEqual(invalid("Attributes did not conform to the schema: given_name: The attribute is required.\nfamily_name: The attribute is required.\n"));
    });

    // API reference, AdminCreateUser UserAttributes: required attributes may be left for the user to give; amplify-ui#1155 and
    // amplify-swift#1786 quote AWS's answer to a new password given without them.
    it("AdminCreateUser leaves them to the NEW_PASSWORD_REQUIRED challenge", async () => {
      const poolId = await pool({ Schema: [{ Name: "name", Required: true }] });
      const clientId = await client(poolId);
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "ann", TemporaryPassword: "Temp-pass1!", MessageAction: "SUPPRESS" }));
      const auth = await h.client.send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann", PASSWORD: "Temp-pass1!" } }),
      );
      expect(auth.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
      expect(JSON.parse(auth.ChallengeParameters?.requiredAttributes ?? "")).toEqual(["userAttributes.name"]);
      const answer = (session: string | undefined, extra: Record<string, string>) =>
        h.client.send(
          new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: session, ChallengeResponses: { USERNAME: "ann", NEW_PASSWORD: PASSWORD, ...extra } }),
        );
      expect(await errorOf(answer(auth.Session, {}))).toEqual(invalid("Invalid attributes given, name is missing"));
      const again = await h.client.send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann", PASSWORD: "Temp-pass1!" } }),
      );
      const done = await answer(again.Session, { "userAttributes.name": "Ann" });
      expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
      expect((await attributesOf(poolId, "ann")).name).toBe("Ann");
    });
    // amazon-cognito-identity-js hands newPasswordRequired the names without their "userAttributes." prefix.
    it("amazon-cognito-identity-js asks for them and completes the challenge with them", async () => {
      const poolId = await pool({ Schema: [{ Name: "name", Required: true }] });
      const clientId = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "spa" }))).UserPoolClient?.ClientId ?? "";
      await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "carol", TemporaryPassword: "Temp-pass1!", MessageAction: "SUPPRESS" }));
      const carol = new CognitoUser({ Username: "carol", Pool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: h.url }) });
      const required = await new Promise<string[]>((resolve, reject) =>
        carol.authenticateUser(new AuthenticationDetails({ Username: "carol", Password: "Temp-pass1!" }), {
          onSuccess: () => reject(new Error("expected NEW_PASSWORD_REQUIRED")),
          onFailure: (err: unknown) => reject(err),
          newPasswordRequired: (_attributes: unknown, requiredAttributes: string[]) => resolve(requiredAttributes),
        }),
      );
      expect(required).toEqual(["name"]);
      const idToken = await new Promise<string>((resolve, reject) =>
        carol.completeNewPasswordChallenge(PASSWORD, { name: "Carol" }, { onSuccess: (session) => resolve(session.getIdToken().getJwtToken()), onFailure: (err: unknown) => reject(err) }),
      );
      expect(JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8"))).toMatchObject({ name: "Carol" });
    });
  });

  describe("standard attribute formats", () => {
    // amplify-js#5313 (a sign-up with the email "asdfasdf") and amazon-cognito-identity-js#316 quote AWS's texts.
    it("refuses a malformed email or phone number on creation", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      expect(await errorOf(signUp(clientId, "ann", [{ Name: "email", Value: "asdfasdf" }]))).toEqual(invalid("Invalid email address format."));
      expect(await errorOf(created(poolId, "ann", [{ Name: "phone_number", Value: "555-0100" }]))).toEqual(invalid("Invalid phone number format."));
      await created(poolId, "ann", [{ Name: "email", Value: "ann@example.com" }, { Name: "phone_number", Value: "+15555550100" }]);
    });

    it("refuses them on update too", async () => {
      const poolId = await pool();
      await created(poolId, "ann", [{ Name: "email", Value: "ann@example.com" }]);
      const update = (attributes: AttributeType[]) => errorOf(h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "ann", UserAttributes: attributes })));
      expect(await update([{ Name: "email", Value: "ann at example.com" }])).toEqual(invalid("Invalid email address format."));
      expect(await update([{ Name: "phone_number", Value: "+1 555 555 0100" }])).toEqual(invalid("Invalid phone number format."));
      expect((await attributesOf(poolId, "ann")).email).toBe("ann@example.com");
    });

    // aws-saas-factory-eks-reference-architecture#53 quotes AWS's answer to AdminCreateUser.
    it("refuses an attribute without a value on creation", async () => {
      const poolId = await pool({ Schema: [{ Name: "tenant-id", AttributeDataType: "String" }] });
      expect(await errorOf(created(poolId, "ann", [{ Name: "custom:tenant-id" }]))).toEqual(invalid("Attribute value for custom:tenant-id must not be null"));
    });
  });

  // API reference, UpdateUserAttributes / AdminUpdateUserAttributes: "To delete an attribute from your user, submit the attribute … with a blank value."
  it("an update with a blank value deletes the attribute", async () => {
    const poolId = await pool();
    const clientId = await client(poolId);
    const token = await tokensOf(poolId, clientId, "ann", [{ Name: "given_name", Value: "Ann" }, { Name: "nickname", Value: "annie" }]);
    await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "ann", UserAttributes: [{ Name: "given_name", Value: "" }] }));
    await h.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "nickname", Value: "" }] }));
    const attributes = await attributesOf(poolId, "ann");
    expect(attributes).not.toHaveProperty("given_name");
    expect(attributes).not.toHaveProperty("nickname");
  });

  describe("attributes the user may not change", () => {
    // sub is immutable in every pool's schema (DescribeUserPool SchemaAttributes); AWS's text for an immutable attribute, amplify-swift#3981.
    it("sub is immutable", async () => {
      const poolId = await pool();
      await created(poolId, "ann", []);
      const sub = (await attributesOf(poolId, "ann")).sub;
      const error = await errorOf(h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "ann", UserAttributes: [{ Name: "sub", Value: randomUUID() }] })));
      expect(error).toEqual(invalid("user.sub: Attribute cannot be updated.\n"));
      expect((await attributesOf(poolId, "ann")).sub).toBe(sub);
    });

    // SchemaAttributeType DeveloperOnlyAttribute: read-only to app clients, written with IAM credentials (Admin*) only;
    // a client's write of an attribute it may not write is AWS's NotAuthorizedException (aws-sdk-js#1084).
    it("a developer-only attribute is written by an administrator, never by a client", async () => {
      const poolId = await pool({ Schema: [{ Name: "plan", AttributeDataType: "String", DeveloperOnlyAttribute: true }] });
      const clientId = await client(poolId);
      const unauthorized = { name: "NotAuthorizedException", message: "A client attempted to write unauthorized attribute", status: 400 };
      expect(await errorOf(signUp(clientId, "bob", [{ Name: "dev:custom:plan", Value: "gold" }]))).toEqual(unauthorized);
      const token = await tokensOf(poolId, clientId, "ann", [{ Name: "dev:custom:plan", Value: "free" }]);
      expect(await errorOf(h.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "dev:custom:plan", Value: "gold" }] })))).toEqual(unauthorized);
      await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "ann", UserAttributes: [{ Name: "dev:custom:plan", Value: "gold" }] }));
      expect((await attributesOf(poolId, "ann"))["dev:custom:plan"]).toBe("gold");
    });

    // aws-sdk-js#3603: a sign-up with email_verified / phone_number_verified is refused; an administrator may set them.
    it("a sign-up cannot verify its own email or phone number", async () => {
      const poolId = await pool();
      const clientId = await client(poolId);
      const unauthorized = { name: "NotAuthorizedException", message: "A client attempted to write unauthorized attribute", status: 400 };
      expect(await errorOf(signUp(clientId, "bob", [{ Name: "email", Value: "bob@example.com" }, { Name: "email_verified", Value: "true" }]))).toEqual(unauthorized);
      expect(await errorOf(signUp(clientId, "bob", [{ Name: "phone_number", Value: "+15555550100" }, { Name: "phone_number_verified", Value: "true" }]))).toEqual(unauthorized);
      await created(poolId, "ann", [{ Name: "email", Value: "ann@example.com" }, { Name: "email_verified", Value: "true" }]);
      expect((await attributesOf(poolId, "ann")).email_verified).toBe("true");
    });
  });

  describe("the schema's constraints", () => {
    const refused = (schema: CreateUserPoolCommandInput["Schema"]) => errorOf(pool({ Schema: schema }));

    // moto's test_create_user_pool_invalid_schema_values.
    it("a bound must be a number", async () => {
      expect(await refused([{ Name: "email", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "invalid_value" } }])).toEqual(
        invalid("Invalid StringAttributeConstraints for schema attribute email"),
      );
      expect(await refused([{ Name: "score", AttributeDataType: "Number", NumberAttributeConstraints: { MaxValue: "ten" } }])).toEqual(
        invalid("Invalid NumberAttributeConstraints for schema attribute custom:score"),
      );
    });

    // moto's test_create_user_pool_string_schema_max_length_over_2048 and ..._schema_min_bigger_than_max.
    it("a String is at most 2048 characters and a range runs upwards", async () => {
      expect(await refused([{ Name: "email", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "2049" } }])).toEqual(
        invalid("user.email: String attributes cannot have a length of more than 2048"),
      );
      expect(await refused([{ Name: "code", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "2", MaxLength: "1" } }])).toEqual(
        invalid("user.custom:code: Max length cannot be less than min length."),
      );
      expect(await refused([{ Name: "updated_at", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "2", MaxValue: "1" } }])).toEqual(
        invalid("user.updated_at: Max value cannot be less than min value."),
      );
    });

    it("AddCustomAttributes checks the same, and DescribeUserPool shows the bounds given", async () => {
      const poolId = await pool();
      const added = (attribute: NonNullable<CreateUserPoolCommandInput["Schema"]>[number]) =>
        h.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [attribute] }));
      expect(await errorOf(added({ Name: "level", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "5", MaxValue: "1" } }))).toEqual(
        invalid("user.custom:level: Max value cannot be less than min value."),
      );
      await added({ Name: "level", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "1", MaxValue: "5" } });
      const described = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      expect(described.UserPool?.SchemaAttributes?.find((a) => a.Name === "custom:level")?.NumberAttributeConstraints).toEqual({ MinValue: "1", MaxValue: "5" });
    });
  });

  // API reference, SchemaAttributeType: "A custom attribute value in your user's ID token is always a string".
  it("custom attributes reach the ID token as strings, the standard flags and updated_at as their types", async () => {
    const poolId = await pool({ Schema: [{ Name: "is_verified", AttributeDataType: "Boolean" }, { Name: "years", AttributeDataType: "Number" }] });
    const clientId = await client(poolId);
    const attributes = [
      { Name: "custom:is_verified", Value: "true" },
      { Name: "custom:years", Value: "12" },
      { Name: "email", Value: "ann@example.com" },
      { Name: "email_verified", Value: "true" },
      { Name: "updated_at", Value: "1700000000" },
    ];
    await created(poolId, "ann", attributes);
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "ann", Password: PASSWORD, Permanent: true }));
    const auth = await h.client.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann", PASSWORD } }),
    );
    const claims = JSON.parse(Buffer.from((auth.AuthenticationResult?.IdToken ?? "").split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    expect(claims).toMatchObject({ "custom:is_verified": "true", "custom:years": "12", email_verified: true, updated_at: 1700000000 });
  });

  // AttributeType Value: at most 2048 characters (the model's constraint, checked before the schema).
  it("refuses a value over 2048 characters", async () => {
    const poolId = await pool();
    const error = await errorOf(created(poolId, "ann", [{ Name: "name", Value: "x".repeat(2049) }]));
    expect(error.name).toBe("InvalidParameterException");
    expect(error.message).toMatch(/^1 validation error detected: Value .*at 'userAttributes\.1\.member\.value' failed to satisfy constraint: Member must have length less than or equal to 2048$/);
  });
});
