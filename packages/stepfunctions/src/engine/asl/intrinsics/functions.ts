/**
 * The 18 intrinsic functions ("Intrinsic functions for JSONPath states"). AWS answers a
 * call whose arguments do not fit with States.Runtime "Invalid arguments in States.X".
 * Fractional numbers are truncated where an integer is wanted, as AWS does.
 */
import { createHash, randomUUID } from "node:crypto";
import { isObject, jsonEquals, parseJsonText, type Json } from "../json.js";
import { runtimeError } from "../failure.js";
import { jacksonNestingError } from "../../jackson.js";
import { copiedHashMapBuckets, javaHashMapOrder } from "../javaHashOrder.js";
import {
  INTRINSIC_ARRAY_RANGE_MAX_ITEMS,
  INTRINSIC_MAX_STRING_LENGTH,
  INTRINSIC_MATH_MAX,
  INTRINSIC_MATH_MIN,
} from "../../../limits.js";

export type IntrinsicImpl = (args: Json[], random: () => number) => Json;

function invalid(name: string): Error {
  return runtimeError(`Invalid arguments in ${name}`);
}

function arity(name: string, args: Json[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw invalid(name);
}

function str(name: string, value: Json): string {
  if (typeof value !== "string") throw invalid(name);
  return value;
}

function arr(name: string, value: Json): Json[] {
  if (!Array.isArray(value)) throw invalid(name);
  return value;
}

function int(name: string, value: Json): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(name);
  return Math.trunc(value);
}

/**
 * A number rounded as Java's Math.round (half up): States.MathAdd(1.5, 1.51) is 4 and
 * States.MathAdd(-1.49, -1.5) is -2 (LocalStack's AWS-recorded test_math_operations test_math_add).
 */
function rounded(name: string, value: Json): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(name);
  return Math.round(value) + 0;
}

/**
 * How States.Format writes a value into its template: Java's toString, so an object reads
 * {Arg1=1, Arg2=[]} and an array [1, 2] (LocalStack's AWS-recorded test_generic test_format_2
 * and test_context_json_path).
 */
function formatValue(value: Json): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return `{${Object.entries(value).map(([k, v]) => `${k}=${formatValue(v)}`).join(", ")}}`;
}

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

