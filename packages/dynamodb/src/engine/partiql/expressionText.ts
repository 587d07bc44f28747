/**
 * Conditions and update actions as DynamoDB expression text with #n/:v placeholders, the
 * form the engine's requests take (names always go through placeholders, so reserved
 * words and odd characters need no care).
 */
import type { DocumentPath } from "../expressions/index.js";
import type { AttributeValue, ExpressionAttributeNames, ExpressionAttributeValues } from "../types.js";
import type { Cond, Operand } from "./condition.js";

export class Placeholders {
  readonly names: ExpressionAttributeNames = {};
  readonly values: ExpressionAttributeValues = {};
  private readonly byName = new Map<string, string>();
  private valueCount = 0;

  name(attribute: string): string {
    let placeholder = this.byName.get(attribute);
    if (placeholder === undefined) {
      placeholder = `#n${this.byName.size}`;
      this.byName.set(attribute, placeholder);
      this.names[placeholder] = attribute;
    }
    return placeholder;
  }

  value(value: AttributeValue): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  path(path: DocumentPath): string {
    let text = "";
    for (const step of path) text += typeof step === "number" ? `[${step}]` : `${text === "" ? "" : "."}${this.name(step)}`;
    return text;
  }

  /** The maps for an engine request (undefined when empty: DynamoDB refuses empty maps). */
  get attributeNames(): ExpressionAttributeNames | undefined {
    return this.byName.size > 0 ? this.names : undefined;
  }

  get attributeValues(): ExpressionAttributeValues | undefined {
    return this.valueCount > 0 ? this.values : undefined;
  }
}

const OR = 1;
const AND = 2;
const NOT = 3;

function operand(o: Operand, p: Placeholders): string {
  switch (o.kind) {
    case "path":
      return p.path(o.path);
    case "value":
      return p.value(o.value);
    case "size":
      return `size(${p.path(o.path)})`;
  }
}

/**
 * The condition as expression text. Constants become a test of the table's partition key,
 * which every stored item has: attribute_exists (true) or attribute_not_exists (false).
 */
export function conditionText(cond: Cond, p: Placeholders, partitionKey: string, minimum = 0): string {
  let text: string;
  let precedence: number;
  switch (cond.kind) {
    case "and":
    case "or": {
      precedence = cond.kind === "and" ? AND : OR;
      const word = cond.kind === "and" ? " AND " : " OR ";
      text = conditionText(cond.left, p, partitionKey, precedence) + word + conditionText(cond.right, p, partitionKey, precedence);
      break;
    }
    case "not":
      precedence = NOT;
      text = `NOT ${conditionText(cond.operand, p, partitionKey, NOT)}`;
      break;
    case "compare":
      return `${operand(cond.left, p)} ${cond.op} ${operand(cond.right, p)}`;
    case "between":
      return `${operand(cond.operand, p)} BETWEEN ${operand(cond.low, p)} AND ${operand(cond.high, p)}`;
    case "in":
      return `${operand(cond.operand, p)} IN (${cond.list.map((o) => operand(o, p)).join(", ")})`;
    case "function":
      return `${cond.name}(${cond.args.map((o) => operand(o, p)).join(", ")})`;
    case "const":
      return `${cond.value ? "attribute_exists" : "attribute_not_exists"}(${p.name(partitionKey)})`;
  }
  return precedence < minimum ? `(${text})` : text;
}
