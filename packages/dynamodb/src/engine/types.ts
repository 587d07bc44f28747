/** DynamoDB's data model as it travels on the wire (AttributeValue JSON). */

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string } // base64 on the wire
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

export type AttributeType = "S" | "N" | "B" | "BOOL" | "NULL" | "SS" | "NS" | "BS" | "L" | "M";

export type Item = Record<string, AttributeValue>;

/** The primary key attributes of an item (hash, and range when the table has one). */
export type Key = Item;

export type ExpressionAttributeNames = Record<string, string>;
export type ExpressionAttributeValues = Record<string, AttributeValue>;

export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw new Error("empty AttributeValue");
}
