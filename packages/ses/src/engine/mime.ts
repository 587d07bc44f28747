/**
 * MIME in and out: a raw message's headers and parts read with postal-mime, and the
 * multipart/alternative message TestRenderTemplate answers with.
 */
import { randomBytes } from "node:crypto";
import PostalMime from "postal-mime";

export interface ParsedRaw {
  from?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject?: string;
  text?: string;
  html?: string;
}

type Address = { address?: string; name?: string; group?: Address[] };
const addresses = (list: Address[] | undefined): string[] =>
  (list ?? []).flatMap((a) => (a.group ? addresses(a.group) : a.address ? [a.address] : []));

/** A part's body without the line break before the next boundary, which belongs to the boundary (RFC 2046 5.1.1). */
const partBody = (text: string): string => text.replace(/\r?\n$/, "");

export async function parseRaw(raw: Buffer): Promise<ParsedRaw> {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw);
  } catch {
    // Bytes postal-mime cannot read carry no header SES could use.
    return { to: [], cc: [], bcc: [] };
  }
  const fromHeader = email.headers.find((h) => h.key === "from")?.value;
  return {
    ...(fromHeader !== undefined ? { from: fromHeader } : {}),
    to: addresses(email.to as Address[] | undefined),
    cc: addresses(email.cc as Address[] | undefined),
    bcc: addresses(email.bcc as Address[] | undefined),
    ...(email.subject !== undefined ? { subject: email.subject } : {}),
    ...(email.text !== undefined ? { text: partBody(email.text) } : {}),
    ...(email.html !== undefined ? { html: partBody(email.html) } : {}),
  };
}

const crlf = (text: string): string => text.replace(/\r?\n/g, "\r\n");
const encoding = (text: string): string => (/^[\x00-\x7f]*$/.test(text) ? "7bit" : "8bit");

/** A rendered template as SES's TestRenderTemplate shows it: headers, then a text and an HTML part. */
export function renderedMessage(date: Date, parts: { subject?: string; text?: string; html?: string }): string {
  const boundary = `----=_Part_${randomBytes(6).readUIntBE(0, 6)}_${date.getTime()}`;
  const lines = [`Date: ${date.toUTCString().replace("GMT", "+0000")}`];
  if (parts.subject !== undefined) lines.push(`Subject: ${parts.subject.replace(/[\r\n]+/g, " ")}`);
  lines.push("MIME-Version: 1.0", `Content-Type: multipart/alternative; \r\n\tboundary="${boundary}"`, "");
  for (const [type, body] of [["text/plain", parts.text], ["text/html", parts.html]] as const) {
    if (body === undefined) continue;
    lines.push(`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, `Content-Transfer-Encoding: ${encoding(body)}`, "", crlf(body));
  }
  lines.push(`--${boundary}--`);
  return lines.join("\r\n");
}
