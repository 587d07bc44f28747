/**
 * Applying a validated UpdateExpression to an item, as DynamoDB does:
 * - every right-hand side is read from the item as it was before the update;
 * - list indexes refer to the list as it was: REMOVE a[1] SET a[3] = :v changes the old
 *   a[3]; removed elements go at the end, and SET beyond a list's end appends (in index
 *   order when several do);
 * - a DELETE that empties a set removes the attribute;
 * - REMOVE of a missing element, or of anything when there is no item, does nothing.
 */
import { ValidationException } from "@sam-sandbox/core";
import { sortMembers } from "../items.js";
import { addNumbers, subtractNumbers } from "../numbers.js";
import type { AttributeValue, Item } from "../types.js";
import { isArithmetic, type DocumentPath, type OperandNode, type SetValueNode, type UpdateAst } from "./ast.js";
import { valuesEqual } from "./compare.js";
import type { ExpressionContext } from "./context.js";
import { EXPRESSION_MESSAGES as M } from "./messages.js";
import { resolvePath, valueAt } from "./paths.js";

export interface UpdateResult {
  /** The updated item (untouched attributes are shared with the old item, never mutated). */
  item: Item;
  /**
   * The paths the expression writes, placeholders resolved, in the order written. Project
   * the old and new item on them for ReturnValues UPDATED_OLD / UPDATED_NEW.
   */
  updatedPaths: DocumentPath[];
  /** Top-level attributes the expression writes, once each, in the order written. */
  updatedAttributes: string[];
}

/**
 * `item` is the stored item, undefined when there is none; `key` is the request's key,
 * which a new item starts from.
 */
export function applyUpdate(ast: UpdateAst, item: Item | undefined, ctx: ExpressionContext, key?: Item): UpdateResult {
  const base = item ?? key ?? {};
  const values = ast.actions.map((action) => (action.kind === "SET" ? setValue(action.value, base, ctx) : undefined));
  const updatedPaths = ast.actions.map((action) => resolvePath(action.path, ctx));
  const draft = new Draft(base);
  ast.actions.forEach((action, i) => {
    const path = updatedPaths[i];
    const container = draft.container(path);
    if (container === undefined) {
      if (action.kind === "REMOVE" && item === undefined) return;
      throw new ValidationException(M.invalidUpdatePath);
    }
    const step = path[path.length - 1];
    const existing = container.get(step);
    switch (action.kind) {
      case "SET": {
        const value = values[i];
        if (value !== undefined) container.put(step, value);
        return;
      }
      case "REMOVE":
        if (existing !== undefined) container.remove(step);
        return;
      case "ADD":
        container.put(step, add(existing, ctx.values[action.value.ref]));
        return;
      case "DELETE": {
        if (existing === undefined) return;
        const rest = remove(existing, ctx.values[action.value.ref]);
        if (rest === undefined) container.remove(step);
        else container.put(step, rest);
        return;
      }
    }
  });
  const updatedAttributes = [...new Set(updatedPaths.map((path) => path[0] as string))];
  return { item: draft.finish(), updatedPaths, updatedAttributes };
}

// ---- right-hand sides ------------------------------------------------------------

function setValue(node: SetValueNode, item: Item, ctx: ExpressionContext): AttributeValue {
  if (!isArithmetic(node)) return operand(node, item, ctx);
  const left = operand(node.left, item, ctx);
  if (!("N" in left)) throw new ValidationException(M.incorrectDataType);
  const right = operand(node.right, item, ctx);
  if (!("N" in right)) throw new ValidationException(M.incorrectDataType);
  return { N: node.kind === "plus" ? addNumbers(left.N, right.N) : subtractNumbers(left.N, right.N) };
}

function operand(node: OperandNode, item: Item, ctx: ExpressionContext): AttributeValue {
  switch (node.kind) {
    case "value":
      return ctx.values[node.ref];
    case "path": {
      const value = valueAt(item, node, ctx);
      if (value === undefined) throw new ValidationException(M.missingAttribute);
      return value;
    }
    case "call": {
      const [first, second] = node.args;
      if (node.name === "if_not_exists") {
        return (first.kind === "path" ? valueAt(item, first, ctx) : undefined) ?? operand(second, item, ctx);
      }
      const head = operand(first, item, ctx);
      if (!("L" in head)) throw new ValidationException(M.incorrectDataType);
      const tail = operand(second, item, ctx);
      if (!("L" in tail)) throw new ValidationException(M.incorrectDataType);
      return { L: [...head.L, ...tail.L] };
    }
  }
}

// ---- ADD and DELETE ----------------------------------------------------------------

