/**
 * The regular expressions of CloudWatch Logs filter patterns (`%…%`; "Supported regular
 * expressions (regex) syntax"): letters, digits, the symbols : _ # = @ / ; , - and the
 * operators ^ $ ? [ ] { } | \ * + . — no () groups, no multibyte characters.
 *
 * Without groups such an expression is a choice of sequences of quantified single-character
 * atoms, so it is matched by simulating its automaton (Thompson's construction): time linear
 * in the message, whatever the pattern. V8's backtracking RegExp took minutes on
 * `%a*a*a*a*a*b%` against a 256 KB event and froze the whole sandbox meanwhile.
 */
import { MAX_REGEX_REPEAT, MAX_REGEX_STATES } from "../limits.js";

/** Automaton states the transition cache holds, over all its sets, before it starts again (memory, not correctness). */
const MAX_CACHED_STATES = 200_000;
/** Cache misses one text may cause before the cache is judged useless for it. */
const CACHE_MISSES_TOLERATED = 4096;

export type RegexMatcher = (text: string) => boolean;

/** Characters a filter regex may hold besides letters and digits (the documented list, plus space and tab, which AWS's own examples use). */
const ALLOWED = new Set(":_#=@/;,-^$?[]{}|\\*+. \t");

type CharTest = (code: number) => boolean;
type Assertion = "start" | "end" | "boundary" | "nonBoundary";

interface Atom {
  test?: CharTest;
  assert?: Assertion;
  min: number;
  max: number;
  /** Set once a quantifier applies: a second one is an error, except the ? of a lazy quantifier. */
  quantified?: "plain" | "lazy";
}

type State =
  | { kind: "char"; test: CharTest; out: number }
  | { kind: "split"; out: number; alt: number }
  | { kind: "assert"; assert: Assertion; out: number }
  | { kind: "match" };

export class FilterRegexSyntaxError extends Error {}

function syntax(detail: string): never {
  throw new FilterRegexSyntaxError(detail);
}

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
// JavaScript's \s: the white space and line terminator characters.
const isSpace: CharTest = (c) =>
  (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
const isLineEnd: CharTest = (c) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const not = (test: CharTest): CharTest => (c) => !test(c);
const CLASS_ESCAPES: Record<string, CharTest> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, v: 11 };

/** Compiles a filter regex (the text between the % signs); FilterRegexSyntaxError when AWS would refuse it. */
export function compileFilterRegex(source: string): RegexMatcher {
  for (const ch of source) {
    if (!/[A-Za-z0-9]/.test(ch) && !ALLOWED.has(ch)) syntax(`"${ch}" is not supported`);
  }
  const alternatives = new Parser(source).alternatives();
  return simulate(build(alternatives));
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  alternatives(): Atom[][] {
    const result: Atom[][] = [[]];
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos++];
      const current = result[result.length - 1];
      if (ch === "|") result.push([]);
      else if (ch === "^") current.push({ assert: "start", min: 1, max: 1 });
      else if (ch === "$") current.push({ assert: "end", min: 1, max: 1 });
      else if (ch === "*" || ch === "+" || ch === "?" || ch === "{") this.quantify(current, ch);
      else if (ch === ".") current.push({ test: not(isLineEnd), min: 1, max: 1 });
      else if (ch === "[") current.push({ test: this.characterClass(), min: 1, max: 1 });
      else if (ch === "\\") current.push(this.escape());
      else current.push(literal(ch.charCodeAt(0)));
    }
    return result;
  }

  private quantify(atoms: Atom[], ch: string): void {
    const last = atoms[atoms.length - 1];
    // As in JavaScript and Java, an anchor or an empty alternative has nothing to repeat.
    if (last === undefined || last.assert !== undefined) syntax("nothing to repeat");
    if (last.quantified !== undefined) {
      // A lazy quantifier (a*?) matches the same texts as the greedy one when there are no groups.
      if (ch === "?" && last.quantified === "plain") {
        last.quantified = "lazy";
        return;
      }
      syntax("nothing to repeat");
    }
    const [min, max] = ch === "*" ? [0, Infinity] : ch === "+" ? [1, Infinity] : ch === "?" ? [0, 1] : this.counts();
    last.min = min;
    last.max = max;
    last.quantified = "plain";
  }

  /** {n}, {n,} or {n,m}, the "{" already read. */
  private counts(): [number, number] {
    const m = /^(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (m === null) syntax("bad repetition");
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    // RE2 (and with it most linear-time engines) refuses counts past 1000.
    if (min > MAX_REGEX_REPEAT || (max !== Infinity && max > MAX_REGEX_REPEAT) || min > max) syntax("bad repetition count");
    return [min, max];
  }

  private escape(): Atom {
    const ch = this.src[this.pos++];
    if (ch === undefined) syntax("trailing backslash");
    if (ch === "b" || ch === "B") return { assert: ch === "b" ? "boundary" : "nonBoundary", min: 1, max: 1 };
    const test = CLASS_ESCAPES[ch];
    if (test !== undefined) return { test, min: 1, max: 1 };
    return literal(CONTROL_ESCAPES[ch] ?? ch.charCodeAt(0));
  }

  /** [abc], [^a-z\d], the "[" already read. */
  private characterClass(): CharTest {
    const negated = this.src[this.pos] === "^";
    if (negated) this.pos++;
    const tests: CharTest[] = [];
    for (;;) {
      const ch = this.src[this.pos++];
      if (ch === undefined) syntax("unterminated character class");
      if (ch === "]") break;
      let low: number;
      if (ch === "\\") {
        const escaped = this.src[this.pos++];
        if (escaped === undefined) syntax("trailing backslash");
        const classTest = CLASS_ESCAPES[escaped];
        if (classTest !== undefined) {
          tests.push(classTest);
          continue;
        }
        low = CONTROL_ESCAPES[escaped] ?? escaped.charCodeAt(0);
      } else {
        low = ch.charCodeAt(0);
      }
      if (this.src[this.pos] === "-" && this.src[this.pos + 1] !== undefined && this.src[this.pos + 1] !== "]") {
        this.pos++;
        let high = this.src.charCodeAt(this.pos++);
        if (high === 92 /* \ */) high = this.src.charCodeAt(this.pos++);
        if (Number.isNaN(high) || high < low) syntax("bad character range");
        tests.push((c) => c >= low && c <= high);
      } else {
        tests.push((c) => c === low);
      }
    }
    const any: CharTest = (c) => tests.some((t) => t(c));
    return negated ? not(any) : any;
  }
}

