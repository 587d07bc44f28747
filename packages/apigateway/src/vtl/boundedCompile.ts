/**
 * velocityjs's renderer with the bounds API Gateway's Velocity has. A template is the API
 * author's, but what it iterates is the client's request, and one render runs on the sandbox's
 * only thread: velocityjs would build `[1..100000000]` as an array of a hundred million numbers
 * and loop over all of them, freezing every other request meanwhile.
 *
 * - `#foreach` stops after 1000 iterations, silently, as Velocity's `directive.foreach.maxloops`
 *   does ("API Gateway quotas for configuring and running a REST API": "Number of iterations in
 *   a #foreach ... #end loop in mapping templates", 1000); a range it walks is never built whole.
 * - A range literal kept in a variable holds at most MAX_TEMPLATE_RANGE_ITEMS numbers.
 * - The whole render has a deadline (nested loops, recursive #macro calls): past it the template
 *   fails, which the integration answers as AWS answers a template that cannot be applied
 *   ("Unable to transform request/response": 500 Internal server error).
 */
import { MAX_FOREACH_ITERATIONS, MAX_TEMPLATE_RANGE_ITEMS, MAX_TEMPLATE_RENDER_MS } from "../limits.js";
import { Velocity17Compile } from "./velocity17.js";

/** A template that ran past MAX_TEMPLATE_RENDER_MS or built a range past MAX_TEMPLATE_RANGE_ITEMS. */
export class TemplateLimitExceeded extends Error {}

interface Literal {
  type: string;
  value?: unknown;
  isRange?: boolean;
}

interface EachNode {
  type: "foreach";
  to: string;
  from: Literal;
  pos?: unknown;
}

/** The items a #foreach visits: at most MAX_FOREACH_ITERATIONS of them, and how many there were. */
interface Items {
  at(i: number): unknown;
  length: number;
}

type Ast = unknown;

export class BoundedCompile extends Velocity17Compile {
  private deadline = Infinity;

  override render(context?: Record<string, unknown>, macros?: unknown, silence?: boolean): string {
    this.deadline = performance.now() + MAX_TEMPLATE_RENDER_MS;
    return super.render(context, macros, silence);
  }

  // Every block body, loop iteration, macro call and evaluated string renders through here.
  override renderAstList(asts?: Ast[], contextId?: string): string {
    if (performance.now() > this.deadline) {
      throw new TemplateLimitExceeded(`The mapping template ran longer than ${MAX_TEMPLATE_RENDER_MS} ms`);
    }
    return super.renderAstList(asts as never, contextId);
  }

  /** velocityjs's getBlockEach, over at most MAX_FOREACH_ITERATIONS items. */
  getBlockEach(block: Ast[]): string {
    const ast = block[0] as EachNode;
    const items = this.eachItems(ast);
    if (items === undefined) return "";
    const body = block.slice(1);
    const local: Record<string, unknown> = {};
    const contextId = `foreach:bounded:${nextId++}`;
    let out = "";
    const runs = Math.min(items.length, MAX_FOREACH_ITERATIONS);
    for (let i = 0; i < runs && !this.runState.break; i++) {
      local[ast.to] = items.at(i);
      // hasNext looks at the collection, as Velocity's iterator does, not at the iteration bound.
      const hasNext = i + 1 < items.length;
      // Velocity 1.7's $foreach scope (index, count, hasNext, first, last) and its deprecated
      // $velocityCount / $velocityHasNext (velocity.properties: directive.foreach.counter.name, .iterator.name).
      local.foreach = { count: i + 1, index: i, hasNext, first: i === 0, last: !hasNext };
      local.velocityCount = i + 1;
      local.velocityHasNext = hasNext;
      this.local[contextId] = local;
      out += this.renderAstList(body, contextId);
    }
    if (items.length > 0) {
      this.runState.break = false;
      this.local[contextId] = {};
      this.conditions.shift();
      this.contextId = this.conditions[0] || "";
    }
    return out;
  }

  /** velocityjs's getArray: a range is built whole only up to MAX_TEMPLATE_RANGE_ITEMS numbers. */
  getArray(literal: Literal): unknown[] {
    if (literal.isRange !== true) return (literal.value as Literal[]).map((item) => this.literal(item));
    const range = this.range(literal);
    if (range === undefined) return [];
    if (range.length > MAX_TEMPLATE_RANGE_ITEMS) {
      throw new TemplateLimitExceeded(`The mapping template's range holds ${range.length} numbers, more than ${MAX_TEMPLATE_RANGE_ITEMS}`);
    }
    return Array.from({ length: range.length }, (_, i) => range.at(i));
  }

  private eachItems(ast: EachNode): Items | undefined {
    // A range is walked without being built: only its first MAX_FOREACH_ITERATIONS numbers are ever read.
    if (ast.from.type === "array" && ast.from.isRange === true) return this.range(ast.from);
    const from = this.literal({ ...ast.from, pos: ast.pos } as Literal);
    const kind = Object.prototype.toString.call(from);
    if (!from || (kind !== "[object Array]" && kind !== "[object Object]")) return undefined;
    const values = Array.isArray(from) ? from : Object.values(from as object);
    return { at: (i) => values[i], length: values.length };
  }

  /** [a..b]: a to b by one, up or down, both ends included (velocityjs's reading of its bounds). */
  private range(literal: Literal): Items | undefined {
    const [begin, end] = (literal.value as unknown[]).map((bound) => {
      if (typeof bound === "string") return parseInt(bound, 10);
      if (typeof bound === "number") return bound;
      return Number(this.getReferences(bound as never));
    });
    if (Number.isNaN(begin) || Number.isNaN(end)) return undefined;
    const step = begin < end ? 1 : -1;
    return { at: (i) => begin + step * i, length: Math.floor(Math.abs(end - begin)) + 1 };
  }

  private literal(ast: Literal): unknown {
    return this.getLiteral(ast as never);
  }
}

let nextId = 0;
