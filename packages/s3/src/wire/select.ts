/**
 * SelectObjectContent on the wire: POST /{Key}?select&select-type=2 with a
 * <SelectObjectContentRequest> body, answered as an event stream (application/vnd.amazon.eventstream):
 * Records events carrying the output, Progress when RequestProgress asks for it, Stats, then End
 * (S3 API Reference, SelectObjectContent and "Event stream encoding").
 */
import { encodeMessage } from "@sam-sandbox/core";
import { invalidExpressionType, malformedXml } from "../errors.js";
import { selectObjectContent, type SelectInput } from "../engine/select/select.js";
import type { ActionHandler } from "./call.js";
import { child, parseXmlBody, text, type XmlNode } from "./xml.js";

/** Records payloads are split into messages of at most this many bytes. */
const RECORDS_CHUNK = 64 * 1024;

function strings(node: XmlNode | undefined): Record<string, string> | undefined {
  if (!node) return undefined;
  return Object.fromEntries(Object.keys(node).flatMap((k) => (text(node, k) === undefined ? [] : [[k, text(node, k) as string]])));
}

function requestOf(body: Buffer): SelectInput & { progress: boolean } {
  const node = parseXmlBody(body, "SelectObjectContentRequest");
  const expression = text(node, "Expression");
  const input = child(node, "InputSerialization");
  const output = child(node, "OutputSerialization");
  if (expression === undefined || input === undefined || output === undefined) throw malformedXml();
  if ((text(node, "ExpressionType") ?? "").toUpperCase() !== "SQL") throw invalidExpressionType();
  const scan = child(node, "ScanRange");
  const number = (n: XmlNode, name: string) => (text(n, name) === undefined ? undefined : Number(text(n, name)));
  return {
    Expression: expression,
    InputSerialization: {
      ...(text(input, "CompressionType") === undefined ? {} : { CompressionType: text(input, "CompressionType") }),
      ...(child(input, "CSV") ? { CSV: strings(child(input, "CSV")) } : {}),
      ...(child(input, "JSON") ? { JSON: strings(child(input, "JSON")) } : {}),
      ...(child(input, "Parquet") ? { Parquet: {} } : {}),
    },
    OutputSerialization: {
      ...(child(output, "CSV") ? { CSV: strings(child(output, "CSV")) } : {}),
      ...(child(output, "JSON") ? { JSON: strings(child(output, "JSON")) } : {}),
    },
    ...(scan ? { ScanRange: { ...(number(scan, "Start") === undefined ? {} : { Start: number(scan, "Start") }), ...(number(scan, "End") === undefined ? {} : { End: number(scan, "End") }) } } : {}),
    progress: (text(child(node, "RequestProgress") ?? {}, "Enabled") ?? "").toLowerCase() === "true",
  };
}

const event = (type: string, contentType: string | undefined, payload: Buffer) =>
  encodeMessage({ ":event-type": type, ...(contentType ? { ":content-type": contentType } : {}), ":message-type": "event" }, payload);

export const SelectObjectContent: ActionHandler = async ({ engine, bucket, key, body }) => {
  const request = requestOf(body);
  const { body: data } = await engine.getObject({ Bucket: bucket, Key: key });
  const { records, stats } = selectObjectContent(data, request);
  const messages: Buffer[] = [];
  for (let at = 0; at < records.length; at += RECORDS_CHUNK) messages.push(event("Records", "application/octet-stream", records.subarray(at, at + RECORDS_CHUNK)));
  const counts = `<BytesScanned>${stats.BytesScanned}</BytesScanned><BytesProcessed>${stats.BytesProcessed}</BytesProcessed><BytesReturned>${stats.BytesReturned}</BytesReturned>`;
  if (request.progress) messages.push(event("Progress", "text/xml", Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Progress xmlns="">${counts}</Progress>`)));
  messages.push(event("Stats", "text/xml", Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Stats xmlns="">${counts}</Stats>`)));
  messages.push(event("End", undefined, Buffer.alloc(0)));
  return { status: 200, headers: {}, body: Buffer.concat(messages) };
};
