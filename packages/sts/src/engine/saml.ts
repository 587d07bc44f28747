/**
 * Reads the SAML 2.0 authentication response AssumeRoleWithSAML is given (base64 of a
 * samlp:Response), checking what STS checks of it (IAM User Guide, "Configure SAML assertions
 * for the authentication response"): the Role attribute names the requested role and provider,
 * RoleSessionName is present and well-formed, the SubjectConfirmationData has a Recipient and
 * NotOnOrAfter, the audience is AWS's sign-in endpoint, and the assertion has not expired.
 *
 * The XML signature is NOT verified: the sandbox has no IAM SAML providers whose metadata would
 * hold the IdP's certificate, so any well-formed assertion from any issuer is accepted.
 */
import { createHash, randomUUID } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { AccessDenied, ExpiredTokenException, InvalidIdentityTokenException, ValidationError } from "../errors.js";
import { MAX_SAML_ASSERTION_AGE_SECONDS } from "../limits.js";

/** Attribute names of the assertion (IAM User Guide, SAML assertions for the authentication response). */
const ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
const SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
const SOURCE_IDENTITY_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";
/** RoleSessionName and SourceIdentity values (the texts of the troubleshooting guide quote the pattern). */
const SESSION_NAME_PATTERN = /^[a-zA-Z_0-9+=,.@-]{2,64}$/;
/** The audiences AWS accepts: its sign-in endpoint (global, regional, China) or the legacy URN. */
const AUDIENCE_PATTERN = /^(urn:amazon:webservices(:cn)?|https:\/\/([a-z0-9-]+\.)?signin\.(aws\.amazon\.com|amazonaws\.cn)\/saml)$/;

// AWS's texts: the troubleshooting guide "Troubleshoot SAML federation with IAM" and answers
// quoted in public issues (InvalidIdentityToken unless said otherwise).
const invalidBase64 = () =>
  new InvalidIdentityTokenException(
    `Invalid base64 SAMLResponse (Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlInvalidSamlResponseException; Request ID: ${randomUUID()}; Proxy: null)`,
  );
const roleNotInAttributes = () => new InvalidIdentityTokenException("SAML Assertion doesn't contain the requested Role and Metadata in the attributes");
const sessionNameRequired = () => new InvalidIdentityTokenException("RoleSessionName is required in AuthnResponse");
const sessionNameInvalid = () => new InvalidIdentityTokenException("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");
const sourceIdentityInvalid = () => new InvalidIdentityTokenException('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
// "Confirmaton" is AWS's spelling.
const confirmationMissing = () => new InvalidIdentityTokenException("Responses must contain SubjectConfirmatonData with a Recipient and NotOnOrAfter");
const audienceMissing = () => new InvalidIdentityTokenException("Response does not contain the required audience.");
const expired = () => new ExpiredTokenException("Token must be redeemed within 5 minutes of issuance");
const notAuthorized = () => new AccessDenied("Not authorized to perform sts:AssumeRoleWithSAML");

export interface SamlAssertion {
  issuer: string;
  subject: string;
  subjectType: string;
  /** The Recipient of the SubjectConfirmationData (answered as Audience). */
  recipient: string;
  roleSessionName: string;
  sourceIdentity?: string;
  /** Epoch milliseconds of the AuthnStatement's SessionNotOnOrAfter, when given: the session ends there at the latest. */
  sessionNotOnOrAfter?: number;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  // Entities are not expanded: an assertion is data, never a document type's macros.
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "Assertion" || name === "Attribute" || name === "AttributeValue" || name === "SubjectConfirmation" || name === "Audience",
});

