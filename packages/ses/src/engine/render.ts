/**
 * SES template rendering: the Handlebars subset SES documents for personalized email —
 * {{name}} and dotted paths {{user.name}} (HTML-escaped, as Handlebars escapes), {{{raw}}},
 * comments, and the built-in blocks #if / #unless / #each / #with with {{else}}. A variable the
 * data lacks (or holds null) is a rendering failure, as SES reports it, not an empty string.
 */
import { InvalidRenderingParameterException, MissingRenderingAttributeException, TemplateDataInvalid } from "../errors.js";
import { MAX_BLOCK_DEPTH, MAX_RENDERED_LENGTH, MAX_RENDER_STEPS } from "../limits.js";

type Node =
  | { kind: "text"; text: string }
  | { kind: "var"; path: string; raw: boolean }
  | { kind: "block"; helper: string; arg: string; body: Node[]; inverse: Node[] };

const BLOCKS = new Set(["if", "unless", "each", "with"]);

/** The tags of a template in order: `raw` for {{{ }}}, `inner` trimmed; found with indexOf, linear in the template's length. */
function* tags(source: string): Generator<{ start: number; end: number; inner: string; raw: boolean }> {
  let from = 0;
  for (;;) {
    const start = source.indexOf("{{", from);
    if (start < 0) return;
    const raw = source.startsWith("{{{", start);
    const comment = !raw && source.startsWith("{{!--", start);
    const close = raw ? "}}}" : comment ? "--}}" : "}}";
    const closing = source.indexOf(close, start + (raw ? 3 : comment ? 5 : 2));
    // No closing: the rest is text (as Handlebars would refuse it, nothing after can be a tag either).
    if (closing < 0) return;
    const end = closing + close.length;
    yield { start, end, inner: source.slice(start + (raw ? 3 : 2), closing + (comment ? 2 : 0)).trim(), raw };
    from = end;
  }
}

function parse(source: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ node: Extract<Node, { kind: "block" }>; target: Node[] }> = [];
  let target = root;
  let last = 0;
  // Blocks nested deeper than MAX_BLOCK_DEPTH stay text, open and close tags alike (rendering recurses per level).
  let ignored = 0;
  for (const tag of tags(source)) {
    if (tag.start > last) target.push({ kind: "text", text: source.slice(last, tag.start) });
    last = tag.end;
    if (tag.raw) {
      target.push({ kind: "var", path: tag.inner, raw: true });
      continue;
    }
    const inner = tag.inner;
    if (inner.startsWith("!")) continue;
    const open = /^#(\w+)\s*([^]*)$/.exec(inner);
    if (open && BLOCKS.has(open[1]) && stack.length >= MAX_BLOCK_DEPTH) {
      ignored++;
      target.push({ kind: "text", text: source.slice(tag.start, tag.end) });
      continue;
    }
    if (ignored > 0 && /^\/\w+$/.test(inner) && BLOCKS.has(inner.slice(1))) {
      ignored--;
      target.push({ kind: "text", text: source.slice(tag.start, tag.end) });
      continue;
    }
    if (open && BLOCKS.has(open[1])) {
      const node: Extract<Node, { kind: "block" }> = { kind: "block", helper: open[1], arg: open[2].trim(), body: [], inverse: [] };
      target.push(node);
      stack.push({ node, target });
      target = node.body;
      continue;
    }
    const top = stack.at(-1);
    if (inner === "else" && top) {
      target = top.node.inverse;
      continue;
    }
    if (top && inner === `/${top.node.helper}`) {
      stack.pop();
      target = top.target;
      continue;
    }
    // Anything else ({{> partial}}, an unknown helper) is left in the text as written.
    if (/^[#/>^]/.test(inner)) target.push({ kind: "text", text: source.slice(tag.start, tag.end) });
    else target.push({ kind: "var", path: inner, raw: false });
  }
  if (last < source.length) target.push({ kind: "text", text: source.slice(last) });
  return root;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "`": "&#x60;", "=": "&#x3D;" };
const escapeHtml = (text: string): string => text.replace(/[&<>"'`=]/g, (c) => ESCAPES[c] ?? c);

function lookup(scopes: unknown[], path: string): unknown {
  if (path === "this" || path === ".") return scopes[0];
  const parts = path.replace(/^this\./, "").split(".");
  // The innermost scope first, then the outer ones (the data at the top).
  for (const scope of scopes) {
    let value: unknown = scope;
    for (const part of parts) {
      value = value !== null && typeof value === "object" && Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
      if (value === undefined) break;
    }
    if (value !== undefined) return value;
  }
  return undefined;
}

const truthy = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : Boolean(value));

/** What one render may still do: nested #each blocks multiply (30 levels over two items are 2^30 passes), so work and output are bounded. */
interface Budget {
  steps: number;
}

/** Not an AWS text (SES renders after accepting and reports no such limit): the sandbox's own, named as such. */
const overBudget = () =>
  new InvalidRenderingParameterException(`The sandbox stopped rendering this template: it took more than ${MAX_RENDER_STEPS} steps or ${MAX_RENDERED_LENGTH} characters.`);

function append(out: string, text: string): string {
  if (out.length + text.length > MAX_RENDERED_LENGTH) throw overBudget();
  return out + text;
}

function renderNodes(nodes: Node[], scopes: unknown[], budget: Budget): string {
  let out = "";
  for (const node of nodes) {
    if (--budget.steps < 0) throw overBudget();
    if (node.kind === "text") out = append(out, node.text);
    else if (node.kind === "var") {
      const value = lookup(scopes, node.path);
      if (value === undefined || value === null) throw new MissingRenderingAttributeException(node.path);
      const text = typeof value === "object" ? (Array.isArray(value) ? value.join(",") : "[object Object]") : String(value);
      out = append(out, node.raw ? text : escapeHtml(text));
    } else {
      const value = lookup(scopes, node.arg);
      if (node.helper === "if") out = append(out, renderNodes(truthy(value) ? node.body : node.inverse, scopes, budget));
      else if (node.helper === "unless") out = append(out, renderNodes(truthy(value) ? node.inverse : node.body, scopes, budget));
      else if (node.helper === "with") out = append(out, truthy(value) ? renderNodes(node.body, [value, ...scopes], budget) : renderNodes(node.inverse, scopes, budget));
      else {
        const items = Array.isArray(value) ? value : value !== null && typeof value === "object" ? Object.values(value) : [];
        if (items.length === 0) out = append(out, renderNodes(node.inverse, scopes, budget));
        for (const item of items) out = append(out, renderNodes(node.body, [item, ...scopes], budget));
      }
    }
  }
  return out;
}

/** One template part rendered with the data. */
export function render(source: string | undefined, data: Record<string, unknown>): string | undefined {
  return source === undefined ? undefined : renderNodes(parse(source), [data], { steps: MAX_RENDER_STEPS });
}

/** TemplateData as SES reads it: a JSON object. */
export function parseTemplateData(text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new TemplateDataInvalid();
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new TemplateDataInvalid();
  return data as Record<string, unknown>;
}
