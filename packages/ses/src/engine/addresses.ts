/**
 * Email addresses as SES reads them: a Source may carry a display name ("Shop <shop@example.com>"),
 * identities match without regard to case, and a verified domain verifies every address at it
 * and at its subdomains.
 */
import { missingDomain } from "../errors.js";
import { identityKey, type SesState } from "./state.js";

/** The address of "Name <a@b.c>" or "a@b.c". */
export function addressOf(text: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(text);
  return (angle ? angle[1] : text).trim();
}

/** Refuses an address with no domain part, as SES does before sending. */
export function checkAddress(text: string): string {
  const address = addressOf(text);
  const at = address.lastIndexOf("@");
  if (at < 0 || at === address.length - 1) throw missingDomain();
  return address;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}

/** Whether a verified identity covers the address: the address itself, its domain, or a parent domain. */
export function isVerified(state: SesState, address: string): boolean {
  if (state.identities.has(identityKey(address))) return true;
  const labels = domainOf(address).split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    if (state.identities.get(identityKey(labels.slice(i).join(".")))?.type === "Domain") return true;
  }
  return false;
}

/** Every address of a destination, in To, Cc, Bcc order. */
export function recipientsOf(destination: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] } | undefined): string[] {
  return [...(destination?.ToAddresses ?? []), ...(destination?.CcAddresses ?? []), ...(destination?.BccAddresses ?? [])];
}
