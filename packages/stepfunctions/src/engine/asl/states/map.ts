/**
 * Map ("Map state"): runs its ItemProcessor once per item, at most MaxConcurrency at a
 * time. Each worker keeps one event chain across the iterations it runs, as AWS's
 * history shows; iterations read the outer variables but assign only their own.
 */
import { randomUUID } from "node:crypto";
import { isObject, type Json } from "../json.js";
import type { Frame, StateOutcome, StateRun } from "../execution.js";
import { pathSources } from "../execution.js";
import { Cancelled, StatesErrors, StatesFailure, queryError, runtimeError } from "../failure.js";
import { CancelScope } from "../cancel.js";
import { EventChain, History } from "../history.js";
import { VariableScope } from "../variables.js";
import { evaluatePath, requirePath } from "../jsonpath.js";
import { resolvePayload } from "../payload.js";
import { evaluateTemplate } from "../jsonata.js";
import { jsonataBindings } from "../execution.js";
import { inputPath, jsonataField } from "../io.js";
import { withRetryAndCatch } from "../retry.js";
import { runStates } from "../interpreter.js";
import { finishWithResult } from "./branches.js";
import type { ProcessorDefinition } from "../types.js";
import { DISTRIBUTED_MAP_MAX_CONCURRENCY, INLINE_MAP_MAX_CONCURRENCY } from "../../../limits.js";

type Unit = { kind: "item"; item: Json } | { kind: "batch"; input: Json };

/** ItemBatcher (Distributed Map): items grouped into {BatchInput, Items} inputs. */
async function batched(run: StateRun, effective: Json, list: Json[]): Promise<Unit[]> {
  const batcher = run.def.ItemBatcher;
  if (!isObject(batcher)) return list.map((item) => ({ kind: "item", item }));
  const sources = pathSources(run, effective);
  let size: Json | undefined = batcher.MaxItemsPerBatch;
  if (typeof batcher.MaxItemsPerBatchPath === "string") size = evaluatePath(batcher.MaxItemsPerBatchPath, sources).value;
  if (typeof size === "string") size = await jsonataField(run, size, "ItemBatcher/MaxItemsPerBatch");
  const perBatch = typeof size === "number" && size > 0 ? Math.floor(size) : list.length || 1;
  let batchInput: Json | undefined = batcher.BatchInput;
  if (batchInput !== undefined) {
    batchInput = run.language === "JSONata" ? await evaluateTemplate(batchInput, jsonataBindings(run), "ItemBatcher/BatchInput") : resolvePayload(batchInput, sources, run.frame.env.random);
  }
  const units: Unit[] = [];
  for (let i = 0; i < list.length; i += perBatch) {
    const selected: Json[] = [];
    for (let j = i; j < Math.min(i + perBatch, list.length); j++) selected.push(await itemInput(run, effective, j, list[j]));
    units.push({ kind: "batch", input: batchInput === undefined ? { Items: selected } : { BatchInput: batchInput, Items: selected } });
  }
  return units;
}

export async function runMap(run: StateRun): Promise<StateOutcome> {
  return withRetryAndCatch(run, () => attempt(run));
}

async function items(run: StateRun, effective: Json): Promise<Json[]> {
  const def = run.def;
  let value: Json;
  if (run.language === "JSONata") {
    value = def.Items === undefined ? run.rawInput : Array.isArray(def.Items) ? def.Items : await jsonataField(run, def.Items, "Items");
    if (!Array.isArray(value)) throw queryError(`The field 'Items' must evaluate to a JSON array, but was '${JSON.stringify(value)}'`, "Items");
    return value;
  }
  value = def.ItemsPath === undefined ? effective : requirePath(def.ItemsPath, pathSources(run, effective));
  if (!Array.isArray(value)) {
    throw runtimeError(`Invalid value for the field 'ItemsPath': the value at '${def.ItemsPath ?? "$"}' must be a JSON array, but was '${JSON.stringify(value)}'`);
  }
  return value;
}

async function maxConcurrency(run: StateRun, effective: Json): Promise<number> {
  const def = run.def;
  let value: Json | undefined = typeof def.MaxConcurrency === "number" ? def.MaxConcurrency : undefined;
  if (typeof def.MaxConcurrency === "string") value = await jsonataField(run, def.MaxConcurrency, "MaxConcurrency");
  if (def.MaxConcurrencyPath !== undefined) {
    const result = evaluatePath(def.MaxConcurrencyPath, pathSources(run, effective));
    if (!result.found) throw runtimeError(`The MaxConcurrencyPath field refers to value not found in input: ${def.MaxConcurrencyPath}`);
    value = result.value;
  }
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw runtimeError(`The MaxConcurrency value must be a non-negative integer, but was '${JSON.stringify(value)}'`);
  }
  return value;
}

/** The iteration input: ItemSelector (or legacy Parameters), or the item itself. */
async function itemInput(run: StateRun, effective: Json, index: number, item: Json): Promise<Json> {
  const def = run.def;
  const selector = def.ItemSelector ?? (run.language === "JSONPath" ? def.Parameters : undefined);
  if (selector === undefined) return item;
  const itemRun: StateRun = { ...run, mapItem: { Index: index, Value: item } };
  if (run.language === "JSONata") return evaluateTemplate(selector, jsonataBindings(itemRun), "ItemSelector");
  return resolvePayload(selector, pathSources(itemRun, effective), run.frame.env.random);
}

