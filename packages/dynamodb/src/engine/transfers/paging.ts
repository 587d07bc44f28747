/**
 * ListExports / ListImports paging. NextToken names the last job of the page; ListImports'
 * model holds tokens to hex in 16-digit groups, at least 112 digits, so both lists write
 * them that way: the ARN's UTF-8 bytes in hex, padded with zero bytes.
 */
import { MESSAGES, ValidationException } from "../../errors.js";
import { DEFAULT_TRANSFERS_PAGE } from "../../limits.js";

const MIN_TOKEN_DIGITS = 112;

export function nextToken(arn: string): string {
  let digits = Buffer.from(arn, "utf8").toString("hex");
  while (digits.length < MIN_TOKEN_DIGITS || digits.length % 16 !== 0) digits += "00";
  return digits;
}

/** The job a token names; one that names no job of this kind is refused (ListExports' token to ListImports and back). */
function arnOf(token: string, kind: "export" | "import"): string {
  const arn = /^(?:[0-9a-f]{2})+$/.test(token) ? Buffer.from(token, "hex").toString("utf8").replace(/\0+$/, "") : "";
  if (!arn.includes(`/${kind}/`)) throw new ValidationException(MESSAGES.invalidNextToken(token));
  return arn;
}

/**
 * One page of `arns` (in the order given), after the token's job when one is given. A token
 * of another listing's job (another TableArn) answers an empty page, as DynamoDB does
 * (ack-api-quirks DDB-EXPORT-006, 2026-10).
 */
export function page(arns: readonly string[], size: number | undefined, token: string | undefined, kind: "export" | "import"): { arns: string[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const at = arns.indexOf(arnOf(token, kind));
    if (at < 0) return { arns: [] };
    start = at + 1;
  }
  const limit = size ?? DEFAULT_TRANSFERS_PAGE;
  const selected = arns.slice(start, start + limit);
  const last = selected[selected.length - 1];
  return start + limit < arns.length && last !== undefined ? { arns: selected, next: nextToken(last) } : { arns: selected };
}