function literal(code: number): Atom {
  return { test: (c) => c === code, min: 1, max: 1 };
}

/** Thompson's construction, built from the end backwards: each atom's states lead to `next`. */
function build(alternatives: Atom[][]): { states: State[]; start: number } {
  const states: State[] = [{ kind: "match" }];
  const add = (state: State): number => {
    if (states.length >= MAX_REGEX_STATES) syntax("pattern too large");
    states.push(state);
    return states.length - 1;
  };
  const one = (atom: Atom, next: number): number =>
    atom.assert !== undefined ? add({ kind: "assert", assert: atom.assert, out: next }) : add({ kind: "char", test: atom.test ?? (() => false), out: next });
  const starts = alternatives.map((atoms) => {
    let next = 0;
    for (let i = atoms.length - 1; i >= 0; i--) {
      const atom = atoms[i];
      if (atom.max === Infinity) {
        const loop = add({ kind: "split", out: -1, alt: next });
        const body = one(atom, loop);
        (states[loop] as { out: number }).out = body;
        next = loop;
      } else {
        for (let k = atom.max - atom.min; k > 0; k--) next = add({ kind: "split", out: one(atom, next), alt: next });
      }
      for (let k = atom.min; k > 0; k--) next = one(atom, next);
    }
    return next;
  });
  let start = starts[starts.length - 1];
  for (let i = starts.length - 2; i >= 0; i--) start = add({ kind: "split", out: starts[i], alt: start });
  return { states, start };
}

/** One set of live automaton states (a state of the lazily built DFA), with its transitions seen so far. */
interface LiveSet {
  states: Int32Array;
  next: Map<number, LiveSet>;
}

/**
 * Runs the automaton over the text, a set of live states per position (found anywhere in the
 * text, as RegExp.test). Sets are interned and their transitions cached (a lazily built DFA),
 * so a repeated situation costs one map lookup per character; the cache is bounded, and left
 * aside for a text whose sets never repeat.
 */
