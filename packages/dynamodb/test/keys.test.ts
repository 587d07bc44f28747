import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AFTER, encodeNumber, encodeSortPrefix, encodeSortValue, KeyCodec, segmentStart } from "../src/engine/keys.js";
import { partitionHash16 } from "../src/engine/partitionHash.js";

const sorted = (values: string[], encode: (v: string) => string) =>
  [...values].sort((a, b) => (encode(a) < encode(b) ? -1 : encode(a) > encode(b) ? 1 : 0));

describe("sort key encoding", () => {
  it("orders numbers numerically across signs, exponents and digit counts", () => {
    const numbers = ["-1e10", "-100", "-10.5", "-10", "-1.25", "-1.2", "-1", "-0.001", "0", "0.001", "0.5", "1", "1.2", "1.25", "9", "10", "10.5", "100", "1e10"];
    const shuffled = [...numbers].reverse();
    expect(sorted(shuffled, encodeNumber)).toEqual(numbers);
  });

  it("treats equal numbers written differently as one key", () => {
    expect(encodeNumber("1.50")).toBe(encodeNumber("1.5"));
    expect(encodeNumber("1e2")).toBe(encodeNumber("100"));
    expect(encodeNumber("-0")).toBe(encodeNumber("0"));
  });

  it("orders strings by UTF-8 bytes, shorter prefixes first", () => {
    const strings = ["", "\u0000", "\u0001", "a", "a\u0000", "ab", "b", "\uffff", "😀"];
    expect(sorted([...strings].reverse(), (s) => encodeSortValue("S", s))).toEqual(strings);
  });

  it("orders binaries by bytes", () => {
    const values = [Buffer.from([0]), Buffer.from([0, 0]), Buffer.from([1]), Buffer.from([255])].map((b) => b.toString("base64"));
    expect(sorted([...values].reverse(), (b) => encodeSortValue("B", b))).toEqual(values);
  });

  it("is prefix-free, so appended table keys never reorder index keys", () => {
    const a = encodeSortValue("S", "a") + "\uFFFE";
    const b = encodeSortValue("S", "a\u0000");
    expect(a < b).toBe(true);
    expect(encodeSortValue("N", "1.2") + "\uFFFE" < encodeSortValue("N", "1.25")).toBe(true);
  });

  it("keeps begins_with runs contiguous", () => {
    const prefix = encodeSortPrefix("S", "ab");
    for (const s of ["ab", "ab\u0000", "abc", "ab\uffff"]) {
      const key = encodeSortValue("S", s);
      expect(key >= prefix && key < prefix + AFTER).toBe(true);
    }
    expect(encodeSortValue("S", "ac") >= prefix + AFTER).toBe(true);
  });
});

describe("KeyCodec", () => {
  it("groups a partition's items and never produces the AFTER char", () => {
    const codec = new KeyCodec({ name: "pk", type: "S" }, { name: "sk", type: "N" });
    const key = codec.encode({ pk: { S: "user" }, sk: { N: "5" } });
    const partition = codec.partition({ S: "user" });
    expect(key.startsWith(partition)).toBe(true);
    expect(key.includes(AFTER)).toBe(false);
    expect(codec.partition({ S: "use" }) === partition).toBe(false);
  });

  it("splits the hash space into contiguous scan segments", () => {
    expect(segmentStart(0, 4).charCodeAt(0)).toBe(1);
    expect(segmentStart(1, 4) < segmentStart(2, 4)).toBe(true);
  });
});

describe("partitionHash16", () => {
  it("is the first 16 bits of MD5('Outliers' + key bytes), in one block or through node:crypto", () => {
    const md5 = (bytes: Buffer) => {
      const digest = createHash("md5").update("Outliers").update(bytes).digest();
      return (digest[0] << 8) | digest[1];
    };
    for (const text of ["", "a", "hello", "äáöü", "x".repeat(47), "x".repeat(48), "y".repeat(300)]) {
      expect(partitionHash16("S", text)).toBe(md5(Buffer.from(text, "utf8")));
    }
    for (const size of [0, 1, 47, 48, 200]) {
      const bytes = Buffer.alloc(size, 7);
      expect(partitionHash16("B", bytes.toString("base64"))).toBe(md5(bytes));
    }
    // A number hashes its DynamoDB byte form: equal numbers hash alike.
    expect(partitionHash16("N", "1.50")).toBe(partitionHash16("N", "1.5"));
    expect(partitionHash16("N", "-0.09")).not.toBe(partitionHash16("N", "0.09"));
  });
});
