/** Input IAM refuses, or that could break a careless store, never crashes it nor answers 500. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateRoleCommand, GetRoleCommand, ListRolesCommand, PutRolePolicyCommand, GetRolePolicyCommand, type IAMClient } from "@aws-sdk/client-iam";
import { errorOf, S3_READ, startIam, TRUST, type IamServer } from "./helpers.js";

let server: IamServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startIam();
  iam = server.client();
});

afterAll(async () => {
  await server.close();
});

async function post(body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  return { status: res.status, text: await res.text() };
}

describe("hostile input", () => {
  it("keeps roles named like Object's own properties apart from everything else", async () => {
    for (const name of ["__proto__", "constructor", "toString"]) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "__proto__", PolicyDocument: S3_READ }));
      expect((await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.RoleName).toBe(name);
      expect(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: "__proto__" }))).PolicyDocument ?? "")).toBe(S3_READ);
    }
    expect((await iam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(await errorOf(iam.send(new GetRoleCommand({ RoleName: "hasOwnProperty" })))).toMatchObject({ code: "NoSuchEntityException" });
  });

  it("answers a policy nested past what a parser's stack holds as invalid JSON", async () => {
    const deep = `${"[".repeat(60_000)}${"]".repeat(60_000)}`;
    expect(await errorOf(iam.send(new PutRolePolicyCommand({ RoleName: "constructor", PolicyName: "deep", PolicyDocument: deep })))).toMatchObject({
      code: "MalformedPolicyDocumentException",
    });
  });

  it("answers a Marker that is no marker with an empty page", async () => {
    expect(await iam.send(new ListRolesCommand({ Marker: "not-a-marker" }))).toMatchObject({ Roles: [], IsTruncated: false });
  });

  it("answers missing, unknown and not emulated actions as AWS's Query services do", async () => {
    expect(await post("Version=2010-05-08")).toMatchObject({ status: 400, text: expect.stringContaining("<Code>MissingAction</Code>") });
    expect(await post("Action=Bogus&Version=2010-05-08")).toMatchObject({ status: 400, text: expect.stringContaining("<Code>InvalidAction</Code>") });
    const notEmulated = await post("Action=GetCredentialReport&Version=2010-05-08");
    expect(notEmulated.status).toBe(400);
    expect(notEmulated.text).toContain("The sandbox does not emulate the IAM action GetCredentialReport.");
    const missing = await post("Action=CreateRole&Version=2010-05-08&RoleName=x");
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("<Code>ValidationError</Code>");
    expect(missing.text).toContain("Value at &apos;assumeRolePolicyDocument&apos; failed to satisfy constraint: Member must not be null");
  });
});
