/** multipart/form-data bodies (browser POST uploads): each field's name, optional filename and bytes. */
import { S3Error } from "../errors.js";
import { MAX_POST_PRE_DATA_BYTES } from "../limits.js";

export interface FormField {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** AWS-recorded, its spelling kept. */
const maxPostPreDataLengthExceeded = () =>
  new S3Error("MaxPostPreDataLengthExceeded", "Your POST request fields preceeding the upload file was too large.", 400, { MaxPostPreDataLengthBytes: MAX_POST_PRE_DATA_BYTES });

const malformedPost = () => new S3Error("MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.", 400);

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]).trim() : undefined;
}

/**
 * The fields up to and including the file (S3 ignores those after it); more than 20 KB of
 * fields before the file is MaxPostPreDataLengthExceeded, found without reading further.
 */
export function parseFormData(body: Buffer, boundary: string): FormField[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: FormField[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw malformedPost();
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body.toString("latin1", at, at + 2) === "--") return fields;
    if (body.toString("latin1", at, at + 2) !== "\r\n") throw malformedPost();
    at += 2;
    if (at > MAX_POST_PRE_DATA_BYTES) throw maxPostPreDataLengthExceeded();
    const headersEnd = body.indexOf("\r\n\r\n", at);
    const next = body.indexOf(delimiter, at);
    if (headersEnd < 0 || next < 0 || headersEnd > next) throw malformedPost();
    const headers = body.toString("utf8", at, headersEnd).split("\r\n");
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw malformedPost();
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const contentType = headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, "");
    // The field's bytes end with the CRLF that precedes the next delimiter.
    const data = body.subarray(headersEnd + 4, next - 2);
    fields.push({ name, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}), data });
    if (name.toLowerCase() === "file") return fields;
    at = next;
  }
}
