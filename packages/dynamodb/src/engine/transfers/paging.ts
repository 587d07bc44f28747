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

function arnOf(token: string): string {
  if (!/^(?:[0-9a-f]{2})+$/.test(token)) throw new ValidationException(MESSAGES.invalidNextToken);
  return Buffer.from(token, "hex").toString("utf8").replace(/\0+$/, "");
}

/** One page of `arns` (in the order given), after the token's job when one is given. */
export function page(arns: readonly string[], size: number | undefined, token: string | undefined): { arns: string[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const after = arnOf(token);
    const at = arns.indexOf(after);
    if (at < 0) throw new ValidationException(MESSAGES.invalidNextToken);
    start = at + 1;
  }
  const limit = size ?? DEFAULT_TRANSFERS_PAGE;
  const selected = arns.slice(start, start + limit);
  const last = selected[selected.length - 1];
  return start + limit < arns.length && last !== undefined ? { arns: selected, next: nextToken(last) } : { arns: selected };
}
