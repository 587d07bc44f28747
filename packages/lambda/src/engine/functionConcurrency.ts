/**
 * PutFunctionConcurrency, GetFunctionConcurrency and DeleteFunctionConcurrency: a
 * function's ReservedConcurrentExecutions, taken from the account's unreserved pool.
 */
import { InvalidParameterValueException, ResourceNotFoundException, WITHOUT_TYPE, messages } from "../errors.js";
import { LATEST_VERSION, MINIMUM_UNRESERVED_CONCURRENCY } from "../limits.js";
import { num, type ApiContext, type Input } from "./apiContext.js";
import { provisionedTotal } from "./provisionedConcurrency.js";
import type { FunctionRecord } from "./registry.js";

export function putFunctionConcurrency(ctx: ApiContext, input: Input): Record<string, unknown> {
  const record = functionOnly(ctx, input, `:${LATEST_VERSION}`);
  const value = num(input, "ReservedConcurrentExecutions") ?? 0;
  const provisioned = provisionedTotal(record);
  // Lambda's body for this refusal has no "Type" (localstack test_lambda.snapshot.json test_reserved_provisioned_overlap).
  if (value < provisioned) throw new InvalidParameterValueException(messages.reservedBelowProvisioned(value, provisioned), { ...WITHOUT_TYPE });
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

/** The unqualified function; Put names a missing one's $LATEST (localstack test_function_concurrency_exceptions, recorded on AWS). */
function functionOnly(ctx: ApiContext, input: Input, missingSuffix = ""): FunctionRecord {
  const name = String(input.FunctionName);
  const parsed = ctx.registry.parse(name);
  if (parsed.qualifier !== undefined) throw new InvalidParameterValueException(messages.functionOnly());
  const record = ctx.registry.find(parsed.name);
  if (!record) throw new ResourceNotFoundException(messages.functionNotFound(`${ctx.registry.arnOf(parsed.name)}${missingSuffix}`));
  return record;
}
