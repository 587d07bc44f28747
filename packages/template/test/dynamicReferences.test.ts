import { describe, expect, it } from "vitest";
import { findDynamicReferences, parseDynamicReference, resolveDynamicReferences, type AppModel } from "../src/index.js";

describe("dynamic references", () => {
  it("parses ssm, ssm-secure and secretsmanager references, secret ARNs included", () => {
    expect(parseDynamicReference("{{resolve:ssm:/app/host}}")).toEqual({ service: "ssm", text: "{{resolve:ssm:/app/host}}", name: "/app/host" });
    expect(parseDynamicReference("{{resolve:ssm-secure:/app/pw:3}}")).toMatchObject({ service: "ssm-secure", name: "/app/pw", version: "3" });
    expect(parseDynamicReference("{{resolve:secretsmanager:MySecret}}")).toMatchObject({ secretId: "MySecret" });
    expect(parseDynamicReference("{{resolve:secretsmanager:MySecret::password}}")).toMatchObject({ secretId: "MySecret", jsonKey: "password" });
    const arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbC123";
    expect(parseDynamicReference(`{{resolve:secretsmanager:${arn}:SecretString:user:AWSPREVIOUS:v1}}`)).toEqual({
      service: "secretsmanager", text: `{{resolve:secretsmanager:${arn}:SecretString:user:AWSPREVIOUS:v1}}`, secretId: arn, jsonKey: "user", versionStage: "AWSPREVIOUS", versionId: "v1",
    });
    expect(parseDynamicReference("{{resolve:s3:x}}")).toBeUndefined();
  });

  it("finds and replaces every reference in a string, in place, through the whole model", () => {
    const env = { Variables: { URL: "postgres://{{resolve:ssm:/u}}:{{resolve:secretsmanager:db::pw}}@host" } };
    const app = { resources: { Fn: { properties: { Environment: env } } }, functions: [{ environment: { URL: env.Variables.URL } }] } as unknown as AppModel;
    expect(findDynamicReferences(app.resources).map((r) => r.text)).toEqual(["{{resolve:ssm:/u}}", "{{resolve:secretsmanager:db::pw}}"]);
    resolveDynamicReferences(app, (ref) => (ref.service === "ssm" ? "admin" : "secret"));
    expect(env.Variables.URL).toBe("postgres://admin:secret@host");
    expect((app as unknown as { functions: Array<{ environment: { URL: string } }> }).functions[0]?.environment.URL).toBe("postgres://admin:secret@host");
  });
});
