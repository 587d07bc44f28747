/**
 * A non-proxy integration's payload conversions ("Content type conversions in API Gateway"): the
 * Integration's contentHandling converts the request, the IntegrationResponse's the response, with
 * the REST API's binaryMediaTypes deciding what is binary — the request's Content-Type, the
 * response's Content-Type and the request's first Accept type. CONVERT_TO_TEXT base64-encodes
 * binary data (before a mapping template sees it), CONVERT_TO_BINARY base64-decodes text (after
 * the template wrote it); undefined passes through, except that a binary answer to a text Accept
 * is base64-encoded and a text answer to a binary Accept base64-decoded.
 */
import { matchesMediaType } from "../http/incoming.js";
import { decodeBase64 } from "../http/outgoing.js";

export const CONVERT_TO_TEXT = "CONVERT_TO_TEXT";
export const CONVERT_TO_BINARY = "CONVERT_TO_BINARY";

/** Binary data: binaryMediaTypes is set and lists the media type. */
export function isBinaryType(mediaType: string | undefined, binaryMediaTypes: string[] | undefined): boolean {
  return binaryMediaTypes !== undefined && matchesMediaType(mediaType, binaryMediaTypes);
}

/**
 * The method request's payload as the templates see it: base64 text for binary data converted to
 * text, the raw bytes (`binary`) for binary data that stays binary, else UTF-8 text.
 */
export function requestPayload(body: Buffer, binary: boolean, contentHandling: string | undefined): { text: string; binary?: Buffer } {
  if (!binary) return { text: body.toString("utf8") };
  if (contentHandling === CONVERT_TO_TEXT) return { text: body.toString("base64") };
  return { text: body.toString("utf8"), binary: body };
}

/**
 * What goes to the integration: binary data kept as it came, text (mapped) base64-decoded by
 * CONVERT_TO_BINARY; undefined when that text is not base64 (AWS: a 500, "If the conversion
 * fails, it returns a 500 response indicating an API configuration error").
 */
export function integrationBody(mapped: string, payload: { binary?: Buffer }, passedThrough: boolean, contentHandling: string | undefined): string | Buffer | undefined {
  if (payload.binary && passedThrough) return payload.binary;
  if (contentHandling === CONVERT_TO_BINARY && !payload.binary) return decodeBase64(mapped.trim());
  return mapped;
}

/**
 * The integration's answer before its response template: base64 text for binary data converted
 * to text (CONVERT_TO_TEXT, or no contentHandling and a text Accept), the raw bytes (`binary`)
 * when binary data stays binary, else UTF-8 text.
 */
export function answerPayload(bytes: Buffer, binary: boolean, acceptBinary: boolean, contentHandling: string | undefined): { text: string; binary?: Buffer } {
  if (!binary) return { text: bytes.toString("utf8") };
  if (contentHandling === CONVERT_TO_TEXT || (contentHandling === undefined && !acceptBinary)) return { text: bytes.toString("base64") };
  return { text: "", binary: bytes };
}

/**
 * The method response's body: text base64-decoded by CONVERT_TO_BINARY (or, without
 * contentHandling, for a binary Accept); undefined when that text is not base64 (a 500).
 */
export function methodResponseBody(mapped: string, acceptBinary: boolean, contentHandling: string | undefined): Buffer | undefined {
  if (contentHandling === CONVERT_TO_BINARY || (contentHandling === undefined && acceptBinary)) return decodeBase64(mapped.trim());
  return Buffer.from(mapped);
}
