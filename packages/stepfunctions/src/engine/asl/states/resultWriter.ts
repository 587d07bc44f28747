/**
 * ResultWriter (Distributed Map, "ResultWriter (Map)"): the child executions' results go to
 * S3 instead of the state output, under <Prefix>/<map run id>/: SUCCEEDED_0.json,
 * FAILED_0.json and PENDING_0.json (each a list of execution records) and manifest.json
 * naming them. The Map state's result becomes {MapRunArn, ResultWriterDetails: {Bucket, Key}}.
 * The files are written through the TaskRunner as arn:aws:states:::s3:putObject.
 */
import { isObject, toJsonText, type Json, type JsonObject } from "../json.js";
import type { StateRun } from "../execution.js";
import { StatesErrors, StatesFailure } from "../failure.js";
import { causeOf, readerParameters, s3Call } from "./itemReader.js";

export type ChildStatus = "SUCCEEDED" | "FAILED" | "PENDING";

/** One child execution of the Map Run, as the result files list it. */
export interface ChildRecord {
  readonly name: string;
  readonly input: Json;
  readonly startDate: number;
  stopDate?: number;
  status: ChildStatus;
  output?: Json;
  error?: string;
  cause?: string;
}

function date(ms: number): string {
  return new Date(ms).toISOString();
}

/** A child execution's entry in SUCCEEDED_n.json / FAILED_n.json, members in AWS's order. */
function entry(record: ChildRecord, executionPrefix: string, childMachineArn: string): JsonObject {
  const out: JsonObject = {};
  if (record.cause !== undefined) out.Cause = record.cause;
  if (record.error !== undefined) out.Error = record.error;
  out.ExecutionArn = `${executionPrefix}:${record.name}`;
  out.Input = toJsonText(record.input);
  out.InputDetails = { Included: true };
  out.Name = record.name;
  if (record.status === "SUCCEEDED") {
    out.Output = toJsonText(record.output ?? null);
    out.OutputDetails = { Included: true };
  }
  out.RedriveCount = 0;
  if (record.status === "SUCCEEDED") {
    out.RedriveStatus = "NOT_REDRIVABLE";
    out.RedriveStatusReason = "Execution is SUCCEEDED and cannot be redriven";
  } else {
    out.RedriveStatus = "REDRIVABLE_BY_MAP_RUN";
  }
  out.StartDate = date(record.startDate);
  out.StateMachineArn = childMachineArn;
  out.Status = record.status;
  if (record.stopDate !== undefined) out.StopDate = date(record.stopDate);
  return out;
}

/** "out///" → "out", by a scan: /\/+$/ backtracks quadratically on a long run of slashes that does not end the text. */
function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return text.slice(0, end);
}

function writerFailed(error: unknown): StatesFailure {
  return new StatesFailure(StatesErrors.ResultWriterFailed, causeOf(error), "task", { located: true });
}

export interface MapRunIdentity {
  readonly mapRunArn: string;
  /** <stateMachineArn>/<label>: the child executions' state machine. */
  readonly childMachineArn: string;
}

/**
 * WriterConfig ("ResultWriter (Map)"): Transformation NONE writes each child's execution
 * record, COMPACT only its output, FLATTEN its output with arrays spliced in; a failed
 * child keeps its whole record. OutputType JSON writes one array, JSONL a value per line.
 */
interface WriterConfig {
  readonly transformation: "NONE" | "COMPACT" | "FLATTEN";
  readonly outputType: "JSON" | "JSONL";
}

function writerConfig(writer: JsonObject): WriterConfig {
  const config = isObject(writer.WriterConfig) ? writer.WriterConfig : {};
  const transformation = config.Transformation === "COMPACT" || config.Transformation === "FLATTEN" ? config.Transformation : "NONE";
  return { transformation, outputType: config.OutputType === "JSONL" ? "JSONL" : "JSON" };
}

function entries(records: readonly ChildRecord[], config: WriterConfig, executionPrefix: string, childMachineArn: string): Json[] {
  const out: Json[] = [];
  for (const record of records) {
    if (record.status !== "SUCCEEDED" || config.transformation === "NONE") out.push(entry(record, executionPrefix, childMachineArn));
    else if (config.transformation === "FLATTEN" && Array.isArray(record.output)) out.push(...record.output);
    else out.push(record.output ?? null);
  }
  return out;
}

function serialize(values: Json[], config: WriterConfig): string {
  return config.outputType === "JSONL" ? values.map((v) => toJsonText(v)).join("\n") : toJsonText(values);
}

/**
 * Writes the result files and the manifest and returns the Map state's result; a
 * ResultWriter with a WriterConfig but no Resource only shapes the state's result.
 */
export async function writeResults(run: StateRun, effective: Json, identity: MapRunIdentity, records: readonly ChildRecord[]): Promise<Json> {
  const writer = run.def.ResultWriter;
  if (!isObject(writer)) throw writerFailed(new Error("The ResultWriter field must be an object."));
  const config = writerConfig(writer);
  const executionPrefix = identity.childMachineArn.replace(":stateMachine:", ":execution:");
  if (writer.Resource === undefined) {
    const values = entries(records, config, executionPrefix, identity.childMachineArn);
    return config.outputType === "JSONL" ? serialize(values, config) : values;
  }
  const resource = typeof writer.Resource === "string" ? writer.Resource : "";
  if (!/^arn:[^:]+:states:::s3:putObject$/.test(resource)) throw writerFailed(new Error(`The resource provided ${resource} is not supported by ResultWriter.`));
  const parameters = await readerParameters(run, effective, writer, "ResultWriter");
  const p = isObject(parameters) ? parameters : {};
  const bucket = String(p.Bucket ?? "");
  const prefix = typeof p.Prefix === "string" && p.Prefix !== "" ? `${withoutTrailingSlashes(p.Prefix)}/` : "";
  const mapRunId = identity.mapRunArn.slice(identity.mapRunArn.lastIndexOf(":") + 1);
  const folder = `${prefix}${mapRunId}/`;
  const files: Record<ChildStatus, { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  try {
    for (const status of ["SUCCEEDED", "FAILED", "PENDING"] as const) {
      const selected = records.filter((r) => r.status === status);
      if (selected.length === 0) continue;
      const key = `${folder}${status}_0.json`;
      const body = serialize(entries(selected, config, executionPrefix, identity.childMachineArn), config);
      await s3Call(run, "putObject", { Bucket: bucket, Key: key, Body: body });
      files[status].push({ Key: key, Size: Buffer.byteLength(body, "utf8") });
    }
    const manifestKey = `${folder}manifest.json`;
    const manifest: JsonObject = { DestinationBucket: bucket, MapRunArn: identity.mapRunArn, ResultFiles: files };
    await s3Call(run, "putObject", { Bucket: bucket, Key: manifestKey, Body: toJsonText(manifest) });
    return { MapRunArn: identity.mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
  } catch (error) {
    if (error instanceof StatesFailure) throw error;
    throw writerFailed(error);
  }
}