function simulate({ states, start }: { states: State[]; start: number }): RegexMatcher {
  const seen = new Int32Array(states.length);
  let generation = 0;
  const stack: number[] = [];
  let interned = new Map<string, LiveSet>();
  let internedSize = 0;
  const hasWordAssertion = states.some((node) => node.kind === "assert" && (node.assert === "boundary" || node.assert === "nonBoundary"));
  // The set being built, in one of two buffers reused for every step (no garbage per character).
  let out = new Int32Array(states.length);
  let spare = new Int32Array(states.length);
  let outLength = 0;

  /** Every state reachable from `from` without reading a character, at `pos` of `text`, into `out`; true when the match is among them. */
  const close = (from: number, text: string, pos: number): boolean => {
    stack.push(from);
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (seen[s] === generation) continue;
      seen[s] = generation;
      const node = states[s];
      if (node.kind === "match") {
        stack.length = 0;
        return true;
      }
      if (node.kind === "char") out[outLength++] = s;
      else if (node.kind === "split") stack.push(node.alt, node.out);
      else if (holds(node.assert, text, pos)) stack.push(node.out);
    }
    return false;
  };

  const intern = (): LiveSet => {
    const list = out.slice(0, outLength).sort();
    const key = list.join(",");
    let set = interned.get(key);
    if (set === undefined) {
      if (internedSize > MAX_CACHED_STATES) {
        interned = new Map();
        internedSize = 0;
      }
      set = { states: list, next: new Map() };
      interned.set(key, set);
      internedSize += list.length + 1;
    }
    return set;
  };

  // Per state: its successor when it is a character state whose successor is a character
  // state too (the common case, stepped without a closure), and an ASCII table of its test.
  const directOut = new Int32Array(states.length).fill(-1);
  const ascii: (Uint8Array | undefined)[] = states.map((node, index) => {
    if (node.kind !== "char") return undefined;
    if (states[node.out].kind === "char") directOut[index] = node.out;
    const table = new Uint8Array(128);
    for (let c = 0; c < 128; c++) table[c] = node.test(c) ? 1 : 0;
    return table;
  });

  /** The live set after reading `code` at `pos` from `current`, into `out`; true when that reaches the match. */
  const step = (current: Int32Array, length: number, text: string, pos: number, code: number): boolean => {
    generation++;
    outLength = 0;
    for (let i = 0; i < length; i++) {
      const s = current[i];
      if (code < 128 ? (ascii[s] as Uint8Array)[code] === 0 : !(states[s] as { test: CharTest }).test(code)) continue;
      const direct = directOut[s];
      if (direct >= 0) {
        if (seen[direct] !== generation) {
          seen[direct] = generation;
          out[outLength++] = direct;
        }
      } else if (close((states[s] as { out: number }).out, text, pos + 1)) {
        return true;
      }
    }
    // A match may also begin at pos + 1.
    return close(start, text, pos + 1);
  };

  const runUncached = (text: string, from: number): boolean => {
    for (let pos = from; pos < text.length; pos++) {
      [out, spare] = [spare, out];
      if (step(spare, outLength, text, pos, text.charCodeAt(pos))) return true;
    }
    return false;
  };

  return (text) => {
    generation++;
    outLength = 0;
    if (close(start, text, 0)) return true;
    let current = intern();
    let misses = 0;
    for (let pos = 0; pos < text.length; pos++) {
      const code = text.charCodeAt(pos);
      // What the assertions at pos + 1 depend on besides this character: the end, a final "\n", the next character's kind.
      const after = pos + 1 === text.length ? 0 : pos + 2 === text.length && text.charCodeAt(pos + 1) === 10 ? 1 : hasWordAssertion && isWord(text.charCodeAt(pos + 1)) ? 2 : 3;
      const key = code * 4 + after;
      let next = current.next.get(key);
      if (next === undefined) {
        if (step(current.states, current.states.length, text, pos, code)) return true;
        // Sets that never repeat (a[ab]{500}c over random a/b) make caching pure cost: past a
        // few thousand misses, more than one step in four, the rest of the text runs uncached.
        if (++misses > CACHE_MISSES_TOLERATED && misses * 4 > pos) return runUncached(text, pos + 1);
        next = intern();
        current.next.set(key, next);
      }
      current = next;
    }
    return false;
  };
}

function holds(assert: Assertion, text: string, pos: number): boolean {
  if (assert === "start") return pos === 0;
  // $ also matches before a final "\n" (as in Java's and Python's regexes): a Lambda
  // function's events end with one, and %…done$% still finds "… done\n".
  if (assert === "end") return pos === text.length || (pos === text.length - 1 && text.charCodeAt(pos) === 10);
  const before = pos > 0 && isWord(text.charCodeAt(pos - 1));
  const after = pos < text.length && isWord(text.charCodeAt(pos));
  return (before !== after) === (assert === "boundary");
}
