/**
 * Map ("Map state"): runs its ItemProcessor once per item, at most MaxConcurrency at a
 * time. Each worker keeps one event chain across the iterations it runs, as AWS's
 * history shows; iterations read the outer variables but assign only their own.
 */
import { randomUUID } from "node:crypto";
import { isObject, toJsonText, type Json } from "../json.js";
import type { ExecutionEnv, Frame, StateOutcome, StateRun } from "../execution.js";
import { pathSources } from "../execution.js";
import { Cancelled, StatesErrors, StatesFailure, queryError, runtimeError } from "../failure.js";
import { CancelScope } from "../cancel.js";
import { EventChain, History } from "../history.js";
import { VariableScope } from "../variables.js";
import { evaluatePath, requirePath } from "../jsonpath.js";
import { resolvePayload } from "../payload.js";
import { evaluateTemplate, isJsonataTemplate, isStatic, jsonataBody } from "../jsonata.js";
import { jsonataBindings } from "../execution.js";
import { inputPath, inspect, jsonataField, readingInput } from "../io.js";
import { withRetryAndCatch } from "../retry.js";
import { abortedEventSource, runStates } from "../interpreter.js";
import { finishWithResult, mockedOutcome } from "./branches.js";
import { childEnded, childStarted, mapRunEnded, newMapRun } from "../mapRuns.js";
import type { ProcessorDefinition } from "../types.js";
import { DISTRIBUTED_MAP_MAX_CONCURRENCY, INLINE_MAP_MAX_CONCURRENCY } from "../../../limits.js";
import { readItems, StartedMapFailure } from "./itemReader.js";
import { writeResults, type ChildRecord } from "./resultWriter.js";

type Unit = { kind: "item"; item: Json } | { kind: "batch"; input: Json; count: number };

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
    units.push({ kind: "batch", input: batchInput === undefined ? { Items: selected } : { BatchInput: batchInput, Items: selected }, count: selected.length });
  }
  return units;
}

export async function runMap(run: StateRun): Promise<StateOutcome> {
  return withRetryAndCatch(run, () => attempt(run));
}

/** JSONata's $type() of a value. */
function jsonataType(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

async function items(run: StateRun, effective: Json): Promise<Json[]> {
  const def = run.def;
  let value: Json;
  if (run.language === "JSONata") {
    // AWS's texts (LocalStack's AWS-recorded test_map_state_items_* snapshots).
    if (def.Items === undefined) {
      if (!Array.isArray(run.rawInput)) throw queryError(`Map state input must be an array but was: ${toJsonText(run.rawInput)}`, undefined, true);
      return run.rawInput;
    }
    // An array of JSON with "{% %}" elements is evaluated element by element (test_base_map[ITEMS]).
    if (Array.isArray(def.Items) && isStatic(def.Items)) return def.Items;
    const items = def.Items;
    try {
      value = await jsonataField(run, items, "Items");
    } catch (error) {
      throw error instanceof StatesFailure && error.kind === "query" ? new StatesFailure(error.error, error.cause, "query", { location: "Items", beforeEntry: true }) : error;
    }
    if (!Array.isArray(value)) {
      const expression = typeof items === "string" && isJsonataTemplate(items) ? jsonataBody(items) : JSON.stringify(items);
      throw queryError(
        `The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${jsonataType(value)}' for value: ${toJsonText(value)}`,
        "Items",
        true,
      );
    }
    return value;
  }
  const itemsPath = def.ItemsPath;
  value = itemsPath === undefined ? effective : readingInput(() => requirePath(itemsPath, pathSources(run, effective)));
  // A context object path names its value from the context's root (TestState's AWS-recorded test_state_context_object).
  if (!Array.isArray(value) && itemsPath?.startsWith("$$") === true) {
    throw new StatesFailure(StatesErrors.Runtime, `Reference path "${itemsPath.slice(1)}" must point to array.`, "runtime", { located: true });
  }
  if (!Array.isArray(value)) {
    throw runtimeError(`Invalid value for the field 'ItemsPath': the value at '${def.ItemsPath ?? "$"}' must be a JSON array, but was '${JSON.stringify(value)}'`);
  }
  return inspect(run, "afterItemsPath", value);
}

async function maxConcurrency(run: StateRun, effective: Json): Promise<number> {
  const def = run.def;
  let value: Json | undefined = typeof def.MaxConcurrency === "number" ? def.MaxConcurrency : undefined;
  if (typeof def.MaxConcurrency === "string") value = await jsonataField(run, def.MaxConcurrency, "MaxConcurrency");
  if (def.MaxConcurrencyPath !== undefined) {
    const path = def.MaxConcurrencyPath;
    const read = readingInput(() => requirePath(path, pathSources(run, effective)));
    const number = integerValue(read);
    // AWS's texts (LocalStack's AWS-validated MaxConcurrencyPath).
    if (number === undefined) throw runtimeError(`The MaxConcurrencyPath field refers to value "${rawText(read)}" which is not a valid integer: ${path}`);
    if (number < 0) throw runtimeError(`Expected non-negative integer for MaxConcurrency, got '${number}' instead.`);
    return number;
  }
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw runtimeError(`Expected non-negative integer for MaxConcurrency, got '${rawText(value)}' instead.`);
  }
  return value;
}

