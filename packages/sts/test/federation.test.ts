import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AssumeRoleWithSAMLCommand, AssumeRootCommand, DecodeAuthorizationMessageCommand, GetCallerIdentityCommand, STSClient, type STSServiceException,
} from "@aws-sdk/client-sts";
import { createHash } from "node:crypto";
import { serveHandler, VirtualClock } from "@sam-sandbox/core";
import { createSts } from "../src/index.js";

const ACCOUNT = "000000000000";
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SamlRole`;
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/MyIdP`;
const ISSUER = "https://idp.example.com/saml";

let url: string;
let close: () => Promise<void>;
const clock = new VirtualClock(NOW);
const clients: STSClient[] = [];

function client(credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } as { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): STSClient {
  const c = new STSClient({ endpoint: url, region: "us-east-1", credentials });
  clients.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<STSServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as STSServiceException;
  }
  throw new Error("expected the call to fail");
}

interface AssertionOptions {
  roles?: string[];
  sessionName?: string | null;
  sourceIdentity?: string;
  recipient?: string | null;
  audience?: string;
  issueInstant?: number;
  notOnOrAfter?: number;
  sessionNotOnOrAfter?: number;
  format?: string;
}

/** An (unsigned) IdP response as AWS's sign-in endpoint receives it, base64-encoded. */
function samlResponse(o: AssertionOptions = {}): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const attr = (name: string, values: string[]) =>
    `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${v}</saml:AttributeValue>`).join("")}</saml:Attribute>`;
  const roles = o.roles ?? [`${ROLE},${PROVIDER}`];
  const recipient = o.recipient === undefined ? "https://signin.aws.amazon.com/saml" : o.recipient;
  const xml = `<?xml version="1.0"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="${iso(o.issueInstant ?? NOW)}" Destination="https://signin.aws.amazon.com/saml">
  <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${ISSUER}</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_a1" IssueInstant="${iso(o.issueInstant ?? NOW)}" Version="2.0">
    <saml:Issuer>${ISSUER}</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="${o.format ?? "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"}">alice@example.com</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData ${recipient === null ? "" : `Recipient="${recipient}"`} NotOnOrAfter="${iso(o.notOnOrAfter ?? NOW + 300_000)}"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="${iso(NOW - 60_000)}" NotOnOrAfter="${iso(o.notOnOrAfter ?? NOW + 300_000)}">
      <saml:AudienceRestriction><saml:Audience>${o.audience ?? "urn:amazon:webservices"}</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="${iso(NOW)}"${o.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${iso(o.sessionNotOnOrAfter)}"` : ""}/>
    <saml:AttributeStatement>
      ${attr("https://aws.amazon.com/SAML/Attributes/Role", roles)}
      ${o.sessionName === null ? "" : attr("https://aws.amazon.com/SAML/Attributes/RoleSessionName", [o.sessionName ?? "alice@example.com"])}
      ${o.sourceIdentity === undefined ? "" : attr("https://aws.amazon.com/SAML/Attributes/SourceIdentity", [o.sourceIdentity])}
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>`;
  return Buffer.from(xml).toString("base64");
}

const saml = (assertion: string, extra: { DurationSeconds?: number; RoleArn?: string; PrincipalArn?: string } = {}) =>
  client().send(new AssumeRoleWithSAMLCommand({ RoleArn: ROLE, PrincipalArn: PROVIDER, SAMLAssertion: assertion, ...extra }));

beforeAll(async () => {
  const sts = await createSts({ clock, accountId: ACCOUNT, region: "us-east-1" });
  const server = await serveHandler(sts.service.handle);
  url = server.url;
  close = server.close;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await close();
});

describe("AssumeRoleWithSAML", () => {
  it("answers the assertion's subject, issuer, audience and name qualifier with role credentials", async () => {
    const out = await saml(samlResponse());
    expect(out).toMatchObject({
      Subject: "alice@example.com",
      SubjectType: "persistent",
      Issuer: ISSUER,
      Audience: "https://signin.aws.amazon.com/saml",
      NameQualifier: createHash("sha1").update(`${ISSUER}${ACCOUNT}/MyIdP`).digest("base64"),
      AssumedRoleUser: { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/SamlRole/alice@example.com` },
    });
    expect(out.Credentials?.Expiration?.getTime()).toBe(NOW + 3_600_000);
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("no credentials");
    const who = await client({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/SamlRole/alice@example.com`);
  });

  it("keeps a NameID format without the SAML 2.0 prefix as it is, and answers SourceIdentity", async () => {
    const out = await saml(samlResponse({ format: "urn:example:format", sourceIdentity: "alice" }));
    expect(out.SubjectType).toBe("urn:example:format");
    expect(out.SourceIdentity).toBe("alice");
  });

  it("ends the session at the assertion's SessionNotOnOrAfter when that comes first", async () => {
    const out = await saml(samlResponse({ sessionNotOnOrAfter: NOW + 1_200_000 }), { DurationSeconds: 7200 });
    expect(out.Credentials?.Expiration?.getTime()).toBe(NOW + 1_200_000);
  });

  it("refuses a role the Role attribute does not pair with the provider", async () => {
    const error = await failure(saml(samlResponse({ roles: [`arn:aws:iam::${ACCOUNT}:role/Other,${PROVIDER}`] })));
    expect(error.name).toBe("InvalidIdentityTokenException");
    expect(error.message).toBe("SAML Assertion doesn't contain the requested Role and Metadata in the attributes");
  });

  it("refuses an assertion without RoleSessionName, or with one outside AWS's pattern", async () => {
    expect((await failure(saml(samlResponse({ sessionName: null })))).message).toBe("RoleSessionName is required in AuthnResponse");
    expect((await failure(saml(samlResponse({ sessionName: "a b" })))).message).toBe("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");
  });

  it("refuses a SourceIdentity beginning with aws:", async () => {
    const error = await failure(saml(samlResponse({ sourceIdentity: "aws:me" })));
    expect(error.message).toBe('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  });

  it("refuses a confirmation without Recipient, and an audience that is not AWS", async () => {
    expect((await failure(saml(samlResponse({ recipient: null })))).message).toBe("Responses must contain SubjectConfirmatonData with a Recipient and NotOnOrAfter");
    expect((await failure(saml(samlResponse({ audience: "https://app.example.com" })))).message).toBe("Response does not contain the required audience.");
  });

  it("refuses an assertion issued more than five minutes ago", async () => {
    const error = await failure(saml(samlResponse({ issueInstant: NOW - 301_000, notOnOrAfter: NOW + 600_000 })));
    expect(error.name).toBe("ExpiredTokenException");
    expect(error.message).toBe("Token must be redeemed within 5 minutes of issuance");
  });

  it("refuses an assertion that is not base64 of SAML", async () => {
    const error = await failure(saml("bm90IHhtbA=="));
    expect(error.name).toBe("InvalidIdentityTokenException");
    expect(error.message).toMatch(/^Invalid base64 SAMLResponse \(Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlInvalidSamlResponseException/);
  });

  it("refuses a PrincipalArn that is no SAML provider", async () => {
    const error = await failure(saml(samlResponse(), { PrincipalArn: `arn:aws:iam::${ACCOUNT}:role/NotAProvider` }));
    expect(error.name).toBe("ValidationError");
  });
});

describe("AssumeRoot", () => {
  it("issues 15-minute credentials of the member account's root user", async () => {
    const out = await client().send(
      new AssumeRootCommand({ TargetPrincipal: "111122223333", TaskPolicyArn: { arn: "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy" } }),
    );
    expect(out.Credentials?.Expiration?.getTime()).toBe(NOW + 900_000);
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("no credentials");
    const who = await client({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Account: "111122223333", Arn: "arn:aws:iam::111122223333:root" });
  });

  it("refuses a DurationSeconds beyond 900", async () => {
    const error = await failure(
      client().send(new AssumeRootCommand({ TargetPrincipal: "111122223333", TaskPolicyArn: { arn: "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" }, DurationSeconds: 901 })),
    );
    expect(error.name).toBe("ValidationError");
    expect(error.message).toContain("failed to satisfy constraint: Member must have value less than or equal to 900");
  });

  it("refuses a task policy that is not one of AWS's root-task policies", async () => {
    const arn = "arn:aws:iam::aws:policy/AdministratorAccess";
    const error = await failure(client().send(new AssumeRootCommand({ TargetPrincipal: "111122223333", TaskPolicyArn: { arn } })));
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe(`${arn} is invalid`);
  });
});

describe("DecodeAuthorizationMessage", () => {
  it("decodes no message: the sandbox encodes none", async () => {
    const error = await failure(client().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: "rHU-pVHMSckD0OAc5l3r9" })));
    expect(error.name).toBe("InvalidAuthorizationMessageException");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});
