/**
 * GetAccountSettings: the account's Lambda quotas (AWS's defaults, the concurrency limit as
 * configured) and what the functions and layers here use of them.
 */
import { MAX_UNZIPPED_CODE_BYTES, MAX_ZIPPED_CODE_BYTES, TOTAL_CODE_SIZE_BYTES } from "../limits.js";
import type { ApiContext } from "./apiContext.js";
import type { LayerContext } from "./layers.js";

export function getAccountSettings(ctx: ApiContext & LayerContext): Record<string, unknown> {
  const functions = ctx.registry.list();
  // Each published version keeps its own package, as Lambda stores (and counts) them; so do layer versions.
  const functionCode = functions.reduce((sum, r) => sum + r.latest.codeSize + [...r.versions.values()].reduce((s, v) => s + v.codeSize, 0), 0);
  const layerCode = ctx.layers.names().reduce((sum, name) => sum + ctx.layers.versions(name).reduce((s, v) => s + v.codeSize, 0), 0);
  return {
    AccountLimit: {
      TotalCodeSize: TOTAL_CODE_SIZE_BYTES,
      CodeSizeUnzipped: MAX_UNZIPPED_CODE_BYTES,
      CodeSizeZipped: MAX_ZIPPED_CODE_BYTES,
      ConcurrentExecutions: ctx.concurrency.accountLimit,
      UnreservedConcurrentExecutions: ctx.concurrency.unreserved(),
    },
    AccountUsage: { TotalCodeSize: functionCode + layerCode, FunctionCount: functions.length },
  };
}
