/**
 * POST Object: a browser form upload (what createPresignedPost's fields and an HTML form send).
 * The policy's expiration is checked, its conditions and the signature are not; the answer follows
 * success_action_status (204 by default, 201 with a <PostResponse>, or 200).
 */
import { invalidArgument } from "../errors.js";
import { empty, xmlOk, type ActionHandler } from "./call.js";
import { checksumRequestOf, metadataOf, objectHeadersOf } from "./headers.js";
import { boundaryOf, parseFormData } from "./formData.js";
import { checkPostPolicyExpiry } from "./presigned.js";
import { document, el, parseTaggingXml } from "./xml.js";

export const PostObject: ActionHandler = async ({ engine, req, bucket, body, now }) => {
  const fields = parseFormData(body, boundaryOf(req.headers["content-type"]) ?? "");
  const file = fields.find((f) => f.name.toLowerCase() === "file");
  if (!file) throw invalidArgument("POST requires exactly one file upload per request.", "file", "0");
  // Fields after the file are ignored, as S3 does.
  const form: Record<string, string> = {};
  for (const field of fields.slice(0, fields.indexOf(file))) form[field.name.toLowerCase()] = field.data.toString("utf8");
  checkPostPolicyExpiry(form.policy, now);
  const template = form.key;
  if (template === undefined || template === "") {
    throw invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", "key", "");
  }
  const key = template.replaceAll("${filename}", file.filename ?? "");
  const headers = objectHeadersOf({ ...(file.contentType ? { "content-type": file.contentType } : {}), ...form });
  const out = await engine.putObject({
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
  const result = { etag: out.ETag, location };
  if (form.success_action_status === "201") {
    return { ...xmlOk(document("PostResponse", `${el("Location", location)}${el("Bucket", bucket)}${el("Key", key)}${el("ETag", out.ETag)}`), result), status: 201 };
  }
  return empty(form.success_action_status === "200" ? 200 : 204, result);
};
