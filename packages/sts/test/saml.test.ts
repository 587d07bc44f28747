import { describe, expect, it } from "vitest";
import { nameQualifier, readSamlAssertion } from "../src/engine/saml.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const ROLE = "arn:aws:iam::000000000000:role/R";
const PROVIDER = "arn:aws:iam::000000000000:saml-provider/Okta";

/** A bare saml:Assertion (no samlp:Response around it) with the given NameID format and extra XML before it. */
function assertion(format: string, prolog = ""): string {
  const iso = new Date(NOW).toISOString();
  const later = new Date(NOW + 60_000).toISOString();
  return Buffer.from(
    `${prolog}<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" IssueInstant="${iso}"><saml2:Issuer>http://www.okta.com/abc</saml2:Issuer>` +
      `<saml2:Subject><saml2:NameID Format="${format}">user@example.com</saml2:NameID><saml2:SubjectConfirmation><saml2:SubjectConfirmationData NotOnOrAfter="${later}" Recipient="https://signin.aws.amazon.com/saml"/></saml2:SubjectConfirmation></saml2:Subject>` +
      `<saml2:Conditions><saml2:AudienceRestriction><saml2:Audience>https://signin.aws.amazon.com/saml</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>` +
      `<saml2:AttributeStatement><saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml2:AttributeValue>${PROVIDER},${ROLE}</saml2:AttributeValue></saml2:Attribute>` +
      `<saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml2:AttributeValue>user@example.com</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement></saml2:Assertion>`,
  ).toString("base64");
}

describe("readSamlAssertion", () => {
  it("reads a bare assertion whose Role pair names the provider first", () => {
    expect(readSamlAssertion(assertion("urn:oasis:names:tc:SAML:2.0:nameid-format:transient"), ROLE, PROVIDER, NOW)).toMatchObject({
      issuer: "http://www.okta.com/abc",
      subject: "user@example.com",
      subjectType: "transient",
      recipient: "https://signin.aws.amazon.com/saml",
      roleSessionName: "user@example.com",
    });
  });

  it("answers SAML 1.1's unspecified format as unspecified, as AWS answered Okta's assertions", () => {
    expect(readSamlAssertion(assertion("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"), ROLE, PROVIDER, NOW).subjectType).toBe("unspecified");
    expect(readSamlAssertion(assertion("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"), ROLE, PROVIDER, NOW).subjectType).toBe(
      "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    );
  });

  it("does not expand a document type's entities (an entity bomb is just text)", () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>';
    const started = Date.now();
    const xml = Buffer.from(assertion("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", bomb), "base64").toString("utf8").replace("http://www.okta.com/abc", "&lol3;");
    const out = readSamlAssertion(Buffer.from(xml).toString("base64"), ROLE, PROVIDER, NOW);
    expect(out.subject).toBe("user@example.com");
    expect(out.issuer).toBe("&lol3;");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("nameQualifier", () => {
  it("is BASE64(SHA1(issuer + account + '/' + provider name)), the API reference's pseudocode", () => {
    expect(nameQualifier("https://example.com/saml", "arn:aws:iam::123456789012:saml-provider/MySAMLIdP")).toBe("1uAJanUnBc2XeUkHURMht+xam2c=");
  });
});
