/**
 * IP addresses as event-ruler reads them (CIDR.java): a CIDR's range, and string values that are
 * address literals, both as bit strings so addresses of one family compare as strings.
 */
import { EventPatternError } from "./eventPatternError.js";

/** event-ruler's IPv4_REGEX / IPv6_REGEX: what it hands InetAddress as an address literal. */
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** A string value that is an IP address literal, as bits; event-ruler matches it as that address. */
export function ipLiteralBits(text: string): string | undefined {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text) ? ipBits(text) : undefined;
}

/** CIDR.cidr: its refusals are IllegalArgumentExceptions, so EventBridge reports them without a location. */
export function cidrRange(text: string): { low: string; high: string } {
  const parts = text.split("/");
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop(); // Java's split drops trailing empties
  if (parts.length !== 2) throw new EventPatternError("Malformed CIDR, one '/' required");
  const [address, maskText] = parts as [string, string];
  if (!/^[+-]?\d+$/.test(maskText) || Math.abs(Number(maskText)) > 2 ** 31) throw new EventPatternError("Malformed CIDR, mask bits must be an integer");
  const mask = Number(maskText);
  if (mask < 0) throw new EventPatternError("Malformed CIDR, mask bits must not be negative");
  if (!IPV4_SHAPE.test(address) && !IPV6_SHAPE.test(address)) throw new EventPatternError(`Nonstandard IP address: ${address}`);
  const bits = ipBits(address);
  if (bits === undefined) throw new EventPatternError(`Invalid IP address: ${address}`);
  if (bits.length === 32 && mask > 31) throw new EventPatternError("IPv4 mask bits must be < 32");
  if (bits.length === 128 && mask > 127) throw new EventPatternError("IPv6 mask bits must be < 128");
  // The whole block, whatever host bits the address has (event-ruler's computeBottomBytes / computeTopBytes).
  const network = bits.slice(0, mask);
  return { low: network + "0".repeat(bits.length - mask), high: network + "1".repeat(bits.length - mask) };
}

/** An IPv4 or IPv6 address as a string of "0"/"1"; undefined when it is neither. */
export function ipBits(text: string): string | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return octets.map((o) => o.toString(2).padStart(8, "0")).join("");
  }
  if (!text.includes(":") || !/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return all.map((g) => parseInt(g, 16).toString(2).padStart(16, "0")).join("");
}