export const INTRINSICS: Record<string, IntrinsicImpl> = {
  "States.Format": (args) => {
    const name = "States.Format";
    if (args.length < 1) throw invalid(name);
    const template = str(name, args[0]);
    const values = args.slice(1);
    let out = "";
    let used = 0;
    for (let i = 0; i < template.length; i++) {
      const c = template[i];
      if (c === "\\" && (template[i + 1] === "{" || template[i + 1] === "}" || template[i + 1] === "\\")) {
        out += template[i + 1];
        i++;
      } else if (c === "{" && template[i + 1] === "}") {
        if (used >= values.length) throw invalid(name);
        out += formatValue(values[used++]);
        i++;
      } else {
        out += c;
      }
    }
    if (used !== values.length) throw invalid(name);
    return out;
  },
  "States.StringToJson": (args) => {
    const name = "States.StringToJson";
    arity(name, args, 1);
    const text = str(name, args[0]);
    // A blank text parses to null (LocalStack's AWS-recorded test_json_manipulation test_string_to_json).
    if (text.trim() === "") return null;
    // JSON nested deeper than Jackson parses is invalid, as for AWS (deeper still overflowed later steps).
    if (jacksonNestingError(text) !== undefined) throw invalid(name);
    const parsed = parseJsonText(text);
    if (parsed === undefined) throw invalid(name);
    return parsed;
  },
  "States.JsonToString": (args) => {
    arity("States.JsonToString", args, 1);
    return JSON.stringify(args[0]);
  },
  "States.Array": (args) => [...args],
  "States.ArrayPartition": (args) => {
    const name = "States.ArrayPartition";
    arity(name, args, 2);
    const array = arr(name, args[0]);
    const size = int(name, args[1]);
    if (size <= 0) throw invalid(name);
    const out: Json[] = [];
    for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
    return out;
  },
  "States.ArrayContains": (args) => {
    const name = "States.ArrayContains";
    arity(name, args, 2);
    return arr(name, args[0]).some((item) => jsonEquals(item, args[1]));
  },
  "States.ArrayRange": (args) => {
    const name = "States.ArrayRange";
    arity(name, args, 3);
    const start = int(name, args[0]);
    const end = int(name, args[1]);
    const step = int(name, args[2]);
    if (step === 0) throw invalid(name);
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > INTRINSIC_ARRAY_RANGE_MAX_ITEMS) throw invalid(name);
    }
    return out;
  },
  "States.ArrayGetItem": (args) => {
    const name = "States.ArrayGetItem";
    arity(name, args, 2);
    const array = arr(name, args[0]);
    const index = int(name, args[1]);
    if (index < 0 || index >= array.length) throw invalid(name);
    return array[index];
  },
  "States.ArrayLength": (args) => {
    arity("States.ArrayLength", args, 1);
    return arr("States.ArrayLength", args[0]).length;
  },
  "States.ArrayUnique": (args) => {
    const name = "States.ArrayUnique";
    arity(name, args, 1);
    const out: Json[] = [];
    for (const item of arr(name, args[0])) if (!out.some((seen) => jsonEquals(seen, item))) out.push(item);
    return out;
  },
  "States.Base64Encode": (args) => {
    const name = "States.Base64Encode";
    arity(name, args, 1);
    const value = str(name, args[0]);
    if (value.length > INTRINSIC_MAX_STRING_LENGTH) throw invalid(name);
    return Buffer.from(value, "utf8").toString("base64");
  },
  "States.Base64Decode": (args) => {
    const name = "States.Base64Decode";
    arity(name, args, 1);
    const value = str(name, args[0]);
    if (value.length > INTRINSIC_MAX_STRING_LENGTH || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1) throw invalid(name);
    return Buffer.from(value, "base64").toString("utf8");
  },
  "States.Hash": (args) => {
    const name = "States.Hash";
    arity(name, args, 2);
    const data = typeof args[0] === "string" ? args[0] : JSON.stringify(args[0]);
    if (args[0] === null || data.length > INTRINSIC_MAX_STRING_LENGTH) throw invalid(name);
    const algorithm = HASH_ALGORITHMS[str(name, args[1])];
    if (algorithm === undefined) throw invalid(name);
    return createHash(algorithm).update(data, "utf8").digest("hex");
  },
  "States.JsonMerge": (args) => {
    const name = "States.JsonMerge";
    arity(name, args, 3);
    const [a, b, deep] = args;
    // Only the shallow merge is supported: isDeepMerge must be false.
    if (!isObject(a) || !isObject(b) || deep !== false) throw invalid(name);
    // The merged map is a java.util.HashMap copied from the first object: its iteration order
    // (LocalStack's AWS-recorded test_json_manipulation test_json_merge: a, b, c, d, not a, b, d, c).
    const merged = Object.entries({ ...a, ...b });
    return Object.fromEntries(javaHashMapOrder(merged, ([key]) => key, copiedHashMapBuckets(Object.keys(a).length)));
  },
  "States.MathRandom": (args, random) => {
    const name = "States.MathRandom";
    arity(name, args, 2, 3);
    const start = int(name, args[0]);
    const end = int(name, args[1]);
    if (args.length === 3) int(name, args[2]);
    if (start >= end) throw invalid(name);
    const seeded = args.length === 3 ? seededRandom(int(name, args[2])) : random;
    return start + Math.floor(seeded() * (end - start));
  },
  "States.MathAdd": (args) => {
    const name = "States.MathAdd";
    arity(name, args, 2);
    const sum = rounded(name, args[0]) + rounded(name, args[1]);
    for (const v of [rounded(name, args[0]), rounded(name, args[1]), sum]) {
      if (v < INTRINSIC_MATH_MIN || v > INTRINSIC_MATH_MAX) throw invalid(name);
    }
    return sum;
  },
  "States.StringSplit": (args) => {
    const name = "States.StringSplit";
    arity(name, args, 2);
    const value = str(name, args[0]);
    const delimiters = str(name, args[1]);
    // Every character of the delimiter splits; empty pieces are dropped (a tokenizer).
    const out: string[] = [];
    let piece = "";
    for (const c of value) {
      if (delimiters.includes(c)) {
        if (piece !== "") out.push(piece);
        piece = "";
      } else {
        piece += c;
      }
    }
    if (piece !== "") out.push(piece);
    return out;
  },
  "States.UUID": (args) => {
    arity("States.UUID", args, 0);
    return randomUUID();
  },
};

/** A small deterministic generator for States.MathRandom's seed (mulberry32). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
