/**
 * awsQuery requests (SNS, SQS's query mode, IAM, STS): a form-urlencoded body (or query
 * string) of flat keys that the service's model turns back into a JSON-shaped input.
 *
 *   Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Orders      map
 *   MessageAttributes.entry.1.Name=k&MessageAttributes.entry.1.Value.DataType=String
 *                                                                           map with xmlName'd key/value
 *   TagKeys.member.1=env                                                    list
 *   QueueUrl.1=…  (flattened list)        Entries.member.1.Id=a (list of structures)
 *
 * Smithy's awsQuery spec: structure members by member name (or xmlName); lists as
 * `<name>.member.<n>` (`<name>.<n>` when flattened, the member's xmlName replacing
 * "member"); maps as `<name>.entry.<n>.key|value` (`<name>.<n>.…` when flattened);
 * an empty list as `<name>=` with no elements.
 */
import type { MemberModel, ServiceModel, ShapeModel } from "../model.js";
import type { EdgeRequest } from "../http.js";

/** Every key=value of the query string and of a form-urlencoded body (the body wins). */
export function queryParams(req: EdgeRequest): Map<string, string> {
  const params = new Map<string, string>();
  if (req.rawQuery !== "") for (const [k, v] of new URLSearchParams(req.rawQuery)) params.set(k, v);
  const type = req.headers["content-type"] ?? "";
  const body = req.body.length > 0 ? req.body.toString("utf8") : "";
  if (body !== "" && (type === "" || type.startsWith("application/x-www-form-urlencoded"))) {
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  }
  return params;
}

/** The input of `operation` read from flat awsQuery params, shaped as an awsJson body would be. */
export function readQueryInput(model: ServiceModel, operation: string, params: ReadonlyMap<string, string>): Record<string, unknown> {
  const inputShape = model.operations[operation]?.input;
  if (inputShape === undefined) return {};
  const reader = new QueryReader(model, params);
  return reader.structure(shapeOf(model, inputShape), "") ?? {};
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGRAL = new Set(["byte", "short", "integer", "intEnum", "long", "bigInteger"]);
const NUMERIC = new Set([...INTEGRAL, "float", "double", "bigDecimal"]);

class QueryReader {
  /** Every dotted prefix of every key ("A.entry.1.key" → "A", "A.entry", "A.entry.1"). */
  private readonly prefixes = new Set<string>();

  constructor(
    private readonly model: ServiceModel,
    private readonly params: ReadonlyMap<string, string>,
  ) {
    for (const key of params.keys()) {
      let dot = key.indexOf(".");
      while (dot > 0) {
        this.prefixes.add(key.slice(0, dot));
        dot = key.indexOf(".", dot + 1);
      }
    }
  }

  private present(key: string): boolean {
    return this.params.has(key) || this.prefixes.has(key);
  }

  structure(shape: ShapeModel, prefix: string): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    let found = false;
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const key = join(prefix, member.xmlName ?? name);
      const value = this.member(member, key);
      if (value !== undefined) {
        out[name] = value;
        found = true;
      }
    }
    return found || prefix === "" ? out : undefined;
  }

  private member(member: MemberModel, key: string): unknown {
    return this.value(member.target, key, member.xmlFlattened === true);
  }

  private value(shapeName: string, key: string, flattened: boolean): unknown {
    const shape = shapeOf(this.model, shapeName);
    switch (shape.type) {
      case "structure":
      case "union":
        return this.prefixes.has(key) ? this.structure(shape, key) : undefined;
      case "list":
        return this.list(shape, key, flattened);
      case "map":
        return this.map(shape, key, flattened);
      default:
        return this.scalar(shape, this.params.get(key));
    }
  }

  private list(shape: ShapeModel, key: string, flattened: boolean): unknown[] | undefined {
    if (!this.prefixes.has(key)) return this.params.get(key) === "" ? [] : undefined;
    const member = shape.member ?? "";
    const base = flattened ? key : join(key, shape.memberXmlName ?? "member");
    const out: unknown[] = [];
    for (let i = 1; this.present(`${base}.${i}`); i++) out.push(this.value(member, `${base}.${i}`, false) ?? null);
    return out;
  }

  private map(shape: ShapeModel, key: string, flattened: boolean): Record<string, unknown> | undefined {
    if (!this.prefixes.has(key)) return this.params.get(key) === "" ? {} : undefined;
    const base = flattened ? key : join(key, "entry");
    const keyName = shape.keyXmlName ?? "key";
    const valueName = shape.valueXmlName ?? "value";
    const out: Record<string, unknown> = {};
    for (let i = 1; this.present(`${base}.${i}`); i++) {
      const entryKey = this.params.get(`${base}.${i}.${keyName}`);
      if (entryKey === undefined) continue;
      setEntry(out, entryKey, this.value(shape.value ?? "", `${base}.${i}.${valueName}`, false) ?? null);
    }
    return out;
  }

  /** Text → the JSON type the shape wants; text that does not convert stays text for the validator to judge. */
  private scalar(shape: ShapeModel, text: string | undefined): unknown {
    if (text === undefined) return undefined;
    if (shape.type === "boolean") return text === "true" ? true : text === "false" ? false : text;
    if (NUMERIC.has(shape.type) && NUMBER_TEXT.test(text)) return Number(text);
    return text;
  }
}

/**
 * A map entry under the client's key, an own member even for "__proto__" (a plain assignment
 * would replace the map's prototype instead, and the entry — an SNS message attribute, a tag —
 * would vanish).
 */
function setEntry(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function join(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}

export function shapeOf(model: ServiceModel, name: string): ShapeModel {
  const shape = model.shapes[name];
  if (shape === undefined) throw new Error(`shape ${name} is not in the ${model.service.id} table`);
  return shape;
}