/** The assertion's claims, or AWS's error for the first check it fails. */
export function readSamlAssertion(base64: string, roleArn: string, principalArn: string, nowMs: number): SamlAssertion {
  const response = parse(base64);
  const assertion = (asArray(response.Assertion)[0] ?? undefined) as Node | undefined;
  if (assertion === undefined) throw invalidBase64();
  checkRole(attributeValues(assertion, ROLE_ATTRIBUTE), roleArn, principalArn);
  const subjectNode = node(assertion.Subject);
  const confirmation = node(asArray(subjectNode?.SubjectConfirmation)[0]);
  const data = node(confirmation?.SubjectConfirmationData);
  const recipient = text(data?.["@Recipient"]);
  const notOnOrAfter = time(data?.["@NotOnOrAfter"]);
  if (!recipient || notOnOrAfter === undefined) throw confirmationMissing();
  const audiences = asArray(node(node(assertion.Conditions)?.AudienceRestriction)?.Audience).map(text);
  if (!audiences.some((a) => AUDIENCE_PATTERN.test(a))) throw audienceMissing();
  const issued = time(assertion["@IssueInstant"] ?? response["@IssueInstant"]);
  const conditionsEnd = time(node(assertion.Conditions)?.["@NotOnOrAfter"]);
  const tooOld = issued !== undefined && nowMs - issued > MAX_SAML_ASSERTION_AGE_SECONDS * 1000;
  if (notOnOrAfter <= nowMs || (conditionsEnd !== undefined && conditionsEnd <= nowMs) || tooOld) throw expired();
  const sessionNames = attributeValues(assertion, SESSION_NAME_ATTRIBUTE);
  if (sessionNames.length === 0) throw sessionNameRequired();
  const roleSessionName = sessionNames[0];
  if (!SESSION_NAME_PATTERN.test(roleSessionName)) throw sessionNameInvalid();
  const sourceIdentity = attributeValues(assertion, SOURCE_IDENTITY_ATTRIBUTE)[0];
  if (sourceIdentity !== undefined && (!SESSION_NAME_PATTERN.test(sourceIdentity) || sourceIdentity.startsWith("aws:"))) throw sourceIdentityInvalid();
  const nameId = subjectNode?.NameID;
  const sessionEnd = time(node(assertion.AuthnStatement)?.["@SessionNotOnOrAfter"]);
  return {
    issuer: text(assertion.Issuer ?? response.Issuer),
    subject: text(nameId),
    subjectType: subjectType(text(node(nameId)?.["@Format"])),
    recipient,
    roleSessionName,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...(sessionEnd !== undefined ? { sessionNotOnOrAfter: sessionEnd } : {}),
  };
}

/**
 * NameQualifier: BASE64(SHA1(Issuer + account id + "/" + provider name)), as the STS API
 * Reference's pseudocode computes it.
 */
export function nameQualifier(issuer: string, principalArn: string): string {
  const parts = principalArn.split(":");
  const account = parts[4] ?? "";
  const provider = (parts.slice(5).join(":").split("/").pop() ?? "");
  return createHash("sha1").update(`${issuer}${account}/${provider}`).digest("base64");
}

/** A PrincipalArn names an IAM SAML provider ("arn:aws:iam::123456789012:saml-provider/Name"). */
export function checkSamlProviderArn(arn: string): void {
  if (!/^arn:[\w-]+:iam::\d{12}:saml-provider\/[\w.-]+$/.test(arn)) throw new ValidationError(`${arn} is invalid`);
}

/**
 * The NameID Format without the SAML 2.0 prefix ("…:nameid-format:transient" → "transient"),
 * as the API Reference documents it; SAML 1.1's "unspecified" is answered "unspecified" too
 * (AssumeRoleWithSAML answers recorded from Okta, which sends that format).
 */
function subjectType(format: string): string {
  if (format === "") return "unspecified";
  const match = /^urn:oasis:names:tc:SAML:(2\.0|1\.1):nameid-format:(.+)$/.exec(format);
  if (match && (match[1] === "2.0" || match[2] === "unspecified")) return match[2];
  return format;
}

function parse(base64: string): Node {
  const trimmed = base64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(trimmed) || trimmed.length % 4 !== 0) throw invalidBase64();
  const xml = Buffer.from(trimmed, "base64").toString("utf8");
  let document: Node;
  try {
    document = parser.parse(xml, true) as Node;
  } catch {
    throw invalidBase64();
  }
  const response = node(document.Response);
  if (response) return response;
  // A bare Assertion (no Response around it) is read the same way.
  if (document.Assertion !== undefined) return document;
  throw invalidBase64();
}

/** The role must be one of the "role ARN,provider ARN" pairs of the Role attribute (in either order). */
function checkRole(values: string[], roleArn: string, principalArn: string): void {
  if (values.length === 0) throw notAuthorized();
  const wanted = [roleArn, principalArn].sort().join(",");
  const found = values.some((value) => value.split(",").map((s) => s.trim()).sort().join(",") === wanted);
  if (!found) throw roleNotInAttributes();
}

function attributeValues(assertion: Node, name: string): string[] {
  const statements = asArray(assertion.AttributeStatement).map(node);
  for (const statement of statements) {
    for (const attribute of asArray(statement?.Attribute).map(node)) {
      if (attribute?.["@Name"] === name) return asArray(attribute.AttributeValue).map(text).filter((v) => v !== "");
    }
  }
  return [];
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function node(value: unknown): Node | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}

/** An element's text, whether the parser made it a string or an object with attributes (#text). */
function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const n = node(value);
  return n && typeof n["#text"] === "string" ? n["#text"] : "";
}

function time(value: unknown): number | undefined {
  const t = Date.parse(text(value));
  return Number.isNaN(t) ? undefined : t;
}
