/** The syntax tree of a Logs Insights query. */

export type Expr =
  | { k: "num"; v: number; text: string }
  | { k: "str"; v: string; text: string }
  | { k: "re"; re: RegExp; text: string }
  | { k: "dur"; ms: number; text: string }
  | { k: "field"; name: string; text: string }
  | { k: "star"; text: string }
  | { k: "list"; items: Expr[]; text: string }
  | { k: "call"; name: string; args: Expr[]; text: string }
  | { k: "not"; e: Expr; text: string }
  | { k: "neg"; e: Expr; text: string }
  | { k: "bin"; op: string; l: Expr; r: Expr; text: string };

export interface Named {
  expr: Expr;
  /** The column name: the alias, or the expression as written. */
  name: string;
}

export type Command =
  | { c: "fields"; items: Named[] }
  | { c: "display"; items: Named[] }
  | { c: "filter"; expr: Expr }
  | { c: "sort"; keys: Array<{ expr: Expr; desc: boolean }> }
  | { c: "limit"; n: number }
  | { c: "stats"; aggs: Named[]; by: Named[] }
  | { c: "parse"; source: Expr; glob?: string; regex?: RegExp; names: string[] }
  | { c: "dedup"; exprs: Expr[] };

export interface Query {
  commands: Command[];
}
