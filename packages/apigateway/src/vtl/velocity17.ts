/**
 * velocityjs evaluates VTL with JavaScript's rules; API Gateway runs Apache Velocity 1.7 on Java.
 * This renderer keeps velocityjs's parser and walker and replaces what differs, each as the
 * Velocity 1.7 User Guide and its ASTNode classes have it (AWS documents none of it, so
 * Velocity's documented behaviour is the reference):
 *
 * - `#if` / `!` / `&&` / `||`: false only for false and null ("", 0 and [] are true).
 * - `#set($a = <null>)` leaves $a as it was (directive.set.null.allowed = false).
 * - `==`: numbers by value, objects of one class by equals(), others by toString().
 * - `<`, `>`, `<=`, `>=` compare numbers only; anything else is false.
 * - Arithmetic on numbers only (a String is no number: `"5" * 2` is null), integer division
 *   for integers, Doubles rendered as Java writes them; `+` with a String concatenates.
 * - A reference to null renders nothing (the quiet rendering API Gateway applies to every
 *   reference, as to one to nothing), `#stop` ends the template where it stands.
 */
import { Compile, Helper, parse } from "velocityjs";
import { compareNumbers, isJavaMap, isJavaNumber, JavaDouble, javaString, velocityEquals, velocityMath, velocityTruth } from "./javaValues.js";

type Ast = Parameters<Compile["getExpression"]>[0];

interface MathNode {
  type: "math";
  operator: string;
  expression: Ast[];
}

interface ConditionNode {
  type: string;
  condition?: Ast;
}

interface SetNode {
  type: "set";
  equal: [ReferenceNode, Ast];
}

interface ReferenceNode {
  type: "references";
  id: string;
  path?: unknown[];
}

/** The members of velocityjs's #set this class reuses (declared private in its types). */
interface SetInternals {
  getContext(id: string): Record<string, unknown>;
  getPathKeys(ref: ReferenceNode): string[];
  resolveSetPath(
    context: Record<string, unknown>,
    ref: ReferenceNode,
    keys: string[],
  ): { blocked: boolean; rootRef?: unknown; shouldSetRoot?: boolean; baseRef?: Record<string, unknown>; key?: string };
}

/** `#stop` and `#{stop}` (not `#stop(`): velocityjs knows only its `#stop()` macro form. */
const STOP_DIRECTIVE = /#(?:stop(?![\w(-])|\{stop\})/g;

/** Parses a template, its `#stop` directives included. */
export function parseTemplate(template: string): ReturnType<typeof parse> {
  return parse(template.replace(STOP_DIRECTIVE, "#stop()"));
}

export class Velocity17Compile extends Compile {
  /** Values come out as Java writes them; null renders as nothing. */
  protected override getReferences(ast: Ast, isVal?: boolean): string {
    const value: unknown = super.getReferences(ast, isVal);
    if (isVal !== true) return value as string;
    if (value === null) return "";
    // A List or Map writes its members as Java does: [1, null, 2.5], {a=10.0}.
    return (Array.isArray(value) || isJavaMap(value) ? javaString(value) : value) as string;
  }

  /** A decimal literal (`1.5`, `2.0`) is a Java Double. */
  protected override getLiteral(ast: Ast): string {
    if ((ast as { type: string }).type === "decimal") return new JavaDouble(Number((ast as { value: string }).value)) as unknown as string;
    return super.getLiteral(ast);
  }

  override getExpression(ast: Ast): never {
    return this.evaluate(ast) as never;
  }

  private evaluate(ast: Ast): unknown {
    const node = ast as unknown as MathNode;
    if (node.type !== "math") return super.getExpression(ast);
    const [first, second] = node.expression;
    switch (node.operator) {
      case "&&":
        return velocityTruth(this.evaluate(first)) && velocityTruth(this.evaluate(second));
      case "||":
        return velocityTruth(this.evaluate(first)) || velocityTruth(this.evaluate(second));
      case "not":
        return !velocityTruth(this.evaluate(first));
      case "parenthesis":
        return this.evaluate(first);
      case "minus": {
        const value = this.evaluate(first);
        if (value instanceof JavaDouble) return new JavaDouble(-value.value);
        return typeof value === "number" || typeof value === "bigint" ? -value : undefined;
      }
      case "==":
        return velocityEquals(this.evaluate(first), this.evaluate(second));
      case "!=":
        return !velocityEquals(this.evaluate(first), this.evaluate(second));
      case "<":
      case ">":
      case "<=":
      case ">=":
        return compare(node.operator, this.evaluate(first), this.evaluate(second));
      case "+": {
        const left = this.evaluate(first);
        const right = this.evaluate(second);
        // ASTAddNode: a String on either side concatenates (a null side as its reference's text).
        if (typeof left === "string" || typeof right === "string") return this.text(left, first) + this.text(right, second);
        return velocityMath("+", left, right);
      }
      default:
        return velocityMath(node.operator, this.evaluate(first), this.evaluate(second));
    }
  }

  private text(value: unknown, ast: Ast): string {
    if (value !== undefined && value !== null) return javaString(value);
    return (ast as { type: string }).type === "references" ? Helper.getRefText(ast as never) : "";
  }

  getBlockIf(block: Ast[]): string {
    let chosen = false;
    const body: Ast[] = [];
    for (const ast of block) {
      const node = ast as unknown as ConditionNode;
      const isBranch = node.type === "if" || node.type === "elseif" || node.type === "else";
      if (!isBranch) {
        if (chosen) body.push(ast);
        continue;
      }
      if (chosen) break;
      chosen = node.type === "else" || velocityTruth(this.evaluate(node.condition as Ast));
    }
    return this.renderAstList(body, this.contextId);
  }

  /** velocityjs's #set, except that a null right-hand side sets nothing. */
  protected override setValue(ast: Parameters<Compile["setValue"]>[0]): void {
    const node = ast as unknown as SetNode;
    const internals = this as unknown as SetInternals;
    const [ref, valueAst] = node.equal;
    let context = internals.getContext(ref.id);
    if (this.contextId.startsWith("macro:")) context = this.context;
    const keys = internals.getPathKeys(ref);
    if (internals.resolveSetPath(context, ref, keys).blocked) return;
    const value = this.evaluate(valueAst);
    if (value === undefined || value === null) return;
    if (!ref.path) {
      context[ref.id] = value;
      return;
    }
    const path = internals.resolveSetPath(context, ref, keys);
    if (path.blocked) return;
    if (path.shouldSetRoot) context[ref.id] = path.rootRef;
    if (path.key !== undefined && path.baseRef) path.baseRef[path.key] = value;
  }
}

/** ASTGTNode and its siblings: numbers only; null or another type is false. */
function compare(operator: string, left: unknown, right: unknown): boolean {
  if (!isJavaNumber(left) || !isJavaNumber(right)) return false;
  const order = compareNumbers(left, right);
  if (operator === "<") return order < 0;
  if (operator === ">") return order > 0;
  if (operator === "<=") return order <= 0;
  return order >= 0;
}
