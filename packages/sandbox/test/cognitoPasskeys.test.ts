import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetUserPoolMfaConfigCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { silentLogger } from "@sam-sandbox/core";
import type { RunningSandbox } from "@sam-sandbox/sandbox";
import { startCognitoSandbox } from "./helpers.js";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: passkeys
      MfaConfiguration: OPTIONAL
      EnabledMfas: [SOFTWARE_TOKEN_MFA]
      WebAuthnRelyingPartyID: localhost
      WebAuthnUserVerification: required
      Policies:
        SignInPolicy:
          AllowedFirstAuthFactors: [PASSWORD, WEB_AUTHN]
Outputs:
  UserPoolId:
    Value: !Ref Users
`;

describe("A template's passkey settings", () => {
  const dir = mkdtempSync(join(tmpdir(), "cognito-passkeys-"));
  let sandbox: RunningSandbox;
  let idp: CognitoIdentityProviderClient;

  beforeAll(async () => {
    writeFileSync(join(dir, "template.yaml"), TEMPLATE);
    ({ sandbox, cognito: idp } = await startCognitoSandbox(join(dir, "template.yaml"), { inMemory: true, logger: silentLogger }));
  });
  afterAll(async () => {
    idp.destroy();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("WebAuthnRelyingPartyID and WebAuthnUserVerification become the pool's WebAuthnConfiguration, its MFA kept", async () => {
    const config = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: String(sandbox.app.outputs.UserPoolId?.value) }));
    expect(config).toMatchObject({
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      WebAuthnConfiguration: { RelyingPartyId: "localhost", UserVerification: "required" },
    });
  });
});
