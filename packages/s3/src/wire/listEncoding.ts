/** encoding-type=url in listings: keys, prefixes, markers and delimiters percent-encoded. */
import { invalidArgument } from "../errors.js";
import { el } from "./xml.js";

/** S3's url encoding of listed names: percent-encoding, "/" kept. */
function urlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%2F/g, "/");
}

export function encoder(encodingType: string | null): (value: string | undefined) => string | undefined {
  if (encodingType === null) return (v) => v;
  if (encodingType !== "url") throw invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
  return (v) => (v === undefined ? undefined : urlEncode(v));
}

export function commonPrefixes(prefixes: string[], enc: (v: string) => string | undefined): string {
  return prefixes.map((p) => `<CommonPrefixes>${el("Prefix", enc(p))}</CommonPrefixes>`).join("");
}
