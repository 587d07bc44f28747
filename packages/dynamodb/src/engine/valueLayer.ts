/**
 * The older value checks: BatchWriteItem, TransactWriteItems, TransactGetItems, Scan and the
 * PartiQL operations word
 * a malformed number or a repeated set member as DynamoDB's older request layer does (Java
 * BigDecimal numbers, unquoted members, expression values named by key), where the other
 * operations use the current wording (captured by the paritysuite conformance suite in
 * eu-west-2, us-east-1, eu-west-1 and us-west-2, 2026-10).
 */
import { ValidationException, ValueException } from "../errors.js";

function older(error: unknown): never {
  if (error instanceof ValueException) throw new ValidationException(error.older);
  throw error;
}

/** Runs an operation of the older layer, rewording its value errors. */
export function inOlderLayer<T>(run: () => T): T {
  try {
    const result = run();
    if (result instanceof Promise) return result.catch(older) as T;
    return result;
  } catch (error) {
    return older(error);
  }
}
