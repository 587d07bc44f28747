/**
 * Deployment packages written byte by byte (PKWARE's APPNOTE: local headers, central directory,
 * end record), so a test can make the zips real tools make and the ones they never would: names
 * with `../` or `\`, Unix modes and symbolic links, sizes or checksums that lie.
 */
import { deflateRawSync } from "node:zlib";

export interface ZipEntry {
  /** The name exactly as stored (UTF-8). A name ending in "/" is a folder. */
  name: string;
  data?: string | Buffer;
  /** Unix permissions (e.g. 0o755); with `symlink`, `data` is the link's target. */
  mode?: number;
  symlink?: boolean;
  /** Stored as is instead of deflated. */
  store?: boolean;
  /** What the headers claim instead of the truth. */
  declaredSize?: number;
  crc32?: number;
  /** The general purpose flags' "encrypted" bit set (the content is not really encrypted). */
  encrypted?: boolean;
  /** Another compression method number in the headers (12 is bzip2), the content left deflated. */
  method?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
// "Version made by": Unix (3) in the high byte, zip 2.0 in the low one.
const MADE_BY_UNIX = (3 << 8) | 20;
const UTF8_NAME = 0x800;
const ENCRYPTED = 0x1;

/** A zip of `entries`, in order, made "on Unix" (external attributes carry the modes given). */
export function zipOf(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const data = Buffer.from(entry.data ?? "");
    const folder = entry.name.endsWith("/");
    const stored = entry.store === true || folder || entry.symlink === true || data.length === 0;
    const body = stored ? data : deflateRawSync(data);
    const method = entry.method ?? (stored ? 0 : 8);
    const flags = UTF8_NAME | (entry.encrypted === true ? ENCRYPTED : 0);
    const crc = entry.crc32 ?? crc32(data);
    const size = entry.declaredSize ?? data.length;
    const type = entry.symlink ? S_IFLNK : folder ? S_IFDIR : S_IFREG;
    const mode = entry.mode ?? (folder || entry.symlink ? 0o755 : 0o644);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((type | mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
