/** The ACL a request asks for: a canned x-amz-acl, x-amz-grant-* headers, or an AccessControlPolicy body. */
import { OWNER } from "../engine/context.js";
import { PRIVATE_ACL } from "../engine/storedConfigs.js";
import type { S3Call } from "./call.js";
import { configurationBody, isNode, nodes, text, type XmlNode } from "./xml.js";
import {
  cannedAndGrantAcl, emailGranteeNotSupported, invalidGrantId, invalidGroupUri, malformedAcl, unexpectedContent, unknownCannedAcl, unrecognizedGrant,
} from "../errors.js";

const OWNER_XML = `<Owner><ID>${OWNER.ID}</ID></Owner>`;
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const GROUPS = "http://acs.amazonaws.com/groups/global/";

function groupGrant(group: string, permission: string): string {
  return `<Grant><Grantee ${XSI} xsi:type="Group"><URI>${GROUPS}${group}</URI></Grantee><Permission>${permission}</Permission></Grant>`;
}

/** Canned ACLs (x-amz-acl) as the grants S3 stores for them. */
function cannedAcl(name: string): string | undefined {
  const owner = /<AccessControlList>(.*)<\/AccessControlList>/.exec(PRIVATE_ACL)?.[1] ?? "";
  const grants: Record<string, string> = {
    private: "",
    "bucket-owner-full-control": "",
    "bucket-owner-read": "",
    "public-read": groupGrant("AllUsers", "READ"),
    "public-read-write": groupGrant("AllUsers", "READ") + groupGrant("AllUsers", "WRITE"),
    "authenticated-read": groupGrant("AuthenticatedUsers", "READ"),
    "log-delivery-write": groupGrant("s3/LogDelivery", "WRITE") + groupGrant("s3/LogDelivery", "READ_ACP"),
    "aws-exec-read": "",
  };
  if (!Object.hasOwn(grants, name)) return undefined;
  return `${OWNER_XML}<AccessControlList>${owner}${grants[name]}</AccessControlList>`;
}

/** Canned ACLs that grant no one but the owner. */
const OWNER_ONLY = new Set(["private", "bucket-owner-full-control"]);

/** A canned ACL by name (x-amz-acl, or a browser form's acl field): its XML and whether it grants the owner alone. */
export function cannedAclOf(name: string): { xml: string; ownerOnly: boolean } {
  const xml = cannedAcl(name);
  if (xml === undefined) throw unknownCannedAcl(name);
  return { xml, ownerOnly: OWNER_ONLY.has(name) };
}

/** The groups a grant may name (S3 User Guide, "Amazon S3 predefined groups"). */
const GROUP_URIS = new Set([`${GROUPS}AllUsers`, `${GROUPS}AuthenticatedUsers`, "http://acs.amazonaws.com/groups/s3/LogDelivery"]);
const PERMISSIONS = new Set(["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"]);
/** A canonical user id: 64 hex digits. */
const CANONICAL_ID = /^[0-9a-f]{64}$/;

/** The permission each x-amz-grant-* header grants. */
const GRANT_HEADERS: Record<string, string> = {
  "x-amz-grant-full-control": "FULL_CONTROL",
  "x-amz-grant-read": "READ",
  "x-amz-grant-read-acp": "READ_ACP",
  "x-amz-grant-write": "WRITE",
  "x-amz-grant-write-acp": "WRITE_ACP",
};

/** One grant of a header: its grantee's kind and value. */
interface HeaderGrant {
  kind: "id" | "uri";
  value: string;
  permission: string;
}

/**
 * x-amz-grant-*: `id="…"` or `uri="…"`, comma-separated (texts AWS-recorded: test_s3_bucket_acl_exceptions); the
 * grants they name. An `emailAddress="…"` grantee (`emailaddress=` in the SDK's PutObjectAcl example and the AWS CLI's
 * put-object-acl.rst) is refused: S3 no longer takes email grantees.
 */
