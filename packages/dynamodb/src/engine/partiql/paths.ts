/** PartiQL paths (`a.b[0]`, `"a"['b']`) as the engine's document paths. */
import { ValidationException } from "../../errors.js";
import type { DocumentPath } from "../expressions/index.js";
import type { Expr } from "./ast.js";
import { PARTIQL_MESSAGES as M } from "./messages.js";

const MAX_LIST_INDEX = 2147483647;

/** True when the expression reads an attribute (a name, or a name followed by steps). */
export function isPathExpr(expr: Expr): boolean {
  return expr.kind === "id" || (expr.kind === "path" && expr.root.kind === "id");
}

/** The document path an attribute reference names; DynamoDB refuses `a.*`, `a[*]` and bad indexes. */
export function documentPath(expr: Expr): DocumentPath {
  if (expr.kind === "id") return [expr.name];
  if (expr.kind !== "path" || expr.root.kind !== "id") throw new ValidationException(M.unexpectedPathComponent(expr.position));
  const path: DocumentPath = [expr.root.name];
  for (const step of expr.steps) {
    switch (step.kind) {
      case "name":
        path.push(step.name);
        break;
      case "unpivot":
        throw new ValidationException(M.unpivotPath);
      case "wildcard":
        throw new ValidationException(M.wildcardPath);
      case "index": {
        const index = step.expr;
        if (index.kind === "string") {
          path.push(index.value);
        } else if (index.kind === "number") {
          // "-0" is index 0; anything negative, fractional or past 32 bits is refused.
          const value = Number(index.text);
          if (!/^-?\d+$/.test(index.text) || value < 0 || value > MAX_LIST_INDEX) {
            throw new ValidationException(M.listIndexRange(index.text, index.position));
          }
          path.push(value === 0 ? 0 : value);
        } else {
          throw new ValidationException(M.unexpectedPathComponent(index.position));
        }
      }
    }
  }
  return path;
}

/** The attribute a projected path is returned under: its last name and the indexes after it ("k[0]"). */
export function columnName(path: DocumentPath): string {
  let last = 0;
  for (let i = 0; i < path.length; i++) if (typeof path[i] === "string") last = i;
  let name = path[last] as string;
  for (let i = last + 1; i < path.length; i++) name += `[${path[i]}]`;
  return name;
}

export function samePath(a: DocumentPath, b: DocumentPath): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}
