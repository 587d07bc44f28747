/**
 * PutFunctionConcurrency, GetFunctionConcurrency and DeleteFunctionConcurrency: a
 * function's ReservedConcurrentExecutions, taken from the account's unreserved pool.
 */
import { InvalidParameterValueException, messages } from "../errors.js";
import { MINIMUM_UNRESERVED_CONCURRENCY } from "../limits.js";
import { num, type ApiContext, type Input } from "./apiContext.js";
import type { FunctionRecord } from "./registry.js";

export function putFunctionConcurrency(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = functionOnly(ctx, input);
  const value = num(input, "ReservedConcurrentExecutions") ?? 0;
  const existing = ctx.concurrency.reservedOf(record.name) ?? 0;
  // AWS keeps 100 of its 1000 unreserved; a smaller configured limit keeps a tenth.
  const minimum = Math.min(MINIMUM_UNRESERVED_CONCURRENCY, Math.floor(ctx.concurrency.accountLimit / 10));
  if (ctx.concurrency.unreserved() + existing - value < minimum) {
    throw new InvalidParameterValueException(messages.unreservedBelowMinimum(minimum));
  }
  ctx.concurrency.setReserved(record.name, value);
  return { ReservedConcurrentExecutions: value };
}

export function getFunctionConcurrency(ctx: ApiContext, input: Input): Record<string, unknown> {
  const reserved = ctx.concurrency.reservedOf(ctx.registry.get(String(input.FunctionName)).name);
  return reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved };
}

export function deleteFunctionConcurrency(ctx: ApiContext, input: Input): void {
  ctx.concurrency.setReserved(functionOnly(ctx, input).name, undefined);
}

function functionOnly(ctx: ApiContext, input: Input): FunctionRecord {
  const name = String(input.FunctionName);
  if (ctx.registry.parse(name).qualifier !== undefined) throw new InvalidParameterValueException(messages.functionOnly());
  return ctx.registry.get(name);
}
