/**
 * Compiles an event pattern's JSON text the way Amazon's event-ruler does (JsonRuleCompiler, the
 * matcher EventBridge runs): one pass over Jackson's token stream, each check in the order
 * event-ruler makes it, each refusal worded as event-ruler words it and located where Jackson
 * stands. Matching lives in eventPattern.ts.
 */
import { cidrRange, ipLiteralBits } from "./eventPatternIp.js";
import { EventPatternError } from "./eventPatternError.js";
import { jacksonLocation, tokenize, type Token, type TokenType } from "./eventPatternTokens.js";

export type Literal = string | number | boolean | null;

export type Condition =
  | { kind: "exact"; value: Literal }
  /** A literal IP address: event-ruler matches the same address however it is written. */
  | { kind: "ip"; bits: string }
  | { kind: "prefix" | "suffix"; value: string; ignoreCase: boolean }
  | { kind: "equals-ignore-case"; value: string }
  /** The pattern's literal pieces between its stars: "a*b*c" → ["a", "b", "c"]. */
  | { kind: "wildcard"; parts: string[] }
  | { kind: "anything-but"; not: Condition[] }
  | { kind: "numeric"; terms: [string, number][] }
  | { kind: "exists"; value: boolean }
  /** Addresses of one family (bit strings of one length) from `low` to `high`, inclusive. */
  | { kind: "cidr"; low: string; high: string };

export type PatternNode = { fields: Map<string, PatternNode | Condition[]>; or: PatternNode[][] };

/** Field names event-ruler keeps for operators, refused as field names inside "$or" (Constants.java). */
const RESERVED_IN_OR = new Set([
  "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr", "=", "<", "<=", ">", ">=", "regex",
  "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after", "date-before", "date-on-or-before", "in-date-range",
  "ip-address-in-range", "ip-address-not-in-range",
]);

/** "Rule is too complex" past this many wildcard characters (localstack's reading of AWS's limit). */
const MAX_WILDCARDS = 5;
/**
 * event-ruler's ComparableNumber: numbers in numeric and anything-but conditions lie within ±5e11
 * (HALF_TRILLION in its current version; older ones stopped at ±5e9, the wider bound refuses less).
 */
const MAX_COMPARABLE = 5e11;
const OUT_OF_RANGE = "Value must be between -5.0E11 and 5.0E11, inclusive";
const TOO_COMPLEX = "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character";

/** Compiles a pattern's text (valid JSON); EventPatternError when event-ruler refuses it. */
export function compileRules(source: string): PatternNode {
  return new RuleCompiler(source).compile();
}

class RuleCompiler {
  private readonly tokens: Token[];
  private index = -1;
  /** Whether getText() read the current token (Jackson then stands past a string's closing quote). */
  private read = false;

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  compile(): PatternNode {
    if (this.next().type !== "{") this.barf("Filter is not an object");
    return this.object(false);
  }

  private next(): Token {
    this.index++;
    this.read = false;
    return this.tokens[this.index] ?? { type: "}", text: "", at: this.source.length, end: this.source.length };
  }

  private text(): string {
    this.read = true;
    return this.current().text;
  }

  private current(): Token {
    return this.tokens[this.index] ?? { type: "}", text: "", at: this.source.length, end: this.source.length };
  }

  private location(): string {
    const token = this.current();
    return jacksonLocation(this.source, this.read ? token.end : token.at);
  }

  /** event-ruler's barf(): a JsonParseException, its message followed by the location. */
  private barf(reason: string): never {
    throw new EventPatternError(reason, reason + this.location());
  }

  /** A barf inside a try block that catches it and barfs its message again: the location twice. */
  private barfTwice(reason: string): never {
    const location = this.location();
    throw new EventPatternError(reason, reason + location + location);
  }

  /** parseObject / parseObjectInsideOrRelationship: the fields of one pattern object, its "{" read. */
  private object(inOr: boolean): PatternNode {
    const node: PatternNode = { fields: new Map(), or: [] };
    let fields = false;
    for (let token = this.next(); token.type !== "}"; token = this.next()) {
      fields = true;
      const name = token.text;
      if (name === "$or") {
        node.or.push(this.or());
        continue;
      }
      if (inOr && RESERVED_IN_OR.has(name)) this.barf(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
      const value = this.next();
      if (value.type === "{") setField(node, name, this.object(inOr));
      else if (value.type === "[") setField(node, name, this.values());
      else this.barf(`"${name}" must be an object or an array`);
    }
    if (!fields) this.barf("Empty objects are not allowed");
    return node;
  }