/**
 * TestState's mocked Map: its items and settings are read (and inspected) as AWS shows them,
 * its iterations are not run; stateConfiguration.mapIterationFailureCount is checked against
 * its tolerance (LocalStack's AWS-recorded test_state_configuration).
 */
async function mockedMap(run: StateRun, effective: Json, mock: NonNullable<ExecutionEnv["testMock"]>): Promise<StateOutcome> {
  // Named items are read (afterItemsPath, a path's error); the input itself need not be a list.
  const named = run.def.ItemReader === undefined && (run.def.ItemsPath !== undefined || run.def.Items !== undefined);
  const list = named ? await items(run, effective) : [];
  inspect(run, "maxConcurrency", await maxConcurrency(run, effective));
  const tolerated = (await toleratedFailures(run, effective, list.length)).limit;
  if ("result" in mock && tolerated !== undefined && (mock.iterationFailures ?? 0) > tolerated) {
    throw new StatesFailure(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded", "task", { located: true });
  }
  return mockedOutcome(run, mock);
}

/** A value AWS reads as an integer: a whole number, or text holding one. */
function integerValue(value: Json): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A value as AWS quotes it in a cause: text as is, anything else as JSON. */
function rawText(value: Json): string {
  return typeof value === "string" ? value : toJsonText(value);
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
  // A Map records MapStateFailed for every final failure but States.Runtime, even one before MapStateStarted.
  run.failedEvent = "MapStateFailed";
  const frame = run.frame;
  const history = frame.env.history;
  const effective = run.language === "JSONata" ? run.rawInput : inputPath(run, run.rawInput);
  if (frame.env.testMock !== undefined) return mockedMap(run, effective, frame.env.testMock);
  // A Distributed Map may read its items from S3 (ItemReader) and write its results there (ResultWriter).
  const reading = run.def.ItemReader !== undefined;
  let list: Json[];
  let readerFailure: StatesFailure | undefined;
  let startedFailure: StatesFailure | undefined;
  if (reading) {
    try {
      list = await readItems(run, effective);
    } catch (error) {
      list = [];
      if (error instanceof StartedMapFailure) startedFailure = error;
      // Items the reader cannot read fail the Map Run it started (test_map_item_reader_csv_headers_decl_duplicate_headers, AWS-recorded).
      else if (!(error instanceof StatesFailure) || error.error !== StatesErrors.ItemReaderFailed) throw error;
      else readerFailure = error;
    }
  } else {
    list = await items(run, effective);
  }
  const records: ChildRecord[] | undefined = run.def.ResultWriter !== undefined ? [] : undefined;
  const limit = inspect(run, "maxConcurrency", await maxConcurrency(run, effective));
  const processor: ProcessorDefinition | undefined = run.def.ItemProcessor ?? run.def.Iterator;
  if (processor === undefined) throw runtimeError("The Map state has no ItemProcessor");
  const distributed = processor.ProcessorConfig?.Mode === "DISTRIBUTED";

  if (readerFailure !== undefined && !distributed) throw readerFailure;
  // With an ItemReader the Map Run counts the items; the state reports length 0 (test_map_item_reader_*, AWS-recorded).
  history.emit(frame.chain, "MapStateStarted", "mapStateStartedEventDetails", { length: reading ? 0 : list.length });
  if (startedFailure !== undefined) throw startedFailure;
  const tolerance = await toleratedFailures(run, effective, list.length);
  const tolerated = tolerance.limit;
  // A Distributed Map runs its items as child executions: their events stay out of this history.
  const label = run.def.Label ?? run.name;
  const mapRunArn = distributed ? `${frame.env.info.stateMachineArn.replace(":stateMachine:", ":mapRun:")}/${label}:${randomUUID()}` : undefined;
  const mapRunStarted = mapRunArn === undefined ? undefined : history.emit(frame.chain, "MapRunStarted", "mapRunStartedEventDetails", { mapRunArn });
  const scope = new CancelScope(frame.cancel);
  const cap = distributed ? DISTRIBUTED_MAP_MAX_CONCURRENCY : INLINE_MAP_MAX_CONCURRENCY;
  const batches = await batched(run, effective, list);
  const mapRun =
    mapRunArn === undefined
      ? undefined
      : newMapRun(
          {
            mapRunArn,
            executionArn: frame.env.info.arn,
            stateMachineArn: `${frame.env.info.stateMachineArn}/${label}`,
            startDate: frame.env.clock.now(),
            maxConcurrency: limit,
            toleratedFailureCount: tolerance.count ?? 0,
            toleratedFailurePercentage: tolerance.percentage ?? 0,
          },
          list.length,
          batches.length,
        );
  if (mapRun !== undefined) frame.env.mapRuns?.record(mapRun);
  if (readerFailure !== undefined) {
    if (mapRun !== undefined) mapRunEnded(mapRun, "FAILED", frame.env.clock.now());
    history.emit(frame.chain, "MapRunFailed", "mapRunFailedEventDetails", { error: readerFailure.error, ...(readerFailure.cause !== undefined ? { cause: readerFailure.cause } : {}) });
    throw readerFailure;
  }
  const sizeOf = (index: number): number => {
    const batch = batches[index];
    return batch.kind === "item" ? 1 : batch.count;
  };
  const results: Json[] = new Array<Json>(batches.length).fill(null);
  const workerCount = Math.min(batches.length, limit === 0 ? cap : Math.min(limit, cap));
  const chains: EventChain[] = [];
  let nextIndex = 0;
  let failure: { error: StatesFailure; chain: EventChain } | undefined;
  let failures = 0;

  const worker = async (chain: EventChain): Promise<void> => {
    while (!scope.cancelled && nextIndex < batches.length) {
      const index = nextIndex++;
      const iteration = chain.fork();
      const details = { index, name: run.name };
      const childEnv = distributed ? { ...frame.env, history: new History(() => frame.env.clock.now()) } : frame.env;
      let abortRecorded = false;
      // AWS records each aborted iteration right after the aborted state inside it.
      const recordAborted = (): void => {
        const source = abortedEventSource(iterationFrame);
        if (abortRecorded || distributed || source === undefined) return;
        abortRecorded = true;
        history.emit(new EventChain(source), "MapIterationAborted", "mapIterationAbortedEventDetails", details, false);
      };
      const iterationFrame: Frame = {
        env: childEnv,
        chain: distributed ? new EventChain(0) : iteration,
        vars: new VariableScope(distributed ? undefined : frame.vars),
        cancel: scope,
        top: false,
        onAborted: recordAborted,
      };
      let record: ChildRecord | undefined;
      try {
        const batch = batches[index];
        const input = batch.kind === "item" ? await itemInput(run, effective, index, batch.item) : batch.input;
        if (!distributed) history.emit(iteration, "MapIterationStarted", "mapIterationStartedEventDetails", details);
        if (mapRun !== undefined) childStarted(mapRun, sizeOf(index));
        if (records !== undefined) {
          record = { name: randomUUID(), input, startDate: frame.env.clock.now(), status: "PENDING" };
          records.push(record);
        }
        results[index] = await runStates(iterationFrame, processor, input);
        if (record !== undefined) Object.assign(record, { status: "SUCCEEDED", output: results[index], stopDate: frame.env.clock.now() });
        if (mapRun !== undefined) childEnded(mapRun, sizeOf(index), "succeeded");
        if (!distributed) history.emit(iteration, "MapIterationSucceeded", "mapIterationSucceededEventDetails", details, false);
      } catch (error) {
        if (error instanceof Cancelled) {
          if (mapRun !== undefined) childEnded(mapRun, sizeOf(index), "aborted");
          recordAborted();
          throw error;
        }
        if (!(error instanceof StatesFailure)) throw error;
        if (record !== undefined) Object.assign(record, { status: "FAILED", error: error.error, cause: error.cause ?? "", stopDate: frame.env.clock.now() });
        if (mapRun !== undefined) childEnded(mapRun, sizeOf(index), "failed");
        if (!distributed) history.emit(iteration, "MapIterationFailed", "mapIterationFailedEventDetails", details, false);
        failures++;
        if (error.kind !== "runtime" && tolerated !== undefined && failures <= tolerated) {
          results[index] = { Error: error.error, Cause: error.cause ?? "" };
        } else if (failure === undefined) {
          failure = { error, chain: iteration };
          scope.cancel("branch", iteration.source);
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
    if (records !== undefined && mapRunArn !== undefined) {
      // The results written so far still go to S3; the Map Run's own failure stays the error reported.
      await writeResults(run, effective, { mapRunArn, childMachineArn: `${frame.env.info.stateMachineArn}/${label}` }, records).catch(() => undefined);
    }
    if (mapRun !== undefined) mapRunEnded(mapRun, "FAILED", frame.env.clock.now());
    if (mapRunArn !== undefined) {
      const details: Record<string, string> = {};
      if (error.error !== "") details.error = error.error;
      if (error.cause !== undefined) details.cause = error.cause;
      history.emit(frame.chain, "MapRunFailed", "mapRunFailedEventDetails", details);
    } else {
      frame.chain.source = failure.chain.source;
    }
    throw error;
  }
  const rejected = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) {
    if (mapRun !== undefined) mapRunEnded(mapRun, "ABORTED", frame.env.clock.now());
    throw rejected.reason instanceof Error ? rejected.reason : new Cancelled();
  }
  // The results go to S3 before the Map Run ends (a failed write fails it); the state's result then names them.
  let written: Json | undefined;
  if (records !== undefined && mapRunArn !== undefined) {
    try {
      written = await writeResults(run, effective, { mapRunArn, childMachineArn: `${frame.env.info.stateMachineArn}/${label}` }, records);
    } catch (error) {
      if (!(error instanceof StatesFailure)) throw error;
      if (mapRun !== undefined) mapRunEnded(mapRun, "FAILED", frame.env.clock.now());
      history.emit(frame.chain, "MapRunFailed", "mapRunFailedEventDetails", { error: error.error, ...(error.cause !== undefined ? { cause: error.cause } : {}) });
      throw error;
    }
  }
  if (mapRun !== undefined) mapRunEnded(mapRun, "SUCCEEDED", frame.env.clock.now());
  if (mapRunArn !== undefined) history.emit(frame.chain, "MapRunSucceeded");
  else if (chains.length > 0) frame.chain.source = Math.max(...chains.map((c) => c.last));
  history.emit(frame.chain, "MapStateSucceeded", undefined, undefined, false);
  // A Distributed Map's MapStateExited follows its MapRunStarted (LocalStack's AWS-recorded
  // test_map_state_nested_config_distributed, _config_distributed_item_selector_parameters,
  // test_map_item_reader_base_json_max_items_jsonata, 2024-11/12; recordings until 2024-08 showed MapRunSucceeded).
  if (mapRunStarted !== undefined) frame.chain.source = mapRunStarted;
  return finishWithResult(run, written ?? results);
}

/**
 * ToleratedFailureCount / ToleratedFailurePercentage (Distributed Map), read after
 * MapStateStarted as AWS does; undefined when neither is set. Causes as AWS records them
 * (LocalStack's AWS-recorded test_map_state_tolerated_failure_*_path).
 */
async function toleratedFailures(run: StateRun, effective: Json, total: number): Promise<{ limit?: number; count?: number; percentage?: number }> {
  const def = run.def;
  let count: number | undefined;
  let percentage: number | undefined;
  if (def.ToleratedFailureCountPath !== undefined) {
    const path = def.ToleratedFailureCountPath;
    const value = requirePath(path, pathSources(run, effective));
    count = integerValue(value);
    if (count === undefined) throw runtimeError(`The ToleratedFailureCountPath field refers to value "${rawText(value)}" which is not a valid integer: ${path}`);
  } else if (def.ToleratedFailureCount !== undefined) {
    const value = typeof def.ToleratedFailureCount === "string" ? await jsonataField(run, def.ToleratedFailureCount, "ToleratedFailureCount") : def.ToleratedFailureCount;
    count = integerValue(value);
    if (count === undefined) throw queryError(`The value for the field 'ToleratedFailureCount' must be a valid integer, but was '${rawText(value)}'`, "ToleratedFailureCount");
  }
  if (count !== undefined && count < 0) throw runtimeError("ToleratedFailureCount cannot be negative.");
  if (def.ToleratedFailurePercentagePath !== undefined) {
    const path = def.ToleratedFailurePercentagePath;
    const value = requirePath(path, pathSources(run, effective));
    percentage = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined;
    if (percentage === undefined) throw runtimeError(`The ToleratedFailurePercentagePath field refers to value "${rawText(value)}" which is not a valid float: ${path}`);
  } else if (def.ToleratedFailurePercentage !== undefined) {
    const value = typeof def.ToleratedFailurePercentage === "string" ? await jsonataField(run, def.ToleratedFailurePercentage, "ToleratedFailurePercentage") : def.ToleratedFailurePercentage;
    if (typeof value !== "number") throw queryError(`The value for the field 'ToleratedFailurePercentage' must be a valid number, but was '${rawText(value)}'`, "ToleratedFailurePercentage");
    percentage = value;
  }
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) throw runtimeError("ToleratedFailurePercentage must be between 0 and 100.");
  if (count !== undefined) inspect(run, "toleratedFailureCount", count);
  if (percentage !== undefined) inspect(run, "toleratedFailurePercentage", percentage);
  if (count === undefined && percentage === undefined) return {};
  const byPercentage = percentage === undefined ? Infinity : Math.floor((percentage / 100) * total);
  return { limit: Math.min(count ?? Infinity, byPercentage), count, percentage };
}
