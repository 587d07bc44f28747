/**
 * AWS answers measured on real user pools and quoted in public reports (not in moto's tests), replayed
 * through the AWS SDK v3: floci-io/floci#1898 and #2018 (GetUserAttributeVerificationCode and
 * VerifyUserAttribute compared with a pool in eu-central-1), floci-io/floci#2951 and #2952 (list and
 * describe actions on an absent pool, ap-southeast-1), amplify-js#1669 (SignUp with a preferred_username
 * alias), localstack#12914 (a pool's discovery document, 2025); and the lockout the developer guide describes ("Lockout behavior for failed sign-in attempts"),
 * with the text amazon-cognito-identity-js#479 quotes.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolCommand,
  GetUserAttributeVerificationCodeCommand,
  ListGroupsCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  type AttributeType,
} from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { errorOf, startCognito, type Harness } from "./helpers.js";

const PASSWORD = "Perm-pass1!";

describe("AWS answers measured on real pools", () => {
  let h: Harness;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 2, 30, 0)) });
    poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "measured", AliasAttributes: ["preferred_username"], AutoVerifiedAttributes: ["email"] }))).UserPool?.Id ?? "";
    const flows = ["ALLOW_ADMIN_USER_PASSWORD_AUTH" as const, "ALLOW_USER_PASSWORD_AUTH" as const, "ALLOW_USER_SRP_AUTH" as const, "ALLOW_REFRESH_TOKEN_AUTH" as const];
    clientId = (await h.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: flows }))).UserPoolClient?.ClientId ?? "";
  });
  afterAll(() => h.close());

  /** A CONFIRMED user's access token. */
  async function accessTokenOf(username: string, attributes: AttributeType[]): Promise<string> {
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: "Temp-pass1!", MessageAction: "SUPPRESS", UserAttributes: attributes }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
    const result = await h.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }));
    return result.AuthenticationResult?.AccessToken ?? "";
  }

  describe("GetUserAttributeVerificationCode and VerifyUserAttribute (floci-io/floci#1898, #2018)", () => {
    it("refuses an attribute that cannot be verified, and one the user does not have", async () => {
      const token = await accessTokenOf("no-contact", []);
      expect(await errorOf(h.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "given_name" })))).toEqual({
        name: "InvalidParameterException",
        message: "Invalid attribute name. Only phone_number and email can be verified.",
        status: 400,
      });
      expect((await errorOf(h.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "email" })))).message).toBe("User does not have a valid registered email address");
      expect((await errorOf(h.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "phone_number" })))).message).toBe("User does not have a valid registered phone number");
      expect(await errorOf(h.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: "abc.def.ghi", AttributeName: "email" })))).toEqual({ name: "NotAuthorizedException", message: "Invalid Access Token", status: 400 });
    });

    it("verifies an unchanged, already verified email again; a wrong code mismatches and a spent one has expired", async () => {
      const token = await accessTokenOf("zed", [{ Name: "email", Value: "zed@bar.example" }, { Name: "email_verified", Value: "true" }]);
      const sent = await h.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "email" }));
      expect(sent.CodeDeliveryDetails).toEqual({ Destination: "z***@b***", DeliveryMedium: "EMAIL", AttributeName: "email" });
      const code = h.codeFor("zed");
      const wrong = await errorOf(h.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: code === "000000" ? "111111" : "000000" })));
      expect(wrong).toEqual({ name: "CodeMismatchException", message: "Invalid verification code provided, please try again.", status: 400 });
      const verified = await h.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: code }));
      expect(Object.keys(verified)).toEqual(["$metadata"]);
      const spent = await errorOf(h.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "email", Code: code })));
      expect(spent).toEqual({ name: "ExpiredCodeException", message: "Invalid code provided, please request a code again.", status: 400 });
      const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "zed" }));
      expect(user.UserAttributes).toContainEqual({ Name: "email_verified", Value: "true" });
    });
  });

  it("every action that resolves an absent pool names it (floci-io/floci#2951, #2952)", async () => {
    const absent = "us-east-1_ZZZZZZZZZ";
    const expected = { name: "ResourceNotFoundException", message: `User pool ${absent} does not exist.`, status: 400 };
    expect(await errorOf(h.client.send(new DescribeUserPoolCommand({ UserPoolId: absent })))).toEqual(expected);
    expect(await errorOf(h.client.send(new ListUsersCommand({ UserPoolId: absent })))).toEqual(expected);
    expect(await errorOf(h.client.send(new ListUserPoolClientsCommand({ UserPoolId: absent, MaxResults: 10 })))).toEqual(expected);
    expect(await errorOf(h.client.send(new ListGroupsCommand({ UserPoolId: absent })))).toEqual(expected);
    expect(await errorOf(h.client.send(new ListResourceServersCommand({ UserPoolId: absent, MaxResults: 10 })))).toEqual(expected);
    expect(await errorOf(h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: absent, ProviderName: "Google" })))).toEqual(expected);
  });

  it("SignUp refuses preferred_username in a pool where it is an alias; a confirmed user may set it (amplify-js#1669)", async () => {
    const username = randomUUID();
    const refused = await errorOf(h.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: "email", Value: "pref@example.com" }, { Name: "preferred_username", Value: "pref" }] })));
    expect(refused).toEqual({ name: "InvalidParameterException", message: "Preferred username cannot be provided for unconfirmed account, since user pool is configured for preferred username alias.", status: 400 });
    await expect(h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).rejects.toMatchObject({ name: "UserNotFoundException" });
    const token = await accessTokenOf("confirmed-pref", []);
    await h.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "preferred_username", Value: "pref" }] }));
    expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "pref" }))).Username).toBe("confirmed-pref");
  });

  it("a pool's discovery document has AWS's members, in AWS's order, the hosted UI's endpoints once it has a domain (localstack#12914)", async () => {
    const issuer = `${h.url}/${poolId}`;
    const common = {
      id_token_signing_alg_values_supported: ["RS256"],
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ["code", "token"],
      scopes_supported: ["openid", "email", "phone", "profile"],
      subject_types_supported: ["public"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    };
    const discovery = async () => (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    const bare = await discovery();
    expect(bare).toEqual(common);
    expect(Object.keys(bare)).toEqual(Object.keys(common));
    await h.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "measured-app" }));
    const base = `${h.url}/measured-app.auth.us-east-1.amazoncognito.com`;
    const withDomain = await discovery();
    expect(Object.keys(withDomain)).toEqual([
      "authorization_endpoint", "end_session_endpoint", "id_token_signing_alg_values_supported", "issuer", "jwks_uri", "response_types_supported",
      "revocation_endpoint", "scopes_supported", "subject_types_supported", "token_endpoint", "token_endpoint_auth_methods_supported", "userinfo_endpoint",
    ]);
    expect(withDomain).toEqual({
      ...common,
      authorization_endpoint: `${base}/oauth2/authorize`,
      end_session_endpoint: `${base}/logout`,
      revocation_endpoint: `${base}/oauth2/revoke`,
      token_endpoint: `${base}/oauth2/token`,
      userinfo_endpoint: `${base}/oauth2/userInfo`,
    });
  });

  describe("lockout after failed passwords (developer guide: 2^(n-5) seconds after five failures)", () => {
    const signIn = (username: string, password: string) => h.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password } }));
    const incorrect = { name: "NotAuthorizedException", message: "Incorrect username or password.", status: 400 };
    const exceeded = { name: "NotAuthorizedException", message: "Password attempts exceeded", status: 400 };

    it("five wrong passwords are answered as such; then even the right one is refused until the second is over", async () => {
      await accessTokenOf("locked", []);
      for (let i = 0; i < 5; i++) expect(await errorOf(signIn("locked", "Wrong-pass1!"))).toEqual(incorrect);
      expect(await errorOf(signIn("locked", PASSWORD))).toEqual(exceeded);
      h.clock.advance(1000);
      expect((await signIn("locked", PASSWORD)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
      // The success started the count over: five more failures before the next lockout.
      for (let i = 0; i < 5; i++) expect(await errorOf(signIn("locked", "Wrong-pass1!"))).toEqual(incorrect);
      expect(await errorOf(signIn("locked", PASSWORD))).toEqual(exceeded);
    });

    it("each further failure doubles the lockout; attempts during it do not count; 15 quiet minutes start over", async () => {
      await accessTokenOf("doubling", []);
      for (let i = 0; i < 5; i++) await errorOf(signIn("doubling", "Wrong-pass1!"));
      h.clock.advance(1000);
      expect(await errorOf(signIn("doubling", "Wrong-pass1!"))).toEqual(incorrect);
      // The sixth failure locks for 2 s; an attempt during it is refused and does not add to the count.
      h.clock.advance(1000);
      expect(await errorOf(signIn("doubling", PASSWORD))).toEqual(exceeded);
      h.clock.advance(1000);
      expect(await errorOf(signIn("doubling", "Wrong-pass1!"))).toEqual(incorrect);
      h.clock.advance(3999);
      expect(await errorOf(signIn("doubling", PASSWORD))).toEqual(exceeded);
      h.clock.advance(15 * 60 * 1000);
      expect(await errorOf(signIn("doubling", "Wrong-pass1!"))).toEqual(incorrect);
      expect((await signIn("doubling", PASSWORD)).AuthenticationResult?.IdToken).toEqual(expect.any(String));
    });
  });
});
