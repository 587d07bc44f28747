/** The ACL a request asks for: a canned x-amz-acl, x-amz-grant-* headers, or an AccessControlPolicy body. */
import { OWNER } from "../engine/context.js";
import { PRIVATE_ACL } from "../engine/storedConfigs.js";
import type { S3Call } from "./call.js";
import { configurationBody, isNode, nodes, text, type XmlNode } from "./xml.js";
import {
  cannedAndGrantAcl, invalidGrantId, invalidGroupUri, malformedAcl, unexpectedContent, unknownCannedAcl, unrecognizedGrant,
} from "../errors.js";

const OWNER_XML = `<Owner><ID>${OWNER.ID}</ID><DisplayName>${OWNER.DisplayName}</DisplayName></Owner>`;
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

/** The groups a grant may name (S3 User Guide, "Amazon S3 predefined groups"). */
const GROUP_URIS = new Set([`${GROUPS}AllUsers`, `${GROUPS}AuthenticatedUsers`, "http://acs.amazonaws.com/groups/s3/LogDelivery"]);
const PERMISSIONS = new Set(["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"]);
/** A canonical user id: 64 hex digits. */
const CANONICAL_ID = /^[0-9a-f]{64}$/;

/** x-amz-grant-*: `id="…"`, `uri="…"` or `emailAddress="…"`, comma-separated (texts AWS-recorded: test_s3_bucket_acl_exceptions). */
function checkGrantHeader(header: string, value: string): void {
  for (const part of value.split(",")) {
    const m = /^\s*(id|uri|emailAddress)\s*=\s*"?([^"]*)"?\s*$/.exec(part);
    if (!m) throw unrecognizedGrant(header, value);
    if (m[1] === "id" && !CANONICAL_ID.test(m[2])) throw invalidGrantId("id", m[2]);
    if (m[1] === "uri" && !GROUP_URIS.has(m[2])) throw invalidGroupUri("uri", m[2]);
  }
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
    if (id === undefined && uri === undefined && text(grantee, "EmailAddress") === undefined) throw malformedAcl();
  }
  return grants;
}

/** The ACL a Put*Acl (or a write with x-amz-acl) sets: its XML, and whether it grants the owner alone. */
export function requestedAcl(call: S3Call, withBody: boolean): { xml?: string; ownerOnly: boolean } | undefined {
  const h = call.req.headers;
  const canned = h["x-amz-acl"];
  let grantHeaders = false;
  for (const name in h) {
    if (!name.startsWith("x-amz-grant-")) continue;
    grantHeaders = true;
    checkGrantHeader(name, h[name]);
  }
  if (canned !== undefined) {
    const xml = cannedAcl(canned);
    if (xml === undefined) throw unknownCannedAcl(canned);
    if (grantHeaders) throw cannedAndGrantAcl();
    if (withBody && call.body.length > 0) throw unexpectedContent();
    return { xml, ownerOnly: OWNER_ONLY.has(canned) };
  }
  if (grantHeaders) return { ownerOnly: false };
  if (!withBody || call.body.length === 0) return undefined;
  const { node, inner } = configurationBody(call.body, "AccessControlPolicy");
  const grants = checkPolicyGrants(node.AccessControlList);
  const ownerOnly = grants.every((g) => {
    const grantee = g.Grantee;
    return isNode(grantee) && text(grantee, "ID") === OWNER.ID && text(g, "Permission") === "FULL_CONTROL";
  });
  return { xml: inner, ownerOnly };
}