function grantsOfHeader(header: string, value: string): HeaderGrant[] {
  return value.split(",").map((part) => {
    const m = /^\s*([A-Za-z]+)\s*=\s*"?([^"]*)"?\s*$/.exec(part);
    if (m?.[1].toLowerCase() === "emailaddress") throw emailGranteeNotSupported();
    if (!m || (m[1] !== "id" && m[1] !== "uri")) throw unrecognizedGrant(header, value);
    if (m[1] === "id" && !CANONICAL_ID.test(m[2])) throw invalidGrantId("id", m[2]);
    if (m[1] === "uri" && !GROUP_URIS.has(m[2])) throw invalidGroupUri("uri", m[2]);
    return { kind: m[1], value: m[2], permission: GRANT_HEADERS[header] ?? "" };
  });
}

function grantXml(grant: HeaderGrant): string {
  const grantee =
    grant.kind === "uri" ? `<Grantee ${XSI} xsi:type="Group"><URI>${grant.value}</URI></Grantee>`
    : `<Grantee ${XSI} xsi:type="CanonicalUser"><ID>${grant.value}</ID></Grantee>`;
  return `<Grant>${grantee}<Permission>${grant.permission}</Permission></Grant>`;
}

/**
 * The ACL grant headers set: the grants they name and no other, the owner's own full control included only when a
 * header names it (AWS-recorded: LocalStack test_s3.snapshot.json test_s3_bucket_acl "get-bucket-grant-acl", one
 * LogDelivery READ grant after x-amz-grant-read alone).
 */
function headerGrantsAcl(grants: HeaderGrant[]): { xml: string; ownerOnly: boolean } {
  const ownerOnly = grants.every((g) => g.kind === "id" && g.value === OWNER.ID && g.permission === "FULL_CONTROL");
  return { xml: `${OWNER_XML}<AccessControlList>${grants.map(grantXml).join("")}</AccessControlList>`, ownerOnly };
}

/** An AccessControlPolicy body: an AccessControlList whose grants name a known grantee and permission. */
function checkPolicyGrants(list: unknown): XmlNode[] {
  if (list === undefined || (list !== "" && !isNode(list))) throw malformedAcl();
  const grants = isNode(list) ? nodes(list, "Grant") : [];
  for (const grant of grants) {
    const grantee = grant.Grantee;
    if (!isNode(grantee) || !PERMISSIONS.has(text(grant, "Permission") ?? "")) throw malformedAcl();
    const id = text(grantee, "ID");
    const uri = text(grantee, "URI");
    if (id !== undefined && !CANONICAL_ID.test(id)) throw invalidGrantId("CanonicalUser/ID", id);
    if (uri !== undefined && !GROUP_URIS.has(uri)) throw invalidGroupUri("Group/URI", uri);
    if (text(grantee, "EmailAddress") !== undefined) throw emailGranteeNotSupported();
    if (id === undefined && uri === undefined) throw malformedAcl();
  }
  return grants;
}

/** The ACL a Put*Acl (or a write with x-amz-acl) sets: its XML, and whether it grants the owner alone. */
export function requestedAcl(call: S3Call, withBody: boolean): { xml?: string; ownerOnly: boolean } | undefined {
  const h = call.req.headers;
  const canned = h["x-amz-acl"];
  let grantHeaders = false;
  const headerGrants: HeaderGrant[] = [];
  for (const name in h) {
    if (!Object.hasOwn(GRANT_HEADERS, name)) continue;
    grantHeaders = true;
    headerGrants.push(...grantsOfHeader(name, h[name]));
  }
  if (canned !== undefined) {
    const acl = cannedAclOf(canned);
    if (grantHeaders) throw cannedAndGrantAcl();
    if (withBody && call.body.length > 0) throw unexpectedContent();
    return acl;
  }
  if (grantHeaders) return headerGrantsAcl(headerGrants);
  if (!withBody || call.body.length === 0) return undefined;
  const { node, inner } = configurationBody(call.body, "AccessControlPolicy");
  const grants = checkPolicyGrants(node.AccessControlList);
  const ownerOnly = grants.every((g) => {
    const grantee = g.Grantee;
    return isNode(grantee) && text(grantee, "ID") === OWNER.ID && text(g, "Permission") === "FULL_CONTROL";
  });
  return { xml: inner, ownerOnly };
}

