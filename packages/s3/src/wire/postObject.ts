/**
 * POST Object: a browser form upload (what createPresignedPost's fields and an HTML form send).
 * A form with a policy is held to it (wire/postPolicy.ts; the signature itself is not checked);
 * the answer follows success_action_redirect (303 to it with bucket, key and etag added) or
 * success_action_status (204 by default, 201 with a <PostResponse>, or 200).
 */
import { invalidArgument } from "../errors.js";
import { encryptionHeaders, requestedEncryption } from "./encryption.js";
import { cannedAclOf } from "./aclRequest.js";
import { empty, xmlOk, type ActionHandler } from "./call.js";
import { checksumRequestOf, metadataOf, objectHeadersOf } from "./headers.js";
import { boundaryOf, parseFormData } from "./formData.js";
import { checkPostPolicy, type Form } from "./postPolicy.js";
import { DECLARATION, el, parseTaggingXml } from "./xml.js";

/**
 * Where a successful upload sends the browser: an absolute http(s) URL, else none ("If Amazon S3
 * cannot interpret the URL, it acts as if the field is not present"). A URL with a space or a
 * control character (CR LF would split the Location header) or that does not parse is none.
 */
function redirectOf(form: Record<string, string>): string | undefined {
  const target = form.success_action_redirect ?? form.redirect;
  return target !== undefined && /^https?:\/\/[\x21-\x7e]*$/i.test(target) && URL.canParse(target) ? target : undefined;
}

export const PostObject: ActionHandler = async ({ engine, req, bucket, body, now, region }) => {
  const fields = parseFormData(body, boundaryOf(req.headers["content-type"]) ?? "");
  const file = fields.find((f) => f.name.toLowerCase() === "file");
  if (!file) throw invalidArgument("POST requires exactly one file upload per request.", "file", "0");
  // Fields after the file are ignored, as S3 does.
  const sent: Form = new Map();
  const form: Record<string, string> = {};
  for (const field of fields.slice(0, fields.indexOf(file))) {
    const value = field.data.toString("utf8");
    sent.set(field.name, value);
    form[field.name.toLowerCase()] = value;
  }
  const template = form.key;
  if (template === undefined || template === "") {
    throw invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", "key", "");
  }
  const key = template.replaceAll("${filename}", file.filename ?? "");
  // Conditions on $key see the key with ${filename} filled in.
  for (const name of sent.keys()) if (name.toLowerCase() === "key") sent.set(name, key);
  checkPostPolicy(sent, bucket, file.data.length, now);
  const headers = objectHeadersOf({ ...(file.contentType ? { "content-type": file.contentType } : {}), ...form });
  // The form's acl field is a canned ACL, checked and kept as PutObject's x-amz-acl is.
  const acl = form.acl === undefined ? undefined : cannedAclOf(form.acl);
  if (acl) engine.checkAclAllowed({ Bucket: bucket, ownerOnly: acl.ownerOnly, xml: acl.xml });
  // The form's x-amz-server-side-encryption* fields ask for encryption as PutObject's headers do.
  const encryption = requestedEncryption(engine, bucket, region, form);
  const out = await engine.putObject({
    ...(acl === undefined ? {} : { Acl: acl.xml }),
    Encryption: encryption,
    Bucket: bucket,
    Key: key,
    Body: file.data,
    headers,
    Metadata: metadataOf(form),
    Tags: form.tagging === undefined ? undefined : parseTaggingXml(Buffer.from(form.tagging)),
    StorageClass: form["x-amz-storage-class"],
    checksum: checksumRequestOf(form),
    event: "ObjectCreated:Post",
  });
  const host = req.headers.host ?? "localhost";
  const location = `http://${host}/${bucket}/${encodeURIComponent(key).replace(/%2F/g, "/")}`;
  const result = { etag: out.ETag, location, ...encryptionHeaders(encryption) };
  const redirect = redirectOf(form);
  if (redirect !== undefined) {
    // bucket, key and etag are appended form-encoded, the ETag quoted as %22…%22.
    const query = new URLSearchParams({ bucket, key, etag: out.ETag }).toString();
    return empty(303, { ...result, location: `${redirect}${redirect.includes("?") ? "&" : "?"}${query}` });
  }
  if (form.success_action_status === "201") {
    // S3's PostResponse carries no namespace (every capture of it, e.g. s3rver#504, ceph#20330).
    const xml = `${DECLARATION}<PostResponse>${el("Location", location)}${el("Bucket", bucket)}${el("Key", key)}${el("ETag", out.ETag)}</PostResponse>`;
    return { ...xmlOk(xml, result), status: 201 };
  }
  return empty(form.success_action_status === "200" ? 200 : 204, result);
};
