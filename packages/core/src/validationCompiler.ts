/**
 * Compiles a service table's shapes into checking closures, once per shape and position.
 * A check returns the value to keep (converted when the type rules convert), or SKIP for
 * a value of the wrong JSON kind that no rules judged (its contents go unchecked).
 */
import type { Constraints, MemberModel, ServiceModel, ShapeModel, ShapeType } from "./model.js";
import type { JsonTypeRules } from "./coralJson.js";
import type { ConstraintKind, OperationValidator, ValidationOptions } from "./validation.js";
import type { ConstraintText } from "./validationText.js";
import {
  awsPattern, constraintListing, enumText, failureText, fullMatch, lengthMaxText, lengthMinText, lowerFirst,
  patternText, rangeMaxText, rangeMinText, renderValue, sizeOf, typeError, validationError,
} from "./validationText.js";

/** Reused across calls of one operation validator (validation is synchronous). */
interface Ctx {
  readonly path: (string | number)[];
  readonly errors: string[];
  readonly max: number;
}

type Check = (value: unknown, ctx: Ctx) => unknown;

/** A failed constraint's text, or undefined. */
type Test = (value: unknown) => string | undefined;

const SKIP: unique symbol = Symbol("skip");

const SCALAR_JS: Partial<Record<ShapeType, string>> = {
  string: "string", enum: "string", blob: "string", boolean: "boolean",
  float: "number", double: "number", bigDecimal: "number",
};
const INTEGRAL = new Set<ShapeType>(["byte", "short", "integer", "intEnum", "long", "bigInteger"]);
const NUMERIC = new Set<ShapeType>([...INTEGRAL, "float", "double", "bigDecimal"]);
const JAVA_SCALARS: Partial<Record<ShapeType, string>> = {
  string: "java.lang.String", enum: "java.lang.String", boolean: "java.lang.Boolean",
  byte: "java.lang.Byte", short: "java.lang.Short", integer: "java.lang.Integer", intEnum: "java.lang.Integer",
  long: "java.lang.Long", float: "java.lang.Float", double: "java.lang.Double",
  bigInteger: "java.math.BigInteger", bigDecimal: "java.math.BigDecimal",
  blob: "java.nio.ByteBuffer", timestamp: "java.util.Date", document: "java.lang.Object",
};
const NUMBER_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export class Compiler {
  private readonly holders = new Map<string, { check: Check }>();
  private readonly opaque: ReadonlySet<string>;
  private readonly skip: ReadonlySet<ConstraintKind>;
  private readonly rules: JsonTypeRules | undefined;

  constructor(
    private readonly model: ServiceModel,
    private readonly options: ValidationOptions,
  ) {
    this.opaque = new Set(options.opaque ?? []);
    this.skip = new Set(options.skip ?? []);
    this.rules = options.jsonTypes;
  }

  operation(name: string): OperationValidator {
    const inputShape = this.model.operations[name].input;
    if (inputShape === undefined) return () => undefined;
    const check = this.shape(inputShape, true);
    const ctx: Ctx = { path: [], errors: [], max: this.options.maxErrors ?? 10 };
    const errorCode = this.options.errorCode ?? "ValidationException";
    return (input) => {
      ctx.path.length = 0;
      ctx.errors.length = 0;
      check(input ?? {}, ctx);
      if (ctx.errors.length > 0) throw validationError(errorCode, ctx.errors);
    };
  }

  private shapeModel(name: string): ShapeModel {
    const shape = this.model.shapes[name];
    if (shape === undefined) throw new Error(`shape ${name} is not in the ${this.model.service.id} table`);
    const override = this.options.shapeOverrides?.[name];
    return override ? { ...shape, ...override } : shape;
  }

  /** The check of a shape's contents, as a structure member or as a collection element. */
  private shape(name: string, member: boolean): Check {
    const key = `${name}|${member ? "m" : "e"}`;
    let holder = this.holders.get(key);
    if (holder === undefined) {
      // Recursive shapes (DynamoDB's AttributeValue ↔ MapAttributeValue) call through the holder.
      const pending: { check: Check } = { check: (value, ctx) => pending.check(value, ctx) };
      holder = pending;
      this.holders.set(key, holder);
      holder.check = this.build(name, member);
    }
    return holder.check;
  }

  private build(name: string, member: boolean): Check {
    const shape = this.shapeModel(name);
    const kind = this.kindCheck(name, shape, member);
    if (this.opaque.has(name)) return kind;
    if (shape.type === "structure" || shape.type === "union") return this.structure(shape, kind);
    if (shape.type === "list") return this.list(name, shape, kind);
    if (shape.type === "map") return this.map(name, shape, kind);
    return kind;
  }

  /** The JSON kind (string, number, list, object); a mismatch goes to the type rules. */
  private kindCheck(name: string, shape: ShapeModel, member: boolean): Check {
    const want: ShapeType = shape.type === "union" ? "structure" : shape.type === "intEnum" ? "integer" : shape.type;
    const rules = this.rules;
    const javaType = this.javaType(name, shape);
    const reject = (value: unknown): unknown => {
      if (rules === undefined) return SKIP;
      const verdict = rules.mismatch({ want, value, member, javaType });
      if ("reject" in verdict) throw typeError(rules.errorCode, verdict.reject);
      return verdict.accept;
    };
    if (want === "list") return (value) => (Array.isArray(value) ? value : reject(value));
    if (want === "map" || want === "structure") {
      return (value) => (typeof value === "object" && value !== null && !Array.isArray(value) ? value : reject(value));
    }
    if (want === "timestamp") return (value) => (typeof value === "number" || typeof value === "string" ? value : reject(value));
    if (want === "document") return (value) => value;
    if (INTEGRAL.has(want)) return (value) => (typeof value === "number" && Number.isInteger(value) ? value : reject(value));
    const blob = rules?.blob;
    if (want === "blob" && rules !== undefined && blob !== undefined) {
      return (value) => {
        if (typeof value !== "string") return reject(value);
        const text = blob(value);
        if (text !== undefined) throw typeError(rules.errorCode, text);
        return value;
      };
    }
    const js = SCALAR_JS[want];
    return (value) => (typeof value === js ? value : reject(value));
  }

  private structure(shape: ShapeModel, kind: Check): Check {
    const requiredChecked = !this.skip.has("required");
    const members = Object.entries(shape.members ?? {}).map(([memberName, m]) => ({
      key: m.jsonName ?? memberName,
      segment: lowerFirst(memberName),
      required: requiredChecked && m.required === true,
      check: this.memberCheck(m),
    }));
    return (value, ctx) => {
      const obj = kind(value, ctx);
      if (obj === SKIP || typeof obj !== "object" || obj === null) return SKIP;
      const record = obj as Record<string, unknown>;
      for (const m of members) {
        const v = record[m.key];
        if (v === undefined || v === null) {
          // JSON null is the same as absent.
          if (!m.required) continue;
          ctx.path.push(m.segment);
          fail(ctx, this.options.omitValues === true ? "Value" : "Value null", "Member must not be null");
        } else {
          ctx.path.push(m.segment);
          const kept = m.check(v, ctx);
          if (kept !== v && kept !== SKIP) record[m.key] = kept;
        }
        ctx.path.pop();
      }
      return obj;
    };
  }

  /** A structure member: its target's contents, then the target's (or member's) own constraints. */
  private memberCheck(member: MemberModel): Check {
    const shape = this.shapeModel(member.target);
    const inner = this.bound(member, shape, this.shape(member.target, true));
    const tests = this.tests(member.target, shape, member);
    if (tests.length === 0) return inner;
    const describe = this.describer(member.target, shape);
    return (value, ctx) => {
      const kept = inner(value, ctx);
      if (kept === SKIP) return SKIP;
      for (const test of tests) {
        const text = test(kept);
        if (text !== undefined) fail(ctx, describe(kept), text);
      }
      return kept;
    };
  }

  /** A member read from a URI label, query string or header arrives as text: "5" → 5, "true" → true. */
  private bound(member: MemberModel, shape: ShapeModel, inner: Check): Check {
    if (!(member.label || member.query !== undefined || member.header !== undefined)) return inner;
    if (NUMERIC.has(shape.type)) {
      return (value, ctx) => inner(typeof value === "string" && NUMBER_TEXT.test(value) ? Number(value) : value, ctx);
    }
    if (shape.type === "boolean") {
      return (value, ctx) => inner(value === "true" ? true : value === "false" ? false : value, ctx);
    }
    return inner;
  }

  private list(name: string, shape: ShapeModel, kind: Check): Check {
    const memberName = required(shape.member, name);
    const elementShape = this.shapeModel(memberName);
    const element = this.shape(memberName, false);
    const elementTests = this.tests(memberName, elementShape);
    const notNull = this.options.listMemberNotNull === true;
    const listing = `Member must satisfy constraint: [${this.listing(memberName, elementShape, notNull)}]`;
    const aggregate = isAggregate(elementShape);
    const describe = this.describer(name, shape);
    return (value, ctx) => {
      const list = kind(value, ctx);
      if (!Array.isArray(list)) return SKIP;
      let bad = false;
      for (let i = 0; i < list.length; i++) {
        const item: unknown = list[i];
        if (aggregate) ctx.path.push(i + 1, "member");
        if (item === null || item === undefined) {
          if (aggregate) fail(ctx, "Value null", "Member must not be null");
          else if (notNull) bad = true;
        } else {
          const kept = element(item, ctx);
          if (kept !== SKIP) {
            if (kept !== item) list[i] = kept;
            if (!bad && elementTests.length > 0 && failsAny(elementTests, kept)) bad = true;
          }
        }
        if (aggregate) ctx.path.length -= 2;
      }
      if (bad) fail(ctx, describe(list), listing);
      return list;
    };
  }

  private map(name: string, shape: ShapeModel, kind: Check): Check {
    const keyName = required(shape.key, name);
    const valueName = required(shape.value, name);
    const keyShape = this.shapeModel(keyName);
    const valueShape = this.shapeModel(valueName);
    const keyTests = this.tests(keyName, keyShape);
    const valueTests = this.tests(valueName, valueShape);
    // Lambda lists "Member must not be null" for a map's keys and values, except in a sensitive
    // map (Environment.Variables), whose keys AWS lists without it.
    const notNull = this.options.listMemberNotNull === true && shape.sensitive !== true;
    const keyListing = `Map keys must satisfy constraint: [${this.listing(keyName, keyShape, notNull)}]`;
    const valueListing = `Map value must satisfy constraint: [${this.listing(valueName, valueShape, notNull)}]`;
    const valueCheck = this.shape(valueName, false);
    const aggregate = isAggregate(valueShape);
    const describe = this.describer(name, shape);
    // Coral's JSON deserializer reads a null where a map holds a structure as an empty structure,
    // whose own rules then answer (DynamoDB's `"Expected": {"a": null}`, SQS's `"MessageAttributes": {"a": null}`).
    const nullIsEmpty = this.rules !== undefined && valueShape.type === "structure";
    return (value, ctx) => {
      const obj = kind(value, ctx);
      if (obj === SKIP || typeof obj !== "object" || obj === null) return SKIP;
      const record = obj as Record<string, unknown>;
      const before = ctx.errors.length;
      let badKey = false;
      let badValue = false;
      for (const k in record) {
        if (!badKey && keyTests.length > 0 && failsAny(keyTests, k)) badKey = true;
        if (nullIsEmpty && record[k] === null) record[k] = {};
        const item = record[k];
        if (item === null || item === undefined) continue;
        if (aggregate) ctx.path.push(k, "member");
        const kept = valueCheck(item, ctx);
        if (aggregate) ctx.path.length -= 2;
        if (kept === SKIP) continue;
        if (kept !== item) record[k] = kept;
        if (!badValue && valueTests.length > 0 && failsAny(valueTests, kept)) badValue = true;
      }
      if (badKey || badValue) {
        // The map's own failures come before those found inside its values.
        const shown = describe(record);
        const found: string[] = [];
        if (badKey) found.push(failureText(shown, ctx.path, keyListing));
        if (badValue) found.push(failureText(shown, ctx.path, valueListing));
        ctx.errors.splice(before, 0, ...found);
        if (ctx.errors.length > ctx.max) ctx.errors.length = ctx.max;
      }
      return obj;
    };
  }

  /** The constraint tests of a shape (a member's own replace its target's), in AWS's order. */
  private tests(name: string, shape: ShapeModel, member?: Constraints): Test[] {
    const c = this.constraints(name, shape, member);
    const tests: Test[] = [];
    const size = sizeOf(shape.type);
    const { lengthMax, lengthMin, pattern, values, rangeMax, rangeMin, decimal } = c;
    if (lengthMax !== undefined) tests.push((v) => (size(v) > lengthMax ? lengthMaxText(lengthMax) : undefined));
    if (lengthMin !== undefined && lengthMin > 0) tests.push((v) => (size(v) < lengthMin ? lengthMinText(lengthMin) : undefined));
    if (pattern !== undefined) {
      const regex = fullMatch(pattern);
      const text = patternText(pattern);
      tests.push((v) => (typeof v === "string" && !regex.test(v) ? text : undefined));
    }
    if (values !== undefined) {
      const allowed = new Set<unknown>(values);
      const text = enumText(values);
      tests.push((v) => (allowed.has(v) ? undefined : text));
    }
    if (rangeMax !== undefined) tests.push((v) => (typeof v === "number" && v > rangeMax ? rangeMaxText(rangeMax, decimal) : undefined));
    if (rangeMin !== undefined) tests.push((v) => (typeof v === "number" && v < rangeMin ? rangeMinText(rangeMin, decimal) : undefined));
    return tests;
  }

  private listing(name: string, shape: ShapeModel, notNull: boolean): string {
    return constraintListing({ ...this.constraints(name, shape), notNull });
  }

  /** The constraints this service enforces on a value, with the pattern as AWS prints it. */
  private constraints(name: string, shape: ShapeModel, member?: Constraints): ConstraintText {
    const skip = this.skip;
    const length = skip.has("length") ? undefined : (member?.length ?? shape.length);
    const range = skip.has("range") ? undefined : (member?.range ?? shape.range);
    const rawPattern = skip.has("pattern") ? undefined : (member?.pattern ?? shape.pattern);
    const overridden = member?.pattern === undefined && this.options.shapeOverrides?.[name]?.pattern !== undefined;
    return {
      lengthMax: length?.max,
      lengthMin: length?.min,
      pattern: rawPattern === undefined ? undefined : overridden ? rawPattern : awsPattern(rawPattern),
      values: skip.has("enum") ? undefined : shape.values,
      rangeMax: range?.max,
      rangeMin: range?.min,
      decimal: shape.type === "double" || shape.type === "float",
    };
  }

  /** "Value 'x'", or "Value" alone for a sensitive shape ("Value at 'password' …"). */
  private describer(name: string, shape: ShapeModel): (value: unknown) => string {
    if (shape.sensitive || this.options.omitValues === true) return () => "Value";
    return (value) => `Value '${renderValue(this.model, name, value)}'`;
  }

  /** The Java type AWS's deserializer names in its messages. */
  private javaType(name: string, shape: ShapeModel): string {
    if (shape.type === "structure" || shape.type === "union") return `${this.rules?.javaPackage ?? "com.amazonaws"}.${name}`;
    if (shape.type === "list") {
      const member = required(shape.member, name);
      return `java.util.List<${this.javaType(member, this.shapeModel(member))}>`;
    }
    if (shape.type === "map") {
      const value = required(shape.value, name);
      return `java.util.Map<java.lang.String, ${this.javaType(value, this.shapeModel(value))}>`;
    }
    return JAVA_SCALARS[shape.type] ?? "java.lang.Object";
  }
}

function fail(ctx: Ctx, shown: string, constraint: string): void {
  if (ctx.errors.length < ctx.max) ctx.errors.push(failureText(shown, ctx.path, constraint));
}

function failsAny(tests: readonly Test[], value: unknown): boolean {
  for (const test of tests) if (test(value) !== undefined) return true;
  return false;
}

function isAggregate(shape: ShapeModel): boolean {
  return shape.type === "structure" || shape.type === "union" || shape.type === "list" || shape.type === "map";
}

function required(name: string | undefined, owner: string): string {
  if (name === undefined) throw new Error(`shape ${owner} is missing its member shape`);
  return name;
}
