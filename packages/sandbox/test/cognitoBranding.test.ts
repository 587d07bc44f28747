import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  DescribeManagedLoginBrandingByClientCommand,
  DescribeRiskConfigurationCommand,
  GetLogDeliveryConfigurationCommand,
  GetUICustomizationCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { startCognitoSandbox } from "./helpers.js";

const template = (color: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: branded-users
      UserPoolTier: PLUS
      UserPoolAddOns:
        AdvancedSecurityMode: ENFORCED
  Web:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Users
      ClientName: web
  UsersDomain:
    Type: AWS::Cognito::UserPoolDomain
    Properties:
      UserPoolId: !Ref Users
      Domain: branded-app
  Classic:
    Type: AWS::Cognito::UserPoolUICustomizationAttachment
    Properties:
      UserPoolId: !Ref Users
      ClientId: ALL
      CSS: ".submitButton-customizable { background-color: ${color}; }"
  Risk:
    Type: AWS::Cognito::UserPoolRiskConfigurationAttachment
    Properties:
      UserPoolId: !Ref Users
      ClientId: ALL
      RiskExceptionConfiguration:
        BlockedIPRangeList: [192.0.2.0/24]
  Logs:
    Type: AWS::Cognito::LogDeliveryConfiguration
    Properties:
      UserPoolId: !Ref Users
      LogConfigurations:
        - EventSource: userNotification
          LogLevel: ERROR
          CloudWatchLogsConfiguration:
            LogGroupArn: arn:aws:logs:us-east-1:000000000000:log-group:/cognito/branded
  Style:
    Type: AWS::Cognito::ManagedLoginBranding
    Properties:
      UserPoolId: !Ref Users
      ClientId: !Ref Web
      Settings:
        components:
          pageBackground:
            lightMode:
              color: "${color.slice(1)}ff"
Outputs:
  UserPoolId:
    Value: !Ref Users
  ClientId:
    Value: !Ref Web
  StyleId:
    Value: !GetAtt Style.ManagedLoginBrandingId
`;

describe("Cognito branding, risk configuration and log delivery from a template", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-cognito-branding-"));
  const dataDir = join(dir, ".sandbox");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(color: string) {
    writeFileSync(join(dir, "template.yaml"), template(color));
    const { sandbox, cognito } = await startCognitoSandbox(join(dir, "template.yaml"), { dataDir });
    try {
      const UserPoolId = String(sandbox.app.outputs.UserPoolId?.value);
      const ClientId = String(sandbox.app.outputs.ClientId?.value);
      return {
        styleId: String(sandbox.app.outputs.StyleId?.value),
        css: (await cognito.send(new GetUICustomizationCommand({ UserPoolId, ClientId }))).UICustomization?.CSS,
        risk: (await cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId }))).RiskConfiguration?.RiskExceptionConfiguration,
        logs: (await cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId }))).LogDeliveryConfiguration?.LogConfigurations,
        style: (await cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId, ClientId }))).ManagedLoginBranding,
      };
    } finally {
      cognito.destroy();
      await sandbox.stop();
    }
  }

  it("applies them at start-up, and the template's changes on the next start, the style keeping its id", async () => {
    const first = await run("#0972d3");
    expect(first.css).toBe(".submitButton-customizable { background-color: #0972d3; }");
    expect(first.risk).toEqual({ BlockedIPRangeList: ["192.0.2.0/24"] });
    expect(first.logs).toEqual([{ EventSource: "userNotification", LogLevel: "ERROR", CloudWatchLogsConfiguration: { LogGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:/cognito/branded" } }]);
    expect(first.style?.ManagedLoginBrandingId).toBe(first.styleId);
    expect(first.styleId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(first.style?.Settings).toEqual({ components: { pageBackground: { lightMode: { color: "0972d3ff" } } } });

    const second = await run("#ff9900");
    expect(second.css).toBe(".submitButton-customizable { background-color: #ff9900; }");
    expect(second.styleId).toBe(first.styleId);
    expect(second.style?.Settings).toEqual({ components: { pageBackground: { lightMode: { color: "ff9900ff" } } } });
  });
});
