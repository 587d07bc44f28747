/**
 * Evaluates a parsed filter expression against a trace. Plain keywords look at the trace's
 * root segment (X-Ray: "simple keywords only find issues at the trace level"); inside
 * service(…) { … } and edge(…, …) { … } they look at the matched segment.
 */
import type { AnnotationValue } from "@sam-sandbox/core";
import type { TraceView } from "../engine/assemble.js";
import { durationOf, walk, type SegmentDocument } from "../engine/document.js";
import { isAnnotationValue } from "../engine/summary.js";
import type { BooleanKeyword, FilterNode, Literal, NodeMatch, NumberKeyword, Operator, StringKeyword } from "./parse.js";

interface Scope {
  flag(keyword: BooleanKeyword): boolean;
  number(keyword: NumberKeyword): number | undefined;
  strings(keyword: StringKeyword): string[];
  annotations(key: string): AnnotationValue[];
}

export function matchesFilter(node: FilterNode, view: TraceView): boolean {
  return evaluate(node, view, traceScope(view));
}

function evaluate(node: FilterNode, view: TraceView, scope: Scope): boolean {
  switch (node.kind) {
    case "and":
      return evaluate(node.left, view, scope) && evaluate(node.right, view, scope);
    case "or":
      return evaluate(node.left, view, scope) || evaluate(node.right, view, scope);
    case "not":
      return !evaluate(node.expr, view, scope);
    case "boolean": {
      const value = scope.flag(node.keyword);
      if (node.op === undefined || node.value === undefined) return value;
      return node.op === "=" ? value === node.value : value !== node.value;
    }
    case "number": {
      const value = scope.number(node.keyword);
      return value !== undefined && compare(value, node.op, node.value);
    }
    case "string": {
      const values = scope.strings(node.keyword);
      if (node.op === "!=") return !values.includes(node.value);
      return values.some((v) => compare(v, node.op, node.value));
    }
    case "annotation": {
      const values = scope.annotations(node.key);
      if (node.op === undefined || node.value === undefined) return values.some((v) => v !== false);
      const wanted = node.value;
      const typed = values.filter((v) => typeof v === typeof wanted);
      if (node.op === "!=") return typed.length > 0 && !typed.includes(wanted);
      return typed.some((v) => compare(v, node.op as Operator, wanted));
    }
    case "service": {
      const inner = node.inner;
      return view.segments.some(
        (s) => matchesNode(s, node.match) && (inner === undefined || evaluate(inner, view, segmentScope(s, view))),
      );
    }
    case "group":
      // A group without a filter expression (Default) holds every trace.
      return node.filter === undefined || evaluate(node.filter, view, traceScope(view));
    case "edge": {
      const inner = node.inner;
      return view.segments.some((child) => {
        const parent = child.parent_id === undefined ? undefined : view.owner.get(child.parent_id);
        return (
          parent !== undefined &&
          parent !== child &&
          matchesNode(parent, node.from) &&
          matchesNode(child, node.to) &&
          (inner === undefined || evaluate(inner, view, segmentScope(child, view)))
        );
      });
    }
  }
}

function matchesNode(segment: SegmentDocument, match: NodeMatch | undefined): boolean {
  if (match === undefined) return true;
  return (match.name === undefined || match.name === segment.name) && (match.type === undefined || match.type === segment.origin);
}

function compare(actual: Literal, op: Operator, expected: Literal): boolean {
  switch (op) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "CONTAINS":
      return typeof actual === "string" && actual.includes(String(expected));
    case "BEGINSWITH":
      return typeof actual === "string" && actual.startsWith(String(expected));
    case "ENDSWITH":
      return typeof actual === "string" && actual.endsWith(String(expected));
  }
}

function traceScope(view: TraceView): Scope {
  const root = segmentScope(view.root, view);
  return {
    flag: (keyword) => (keyword === "partial" ? view.partial : root.flag(keyword)),
    number: (keyword) => (keyword === "duration" ? view.duration : root.number(keyword)),
    strings: (keyword) => {
      if (keyword === "user") return view.segments.flatMap((s) => (typeof s.user === "string" ? [s.user] : []));
      return root.strings(keyword);
    },
    annotations: (key) => view.segments.flatMap((s) => annotationsOf(s, key)),
  };
}

function segmentScope(segment: SegmentDocument, view: TraceView): Scope {
  return {
    flag: (keyword) => {
      switch (keyword) {
        case "ok":
          return segment.error !== true && segment.fault !== true && segment.throttle !== true;
        case "partial": {
          let partial = false;
          walk(segment, (node) => {
            if (node.in_progress === true) partial = true;
          });
          return partial;
        }
        default:
          return segment[keyword] === true;
      }
    },
    number: (keyword) => (keyword === "http.status" ? segment.http?.response?.status : durationOf(segment)),
    strings: (keyword) => {
      const request = segment.http?.request;
      const value =
        keyword === "http.url" ? request?.url
        : keyword === "http.method" ? request?.method
        : keyword === "http.useragent" ? request?.user_agent
        : keyword === "http.clientip" ? request?.client_ip
        : keyword === "user" ? segment.user
        : view.id;
      return typeof value === "string" ? [value] : [];
    },
    annotations: (key) => annotationsOf(segment, key),
  };
}

function annotationsOf(segment: SegmentDocument, key: string): AnnotationValue[] {
  const values: AnnotationValue[] = [];
  walk(segment, (node) => {
    const value = node.annotations?.[key];
    if (isAnnotationValue(value)) values.push(value);
  });
  return values;
}
