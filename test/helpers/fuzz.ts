// Deterministic fuzzing of the edge port (test/robustness.test.ts): a seeded PRNG, inputs
// derived from a service's generated Smithy table, and the requests each protocol sends
// them in. No randomness without a seed: the same seed always builds the same requests.
import { request, Agent } from "node:http";
import type { MemberModel, ServiceModel, ShapeModel } from "../../packages/core/src/index.js";

/** mulberry32: a tiny, well-distributed 32-bit PRNG. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** FNV-1a: a stable seed per service and operation, independent of iteration order. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const MAX_DEPTH = 5;
const ODD_STRINGS = ["", " ", "fuzz", "ü😀\u0000\u001f", "arn:aws:fuzz:us-east-1:000000000000:x/y", "../../etc/passwd", "%s%n{}", "null", "-1", "x".repeat(300)];
const ODD_NUMBERS = [0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, -0.5, 1e308];

/**
 * Random values for a service's shapes: mostly of the right JSON kind (to reach the engine),
 * sometimes not. In careful mode every value has the right kind, enums and lengths hold, and
 * members named in `known` (TableName, FunctionName, …) often name a resource that exists,
 * so the input gets past validation into the engine.
 */
export class ShapeFuzzer {
  private careful = false;

  constructor(
    private readonly model: ServiceModel,
    private readonly rng: Rng,
    private readonly known: Readonly<Record<string, readonly unknown[]>> = {},
  ) {}

  shape(name: string): ShapeModel {
    const shape = this.model.shapes[name];
    if (shape !== undefined) return shape;
    // Smithy prelude shapes: "smithy.api#String" → string.
    const simple = name.replace(/^smithy\.api#/, "").replace(/^Primitive/, "");
    const type = simple.charAt(0).toLowerCase() + simple.slice(1);
    return { type: (type === "unit" ? "structure" : type) as ShapeModel["type"], members: {} };
  }

  /** An operation's input: a structure of random members. */
  input(operation: string, careful = false): Record<string, unknown> {
    const inputShape = this.model.operations[operation]?.input;
    if (inputShape === undefined) return {};
    this.careful = careful;
    return this.structure(this.shape(inputShape), 0);
  }

  value(name: string, depth: number, constraints: MemberModel | ShapeModel = this.shape(name)): unknown {
    const shape = this.shape(name);
    // One value in eight is of the wrong kind.
    if (!this.careful && this.rng.chance(0.12)) return this.wrongKind(shape);
    if (depth > MAX_DEPTH) return shape.type === "list" ? [] : shape.type === "structure" || shape.type === "map" ? {} : "deep";
    switch (shape.type) {
      case "structure":
        return this.structure(shape, depth);
      case "union": {
        const names = Object.keys(shape.members ?? {});
        if (names.length === 0) return {};
        const out: Record<string, unknown> = {};
        const count = this.rng.chance(0.85) ? 1 : this.rng.int(0, 2);
        for (let i = 0; i < count; i++) {
          const member = this.rng.pick(names);
          const m = shape.members?.[member];
          if (m) out[m.jsonName ?? member] = this.value(m.target, depth + 1, m);
        }
        return out;
      }
      case "list": {
        const n = this.careful ? this.rng.int(shape.length?.min ?? 0, Math.min(shape.length?.max ?? 3, 3)) : this.rng.pick([0, 1, 1, 2, 3, 30]);
        return Array.from({ length: n }, () => (!this.careful && this.rng.chance(0.05) ? null : this.value(shape.member ?? "smithy.api#String", depth + 1)));
      }
      case "map": {
        const n = this.rng.pick([0, 1, 2, 3]);
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) out[String(this.value(shape.key ?? "smithy.api#String", depth + 1))] = this.value(shape.value ?? "smithy.api#String", depth + 1);
        return out;
      }
      case "enum":
        return this.rng.chance(this.careful ? 1 : 0.8) && shape.values && shape.values.length > 0 ? this.rng.pick(shape.values) : this.rng.pick(ODD_STRINGS);
      case "intEnum":
        return shape.values && shape.values.length > 0 && this.rng.chance(0.8) ? this.rng.pick(shape.values) : this.rng.pick(ODD_NUMBERS);
      case "string":
        return this.string(constraints);
      case "blob":
        return this.rng.pick(["", "aGVsbG8=", "!!not base64!!", Buffer.from('{"k":1}').toString("base64"), "UEsDBAoAAAAAAA=="]);
      case "boolean":
        return this.rng.chance(0.9) ? this.rng.chance(0.5) : "maybe";
      case "timestamp":
        return this.rng.pick([0, 1_700_000_000, -1, 1e15, "2024-01-01T00:00:00Z", "not a date", 1.5]);
      case "document":
        return this.rng.pick([{}, { a: [1, "b", null] }, "text", 42, [], true]);
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "bigInteger":
      case "float":
      case "double":
      case "bigDecimal":
        return this.number(constraints);
      default:
        return "unknown-shape";
    }
  }

