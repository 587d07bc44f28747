/** The ACL a request asks for: a canned x-amz-acl, x-amz-grant-* headers, or an AccessControlPolicy body. */
import { OWNER } from "../engine/context.js";
import { PRIVATE_ACL } from "../engine/storedConfigs.js";
import type { S3Call } from "./call.js";
import { configurationBody, isNode, nodes, text } from "./xml.js";

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

/** The ACL a Put*Acl (or a write with x-amz-acl) sets: its XML, and whether it grants the owner alone. */
export function requestedAcl(call: S3Call, withBody: boolean): { xml?: string; ownerOnly: boolean } | undefined {
  const h = call.req.headers;
  const canned = h["x-amz-acl"];
  const grantHeaders = Object.keys(h).some((name) => name.startsWith("x-amz-grant-"));
  if (canned !== undefined) {
    const xml = cannedAcl(canned);
    if (xml === undefined) return { ownerOnly: false };
    return { xml, ownerOnly: OWNER_ONLY.has(canned) && !grantHeaders };
  }
  if (grantHeaders) return { ownerOnly: false };
  if (!withBody || call.body.length === 0) return undefined;
  const { node, inner } = configurationBody(call.body, "AccessControlPolicy");
  const list = node.AccessControlList;
  const grants = isNode(list) ? nodes(list, "Grant") : [];
  const ownerOnly = grants.every((g) => {
    const grantee = g.Grantee;
    return isNode(grantee) && text(grantee, "ID") === OWNER.ID && text(g, "Permission") === "FULL_CONTROL";
  });
  return { xml: inner, ownerOnly };
}

