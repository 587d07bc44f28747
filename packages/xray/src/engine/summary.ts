/**
 * TraceSummary as GetTraceSummaries returns it (X-Ray API reference, "TraceSummary").
 * Error flags and Http come from the root segment; annotations, users and services from
 * every segment, each with the services that recorded them.
 */
import type { AnnotationValue } from "@sam-sandbox/core";
import { durationOf, walk, type SegmentDocument } from "./document.js";
import type { TraceView } from "./assemble.js";

export interface ServiceId {
  Name?: string;
  Names?: string[];
  AccountId?: string;
  Type?: string;
}

export interface TraceSummary {
  Id: string;
  StartTime: number;
  Duration: number;
  ResponseTime?: number;
  HasFault: boolean;
  HasError: boolean;
  HasThrottle: boolean;
  IsPartial: boolean;
  Http?: { HttpURL?: string; HttpStatus?: number; HttpMethod?: string; UserAgent?: string; ClientIp?: string };
  Annotations: Record<string, Array<{ AnnotationValue: AnnotationUnion; ServiceIds: ServiceId[] }>>;
  Users: Array<{ UserName: string; ServiceIds: ServiceId[] }>;
  ServiceIds: ServiceId[];
  ResourceARNs: Array<{ ARN: string }>;
  EntryPoint?: ServiceId;
  Revision: number;
}

export type AnnotationUnion = { StringValue: string } | { NumberValue: number } | { BooleanValue: boolean };

export function serviceIdOf(segment: SegmentDocument): ServiceId {
  const id: ServiceId = { Name: segment.name, Names: [segment.name] };
  const account = segment.aws?.account_id;
  if (typeof account === "string") id.AccountId = account;
  if (segment.origin !== undefined) id.Type = segment.origin;
  return id;
}

function serviceKey(id: ServiceId): string {
  return `${id.Type ?? ""}\u0000${id.Name ?? ""}`;
}

/** Seconds rounded to milliseconds, as X-Ray reports durations. */
export function seconds(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function traceSummary(view: TraceView): TraceSummary {
  const root = view.root;
  const services = new Map<string, ServiceId>();
  const annotations = new Map<string, Map<string, { value: AnnotationValue; services: Map<string, ServiceId> }>>();
  const users = new Map<string, Map<string, ServiceId>>();
  const arns = new Set<string>();
  for (const segment of view.segments) {
    const service = serviceIdOf(segment);
    const key = serviceKey(service);
    if (!services.has(key)) services.set(key, service);
    if (segment.resource_arn !== undefined) arns.add(segment.resource_arn);
    if (typeof segment.user === "string") addTo(users, segment.user, key, service);
    walk(segment, (node) => {
      for (const [name, value] of Object.entries(node.annotations ?? {})) {
        if (!isAnnotationValue(value)) continue;
        let values = annotations.get(name);
        if (values === undefined) annotations.set(name, (values = new Map()));
        const valueKey = `${typeof value}:${String(value)}`;
        let entry = values.get(valueKey);
        if (entry === undefined) values.set(valueKey, (entry = { value, services: new Map() }));
        entry.services.set(key, service);
      }
    });
  }
  const summary: TraceSummary = {
    Id: view.id,
    StartTime: view.start,
    Duration: seconds(view.duration),
    HasFault: root.fault === true,
    HasError: root.error === true,
    HasThrottle: root.throttle === true,
    IsPartial: view.partial,
    Annotations: Object.fromEntries(
      [...annotations].map(([name, values]) => [
        name,
        [...values.values()].map((v) => ({ AnnotationValue: annotationUnion(v.value), ServiceIds: [...v.services.values()] })),
      ]),
    ),
    Users: [...users].map(([UserName, ids]) => ({ UserName, ServiceIds: [...ids.values()] })),
    ServiceIds: [...services.values()],
    ResourceARNs: [...arns].map((ARN) => ({ ARN })),
    EntryPoint: serviceIdOf(root),
    Revision: view.revision,
  };
  const responseTime = durationOf(root);
  if (responseTime !== undefined) summary.ResponseTime = seconds(responseTime);
  const http = httpOf(root);
  if (http !== undefined) summary.Http = http;
  return summary;
}

function httpOf(segment: SegmentDocument): TraceSummary["Http"] {
  const request = segment.http?.request;
  const response = segment.http?.response;
  if (request === undefined && response === undefined) return undefined;
  const http: NonNullable<TraceSummary["Http"]> = {};
  if (request?.url !== undefined) http.HttpURL = request.url;
  if (response?.status !== undefined) http.HttpStatus = response.status;
  if (request?.method !== undefined) http.HttpMethod = request.method;
  if (request?.user_agent !== undefined) http.UserAgent = request.user_agent;
  if (request?.client_ip !== undefined) http.ClientIp = request.client_ip;
  return http;
}

function addTo(map: Map<string, Map<string, ServiceId>>, key: string, serviceKeyValue: string, service: ServiceId): void {
  let ids = map.get(key);
  if (ids === undefined) map.set(key, (ids = new Map()));
  ids.set(serviceKeyValue, service);
}

export function isAnnotationValue(value: unknown): value is AnnotationValue {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function annotationUnion(value: AnnotationValue): AnnotationUnion {
  if (typeof value === "string") return { StringValue: value };
  if (typeof value === "number") return { NumberValue: value };
  return { BooleanValue: value };
}
