/**
 * ProjectionExpression: validation, and projecting items on document paths the way
 * DynamoDB does — nested maps keep only the projected members, and projected list
 * elements are packed together in index order (a[1], a[3] of [0,1,2,3] gives [1,3]).
 */
import type { AttributeValue, Item } from "../types.js";
import type { DocumentPath, ProjectionAst } from "./ast.js";
import type { ExpressionContext } from "./context.js";
import { EXPRESSION_MESSAGES as M, invalidExpression } from "./messages.js";
import { pathOverlapError, resolvePath, valueAtPath } from "./paths.js";
import { reservedWordIn, undefinedPlaceholder } from "./operands.js";

/** A validated projection: its paths with placeholders resolved. */
export interface Projection {
  paths: DocumentPath[];
}

/** Reserved words, then undefined names, then overlapping or conflicting paths. */
export function validateProjection(ast: ProjectionAst, ctx: ExpressionContext): Projection {
  const fail = (detail: string): never => {
    throw invalidExpression("ProjectionExpression", detail);
  };
  const reserved = reservedWordIn(ast.paths);
  if (reserved !== undefined) fail(M.reservedWord(reserved));
  const missing = undefinedPlaceholder(ast.paths, ctx);
  if (missing !== undefined) fail(missing);
  const paths = ast.paths.map((path) => resolvePath(path, ctx));
  const overlap = pathOverlapError(paths);
  if (overlap !== undefined) fail(overlap);
  return { paths };
}

/** The item reduced to the projection's paths (attributes it lacks are left out). */
export function project(item: Item, projection: Projection): Item {
  return projectPaths(item, projection.paths);
}

type Draft = { kind: "value"; value: AttributeValue } | { kind: "map"; members: Map<string, Draft> } | { kind: "list"; members: Map<number, Draft> };

/** The item reduced to `paths`; also serves ReturnValues UPDATED_OLD / UPDATED_NEW. */
export function projectPaths(item: Item, paths: readonly DocumentPath[]): Item {
  const root = new Map<string, Draft>();
  for (const path of paths) {
    const value = valueAtPath(item, path);
    if (value === undefined) continue;
    let members: Map<string | number, Draft> = root as Map<string | number, Draft>;
    for (let i = 0; i < path.length - 1; i++) {
      let child = members.get(path[i]);
      if (child === undefined || child.kind === "value") {
        child = typeof path[i + 1] === "number" ? { kind: "list", members: new Map() } : { kind: "map", members: new Map() };
        members.set(path[i], child);
      }
      members = child.members as Map<string | number, Draft>;
    }
    members.set(path[path.length - 1], { kind: "value", value });
  }
  const out: Item = {};
  for (const [name, draft] of root) out[name] = materialize(draft);
  return out;
}

function materialize(draft: Draft): AttributeValue {
  if (draft.kind === "value") return draft.value;
  if (draft.kind === "map") {
    const map: Record<string, AttributeValue> = {};
    for (const [name, member] of draft.members) map[name] = materialize(member);
    return { M: map };
  }
  const members = [...draft.members].sort((a, b) => a[0] - b[0]);
  return { L: members.map(([, member]) => materialize(member)) };
}
