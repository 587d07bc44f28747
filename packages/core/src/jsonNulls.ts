/**
 * A JSON null in an awsJson request body is read as AWS's Coral JSON deserializer reads it: a
 * structure member that is null is absent, and a null element of a list of scalars is dropped
 * (a null structure in a list, or in a map, is left for the model's checks, which answer it).
 * Without this an optional member sent as null ({"NextToken": null}) reached the engine and
 * crashed it (HTTP 500). Walks the input's shapes without recursion, so nesting costs no stack.
 */
import type { ServiceModel } from "./model.js";

export function dropNullMembers(model: ServiceModel, inputShape: string, input: Record<string, unknown>): void {
  const pending: Array<[unknown, string]> = [[input, inputShape]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, shapeName] = next;
    const shape = model.shapes[shapeName];
    if (shape === undefined || typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      if (shape.type !== "list" || shape.member === undefined) continue;
      const element = model.shapes[shape.member];
      const aggregate = element !== undefined && ["structure", "union", "list", "map"].includes(element.type);
      if (!aggregate) compact(value);
      for (const item of value) pending.push([item, shape.member]);
    } else if (shape.type === "map" && shape.value !== undefined) {
      for (const item of Object.values(value)) pending.push([item, shape.value]);
    } else if (shape.type === "structure" || shape.type === "union") {
      const record = value as Record<string, unknown>;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const key = member.jsonName ?? name;
        if (!Object.hasOwn(record, key)) continue;
        if (record[key] === null) delete record[key];
        else pending.push([record[key], member.target]);
      }
    }
  }
}

/** An action's model check, run once JSON nulls are read as AWS reads them (a null member is absent). */
export function checkWithoutNulls(
  model: ServiceModel,
  action: string,
  check: ((input: Record<string, unknown>) => void) | undefined,
): ((input: Record<string, unknown>) => void) | undefined {
  if (check === undefined) return undefined;
  const shape = model.operations[action]?.input ?? "";
  return (input) => {
    dropNullMembers(model, shape, input);
    check(input);
  };
}

/** Removes the nulls of a list in place (no spread: a list can be longer than the call stack). */
export function compact(list: unknown[]): void {
  let kept = 0;
  for (const item of list) if (item !== null) list[kept++] = item;
  list.length = kept;
}

/**
 * The same reading without the model: every object member that is null is removed, at any
 * depth; list elements are left for the model's "Member must not be null" (Step Functions and
 * EventBridge apply it to every body, before the action is known).
 */
export function dropNullMembersAnywhere<T>(root: T): T {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (typeof value === "object" && value !== null) {
      const members = value as Record<string, unknown>;
      for (const name of Object.keys(members)) {
        if (members[name] === null) delete members[name];
        else pending.push(members[name]);
      }
    }
  }
  return root;
}
