/**
 * Syntax trees of PartiQL statements. Parameters stay unbound (`?` by position), so one
 * tree serves every request that sends the same statement text (see parse.ts).
 */
import type { Position } from "./messages.js";

export type PathStep =
  | { kind: "name"; name: string; position: Position }
  | { kind: "index"; expr: Expr; position: Position }
  | { kind: "unpivot"; position: Position } // a.*
  | { kind: "wildcard"; position: Position }; // a[*]

export type Expr =
  | { kind: "string"; value: string; position: Position }
  | { kind: "number"; text: string; position: Position }
  | { kind: "boolean"; value: boolean; position: Position }
  | { kind: "null"; position: Position }
  | { kind: "missing"; position: Position }
  | { kind: "parameter"; index: number; position: Position }
  | { kind: "id"; name: string; quoted: boolean; position: Position }
  | { kind: "path"; root: Expr; steps: PathStep[]; position: Position }
  | { kind: "list" | "bag"; items: Expr[]; position: Position }
  | { kind: "struct"; fields: { key: Expr; value: Expr }[]; position: Position }
  | { kind: "call"; name: string; args: Expr[]; position: Position }
  | { kind: "unary"; op: "not" | "-" | "+"; operand: Expr; position: Position }
  | { kind: "binary"; op: string; left: Expr; right: Expr; position: Position }
  | { kind: "between"; negated: boolean; operand: Expr; low: Expr; high: Expr; position: Position }
  | { kind: "in"; negated: boolean; operand: Expr; list: Expr; position: Position }
  | { kind: "is"; negated: boolean; operand: Expr; type: string; position: Position }
  | { kind: "statement"; statement: Statement; position: Position };

/** `"Table"` or `"Table"."Index"` as written after FROM / UPDATE / INTO. */
export interface Source {
  /** The path's names: table, then index. */
  names: string[];
  /** A component that is not a plain name (`a[0]`, `a.*`). */
  complex: boolean;
  /** `FROM "T" t`, `AS t`, `AT t`, `BY t`. */
  aliased: boolean;
  /** A FROM list of more than one source (joins). */
  joined: boolean;
  /** INSERT's target written as a path (`"T"."Index"`): where its table name sits. */
  insertPath?: Position;
}

export type ProjectionItem = { expr: Expr; aliased: boolean; star: boolean };

export interface OrderItem {
  expr: Expr;
  descending: boolean;
}

export type Returning = "ALL OLD" | "MODIFIED OLD" | "ALL NEW" | "MODIFIED NEW";

export type DmlOperation =
  | { kind: "set"; target: Expr; value: Expr; position: Position }
  | { kind: "remove"; target: Expr; position: Position };

export interface SelectStatement {
  kind: "select";
  /** "*" alone, or the listed projections; `SELECT VALUE` / `PIVOT` are refused when translated. */
  projection: ProjectionItem[];
  value: boolean;
  distinct: boolean;
  from: Source;
  where?: Expr;
  orderBy?: OrderItem[];
  /** GROUP BY, HAVING, LIMIT — parsed, never supported. */
  unsupportedClause?: string;
}

export interface InsertStatement {
  kind: "insert";
  target: Source;
  /** undefined: `INSERT INTO t <expr>` without VALUE (several items). */
  value?: Expr;
  atPosition: boolean;
  returning?: Returning;
}

export interface UpdateStatement {
  kind: "update";
  target: Source;
  operations: DmlOperation[];
  where?: Expr;
  returning?: Returning;
}

export interface DeleteStatement {
  kind: "delete";
  target: Source;
  where?: Expr;
  returning?: Returning;
}

/** EXISTS(SELECT …) — a condition check inside ExecuteTransaction. */
export interface ExistsStatement {
  kind: "exists";
  select: SelectStatement;
}

/** A statement that parses as an expression DynamoDB does not run ("IsType", "Lit", …). */
export interface OtherStatement {
  kind: "other";
  operation: string;
}

export type Statement = SelectStatement | InsertStatement | UpdateStatement | DeleteStatement | ExistsStatement | OtherStatement;

export interface ParsedStatement {
  statement: Statement;
  /** Number of `?` in the text. */
  parameterCount: number;
}