  /** parseIntoOrRelationship: "$or" holds an array of at least two objects. */
  private or(): PatternNode[] {
    if (this.next().type !== "[") this.barf("It must be an Array followed with $or.");
    const alternatives: PatternNode[] = [];
    for (let token = this.next(); token.type !== "]"; token = this.next()) {
      if (token.type !== "{") this.barf("Only JSON object is allowed in array of $or relationship.");
      alternatives.push(this.object(true));
    }
    if (alternatives.length < 2) this.barf("There must have at least 2 Objects in $or relationship.");
    return alternatives;
  }

  /** writeRules: a field's array of values and match expressions, its "[" read. */
  private values(): Condition[] {
    const conditions: Condition[] = [];
    for (let token = this.next(); token.type !== "]"; token = this.next()) {
      switch (token.type) {
        case "{":
          conditions.push(this.expression());
          break;
        case "string": {
          const text = this.text();
          const bits = ipLiteralBits(text);
          conditions.push(bits === undefined ? { kind: "exact", value: text } : { kind: "ip", bits });
          break;
        }
        case "number":
          conditions.push({ kind: "exact", value: Number(this.text()) });
          break;
        case "true":
        case "false":
          conditions.push({ kind: "exact", value: token.type === "true" });
          break;
        case "null":
          conditions.push({ kind: "exact", value: null });
          break;
        default:
          this.barf("Match value must be String, number, true, false, or null");
      }
    }
    if (conditions.length === 0) this.barf("Empty arrays are not allowed");
    return conditions;
  }

  /** processMatchExpression: one {"operator": operand} object, its "{" read. */
  private expression(): Condition {
    const name = this.next();
    if (name.type !== "field") this.barf("Match expression name not found");
    switch (name.text) {
      case "prefix":
      case "suffix":
        return this.affix(name.text);
      case "numeric": {
        if (this.next().type !== "[") this.barf("Value of numeric must be an array.");
        const terms = this.numeric();
        if (this.next().type !== "}") this.barf("Too many elements in numeric expression");
        return { kind: "numeric", terms };
      }
      case "anything-but":
        return this.anythingBut();
      case "exists": {
        const value = this.next().type;
        if (value !== "true" && value !== "false") this.barf("exists match pattern must be either true or false.");
        this.end();
        return { kind: "exists", value: value === "true" };
      }
      case "cidr": {
        if (this.next().type !== "string") this.barf("prefix match pattern must be a string");
        const range = cidrRange(this.text());
        this.end();
        return { kind: "cidr", ...range };
      }
      case "equals-ignore-case": {
        if (this.next().type !== "string") this.barf("equals-ignore-case match pattern must be a string");
        const value = this.text();
        this.end();
        return { kind: "equals-ignore-case", value };
      }
      case "wildcard": {
        if (this.next().type !== "string") this.barf("wildcard match pattern must be a string");
        const condition = this.wildcard(this.text());
        this.end();
        return condition;
      }
      default:
        return this.barf(`Unrecognized match type ${name.text}`);
    }
  }

  /** The "}" closing a one-key match expression. */
  private end(): void {
    if (this.next().type !== "}") this.barf("Only one key allowed in match expression");
  }

  /** "prefix" / "suffix": a string, or {"equals-ignore-case": string}. */
  private affix(kind: "prefix" | "suffix"): Condition {
    const operand = this.next();
    if (operand.type === "{") {
      const inner = this.next();
      const title = kind === "prefix" ? "Prefix" : "Suffix";
      if (inner.type !== "field") this.barf(`${title} expression name not found`);
      if (inner.text !== "equals-ignore-case") this.barf(`Unsupported ${kind} pattern: ${inner.text}`);
      if (this.next().type !== "string") this.barf("equals-ignore-case match pattern must be a string");
      const value = this.text();
      this.end();
      this.end();
      return { kind, value, ignoreCase: true };
    }
    if (operand.type !== "string") this.barf(`${kind} match pattern must be a string`);
    const value = this.text();
    this.end();
    return { kind, value, ignoreCase: false };
  }