  private structure(shape: ShapeModel, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      if (!this.rng.chance(member.required ? (this.careful ? 1 : 0.85) : 0.45)) continue;
      const known = this.known[name];
      out[member.jsonName ?? name] =
        known && this.rng.chance(this.careful ? 0.8 : 0.3)
          ? this.rng.pick(known)
          : this.value(member.target, depth + 1, { ...this.shape(member.target), ...member });
    }
    return out;
  }

  private string(c: MemberModel | ShapeModel): string {
    const r = this.careful ? 0.5 + this.rng.next() / 2 : this.rng.next();
    if (r < 0.35) return this.rng.pick(ODD_STRINGS);
    const min = c.length?.min ?? 0;
    const max = Math.min(c.length?.max ?? 64, 2048);
    const length = r < 0.45 ? max + 1 : r < 0.5 ? Math.max(0, min - 1) : this.rng.int(Math.min(min, max), max);
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:*$#";
    let s = "";
    for (let i = 0; i < length; i++) s += alphabet[this.rng.int(0, alphabet.length - 1)];
    return s;
  }

  private number(c: MemberModel | ShapeModel): number {
    if (!this.careful && this.rng.chance(0.4)) return this.rng.pick(ODD_NUMBERS);
    const min = c.range?.min ?? -10;
    const max = c.range?.max ?? 1000;
    return this.rng.int(Math.max(min, -1e9), Math.min(max, 1e9));
  }

  /** A value of another JSON kind than the shape takes. */
  wrongKind(shape: ShapeModel): unknown {
    switch (shape.type) {
      case "structure":
      case "union":
      case "map":
        return this.rng.pick(["a string", 7, [1, 2], true]);
      case "list":
        return this.rng.pick(["a string", 7, { a: 1 }, false]);
      case "string":
      case "enum":
      case "blob":
        return this.rng.pick([42, 4.2, true, { a: 1 }, ["x"]]);
      case "boolean":
        return this.rng.pick(["yes", 3, {}, []]);
      default:
        return this.rng.pick(["12", "abc", true, {}, [1]]);
    }
  }
}

/** The fixed hostile bodies every operation gets, by name. */
export function fixedVariants(model: ServiceModel, operation: string): Array<[string, string | Buffer]> {
  const shapeName = model.operations[operation]?.input;
  const members = (shapeName && model.shapes[shapeName]?.members) || {};
  const names = Object.entries(members);
  const wrong: Record<string, unknown> = {};
  const nested: Record<string, unknown> = {};
  for (const [name, member] of names) {
    const type = model.shapes[member.target]?.type ?? (/String$/.test(member.target) ? "string" : "integer");
    const key = member.jsonName ?? name;
    wrong[key] = type === "list" || type === "map" || type === "structure" || type === "union" ? "not-a-collection" : type === "string" || type === "enum" ? 12345 : "not-a-number";
    nested[key] = type === "list" ? deepArray(200) : deepObject(200);
  }
  // Every member sent as JSON null: AWS's JSON protocols read a null member as absent.
  const nulls = Object.fromEntries(names.map(([name, member]) => [member.jsonName ?? name, null]));
  const big: Record<string, unknown> = {};
  const first = names[0];
  big[first ? (first[1].jsonName ?? first[0]) : "Anything"] = "x".repeat(1024 * 1024);
  return [
    ["empty body", ""],
    ["{}", "{}"],
    ["malformed JSON", '{"TableName": "a", '],
    ["JSON array", "[1, 2, 3]"],
    ["null", "null"],
    ["a number", "42"],
    ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ["wrong-typed members", JSON.stringify(wrong)],
    ["null members", JSON.stringify(nulls)],
    ["200-level nesting", JSON.stringify(names.length > 0 ? nested : { Deep: deepObject(200) })],
    ["1 MB string", JSON.stringify(big)],
  ];
}

