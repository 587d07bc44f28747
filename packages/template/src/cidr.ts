/** Fn::Cidr: `count` consecutive subnets of an IPv4 or IPv6 block, each with `cidrBits` host bits. */

export function cidr(block: string, count: number, cidrBits: number, invalid: () => never): string[] {
  const [address, prefixText] = block.split("/");
  const prefix = Number(prefixText);
  const v6 = address.includes(":");
  const width = v6 ? 128 : 32;
  const start = v6 ? parseV6(address) : parseV4(address);
  if (start === undefined || !Number.isInteger(prefix) || !Number.isInteger(count) || !Number.isInteger(cidrBits)) invalid();
  const subnetPrefix = width - cidrBits;
  if (count < 1 || cidrBits < 0 || subnetPrefix < prefix || count > 2 ** Math.min(subnetPrefix - prefix, 30)) invalid();
  const size = 1n << BigInt(cidrBits);
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  const base = start & ~hostMask;
  const out: string[] = [];
  for (let i = 0n; i < BigInt(count); i++) {
    const network = base + i * size;
    out.push(`${v6 ? formatV6(network) : formatV4(network)}/${subnetPrefix}`);
  }
  return out;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) + BigInt(p), 0n);
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
}

function parseV6(text: string): bigint | undefined {
  const [head, tail] = text.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const missing = 8 - headParts.length - tailParts.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...headParts, ...Array<string>(missing).fill("0"), ...tailParts];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

function formatV6(value: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}