  /** processNumericMatchExpression / completeNumericRange, the "[" read. */
  private numeric(): [string, number][] {
    if (this.next().type !== "string") this.barf(`Invalid member in numeric match: ${this.text()}`);
    const operator = this.text();
    let token = this.next();
    const numericValue = (name: string): string => {
      if (token.type !== "number") this.barf(`Value of ${name} must be numeric`);
      return this.text();
    };
    switch (operator) {
      case "=":
      case "<=":
      case "<": {
        const value = numericValue(operator === "=" ? "equals" : operator);
        if (this.next().type !== "]") this.barf("Too many elements in numeric expression");
        return [[operator, this.comparable(value)]];
      }
      case ">=":
      case ">": {
        const bottom = numericValue(operator);
        token = this.next();
        if (token.type === "]") return [[operator, this.comparable(bottom)]];
        if (token.type !== "string") this.barf(`Bad value in numeric range: ${this.text()}`);
        const upper = this.text();
        if (upper !== "<" && upper !== "<=") this.barf(`Bad numeric range operator: ${upper}`);
        token = this.next();
        const top = numericValue(upper);
        if (this.next().type !== "]") this.barf("Too many terms in numeric range expression");
        const low = this.comparable(bottom);
        const high = this.comparable(top);
        if (low >= high) this.barf("Bottom must be less than top");
        return [[operator, low], [upper, high]];
      }
      default:
        return this.barf(`Unrecognized numeric range operator: ${operator}`);
    }
  }

  /** A number event-ruler turns into a ComparableNumber: out of its range is refused (caught and barfed). */
  private comparable(text: string): number {
    const value = Number(text);
    if (!(Math.abs(value) <= MAX_COMPARABLE)) this.barf(OUT_OF_RANGE);
    return value;
  }

  /** "anything-but": a value, a list, or {prefix|suffix|equals-ignore-case|wildcard: value or list}. */
  private anythingBut(): Condition {
    let kind: "values" | "equals-ignore-case" | "prefix" | "suffix" | "wildcard" = "values";
    let operand = this.next();
    if (operand.type === "{") {
      const inner = this.next();
      if (inner.type !== "field") this.barf("Anything-But expression name not found");
      if (inner.text === "equals-ignore-case" || inner.text === "prefix" || inner.text === "suffix" || inner.text === "wildcard") kind = inner.text;
      else this.barf(`Unsupported anything-but pattern: ${inner.text}`);
      operand = this.next();
    }
    if (operand.type !== "[" && operand.type !== "string" && operand.type !== "number") {
      this.barf("Value of anything-but must be an array or single string/number value.");
    }
    let not: Condition[];
    if (kind === "values") not = operand.type === "[" ? this.anythingButList() : [this.anythingButValue(operand.type)];
    else not = operand.type === "[" ? this.anythingButSet(kind) : [this.anythingButSetValue(operand.type, kind)];
    if (this.next().type !== "}") this.barf("Too many elements in numeric expression");
    if (kind !== "values" && this.next().type !== "}") this.barf("Too many elements in numeric expression");
    return { kind: "anything-but", not };
  }

  /** processAnythingButListMatchExpression: strings only or numbers only. */
  private anythingButList(): Condition[] {
    const values: Condition[] = [];
    let strings = false;
    let numbers = false;
    for (let token = this.next(); token.type !== "]"; token = this.next()) {
      if (token.type === "string") {
        values.push({ kind: "exact", value: this.text() });
        strings = true;
      } else if (token.type === "number") {
        values.push({ kind: "exact", value: this.comparable(this.text()) });
        numbers = true;
      } else {
        this.barfTwice("Inside anything but list, start|null|boolean is not supported.");
      }
    }
    if (strings === numbers) this.barf("Inside anything but list, either all values are number or string, mixed type is not supported");
    return values;
  }