/** Values of the wrong JSON kind for a member of `shape`, a null inside a list or map among them. */
function wrongKinds(shape: ShapeModel | undefined): unknown[] {
  switch (shape?.type) {
    case "string":
    case "enum":
      return [123, { a: "b" }];
    case "integer":
    case "long":
    case "double":
    case "float":
    case "short":
    case "byte":
    case "intEnum":
      return ["abc", 2 ** 53, -1, 0.5];
    case "boolean":
      return ["yes"];
    case "list":
      return ["x", [null], [{}]];
    case "map":
      return ["x", { k: null }];
    case "structure":
    case "union":
      return ["x", [1], { bogus: 1 }];
    case "timestamp":
      return ["not-a-date", -1e20];
    case "blob":
      return [5, "!!!"];
    default:
      return [];
  }
}

/**
 * Each member in turn given each value of the wrong kind, on top of `base` (an input whose
 * required members may name resources that exist, so the checks past "not found" run too):
 * the deserializer, the validator and the engine must all refuse it as AWS would.
 */
export function memberVariants(model: ServiceModel, operation: string, base: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  const shapeName = model.operations[operation]?.input;
  const members = (shapeName && model.shapes[shapeName]?.members) || {};
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const [name, member] of Object.entries(members)) {
    const key = member.jsonName ?? name;
    for (const value of wrongKinds(model.shapes[member.target])) out.push([`${key}=${JSON.stringify(value)}`, { ...base, [key]: value }]);
  }
  return out;
}

export function deepObject(levels: number): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

export function deepArray(levels: number): unknown {
  let v: unknown = ["bottom"];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

/** A SigV4 Authorization header with the right scope and a signature nobody checks. */
export function sigv4(service: string): string {
  return `AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;
}

/** awsQuery form params for an input, as the SDKs flatten it (lists `.member.N`, maps `.entry.N.key|value`). */
export function queryForm(model: ServiceModel, shapeName: string, value: unknown, prefix: string, out: Array<[string, string]>): void {
  const shape = model.shapes[shapeName];
  if (shape === undefined || value === null || value === undefined) {
    if (prefix !== "" && value !== undefined && value !== null) out.push([prefix, scalarText(value)]);
    return;
  }
  const key = (name: string) => (prefix === "" ? name : `${prefix}.${name}`);
  if ((shape.type === "structure" || shape.type === "union") && typeof value === "object" && !Array.isArray(value)) {
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const v = (value as Record<string, unknown>)[member.jsonName ?? name];
      if (v !== undefined) queryForm(model, member.target, v, key(member.xmlName ?? name), out);
    }
  } else if (shape.type === "list" && Array.isArray(value)) {
    if (value.length === 0) out.push([prefix, ""]);
    value.forEach((v, i) => queryForm(model, shape.member ?? "", v, `${prefix}.${shape.memberXmlName ?? "member"}.${i + 1}`, out));
  } else if (shape.type === "map" && typeof value === "object" && !Array.isArray(value)) {
    Object.entries(value as Record<string, unknown>).forEach(([k, v], i) => {
      out.push([`${prefix}.entry.${i + 1}.${shape.keyXmlName ?? "key"}`, k]);
      queryForm(model, shape.value ?? "", v, `${prefix}.entry.${i + 1}.${shape.valueXmlName ?? "value"}`, out);
    });
  } else {
    out.push([prefix, scalarText(value)]);
  }
}

function scalarText(value: unknown): string {
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface Received {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** Sends one request with node:http (bodies on GET, no default headers); rejects after `timeoutMs`. */
export function send(base: string, req: Sent, timeoutMs: number): Promise<Received> {
  const url = new URL(req.path, base);
  const headers = { ...req.headers };
  // node frames a GET/DELETE body only with a length; a request sent with no headers at all stays so.
  if (Object.keys(headers).length > 0) headers["content-length"] = String(Buffer.byteLength(req.body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: req.method, headers, agent, setHost: Object.keys(headers).length > 0 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }),
        );
        res.on("error", reject);
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on("error", reject);
    outgoing.end(req.body);
  });
}

export function closeAgent(): void {
  agent.destroy();
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