async function attempt(run: StateRun): Promise<StateOutcome> {
  const frame = run.frame;
  const history = frame.env.history;
  const effective = run.language === "JSONata" ? run.rawInput : inputPath(run, run.rawInput);
  // Reading items from S3 and writing results there need the S3 service (not emulated yet).
  if (run.def.ItemReader !== undefined) {
    throw new StatesFailure(StatesErrors.ItemReaderFailed, "ItemReader is not supported by the sandbox yet", "task", { located: true });
  }
  if (run.def.ResultWriter !== undefined) {
    throw new StatesFailure(StatesErrors.ResultWriterFailed, "ResultWriter is not supported by the sandbox yet", "task", { located: true });
  }
  const list = await items(run, effective);
  const limit = await maxConcurrency(run, effective);
  const processor: ProcessorDefinition | undefined = run.def.ItemProcessor ?? run.def.Iterator;
  if (processor === undefined) throw runtimeError("The Map state has no ItemProcessor");
  const distributed = processor.ProcessorConfig?.Mode === "DISTRIBUTED";

  history.emit(frame.chain, "MapStateStarted", "mapStateStartedEventDetails", { length: list.length });
  // A Distributed Map runs its items as child executions: their events stay out of this history.
  const mapRunArn = distributed ? `${frame.env.info.stateMachineArn.replace(":stateMachine:", ":mapRun:")}/${run.def.Label ?? run.name}:${randomUUID()}` : undefined;
  if (mapRunArn !== undefined) history.emit(frame.chain, "MapRunStarted", "mapRunStartedEventDetails", { mapRunArn });
  const scope = new CancelScope(frame.cancel);
  const cap = distributed ? DISTRIBUTED_MAP_MAX_CONCURRENCY : INLINE_MAP_MAX_CONCURRENCY;
  const batches = await batched(run, effective, list);
  const results: Json[] = new Array<Json>(batches.length).fill(null);
  const workerCount = Math.min(batches.length, limit === 0 ? cap : Math.min(limit, cap));
  const chains: EventChain[] = [];
  let nextIndex = 0;
  let failure: { error: StatesFailure; chain: EventChain } | undefined;
  const tolerated = toleratedFailures(run, list.length);
  let failures = 0;

  const worker = async (chain: EventChain): Promise<void> => {
    while (!scope.cancelled && nextIndex < batches.length) {
      const index = nextIndex++;
      const iteration = chain.fork();
      const details = { index, name: run.name };
      const childEnv = distributed ? { ...frame.env, history: new History(() => frame.env.clock.now()) } : frame.env;
      const iterationFrame: Frame = {
        env: childEnv,
        chain: distributed ? new EventChain(0) : iteration,
        vars: new VariableScope(distributed ? undefined : frame.vars),
        cancel: scope,
        top: false,
      };
      try {
        const batch = batches[index];
        const input = batch.kind === "item" ? await itemInput(run, effective, index, batch.item) : batch.input;
        if (!distributed) history.emit(iteration, "MapIterationStarted", "mapIterationStartedEventDetails", details);
        results[index] = await runStates(iterationFrame, processor, input);
        if (!distributed) history.emit(iteration, "MapIterationSucceeded", "mapIterationSucceededEventDetails", details, false);
      } catch (error) {
        if (error instanceof Cancelled) {
          if (scope.reason !== "suspend" && !distributed) history.emit(iteration, "MapIterationAborted", "mapIterationAbortedEventDetails", details, false);
          throw error;
        }
        if (!(error instanceof StatesFailure)) throw error;
        if (!distributed) history.emit(iteration, "MapIterationFailed", "mapIterationFailedEventDetails", details, false);
        failures++;
        if (error.kind !== "runtime" && tolerated !== undefined && failures <= tolerated) {
          results[index] = { Error: error.error, Cause: error.cause ?? "" };
        } else if (failure === undefined) {
          failure = { error, chain: iteration };
          scope.cancel();
        }
      }
      chain.source = iteration.source;
      chain.last = iteration.last;
    }
  };
  for (let i = 0; i < workerCount; i++) chains.push(frame.chain.fork());
  const settled = await Promise.allSettled(chains.map((chain) => worker(chain)));
  if (failure) {
    const error =
      tolerated !== undefined && failure.error.kind !== "runtime"
        ? new StatesFailure(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded", "task", { located: true })
        : failure.error;
    if (mapRunArn !== undefined) {
      const details: Record<string, string> = {};
      if (error.error !== "") details.error = error.error;
      if (error.cause !== undefined) details.cause = error.cause;
      history.emit(frame.chain, "MapRunFailed", "mapRunFailedEventDetails", details);
    } else {
      frame.chain.source = failure.chain.source;
    }
    history.emit(frame.chain, "MapStateFailed");
    throw error;
  }
  const rejected = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason instanceof Error ? rejected.reason : new Cancelled();
  if (mapRunArn !== undefined) history.emit(frame.chain, "MapRunSucceeded");
  else if (chains.length > 0) frame.chain.source = Math.max(...chains.map((c) => c.last));
  history.emit(frame.chain, "MapStateSucceeded", undefined, undefined, false);
  return finishWithResult(run, results);
}

/** ToleratedFailureCount / ToleratedFailurePercentage (Distributed Map); undefined when unset. */
function toleratedFailures(run: StateRun, total: number): number | undefined {
  const def = run.def;
  const count = typeof def.ToleratedFailureCount === "number" ? def.ToleratedFailureCount : undefined;
  const percentage = typeof def.ToleratedFailurePercentage === "number" ? def.ToleratedFailurePercentage : undefined;
  if (count === undefined && percentage === undefined) return undefined;
  const byPercentage = percentage === undefined ? Infinity : Math.floor((percentage / 100) * total);
  return Math.min(count ?? Infinity, byPercentage);
}