  /** processAnythingButMatchExpression: one string or number (a number out of range fails unlocated). */
  private anythingButValue(type: TokenType): Condition {
    const text = this.text();
    if (type === "string") return { kind: "exact", value: text };
    const value = Number(text);
    if (!(Math.abs(value) <= MAX_COMPARABLE)) throw new EventPatternError(OUT_OF_RANGE);
    return { kind: "exact", value };
  }

  private setValueRefusal(kind: "equals-ignore-case" | "prefix" | "suffix" | "wildcard"): string {
    if (kind === "equals-ignore-case") return "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.";
    return kind === "wildcard" ? "wildcard match pattern must be a string" : "prefix/suffix match pattern must be a string";
  }

  /** processAnythingButValuesSetMatchExpression: a list of strings (wildcards checked after the list). */
  private anythingButSet(kind: "equals-ignore-case" | "prefix" | "suffix" | "wildcard"): Condition[] {
    const texts: string[] = [];
    for (let token = this.next(); token.type !== "]"; token = this.next()) {
      if (token.type !== "string") this.barfTwice(this.setValueRefusal(kind));
      const text = this.text();
      if ((kind === "prefix" || kind === "suffix") && text === "") this.barfTwice("Null prefix/suffix not allowed");
      texts.push(text);
    }
    return texts.map((text) => this.setCondition(kind, text));
  }

  /** processAnythingButValuesSetSingleValueMatchExpression. */
  private anythingButSetValue(type: TokenType, kind: "equals-ignore-case" | "prefix" | "suffix" | "wildcard"): Condition {
    if (type !== "string") this.barf(this.setValueRefusal(kind));
    const text = this.text();
    if ((kind === "prefix" || kind === "suffix") && text === "") this.barf("Null prefix/suffix not allowed");
    return this.setCondition(kind, text);
  }

  private setCondition(kind: "equals-ignore-case" | "prefix" | "suffix" | "wildcard", text: string): Condition {
    if (kind === "wildcard") return this.wildcard(text);
    if (kind === "equals-ignore-case") return { kind, value: text };
    return { kind, value: text, ignoreCase: false };
  }

  /** WildcardParser over the quoted value's UTF-8 bytes: "\*" and "\\" escape, no "**", no other escape. */
  private wildcard(text: string): Condition {
    const parts: string[] = [];
    let part = "";
    let stars = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === "*") {
        if (text[i + 1] === "*") this.barf(`Consecutive wildcard characters at pos ${bytePosition(text, i)}`);
        parts.push(part);
        part = "";
        stars++;
      } else if (char === "\\") {
        const escaped = text[i + 1];
        if (escaped !== "*" && escaped !== "\\") this.barf(`Invalid escape character at pos ${bytePosition(text, i)}`);
        part += escaped;
        i++;
      } else {
        part += char;
      }
    }
    parts.push(part);
    // Found by EventBridge's complexity check after compiling, so no location.
    if (stars > MAX_WILDCARDS) throw new EventPatternError(TOO_COMPLEX);
    return { kind: "wildcard", parts };
  }
}

/** The UTF-8 byte offset event-ruler reports: of the character at `index` in the quoted value. */
function bytePosition(text: string, index: number): number {
  return 1 + Buffer.byteLength(text.slice(0, index), "utf8");
}

/**
 * Field names join with "." as event-ruler flattens them: {"a.b": [1]} is {"a": {"b": [1]}}
 * (matching also reads an event's dotted keys). A dotted key that clashes stays as written.
 */
function setField(node: PatternNode, key: string, pattern: PatternNode | Condition[]): void {
  const dot = key.indexOf(".");
  if (dot > 0 && dot < key.length - 1) {
    const head = key.slice(0, dot);
    const existing = node.fields.get(head);
    if (existing === undefined || !Array.isArray(existing)) {
      const child = existing ?? { fields: new Map(), or: [] };
      setField(child, key.slice(dot + 1), pattern);
      node.fields.set(head, child);
      return;
    }
  }
  const existing = node.fields.get(key);
  if (existing !== undefined && !Array.isArray(existing) && !Array.isArray(pattern)) {
    for (const [k, v] of pattern.fields) setField(existing, k, v);
    existing.or.push(...pattern.or);
    return;
  }
  node.fields.set(key, pattern);
}