function add(existing: AttributeValue | undefined, value: AttributeValue): AttributeValue {
  if (existing === undefined) return value;
  if ("N" in value && "N" in existing) return { N: addNumbers(existing.N, value.N) };
  if ("SS" in value && "SS" in existing) return { SS: union(existing.SS, value.SS, "S") };
  if ("NS" in value && "NS" in existing) return { NS: union(existing.NS, value.NS, "N") };
  if ("BS" in value && "BS" in existing) return { BS: union(existing.BS, value.BS, "B") };
  throw new ValidationException(M.incorrectDataType);
}

/** Set members compare as their scalar type does (numbers numerically). */
function union(members: string[], more: string[], type: "S" | "N" | "B"): string[] {
  const out = members.slice();
  for (const member of more) if (!has(out, member, type)) out.push(member);
  return sortMembers(out, type);
}

function has(members: string[], member: string, type: "S" | "N" | "B"): boolean {
  if (type === "S") return members.includes(member);
  const wanted = scalar(type, member);
  return members.some((other) => valuesEqual(scalar(type, other), wanted));
}

function scalar(type: "S" | "N" | "B", text: string): AttributeValue {
  return type === "N" ? { N: text } : type === "B" ? { B: text } : { S: text };
}

/** The set without the given members; undefined when nothing is left. */
function remove(existing: AttributeValue, value: AttributeValue): AttributeValue | undefined {
  let rest: string[];
  let type: "SS" | "NS" | "BS";
  if ("SS" in value && "SS" in existing) [rest, type] = [minus(existing.SS, value.SS, "S"), "SS"];
  else if ("NS" in value && "NS" in existing) [rest, type] = [minus(existing.NS, value.NS, "N"), "NS"];
  else if ("BS" in value && "BS" in existing) [rest, type] = [minus(existing.BS, value.BS, "B"), "BS"];
  else throw new ValidationException(M.incorrectDataType);
  if (rest.length === 0) return undefined;
  return type === "SS" ? { SS: rest } : type === "NS" ? { NS: rest } : { BS: rest };
}

function minus(members: string[], removed: string[], type: "S" | "N" | "B"): string[] {
  return members.filter((member) => !has(removed, member, type));
}

// ---- writing into a copy of the item -------------------------------------------------

interface Container {
  get(step: string | number): AttributeValue | undefined;
  put(step: string | number, value: AttributeValue): void;
  remove(step: string | number): void;
}

/**
 * A copy of the item that deep-copies a top-level attribute before the first nested
 * write into it, and defers list removals and appends so indexes keep their old meaning.
 */
class Draft {
  private readonly item: Item;
  private readonly copied = new Set<string>();
  private readonly removals = new Map<AttributeValue[], number[]>();
  private readonly appends = new Map<AttributeValue[], { index: number; value: AttributeValue }[]>();

  constructor(base: Item) {
    this.item = { ...base };
  }

  /** The map or list holding the path's last step; undefined when the path leads nowhere. */
  container(path: DocumentPath): Container | undefined {
    if (path.length === 1) return mapContainer(this.item);
    const top = path[0] as string;
    if (!Object.hasOwn(this.item, top)) return undefined;
    if (!this.copied.has(top)) {
      this.item[top] = structuredClone(this.item[top]);
      this.copied.add(top);
    }
    let current: AttributeValue | undefined = this.item[top];
    for (let i = 1; i < path.length - 1 && current !== undefined; i++) {
      const step = path[i];
      if (typeof step === "number") current = "L" in current ? current.L[step] : undefined;
      else current = "M" in current && Object.hasOwn(current.M, step) ? current.M[step] : undefined;
    }
    if (current === undefined) return undefined;
    if (typeof path[path.length - 1] === "number") return "L" in current ? this.listContainer(current.L) : undefined;
    return "M" in current ? mapContainer(current.M) : undefined;
  }

  private listContainer(list: AttributeValue[]): Container {
    return {
      get: (step) => list[step as number],
      put: (step, value) => {
        const index = step as number;
        if (index < list.length) list[index] = value;
        else pushTo(this.appends, list, { index, value });
      },
      remove: (step) => pushTo(this.removals, list, step as number),
    };
  }

  finish(): Item {
    for (const [list, indexes] of this.removals) {
      for (const index of [...new Set(indexes)].sort((a, b) => b - a)) list.splice(index, 1);
    }
    for (const [list, added] of this.appends) {
      for (const { value } of added.sort((a, b) => a.index - b.index)) list.push(value);
    }
    return this.item;
  }
}

function mapContainer(map: Record<string, AttributeValue>): Container {
  return {
    get: (step) => (Object.hasOwn(map, step as string) ? map[step as string] : undefined),
    put: (step, value) => {
      map[step as string] = value;
    },
    remove: (step) => {
      delete map[step as string];
    },
  };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
