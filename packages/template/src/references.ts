/**
 * The checks CloudFormation makes before it creates anything: every Ref, Fn::GetAtt,
 * Fn::Sub variable and DependsOn names something that exists, and resources do not
 * depend on each other in a circle.
 */
import { messages, templateError } from "./errors.js";
import { lineOf } from "./parse/located.js";
import type { Stack } from "./stack.js";
import { subReferences } from "./sub.js";
import { intrinsicName, isRecord } from "./util.js";

interface Found {
  refs: { name: string; at: unknown }[];
  getAtts: { id: string; at: unknown }[];
  conditions: { name: string; at: unknown }[];
}

function scan(value: unknown, found: Found): void {
  if (Array.isArray(value)) {
    for (const item of value) scan(item, found);
    return;
  }
  if (!isRecord(value)) return;
  const fn = intrinsicName(value);
  if (fn === "Ref" && typeof value.Ref === "string") {
    found.refs.push({ name: value.Ref, at: value });
    return;
  }
  if (fn === "Fn::GetAtt") {
    const arg = value[fn];
    const id = typeof arg === "string" ? arg.split(".")[0] : Array.isArray(arg) ? arg[0] : undefined;
    if (typeof id === "string") found.getAtts.push({ id, at: value });
    if (Array.isArray(arg)) scan(arg.slice(1), found);
    return;
  }
  if (fn === "Fn::Sub") {
    for (const name of subReferences(value[fn])) {
      const dot = name.indexOf(".");
      if (dot > 0 && !name.startsWith("AWS::")) found.getAtts.push({ id: name.slice(0, dot), at: value });
      else found.refs.push({ name, at: value });
    }
    const arg = value[fn];
    if (Array.isArray(arg)) scan(arg[1], found);
    return;
  }
  if (fn === "Fn::If" && Array.isArray(value[fn])) {
    const [name, ...rest] = value[fn] as unknown[];
    if (typeof name === "string") found.conditions.push({ name, at: value });
    scan(rest, found);
    return;
  }
  for (const item of Object.values(value)) scan(item, found);
}

function targetsOf(stack: Stack, value: unknown, block: "Resources" | "Outputs"): Set<string> {
  const found: Found = { refs: [], getAtts: [], conditions: [] };
  scan(value, found);
  const file = stack.info.file;
  const targets = new Set<string>();
  const unresolved: { name: string; at: unknown }[] = [];
  for (const { name, at } of found.refs) {
    if (stack.isValueName(name)) continue;
    const base = name.includes(".") ? name.slice(0, name.indexOf(".")) : name;
    if (stack.resources.has(base)) targets.add(base);
    else unresolved.push({ name, at });
  }
  if (unresolved.length > 0) {
    const names = [...new Set(unresolved.map((u) => u.name))];
    throw templateError(messages.unresolvedResources(names, block), { file, line: lineOf(unresolved[0].at) },
      `Declare ${names.join(", ")} under Resources or Parameters, or fix the name.`);
  }
  for (const { id, at } of found.getAtts) {
    if (!stack.resources.has(id)) throw templateError(messages.getAttUndefined(id), { file, line: lineOf(at) }, `Declare ${id} under Resources, or fix the name.`);
    targets.add(id);
  }
  for (const { name, at } of found.conditions) {
    if (!stack.conditions.has(name)) {
      throw templateError(messages.unresolvedConditions([name], block), { file, line: lineOf(at) }, `Declare ${name} in the Conditions section, or fix the name.`);
    }
  }
  return targets;
}

/**
 * SAM moves a function's Events and Policies into other resources (permissions, event source
 * mappings, the role), so references in them are not dependencies of the function itself.
 */
function splitSamProperties(type: string, properties: Record<string, unknown>): { moved: unknown[]; kept: Record<string, unknown> } {
  if (type !== "AWS::Serverless::Function" && type !== "AWS::Serverless::StateMachine") return { moved: [], kept: properties };
  const { Events: events, Policies: policies, ...kept } = properties;
  return { moved: [events, policies], kept };
}

/**
 * Throws CloudFormation's error for the first unresolvable reference or dependency cycle.
 * `extraEdges` are dependencies the SAM transform adds (an API's definition refers to the
 * functions whose events it serves).
 */
export function checkReferences(stack: Stack, outputs: unknown, extraEdges: Map<string, string[]>): void {
  const edges = new Map<string, Set<string>>();
  for (const resource of stack.resources.values()) {
    if (resource.implicit) continue;
    const { moved, kept } = splitSamProperties(resource.type, resource.properties);
    targetsOf(stack, moved, "Resources");
    const targets = targetsOf(stack, [kept, resource.metadata], "Resources");
    for (const name of resource.dependsOn) {
      if (!stack.resources.has(name)) {
        throw templateError(messages.unresolvedResources([name], "Resources"), { file: stack.info.file, line: resource.line },
          `DependsOn names ${name}, which is not declared under Resources.`);
      }
      targets.add(name);
    }
    edges.set(resource.logicalId, targets);
  }
  for (const [from, to] of extraEdges) for (const target of to) (edges.get(from) ?? edges.set(from, new Set()).get(from))?.add(target);
  targetsOf(stack, outputs, "Outputs");
  const cycle = findCycle(edges, (id) => stack.included(id) !== undefined);
  if (cycle) {
    throw templateError(messages.circular([...cycle].sort()), { file: stack.info.file, line: stack.resources.get(cycle[0])?.line },
      "These resources refer to each other (Ref, Fn::GetAtt, Fn::Sub or DependsOn); break the loop, e.g. by building a name with Fn::Sub from the stack name.");
  }
}

/** The members of one dependency cycle among included resources, if there is one. */
export function findCycle(edges: Map<string, Set<string>>, included: (id: string) => boolean): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, "visiting");
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!included(next)) continue;
      if (state.get(next) === "visiting") return path.slice(path.indexOf(next));
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of edges.keys()) {
    if (!included(node) || state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}
